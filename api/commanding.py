"""From an HTTP command to the use case's context, and from its result to the answer."""

from __future__ import annotations

import asyncio
import functools
import inspect
import weakref
from collections.abc import Callable
from typing import Any
from uuid import UUID

import anyio
import anyio.to_thread
from fastapi import APIRouter, Request, Response

from api.schemas.commands import CommandIn, CommandOut
from api.security import Principal
from services.commands import CommandContext, CommandResult

RESPONSES = {200: {"description": "A retry of a command already applied: its first result"}}

Endpoint = Callable[..., Response]


def command(router: APIRouter, path: str) -> Callable[[Endpoint], Endpoint]:
    """Declare a command route: POST, answered 201 with `CommandOut` (200 for a retry).

    The route's function runs in the command threads (`CommandThreads`), and its answer is
    the ready `Response` that `answer` builds there, so FastAPI neither validates the
    answer again nor takes a second thread hop to do so. The function itself is returned
    unchanged.
    """

    def declare(endpoint: Endpoint) -> Endpoint:
        if "request" not in inspect.signature(endpoint).parameters:
            raise TypeError(f"command route {endpoint.__name__} must take `request: Request`")

        @functools.wraps(endpoint)
        async def in_command_threads(**values: Any) -> Response:
            threads = command_threads_of(values["request"].app)
            return await threads.run(functools.partial(endpoint, **values))

        router.post(path, status_code=201, response_model=CommandOut,
                    responses=RESPONSES)(in_command_threads)
        return endpoint

    return declare


class CommandThreads:
    """Runs commands in threads, at most as many at a time as the connection pool holds.

    A command holds a pooled connection while it saves, and every insert waits for the
    events table's lock, so more commands at once than the pool holds only open overflow
    connections (a new PostgreSQL backend each, closed again when given back) and queue on
    the same lock and cores. The others wait here, in order, without a thread.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        # A limiter belongs to one event loop (tests run several, one per client).
        self._by_loop: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    async def run(self, call: Callable[[], Response]) -> Response:
        loop = asyncio.get_running_loop()
        limiter = self._by_loop.get(loop)
        if limiter is None:
            limiter = self._by_loop[loop] = anyio.CapacityLimiter(self._size)
        return await anyio.to_thread.run_sync(call, limiter=limiter)


def command_threads_of(app) -> CommandThreads:
    threads = getattr(app.state, "command_threads", None)
    if threads is None:
        threads = app.state.command_threads = CommandThreads(
            app.state.system.settings.postgres_pool_size)
    return threads


def context(user: Principal, body: CommandIn, request: Request) -> CommandContext:
    correlation = request.headers.get("x-correlation-id")
    try:
        correlation_id = UUID(correlation) if correlation else None
    except ValueError:
        correlation_id = None
    return CommandContext(
        command_id=body.command_id,
        actor_id=user.user_id,
        role=user.role,
        unit=user.unit,
        occurred_at=body.occurred_at,
        correlation_id=correlation_id,
    )


def answer(result: CommandResult, *, folder: bool = True) -> Response:
    """201 for a command applied now, 200 for a retry answered with its first result;
    encoded here, in the command's thread."""
    return Response(command_out(result, folder=folder).model_dump_json(),
                    status_code=200 if result.duplicate else 201, media_type="application/json")


def command_out(result: CommandResult, *, folder: bool = True) -> CommandOut:
    # Field by field rather than `as_dict()`, whose deep copy of every value (`asdict`) cost
    # more than the rest of the answer.
    return CommandOut(command_id=result.command_id,
                      folder_id=result.aggregate_id if folder else None,
                      aggregate_id=result.aggregate_id, version=result.version,
                      position=result.position, duplicate=result.duplicate)
