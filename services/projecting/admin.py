"""Read models' health for operators, and the audited skip of an event a read model
cannot apply (domain/projection_skip.py).

A stalled read model (services/projecting/runner.py) stays stalled until its handler is fixed
(the runner tries it again every `projection_stall_retry_s`, and at once on a restart) or
an admin skips the one event. Both are shown here: the health of every projection, and the
command that writes ProjectionEventSkipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from domain.errors import DomainConflictError, NotFoundInAggregateError
from domain.projection_skip import ProjectionEventSkip
from projections import tracking
from projections.projection import Projection
from services.application import CommandApplication
from services.projecting.commands import SkipProjectionEvent
from services.work import Work, handles


class ProjectionNotFoundError(NotFoundInAggregateError):
    code = "projection.not_found"


class ProjectionNotStalledError(DomainConflictError):
    """A skip names a projection that is not stalled at that event (HTTP 409)."""

    code = "projection.not_stalled"


class ProjectionAdmin:
    def __init__(self, app: Any, engine: Engine, projections: list[Projection]) -> None:
        self.app = app
        self.engine = engine
        self.names = [p.name for p in projections]

    def health(self) -> dict[str, Any]:
        """Every projection's live generations with position and lag, and the stalls."""
        head = self.app.head_position()
        with self.engine.connect() as conn:
            stalls = {(s.projection, s.generation): s for s in tracking.all_stalls(conn)}
            projections = []
            for name in self.names:
                generations = []
                for gen in tracking.live_generations(conn, name):
                    stall = stalls.get((name, gen.generation))
                    generations.append({
                        "generation": gen.generation, "status": gen.status,
                        "position": gen.position, "lag": max(head - gen.position, 0),
                        "stall": stall.as_dict() if stall else None})
                projections.append({"name": name, "generations": generations})
        return {"head": head, "projections": projections,
                "stalled": [s.as_dict() for s in stalls.values()]}

    def stalls(self) -> list[tracking.Stall]:
        with self.engine.connect() as conn:
            return tracking.all_stalls(conn)

    def stall_at(self, projection: str, event_position: int,
                 generation: int | None = None) -> tracking.Stall:
        """The stall of `projection` at the event at `event_position` (in `generation`, or
        whichever is stalled there)."""
        if projection not in self.names:
            raise ProjectionNotFoundError(projection=projection)
        with self.engine.connect() as conn:
            stalls = [s for s in tracking.stalls_of(conn, projection)
                      if s.event_position == event_position
                      and (generation is None or s.generation == generation)]
        if not stalls:
            raise ProjectionNotStalledError(projection=projection,
                                            event_position=event_position)
        return stalls[0]


class ProjectionSkipUseCases(CommandApplication):
    # Where a stall is looked up: the read models' (`ProjectionAdmin.stall_at`), given by
    # the system that holds both (services/system.py).
    projection_stall: Callable[[str, int, int | None], tracking.Stall]

    @handles
    def skip_projection_event(self, command: SkipProjectionEvent, work: Work) -> None:
        """Record that a read model skips the event it is stalled on at `event_position`;
        its runner then moves it past that event (and only that one)."""
        stall = self.projection_stall(command.projection, command.event_position,
                                      command.generation)
        work.create(ProjectionEventSkip.skip(
            projection=command.projection, generation=stall.generation,
            event_position=command.event_position, originator_id=stall.originator_id,
            originator_version=stall.originator_version, topic=stall.topic,
            reason=command.reason))
