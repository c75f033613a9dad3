"""Request and response shapes of the offline sync endpoint (a tablet's queued commands)."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints, model_validator

from api.schemas.commands import Strict

MAX_COMMANDS = 200

Outcome = Literal["applied", "refused", "held", "unavailable"]


class QueuedCommandIn(Strict):
    command_id: UUID = Field(description="The command's own id; must equal body.command_id")
    method: Literal["POST"] = "POST"
    path: Annotated[str, StringConstraints(max_length=300, pattern=r"^/api/[^?#]*$")] = Field(
        description="The command route, as for a direct call, e.g. /api/folders/{id}/visits")
    body: dict[str, Any] = Field(description="The body a direct call would send")
    chain: bool = Field(
        False,
        description="Queued on the same view as the previous command of its aggregate in "
        "this batch: expect the version that command answered (set as expected_version)",
    )


class SyncIn(Strict):
    commands: list[QueuedCommandIn] = Field(min_length=1, max_length=MAX_COMMANDS)

    @model_validator(mode="after")
    def _ids_are_the_commands_own(self) -> SyncIn:
        seen: set[UUID] = set()
        for index, command in enumerate(self.commands):
            if command.command_id in seen:
                raise ValueError(f"commands[{index}]: command_id sent twice in one batch")
            seen.add(command.command_id)
            if str(command.body.get("command_id")) != str(command.command_id):
                raise ValueError(f"commands[{index}]: body.command_id differs from command_id")
        return self


class SyncResultOut(BaseModel):
    command_id: UUID
    outcome: Outcome = Field(
        description="applied (2xx, leaves the outbox), refused (4xx: the person decides), "
        "held (not run: an earlier command of its aggregate was not applied), "
        "unavailable (not applied now: send again after retry_after_s)")
    status: int = Field(description="The status a direct call would have answered")
    body: dict[str, Any] = Field(description="The body a direct call would have answered")
    retry_after_s: int | None = None


class SyncOut(BaseModel):
    results: list[SyncResultOut]
    applied: int
    refused: int
    held: int
    unavailable: int
