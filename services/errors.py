"""Errors of the service layer that are not business rules: access, availability."""

from __future__ import annotations

from typing import Any, ClassVar


class ServiceError(Exception):
    """Like a domain error: a stable code and params, no sentences."""

    code: ClassVar[str] = "service.error"

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.code, params)


class StoreUnavailableError(ServiceError):
    """The event store or read store cannot be reached (→ 503 with Retry-After)."""

    code = "store.unavailable"


class ReadModelNotReadyError(ServiceError):
    """The projection has not reached the asked position in time (→ 503 with Retry-After)."""

    code = "read_model.not_ready"


class ReadModelStalledError(ReadModelNotReadyError):
    """The projection stopped on an event its handler raised on, before the asked position:
    waiting would not help (→ 503 at once; an admin sees it in the projections' health)."""

    code = "read_model.stalled"


class ReadModelRebuildingError(ReadModelNotReadyError):
    """The projection's tables changed with an upgrade and it is being rebuilt from the
    log; its old tables cannot be read by this code (→ 503 with Retry-After)."""

    code = "read_model.rebuilding"


class PositionNotInLogError(ServiceError):
    """`?after=` names a position the event log has not reached: no such write exists."""

    code = "read_model.position_unknown"


class InvalidCredentialsError(ServiceError):
    code = "auth.invalid_credentials"


class OutsideTeamError(ServiceError):
    """A folder may only be opened in the worker's own team."""

    code = "case_folder.outside_team"
