"""From an HTTP command to the use case's context, and from its result to the answer."""

from __future__ import annotations

from uuid import UUID

from fastapi import Request, Response

from api.schemas.commands import CommandIn, CommandOut
from api.security import Principal
from services.commands import CommandContext, CommandResult

RESPONSES = {200: {"description": "A retry of a command already applied: its first result"}}


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


def answer(result: CommandResult, response: Response, *, folder: bool = True) -> CommandOut:
    """201 for a command applied now, 200 for a retry answered with its first result."""
    response.status_code = 200 if result.duplicate else 201
    # Field by field rather than `as_dict()`, whose deep copy of every value (`asdict`) cost
    # more than the rest of the answer.
    return CommandOut(command_id=result.command_id,
                      folder_id=result.aggregate_id if folder else None,
                      aggregate_id=result.aggregate_id, version=result.version,
                      position=result.position, duplicate=result.duplicate)


