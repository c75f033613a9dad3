"""Answers API requests 503 at once while the store is known to be down (services.store.breaker)."""

from __future__ import annotations

import anyio
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import RETRY_AFTER_S, error_body
from services.store.breaker import StoreBreaker


class StoreGuard:
    def __init__(self, app: ASGIApp, breaker: StoreBreaker) -> None:
        self.app = app
        self.breaker = breaker

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope["path"].startswith("/api")
                and self.breaker.is_open
                and not await anyio.to_thread.run_sync(self.breaker.allows)):
            response = JSONResponse(error_body("store.unavailable"), status_code=503,
                                    headers={"Retry-After": RETRY_AFTER_S})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
