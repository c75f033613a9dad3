"""Command routes: a docstring and one line that builds the command from the request body.

    @command(router, "/{folder_id}/visits")
    def record_visit(folder_id: UUID, body: RecordVisitIn, user: SocialWorker) -> RecordVisit:
        \"\"\"Record a visit or other social-work contact.\"\"\"
        return body.to_command(folder_id)

`command` does the rest the same way for every route: it runs the function in the command
threads, stamps the command with who sends it (the signed-in person, the body's
`command_id` and `occurred_at`, the request's correlation id), has the application handle
it, and answers 201 with `CommandOut` (200 for a retry answered with its first result).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any
from uuid import UUID

from asgi_correlation_id import correlation_id as request_correlation
from fastapi import APIRouter, Request, Response

from api.deps import PoolThreads, pool_threads_of
from api.schemas.commands import CommandIn, CommandOut
from api.security import Principal
from services.commands import Command, CommandContext, CommandResult

RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": CommandOut,
          "description": "A retry of a command already applied: its first result"}}

Endpoint = Callable[..., Command]


def command(router: APIRouter, path: str) -> Callable[[Endpoint], Endpoint]:
    """Declare a command route: POST, answered 201 with `CommandOut` (200 for a retry).

    The route's function receives what it declares (the body, path values, the signed-in
    person as `user`) and returns the command; it is returned unchanged, so tests and the
    OpenAPI document see it as written."""

    def declare(endpoint: Endpoint) -> Endpoint:
        declared = inspect.signature(endpoint)
        if "user" not in declared.parameters or "body" not in declared.parameters:
            raise TypeError(f"command route {endpoint.__name__} must take `body` and `user`")

        @functools.wraps(endpoint)
        async def in_command_threads(request: Request, **values: Any) -> Response:
            correlation = request_correlation.get()
            system = request.app.state.system

            def run() -> Response:
                built = endpoint(**values)
                ctx = context(values["user"], values["body"], correlation)
                return answer(system.app.handle(ctx, built), folder=built.answers_folder)

            return await command_threads_of(request.app).run(run)

        # FastAPI reads the parameters it fills from the signature: the endpoint's own, and
        # the request, which only the wrapper needs.
        in_command_threads.__signature__ = declared.replace(  # type: ignore[attr-defined]
            parameters=[inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                          annotation=Request),
                        *declared.parameters.values()],
            return_annotation=Response)
        router.post(path, status_code=201, response_model=CommandOut,
                    responses=RESPONSES)(in_command_threads)
        return endpoint

    return declare


def command_threads_of(app) -> PoolThreads:
    """Where command routes run: at most as many at a time as the pool holds; with group
    commit, `group_commit_threads` (a command waiting for its group's commit holds no
    connection, and more commands at once make larger groups)."""
    settings = app.state.system.settings
    return pool_threads_of(app, "command_threads",
                           settings.group_commit_threads if settings.group_commit else None)


def context(user: Principal, body: CommandIn, correlation: str | None = None
            ) -> CommandContext:
    """Who sends the command, when (the tablet's clock) and in which chain of requests (the
    request's correlation id unless given: asgi-correlation-id's context variable)."""
    correlation = correlation or request_correlation.get()
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
