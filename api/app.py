"""The FastAPI application: routers, error handling, body limits, and the tablet app's files."""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from uuid import UUID, uuid4

from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import observability
from api.client_view_shortcut import ClientViewShortcut
from api.errors import error_body, install_error_handlers
from api.openapi import document, operation_id
from api.routes import (
    admin,
    audit,
    auth,
    benefits,
    caregiver,
    caregivers,
    catalogue,
    city_search,
    federation,
    fees,
    folders,
    handoff,
    health,
    intake,
    management,
    payments,
    procedure,
    proceedings,
    projections_admin,
    providers,
    receivables,
    returns,
    social_contracts,
    sync,
    user_requests,
    views,
    workload,
)
from api.security import TokenIssuer
from api.store_guard import StoreGuard
from api.tablet_files import TabletFiles
from services.observability import metrics
from services.settings import Settings
from services.store.breaker import breaker_for
from services.system import TeczkaSystem

TABLET_DIST = Path(__file__).resolve().parent.parent / "tablet_ui" / "dist"

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


class BodyLimitAndHeaders:
    """Refuse bodies over the limit with 413 before reading them; add security headers."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope["path"].startswith("/api")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start" and is_api:
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        if is_api and _has_nul(scope["path"].encode(), scope["query_string"]):
            await self._refuse(send_with_headers, 422, "request.nul_character")
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._refuse(send_with_headers, 413, "request.too_large")
            return
        if declared == b"0" or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send_with_headers)
            return
        # Read the body here, refusing it as soon as it passes the limit, then hand it on
        # whole (bodies are small, so buffering costs little); a NUL in it is refused too.
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send_with_headers)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await self._refuse(send_with_headers, 413, "request.too_large")
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if is_api and _body_has_nul(body):
            await self._refuse(send_with_headers, 422, "request.nul_character")
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_headers)

    @staticmethod
    async def _refuse(send: Send, status: int, code: str) -> None:
        response = JSONResponse(error_body(code), status_code=status)
        await send({"type": "http.response.start", "status": status,
                    "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


def _has_nul(path: bytes, query: bytes) -> bool:
    """A NUL character in the address, raw or percent-encoded (see _body_has_nul)."""
    return b"\x00" in path or b"\x00" in query or b"%00" in query


def _body_has_nul(body: bytes) -> bool:
    """A NUL character in a JSON body, raw or as its escape: PostgreSQL's text columns cannot
    hold one, so a read model fed one would fail its projection (and a search with one fail
    its read). Refused at the door, before anything is decoded or stored."""
    return b"\x00" in body or b"\\u0000" in body


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def create_app(settings: Settings | None = None, system: TeczkaSystem | None = None) -> FastAPI:
    """Build the API; pass a started `system` to share one with a test or the CLI."""
    settings = settings or (system.settings if system else Settings())
    owns_system = system is None

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if owns_system:
            app.state.system = TeczkaSystem(settings).start()
        app.state.store_breaker.start()
        sampler = observability.Sampler(app)
        if settings.observability:
            sampler.start()
        # What start-up built lives as long as the process: keep it out of the collector's
        # full collections (one took 190 ms of a worker serving client views, 2026-11-25).
        gc.freeze()
        try:
            yield
        finally:
            if settings.observability:
                sampler.close()
            app.state.store_breaker.close()
            if owns_system:
                app.state.system.close()

    app = FastAPI(
        title="Teczka",
        version="0.1.0",
        summary="Event-sourced CRM for integrated field social work",
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        # Teczka's metrics and logs are its own (api/observability.py); FastAPI's native
        # OpenTelemetry hooks would look up the global providers on every request even with
        # none configured.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.openapi = lambda: document(app)  # type: ignore[method-assign]
    if system is not None:
        app.state.system = system
    app.state.tokens = TokenIssuer(
        settings.token_secret(), timedelta(minutes=settings.access_token_minutes)
    )
    install_error_handlers(app)
    # A voivodeship or national instance holds no case folders: it serves signing in,
    # health, administration and the federation routes only.
    serves_cases = settings.level == "municipality"
    for module in (auth, folders, views, city_search, proceedings, procedure, handoff,
                   caregiver, caregivers, fees, audit, admin, projections_admin, health, sync,
                   returns, social_contracts, user_requests, intake, providers, benefits,
                   payments, receivables, workload, management, catalogue):
        if serves_cases or module in (auth, admin, projections_admin, health, user_requests):
            app.include_router(module.router)
    app.include_router(federation.router)
    if serves_cases:
        app.include_router(federation.delivery_router)
    observability.install(app, settings)  # /livez, /readyz, /metrics: before the tablet's
    metrics.configure(settings.observability)
    _serve_tablet_app(app)
    app.state.store_breaker = breaker_for(settings)
    if serves_cases:  # innermost: behind the store guard, body limit and security headers
        app.add_middleware(ClientViewShortcut)
    app.add_middleware(StoreGuard, breaker=app.state.store_breaker)
    app.add_middleware(BodyLimitAndHeaders, max_body_bytes=settings.max_body_bytes)
    # Inside the correlation id (its log line names it), outside everything else (times all).
    app.add_middleware(observability.RequestMetrics)
    # Outermost: every request, refused ones too, carries a correlation id (a client's
    # X-Correlation-ID if it is a UUID, else a new one), stamped on the events of its commands
    # and sent back in the answer's header.
    app.add_middleware(CorrelationIdMiddleware, header_name="X-Correlation-ID",
                       generator=lambda: str(uuid4()), validator=_is_uuid,
                       transformer=lambda value: str(UUID(value)))
    return app


def _serve_tablet_app(app: FastAPI) -> None:
    if (TABLET_DIST / "index.html").exists():
        app.mount("/", TabletFiles(TABLET_DIST), name="tablet")
