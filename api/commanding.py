"""From an HTTP command to the use case's context, and from its result to the answer."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from api.deps import PoolThreads, pool_threads_of
from api.schemas.commands import CommandIn, CommandOut
from api.security import Principal
from services.commands import CommandContext, CommandResult

RESPONSES = {200: {"description": "A retry of a command already applied: its first result"}}

Endpoint = Callable[..., Response]


def command(router: APIRouter, path: str) -> Callable[[Endpoint], Endpoint]:
    """Declare a command route: POST, answered 201 with `CommandOut` (200 for a retry).

    The route's function runs in the command threads (`command_threads_of`), and its answer is
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


def command_threads_of(app) -> PoolThreads:
    """Where command routes run: at most as many at a time as the pool holds."""
    return pool_threads_of(app, "command_threads")


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
