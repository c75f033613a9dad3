"""For IT: the read models' health, and skipping the one event a stalled one stopped on."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field, StringConstraints

from api.commanding import command
from api.deps import Admin, SystemDep
from api.schemas.commands import CommandIn
from domain.projection_skip import MAX_REASON_LENGTH
from services.projecting.commands import SkipProjectionEvent

router = APIRouter(prefix="/api/admin", tags=["administration"])


class StallOut(BaseModel):
    projection: str
    generation: int
    position: int = Field(description="The generation has applied the log up to here")
    event_position: int = Field(description="The log position of the event it stopped on")
    originator_id: str
    originator_version: int
    topic: str
    error: str
    stalled_at: datetime
    attempts: int
    last_attempt_at: datetime


class GenerationOut(BaseModel):
    generation: int
    status: str
    position: int
    lag: int = Field(description="Events of the log after its position")
    stall: StallOut | None


class ProjectionOut(BaseModel):
    name: str
    generations: list[GenerationOut]


class ProjectionsOut(BaseModel):
    head: int
    projections: list[ProjectionOut]
    stalled: list[StallOut]


class SkipIn(CommandIn):
    event_position: int = Field(ge=1, le=2**62,
                                description="The log position of the event it stopped on")
    generation: int | None = Field(None, ge=1, le=2**31,
                                   description="Default: the generation stalled there")
    reason: Annotated[str, StringConstraints(max_length=MAX_REASON_LENGTH)]

    def to_command(self, projection: str) -> SkipProjectionEvent:
        return SkipProjectionEvent(projection=projection, event_position=self.event_position,
                                   reason=self.reason, generation=self.generation)


@router.get("/projections")
def projection_statuses(user: Admin, system: SystemDep) -> ProjectionsOut:
    """Every read model's position and lag, and each stalled one with its error."""
    return ProjectionsOut(**system.projection_admin.health())


@command(router, "/projections/{name}/skip")
def skip_event(name: Annotated[str, Path(max_length=64)], body: SkipIn,
               user: Admin) -> SkipProjectionEvent:
    """Skip the one event a stalled read model stopped on (audited: ProjectionEventSkipped);
    409 unless it is stalled at that position."""
    return body.to_command(name)
