"""`GET /api/folders/{id}` without FastAPI's routing and dependency resolution.

The client view is the most frequent read. Matching the path against every route and
solving the route's dependencies cost an API worker more CPU than the read itself (see
docs/benchmarks.md, benchmark 3), so this middleware answers the common case directly: a
folder id, at most `?after=<position>`, a bearer token this process has already verified
for a session it knows to be active, and a role that may read client views. It reads
through the same function as the route (`api.routes.views.read_client_view`: team check,
access-log entry saved before the answer) and maps errors with the app's own handlers.
Everything else (no or unknown token, another role, any other query) goes on to the route,
which stays the documented one and gives the same answers.
"""

from __future__ import annotations

import asyncio
import re
from uuid import UUID

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api.deps import CASE_READERS, known_user, read_threads_of
from api.routes.views import read_client_view
from services.observability import logs

PATH = re.compile(r"/api/folders/([0-9a-fA-F-]{36})")
AFTER = re.compile(rb"after=([0-9]{1,18})")
ROLES = frozenset(role.value for role in CASE_READERS)


class ClientViewShortcut:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            match = PATH.fullmatch(scope["path"])
            if match is not None and await self._answered(scope, match[1], send):
                return
        await self.app(scope, receive, send)

    async def _answered(self, scope: Scope, folder: str, send: Send) -> bool:
        query = scope["query_string"]
        after_match = AFTER.fullmatch(query) if query else None
        if query and after_match is None:
            return False
        try:
            folder_id = UUID(folder)
        except ValueError:
            return False
        app = scope["app"]
        authorization = next((value for name, value in scope["headers"]
                              if name == b"authorization"), None)
        user = known_user(app.state.tokens, app.state.system,
                          authorization.decode("latin-1") if authorization else None, ROLES)
        if user is None:
            return False
        scope["teczka.route"] = "/api/folders/{folder_id}"  # for the request's metrics
        logs.note_actor(user.user_id, user.role)
        after = int(after_match[1]) if after_match else None
        try:
            body, saved = await read_threads_of(app).run(
                lambda: read_client_view(app.state.system, user, folder_id, after))
            await asyncio.wrap_future(saved)
        except Exception as error:
            handler = _handler_for(app, error)
            if handler is None:
                raise
            response = await handler(Request(scope), error)
            await response(scope, _no_body, send)
            return True
        data = body.encode()
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-length", str(len(data)).encode()),
            (b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": data})
        return True


def _handler_for(app, error: Exception):
    """The app's handler of this error, found as Starlette finds it (first in the MRO)."""
    handlers = app.exception_handlers
    return next((handlers[cls] for cls in type(error).__mro__ if cls in handlers), None)


async def _no_body() -> dict:
    return {"type": "http.request", "body": b"", "more_body": False}
