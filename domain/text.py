"""Bounds of the free text and codes people type: one error, one check.

Every field a person types has a longest accepted length, declared as a constant beside
the value object it belongs to; the request schemas read the same constants, so the
OpenAPI document states exactly what the domain accepts (tests/api/test_schema_limits.py).
"""

from domain.errors import InvalidValueError


class TextTooLongError(InvalidValueError):
    """A typed text is longer than its field accepts."""

    code = "text.too_long"


def within(value: str, field: str, maximum: int) -> str:
    """`value` unchanged, or TextTooLongError naming the field and its maximum (a value
    that is not text is left to the caller's own check)."""
    if isinstance(value, str) and len(value) > maximum:
        raise TextTooLongError(field=field, maximum=maximum, length=len(value))
    return value
