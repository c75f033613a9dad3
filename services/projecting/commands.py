"""The one command of the read models' upkeep, as IT would say it: skip the event a stalled
read model stopped on (domain/projection_skip.py). Built by its request schema
(`api/routes/projections_admin.py`) or `teczka projections skip`, handled by
`ProjectionSkipUseCases` (services/projecting/admin.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.commands import Command


@dataclass(frozen=True, kw_only=True)
class SkipProjectionEvent(Command):
    """Skip the event `projection` is stalled on at `event_position`; `generation` None:
    the generation stalled there."""

    projection: str
    event_position: int
    reason: str
    generation: int | None = None

    def legacy_payload(self) -> dict[str, Any]:
        # Until 2026-12 the digest named the generation found stalled, not the one asked
        # for: a first-format receipt of a skip that named none matches no retry (a retry
        # of it was refused before too, as not stalled, once the runner had moved on).
        return {"projection": self.projection, "generation": self.generation,
                "event_position": self.event_position, "reason": self.reason}
