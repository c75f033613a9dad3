"""A handwritten signature drawn on the tablet's screen: a small PNG or WebP image.

The image is personal data (the applicant's own hand): it is sealed with the person's key
like their other fields (services/store/sealing.py). It is at most 100 kB so that the
request carrying it, base64-encoded (4/3 of its size) beside the application, stays under
the API's body limit (256 KiB, Settings.max_body_bytes). What it is is read from its first
bytes (the format's magic number), never from a type the sender claims.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from domain.errors import DomainError, InvalidValueError

MAX_SIGNATURE_BYTES = 100_000
# Base64 of MAX_SIGNATURE_BYTES, with room for a "data:image/…;base64," prefix.
MAX_SIGNATURE_TEXT = 4 * (MAX_SIGNATURE_BYTES // 3 + 1) + 40

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DATA_URL = re.compile(r"data:[a-z/+.-]{1,40};base64,", re.IGNORECASE)


class SignatureError(DomainError):
    code = "signature.error"


class SignatureNotAnImageError(SignatureError, InvalidValueError):
    """Not base64 of a PNG or WebP image (judged by its magic bytes)."""

    code = "signature.not_png_or_webp"


class SignatureTooLargeError(SignatureError, InvalidValueError):
    code = "signature.too_large"


def media_type_of(image: bytes) -> str | None:
    """"image/png" or "image/webp" by the file's magic bytes, else None."""
    if image.startswith(PNG_MAGIC):
        return "image/png"
    if len(image) >= 12 and image[:4] == b"RIFF" and image[8:12] == b"WEBP":
        return "image/webp"
    return None


@dataclass(frozen=True)
class Signature:
    """The image (base64, as it is kept in the sealed event) and its type, as read from it."""

    media_type: str
    image: str

    @classmethod
    def from_base64(cls, text: str) -> Signature:
        """Read a signature sent as base64 or as a data URL (`data:image/png;base64,…`)."""
        if not isinstance(text, str) or len(text) > MAX_SIGNATURE_TEXT:
            raise SignatureTooLargeError(max_bytes=MAX_SIGNATURE_BYTES)
        prefix = DATA_URL.match(text)
        encoded = text[prefix.end():] if prefix else text
        try:
            image = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise SignatureNotAnImageError() from None
        if len(image) > MAX_SIGNATURE_BYTES:
            raise SignatureTooLargeError(max_bytes=MAX_SIGNATURE_BYTES, size=len(image))
        media_type = media_type_of(image)
        if media_type is None:
            raise SignatureNotAnImageError()
        return cls(media_type=media_type, image=base64.b64encode(image).decode("ascii"))

    @property
    def size(self) -> int:
        return len(base64.b64decode(self.image))
