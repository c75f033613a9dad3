"""The offline sync endpoint: a tablet's queued commands in one request, each run in order
through its own route (same validation, authorisation and errors as a direct call)."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote
from uuid import UUID

import anyio
from fastapi import APIRouter, Depends, FastAPI, Request
from starlette.types import Message

from api.deps import current_user
from api.errors import error_body
from api.schemas.sync import QueuedCommandIn, SyncIn, SyncOut, SyncResultOut
from services.errors import ServiceError

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["offline sync"])

# Headers of the batch that each command carries on, as if the tablet had sent it alone.
PASSED_ON = ("authorization", "x-correlation-id", "user-agent", "accept-language")


class NotACommandError(ServiceError):
    """Only command routes (POST with a command_id) can be synced; not reads, auth or sync."""

    code = "sync.not_a_command"


class CommandCrashedError(ServiceError):
    """The command's route failed with an unexpected error (a bug, logged on the server)."""

    code = "sync.command_crashed"


class HeldCommandError(ServiceError):
    """Not run: an earlier command on the same aggregate in the batch was not applied."""

    code = "sync.held"


@dataclass(frozen=True)
class CommandRoute:
    """A POST route whose body is a command (it carries a command_id)."""

    template: str
    pattern: re.Pattern[str]

    def aggregate_key(self, path: str, body: dict[str, Any]) -> str | None:
        """What the command is on: the first id in its path (the folder, proceeding or
        order); for opening a folder, the new folder's id."""
        match = self.pattern.fullmatch(path)
        if match and match.groups():
            return match.group(1)
        folder_id = body.get("folder_id")
        return str(folder_id) if folder_id else None


def command_routes(app: FastAPI) -> list[CommandRoute]:
    """The API's command routes, read once from its OpenAPI description."""
    known = getattr(app.state, "command_routes", None)
    if known is not None:
        return known
    schema = app.openapi()
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for template, operations in schema["paths"].items():
        post = operations.get("post")
        if not post or not template.startswith("/api/"):
            continue
        body = post.get("requestBody", {}).get("content", {}).get("application/json", {})
        ref = body.get("schema", {}).get("$ref", "")
        properties = components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
        if "command_id" in properties:
            regex = re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(template))
            found.append(CommandRoute(template, re.compile(regex)))
    app.state.command_routes = found
    return found


def _route_for(routes: list[CommandRoute], path: str) -> CommandRoute | None:
    return next((r for r in routes if r.pattern.fullmatch(path)), None)


async def _dispatch(outer: Request, path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send one command through the whole app in this process, as its own HTTP request."""
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode())]
    headers += [(name.encode(), outer.headers[name].encode("latin-1"))
                for name in PASSED_ON if name in outer.headers]
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": outer.url.scheme, "path": unquote(path), "raw_path": path.encode(),
        "root_path": "", "query_string": b"", "headers": headers,
        "client": outer.scope.get("client"), "server": outer.scope.get("server"),
        "extensions": {},
    }
    answered = anyio.Event()
    sent_body = False
    status, answer_headers, chunks = 500, {}, []

    async def receive() -> Message:
        nonlocal sent_body
        if not sent_body:
            sent_body = True
            return {"type": "http.request", "body": body, "more_body": False}
        await answered.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            answer_headers.update((k.decode().lower(), v.decode("latin-1"))
                                  for k, v in message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                answered.set()

    try:
        await outer.app(scope, receive, send)
    except Exception:  # the app answered 500, then re-raised: that answer stands
        log.exception("a synced command failed on the server: %s", path)
    answered.set()
    return status, answer_headers, b"".join(chunks)


def _result(command: QueuedCommandIn, outcome: str, status: int, body: dict[str, Any],
            retry_after_s: int | None = None) -> SyncResultOut:
    return SyncResultOut(command_id=command.command_id, outcome=outcome, status=status,
                         body=body, retry_after_s=retry_after_s)


def _parsed(raw: bytes, status: int) -> dict[str, Any]:
    """The route's JSON answer; the server's plain-text 500 becomes the usual error body."""
    try:
        answer = json.loads(raw) if raw else {}
    except ValueError:
        answer = None
    if isinstance(answer, dict):
        return answer
    return error_body(CommandCrashedError.code, {"status": status})


def _retry_after(headers: dict[str, str]) -> int | None:
    value = headers.get("retry-after", "")
    return int(value) if value.isdigit() else None


@router.post("/sync", dependencies=[Depends(current_user)])
async def sync(batch: SyncIn, request: Request) -> SyncOut:
    """Run a tablet's queued commands in order, each exactly as its own route would."""
    routes = command_routes(request.app)
    results: list[SyncResultOut] = []
    failed: dict[str, UUID] = {}  # aggregate → its first command that was not applied
    versions: dict[str, int] = {}  # aggregate → the version its last applied command answered
    stopped: SyncResultOut | None = None
    for command in batch.commands:
        if stopped is not None:
            # The store is unavailable: nothing more is tried; the tablet keeps these queued.
            results.append(_result(command, "unavailable", stopped.status, stopped.body,
                                   stopped.retry_after_s))
            continue
        route = _route_for(routes, command.path)
        if route is None:
            results.append(_result(command, "refused", 404, error_body(
                NotACommandError.code, {"path": command.path})))
            continue
        key = route.aggregate_key(command.path, command.body)
        if key is not None and key in failed:
            results.append(_result(command, "held", 424, error_body(
                HeldCommandError.code, {"after": str(failed[key])})))
            continue
        body = command.body
        if command.chain and key in versions:
            body = body | {"expected_version": versions[key]}
        status, headers, raw = await _dispatch(request, command.path, json.dumps(body).encode())
        answer = _parsed(raw, status)
        if 200 <= status < 300:
            results.append(_result(command, "applied", status, answer))
            if key is not None and str(answer.get("aggregate_id")) == key:
                versions[key] = answer["version"]
            # A command on a folder's path that answers another aggregate (an application
            # filed, a contract signed) made that one, not a new folder version: the folder's
            # chained version stands. Were it ever stale, the next command gets a 409.
        elif status >= 500:
            stopped = _result(command, "unavailable", status, answer, _retry_after(headers))
            results.append(stopped)
        else:
            results.append(_result(command, "refused", status, answer))
            if key is not None:
                failed[key] = command.command_id
    counts = {outcome: sum(r.outcome == outcome for r in results)
              for outcome in ("applied", "refused", "held", "unavailable")}
    return SyncOut(results=results, **counts)
