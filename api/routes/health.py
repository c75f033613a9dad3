"""Is the process up, which store does it use, how far are the projections, which stalled."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import SystemDep

router = APIRouter(prefix="/api", tags=["operations"])


@router.get("/health")
def health(system: SystemDep) -> dict:
    """Liveness, projection positions and stalled projections (no personal data; no sign-in
    needed). A stalled projection makes the status "degraded", never an error status: the
    process itself serves, and every other read model is current (readiness is about the
    process, docs/reliability.md). Each stall is named with its position, event and the
    error's type; the error's text is for admins (`GET /api/admin/projections`), since a
    message may quote a value of the event."""
    stalled = system.projection_admin.stalls()
    return {
        "status": "degraded" if stalled else "ok",
        "store": "postgresql" if system.settings.is_postgres else "sqlite",
        "head": system.app.head_position(),
        "positions": system.read_models.positions(),
        "stalled": [{"projection": s.projection, "generation": s.generation,
                     "position": s.position, "event_position": s.event_position,
                     "originator_id": s.originator_id,
                     "originator_version": s.originator_version, "topic": s.topic,
                     "error": s.error_type, "stalled_at": s.stalled_at.isoformat()}
                    for s in stalled],
    }
