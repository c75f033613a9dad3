"""An admin's audited decision that one read model passes over one event it cannot apply.

A projection whose handler raises on an event stops just before it (services/projecting/runner.py);
the others go on. When the handler cannot be fixed soon, an admin may skip that one event
for that one projection: the decision is itself an event in the log (who, by the command's
metadata; which projection, generation and event; why), and the runner reads it and moves
the projection on. The event stays in the log; only that read model lacks it.
"""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainError, InvalidValueError

SKIP_NAMESPACE = UUID("5d0b7a3e-2f4c-4c8e-9a61-7e3b1f2d4c5a")
MAX_REASON_LENGTH = 2000


class ProjectionSkipError(DomainError):
    code = "projection.skip_error"


class SkipReasonRequiredError(ProjectionSkipError, InvalidValueError):
    code = "projection.skip_reason_required"


class ProjectionEventSkip(Aggregate):
    """One skip: its id derives from the projection, generation and log position, so the
    same event is skipped at most once."""

    @staticmethod
    def create_id(projection: str, generation: int, event_position: int) -> UUID:
        return uuid5(SKIP_NAMESPACE, f"{projection}:{generation}:{event_position}")

    class ProjectionEventSkipped(Aggregate.Created):
        """The read model `projection` passes over one event."""

        projection: str
        generation: int
        event_position: int
        # These shadow the event's own originator fields, so the library stores the skip's id
        # and version 1 in them, not the skipped event's (teczka issue #16 report).
        originator_id: str  # type: ignore[assignment]
        originator_version: int
        topic: str
        reason: str

    @classmethod
    def skip(cls, *, projection: str, generation: int, event_position: int,
             originator_id: str, originator_version: int, topic: str,
             reason: str) -> ProjectionEventSkip:
        """Record the decision to skip the event at `event_position` for `projection`."""
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason or len(reason) > MAX_REASON_LENGTH:
            raise SkipReasonRequiredError(maximum=MAX_REASON_LENGTH)
        return cls._create(
            cls.ProjectionEventSkipped, id=cls.create_id(projection, generation, event_position),
            projection=projection, generation=generation, event_position=event_position,
            originator_id=originator_id, originator_version=originator_version, topic=topic,
            reason=reason)

    @event(ProjectionEventSkipped)
    def __init__(self, *, projection: str, generation: int, event_position: int,
                 originator_id: str, originator_version: int, topic: str,
                 reason: str) -> None:
        self.projection = projection
        self.generation = generation
        self.event_position = event_position
        self.reason = reason
