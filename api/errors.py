"""One place that turns errors into HTTP answers with a stable code and pl/en messages."""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy.exc
from eventsourcing.persistence import OperationalError as StoreOperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.messages import message
from domain.bounds import DateOutOfRangeError, TimeInFutureError
from domain.errors import (
    DomainConflictError,
    DomainError,
    InvalidValueError,
    NotFoundInAggregateError,
)
from services.errors import (
    InvalidCredentialsError,
    OutsideTeamError,
    PositionNotInLogError,
    ReadModelNotReadyError,
    ReadModelRebuildingError,
    ReadModelStalledError,
    ServiceError,
    StoreUnavailableError,
)
from services.returns.federation import (
    DeliveryFailedError,
    DeliveryRefusedError,
    FederationNotConfiguredError,
    InvalidPublicKeyError,
)
from services.returns.figures import NotSubmittedError, UnitNotConfiguredError
from services.scope import NotPermittedError
from services.users.sessions import InvalidRefreshTokenError

log = logging.getLogger(__name__)

RETRY_AFTER_S = "2"

# Most specific class first: the first match in the error's MRO wins.
ERROR_STATUS: dict[type[Exception], int] = {
    InvalidCredentialsError: 401,
    InvalidRefreshTokenError: 401,
    OutsideTeamError: 403,
    NotPermittedError: 403,
    # Federation: the upstream instance failed or refused (a bad gateway for this request).
    DeliveryFailedError: 502,
    DeliveryRefusedError: 502,
    FederationNotConfiguredError: 409,
    InvalidPublicKeyError: 422,
    PositionNotInLogError: 422,
    NotSubmittedError: 409,
    UnitNotConfiguredError: 409,
    StoreUnavailableError: 503,
    ReadModelStalledError: 503,
    ReadModelRebuildingError: 503,
    ReadModelNotReadyError: 503,
    InvalidValueError: 422,
    NotFoundInAggregateError: 404,
    DomainConflictError: 409,
    DomainError: 400,
    ServiceError: 400,
}

# Pydantic error types of api/schemas/bounds.py → the domain's codes for the same refusal.
BOUND_CODES = {"date_out_of_range": DateOutOfRangeError.code,
               "time_in_future": TimeInFutureError.code}

HTTP_CODES = {
    400: "request.invalid",
    401: "auth.required",
    403: "auth.forbidden",
    404: "request.not_found",
    405: "request.method_not_allowed",
    413: "request.too_large",
}


class ApiError(Exception):
    """An error of the HTTP layer itself (authentication, authorisation, body size)."""

    def __init__(
        self, status: int, code: str, headers: dict[str, str] | None = None, **details: Any
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.headers = headers
        self.details = details


def error_body(code: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message(code), "details": details or {}}}


def error_response(
    status: int, code: str, details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(code, details), status_code=status, headers=headers)


def status_for(error: DomainError | ServiceError) -> int:
    for cls in type(error).__mro__:
        if cls in ERROR_STATUS:
            return ERROR_STATUS[cls]
    return 400


def _unavailable(request: Request) -> JSONResponse:
    # Later requests are answered at once until the store is back (api/store_guard.py).
    breaker = getattr(request.app.state, "store_breaker", None)
    if breaker is not None:
        breaker.trip()
    return error_response(503, "store.unavailable", headers={"Retry-After": RETRY_AFTER_S})


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, error: DomainError | ServiceError) -> JSONResponse:
        if isinstance(error, StoreUnavailableError):
            return _unavailable(request)
        status = status_for(error)
        headers = {"Retry-After": RETRY_AFTER_S} if status == 503 else None
        details = {k: (v if isinstance(v, int | str | list | None) else str(v))
                   for k, v in error.params.items()}
        return error_response(status, error.code, details, headers)

    @app.exception_handler(ApiError)
    async def api_error(_: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.code, error.details, error.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            {"loc": [str(p) for p in e.get("loc", ())], "type": e.get("type"), "msg": e.get("msg")}
            for e in error.errors()
        ]
        if any(p["type"] == "json_invalid" for p in problems):
            return error_response(400, "request.malformed", {"errors": problems})
        # A date or time out of its bounds (api/schemas/bounds.py) has a code of its own, so
        # the tablet can say why; with other problems beside it, the request is just invalid.
        codes = {BOUND_CODES.get(p["type"]) for p in problems}
        code = codes.pop() if len(codes) == 1 else None
        if code is not None:
            return error_response(422, code, {"errors": problems})
        return error_response(422, "request.invalid", {"errors": problems})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, error: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(error.status_code, "request.invalid")
        return error_response(error.status_code, code, headers=getattr(error, "headers", None))

    @app.exception_handler(StoreOperationalError)
    async def store_down(request: Request, error: Exception) -> JSONResponse:
        log.warning("event store unavailable: %s", error)
        return _unavailable(request)

    @app.exception_handler(sqlalchemy.exc.OperationalError)
    async def read_store_down(request: Request, error: Exception) -> JSONResponse:
        log.warning("read store unavailable: %s", error)
        return _unavailable(request)

    @app.exception_handler(sqlalchemy.exc.TimeoutError)
    async def read_store_busy(_: Request, error: Exception) -> JSONResponse:
        # Every pooled connection stayed in use: the store is up, this process overloaded;
        # the breaker stays closed so other requests are still served.
        log.warning("no read-model connection free in time: %s", error)
        return error_response(503, "store.busy", headers={"Retry-After": RETRY_AFTER_S})
