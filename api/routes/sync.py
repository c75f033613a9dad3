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

from api.deps import SystemDep, current_user
from api.errors import error_body
from api.schemas.sync import QueuedCommandIn, SyncIn, SyncOut, SyncResultOut
from services.application import CommandApplication
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
    status = 500
    answer_headers: dict[str, str] = {}
    chunks: list[bytes] = []

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


# Commands saved in one transaction, at most (a tablet's batch holds up to 200). Each
# command still runs through its own route; only the final insert and commit are shared.
GROUP_SIZE = 50


class SyncRun:
    """One sync request: its commands in order, run in groups whose writes are saved
    together. A group whose save fails wrote nothing; it is then run again one command at a
    time, so that each gets exactly the answer it would get alone (a conflict with another
    writer, a store failure) and the others' work is kept."""

    def __init__(self, request: Request, app: CommandApplication) -> None:
        self.request = request
        self.app = app
        self.routes = command_routes(request.app)
        self.results: list[SyncResultOut] = []
        self.failed: dict[str, UUID] = {}  # aggregate → its first command not applied
        self.versions: dict[str, int] = {}  # aggregate → the version its last command answered
        self.stopped: SyncResultOut | None = None

    async def run(self, commands: list[QueuedCommandIn]) -> None:
        start = 0
        while start < len(commands):
            group = commands[start:start + GROUP_SIZE]
            await self._run_group(group)
            start += len(group)

    async def _run_group(self, group: list[QueuedCommandIn]) -> None:
        before = (len(self.results), dict(self.failed), dict(self.versions), self.stopped)
        with self.app.batched_in_context() as batch:
            for command in group:
                await self._run_one(command)
                if batch.spoiled_by is not None:
                    break  # a command failed half-way: this group cannot be saved
        try:
            await anyio.to_thread.run_sync(self.app.save_batch, batch)
        except Exception:  # whatever it was, nothing of the group was saved: see below
            log.info("a sync group could not be saved together; running it one by one",
                     exc_info=True)
            count, failed, versions, self.stopped = before
            del self.results[count:]
            self.failed, self.versions = failed, versions
            for command in group:
                await self._run_one(command)
            return
        positions = {result.command_id: result.position for result in batch.results}
        for result in self.results[before[0]:]:
            if result.outcome == "applied" and result.command_id in positions:
                result.body["position"] = positions[result.command_id]

    async def _run_one(self, command: QueuedCommandIn) -> None:
        if self.stopped is not None:
            # The store is unavailable: nothing more is tried; the tablet keeps these queued.
            self.results.append(_result(command, "unavailable", self.stopped.status,
                                        self.stopped.body, self.stopped.retry_after_s))
            return
        route = _route_for(self.routes, command.path)
        if route is None:
            self.results.append(_result(command, "refused", 404, error_body(
                NotACommandError.code, {"path": command.path})))
            return
        key = route.aggregate_key(command.path, command.body)
        if key is not None and key in self.failed:
            self.results.append(_result(command, "held", 424, error_body(
                HeldCommandError.code, {"after": str(self.failed[key])})))
            return
        body = command.body
        if command.chain and key in self.versions:
            body = body | {"expected_version": self.versions[key]}
        status, headers, raw = await _dispatch(self.request, command.path,
                                               json.dumps(body).encode())
        answer = _parsed(raw, status)
        if 200 <= status < 300:
            self.results.append(_result(command, "applied", status, answer))
            if key is not None and str(answer.get("aggregate_id")) == key:
                self.versions[key] = answer["version"]
            # A command on a folder's path that answers another aggregate (an application
            # filed, a contract signed) made that one, not a new folder version: the folder's
            # chained version stands. Were it ever stale, the next command gets a 409.
        elif status >= 500:
            self.stopped = _result(command, "unavailable", status, answer, _retry_after(headers))
            self.results.append(self.stopped)
        else:
            self.results.append(_result(command, "refused", status, answer))
            if key is not None:
                self.failed[key] = command.command_id


@router.post("/sync", dependencies=[Depends(current_user)])
async def sync(batch: SyncIn, request: Request, system: SystemDep) -> SyncOut:
    """Run a tablet's queued commands in order, each exactly as its own route would."""
    run = SyncRun(request, system.app)
    await run.run(batch.commands)
    results = run.results
    counts = {outcome: sum(r.outcome == outcome for r in results)
              for outcome in ("applied", "refused", "held", "unavailable")}
    return SyncOut(results=results, **counts)
