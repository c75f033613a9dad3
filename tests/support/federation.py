"""Return documents and keys for the federation tests: units with their own Ed25519 keys."""

from __future__ import annotations

import base64
import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import SecretStr

from domain.federation import canonical, content_hash, key_id_of
from domain.mrpips03_rows import LAYOUT
from services.returns.federation import public_key_bytes, public_key_text, sign

FIGURES: dict[str, Any] = {
    "benefits": {"permanent_allowance": {"own": {"persons": 4, "amount": "3876.00"}},
                 "care_services": {"own": {"persons": 2, "amount": "1200.50"}}},
    "reasons": {"1": {"families": 3, "family_persons": 7}},
    "social_work": {"families": 5},
}


def scaled(factor: int, figures: dict[str, Any] = FIGURES) -> dict[str, Any]:
    """The same shape, every count and amount times `factor` (a different return)."""
    out: dict[str, Any] = {}
    for key, value in figures.items():
        if isinstance(value, dict):
            out[key] = scaled(factor, value)
        elif isinstance(value, int):
            out[key] = value * factor
        else:
            out[key] = f"{Decimal(value) * factor:.2f}"
    return out


@dataclass
class Unit:
    """A unit that sends returns: its TERYT code, name, level and signing key."""

    teryt: str
    name: str
    level: str = "municipality"
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)

    @property
    def public_key(self) -> str:
        return public_key_text(self.key)

    @property
    def seed(self) -> SecretStr:
        raw = self.key.private_bytes_raw()
        return SecretStr(base64.b64encode(raw).decode())

    def document(self, figures: dict[str, Any] | None = None, *, year: int = 2026,
                 part: str = "H1", submitted_at: str = "2026-07-10T08:00:00+00:00",
                 position: int = 42, layout: str | None = LAYOUT) -> dict[str, Any]:
        """`layout=None`: a document sent before layouts existed (the old one)."""
        figures = copy.deepcopy(FIGURES if figures is None else figures)
        return {
            "form": "MRPiPS-03", "schema": 1,
            "unit": {"level": self.level, "teryt": self.teryt, "name": self.name},
            "period": {"year": year, "part": part},
            "submitted_at": submitted_at, "as_of": "2026-07-01T00:00:00+00:00",
            "position": position, "figures": figures, "content_hash": content_hash(figures),
        } | ({"layout": layout} if layout is not None else {})

    def signed_as_is(self, document: dict[str, Any]) -> dict[str, Any]:
        """An envelope for any document, unchecked: what a careless or hostile sender does."""
        return {"document": document,
                "signature": base64.b64encode(self.key.sign(canonical(document))).decode(),
                "key_id": key_id_of(public_key_bytes(self.key))}

    def envelope(self, figures: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        return sign(self.document(figures, **kwargs), self.key)


WROCLAW = "0264011"
JELENIA_GORA = "0261011"
KRAKOW = "1261011"  # Małopolskie: not a municipality of Dolnośląskie
