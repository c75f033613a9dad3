"""The handoff: what the provider needs from MOPS to start care for a client.

Every field is personal data and ``health_notes`` is a special category (GDPR art. 9):
the services layer passes a ``Handoff`` through the personal-data codec, and caregivers
see only what care needs.
"""

import re
from dataclasses import dataclass
from uuid import UUID

from domain.errors import DomainError, InvalidValueError


class HandoffError(DomainError):
    code = "handoff.error"


class HandoffFieldRequiredError(HandoffError, InvalidValueError):
    code = "handoff.field_required"


class HandoffTextTooLongError(HandoffError, InvalidValueError):
    code = "handoff.text_too_long"


class InvalidPhoneError(HandoffError, InvalidValueError):
    code = "handoff.invalid_phone"


MAX_NAME_LENGTH = 200
MAX_NOTES_LENGTH = 4_000
MAX_PHONE_LENGTH = 21
_PHONE = re.compile(rf"\+?[0-9][0-9 ()-]{{5,{MAX_PHONE_LENGTH - 3}}}[0-9]")
_REQUIRED = ("client_name", "address_line", "social_worker_name")
_NOTES = ("access_notes", "household_summary", "health_notes", "family_notes")


@dataclass(frozen=True)
class Handoff:
    """Who the client is, how to get in, what the caregiver should know, whom to call."""

    client_name: str
    address_line: str
    contact_phone: str | None
    access_notes: str
    household_summary: str
    health_notes: str
    family_notes: str
    social_worker_id: UUID
    social_worker_name: str
    social_worker_phone: str | None

    def __post_init__(self) -> None:
        for field in _REQUIRED:
            value = getattr(self, field)
            if not isinstance(value, str) or not value.strip():
                raise HandoffFieldRequiredError(field=field)
            if len(value) > MAX_NAME_LENGTH:
                raise HandoffTextTooLongError(field=field, maximum=MAX_NAME_LENGTH)
        for field in _NOTES:
            value = getattr(self, field)
            if not isinstance(value, str):
                raise HandoffFieldRequiredError(field=field)
            if len(value) > MAX_NOTES_LENGTH:
                raise HandoffTextTooLongError(field=field, maximum=MAX_NOTES_LENGTH)
        if not isinstance(self.social_worker_id, UUID):
            raise HandoffFieldRequiredError(field="social_worker_id")
        for field in ("contact_phone", "social_worker_phone"):
            value = getattr(self, field)
            if value is not None and (not isinstance(value, str) or not _PHONE.fullmatch(value)):
                raise InvalidPhoneError(field=field)
