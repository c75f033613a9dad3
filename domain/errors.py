"""The root of the domain error tree.

Every error has a stable dotted ``code`` (a message key the API translates) and
carries ids and values in ``params``, never sentences. The API maps the three
categories below to HTTP status codes once, by walking ``DomainError`` subclasses.
"""

from typing import Any, ClassVar


class DomainError(Exception):
    """A business rule refused a value or a command."""

    code: ClassVar[str] = "domain.error"

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.code, params)


class InvalidValueError(DomainError):
    """A value breaks a rule of its kind (HTTP 422)."""

    code = "domain.invalid_value"


class DomainConflictError(DomainError):
    """A command conflicts with the current state, e.g. a closed folder (HTTP 409)."""

    code = "domain.conflict"


class NotFoundInAggregateError(DomainError):
    """A command names a part of an aggregate that does not exist (HTTP 404)."""

    code = "domain.not_found"
