"""Operations endpoints and the request metrics: `/livez`, `/readyz`, `/metrics`
(docs/operations.md).

- `/livez`: the process answers (nothing else is asked).
- `/readyz`: this process can serve — its store answers now. A lagging or stalled
  projection does not make a process unready (it shows in `/api/health`, the metrics and
  the alert rules): every API process reads the same read models, so unreadiness would take
  them all out of the balancer at once for what is one read model's trouble.
- `/metrics`: Prometheus text, no personal data, no token; on the API's port only for the
  allowed networks (default: loopback), or on a port of its own (`TECZKA_METRICS_PORT`).

`RequestMetrics` times each HTTP request by route template and status, and writes one JSON
log line for it (never the path or query: they may hold a searched name or PESEL).
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import RETRY_AFTER_S, ApiError, error_body
from services.observability import logs, metrics
from services.observability.lag import ProjectionLag
from services.settings import Settings

log = logging.getLogger("teczka.request")

SAMPLE_EVERY_S = 5.0
UNMATCHED = "unmatched"

router = APIRouter(tags=["operations"])


@router.get("/livez")
async def livez() -> dict:
    """The process answers (liveness; no sign-in, no personal data)."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "The store cannot be reached"}})
def readyz(request: Request) -> Response:
    """This process can serve: its store answers now (readiness; no sign-in, no personal
    data). A lagging or stalled projection does not make it unready: see `/api/health`."""
    system = request.app.state.system
    breaker = request.app.state.store_breaker
    if breaker.check() and _store_answers(system):
        return JSONResponse({"status": "ready"})
    return JSONResponse(error_body("store.unavailable"), status_code=503,
                        headers={"Retry-After": RETRY_AFTER_S})


def _store_answers(system) -> bool:
    if system.settings.is_postgres:
        return True  # the breaker's probe connected to it and asked
    try:
        with system.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


@router.get("/metrics", response_class=Response,
            responses={200: {"content": {"text/plain": {}}},
                       403: {"description": "Not from an allowed address"}})
def metrics_endpoint(request: Request) -> Response:
    """Prometheus metrics of every worker of this instance (no sign-in, no personal data;
    only from the allowed networks, TECZKA_METRICS_ALLOWED_NETWORKS)."""
    allowed = request.app.state.metrics_networks
    client = request.client.host if request.client else None
    if not _is_allowed(client, allowed):
        raise ApiError(403, "metrics.address_not_allowed")
    sample(request.app)
    system = request.app.state.system
    return Response(metrics.exposition(ProjectionLag(system.app, system.engine)),
                    media_type=metrics.CONTENT_TYPE)


def _is_allowed(client: str | None, allowed: list[Any]) -> bool:
    if client is None:
        return False
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return False
    return any(address in network for network in allowed)


def install(app: FastAPI, settings: Settings) -> None:
    """The operations routes (before the tablet app's catch-all route)."""
    app.state.metrics_networks = [ipaddress.ip_network(n, strict=False)
                                  for n in settings.metrics_allowed_networks]
    app.include_router(router)
    if settings.metrics_port is not None:
        # Served on its own port by `teczka serve`: not on the API's.
        app.router.routes = [r for r in app.router.routes
                             if getattr(r, "path", None) != "/metrics"]


def sample(app: FastAPI) -> None:
    """This process's gauges: pools, the access log's queue, the store breaker."""
    system = app.state.system
    metrics.ACCESS_LOG_QUEUE.set(system.access_log.depth())
    breaker = getattr(app.state, "store_breaker", None)
    metrics.BREAKER_OPEN.set(1 if breaker is not None and breaker.is_open else 0)
    for name, pool in (("commands", "command_threads"), ("reads", "read_threads")):
        threads = getattr(app.state, pool, None)
        in_use, waiting = threads.usage() if threads is not None else (0, 0)
        metrics.POOL_IN_USE.labels(name).set(in_use)
        metrics.POOL_WAITING.labels(name).set(waiting)
    read_pool = system.engine.pool
    checked_out = getattr(read_pool, "checkedout", None)
    if checked_out is not None:
        metrics.POOL_IN_USE.labels("read_models").set(checked_out())
    event_pool = getattr(getattr(system.app.recorder, "datastore", None), "pool", None)
    if event_pool is not None and hasattr(event_pool, "get_stats"):
        stats = event_pool.get_stats()
        metrics.POOL_IN_USE.labels("event_log").set(
            stats.get("pool_size", 0) - stats.get("pool_available", 0))
        metrics.POOL_WAITING.labels("event_log").set(stats.get("requests_waiting", 0))


class Sampler:
    """Samples this process's gauges every few seconds (a scrape may reach another worker)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="metrics-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY_S):
            try:
                sample(self.app)
            except Exception:
                log.warning("metrics sample failed", exc_info=True)


class RequestMetrics:
    """Times each request by its route template and status; one log line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._children: dict[tuple[str, str, int], Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not metrics.SWITCH.enabled:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        actor = logs.Actor()
        token = logs.ACTOR.set(actor)

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            took = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", None) or scope.get("teczka.route") or UNMATCHED
            key = (scope["method"], template, status)
            child = self._children.get(key)
            if child is None:
                child = self._children[key] = metrics.REQUEST_SECONDS.labels(
                    scope["method"], template, str(status))
            child.observe(took)
            log.info("request", extra={"fields": {
                "method": scope["method"], "route": template, "status": status,
                "ms": round(took * 1000, 2)}})
            logs.ACTOR.reset(token)
