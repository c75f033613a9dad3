"""Request fields built from the domain's own limits, so the OpenAPI document states exactly
what the domain accepts (tests/api/test_schema_limits.py walks every field against them).

- Text: its longest length (and shortest, where the domain has one) is enforced here too,
  before any work is done; a longer value is refused with `request.invalid` naming the field.
- Identifiers (PESEL, TERYT, postal code, document number): read as the domain reads them,
  NFKC first, and refused with the domain's `identifier.invalid_characters` when characters
  other than ASCII remain (domain/identifiers.py).
- Numbers whose range the domain checks with an error of its own (a visit's minutes →
  `visit.invalid_minutes` with the maximum): the range is stated in the schema for clients,
  and left to the domain to enforce, so the answer keeps its precise code.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from pydantic import BeforeValidator

from domain.identifiers import ascii_identifier


def ascii_only(field: str) -> BeforeValidator:
    """An identifier's typed text read as the domain reads it: NFKC, then ASCII only.

    Put it before the length: `Annotated[str, ascii_only("pesel"), StringConstraints(...)]`."""

    def check(value: object) -> object:
        return ascii_identifier(value, field) if isinstance(value, str) else value

    return BeforeValidator(check)


def longest(values: Iterable[object]) -> int:
    """The length of the longest value of a closed set (an enumeration, a catalogue)."""
    return max(len(str(value)) for value in values)


def stated_range(*, minimum: int | Decimal | None = None, maximum: int | Decimal | None = None,
                 above: int | Decimal | None = None) -> dict[str, Any]:
    """`json_schema_extra` stating a range the domain enforces (`above`: exclusive minimum)."""
    bounds = {"minimum": minimum, "maximum": maximum, "exclusiveMinimum": above}
    return {"json_schema_extra": {k: _number(v) for k, v in bounds.items() if v is not None}}


def _number(value: int | Decimal) -> int | float:
    return int(value) if value == int(value) else float(value)
