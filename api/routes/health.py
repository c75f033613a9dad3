"""Is the process up, which store does it use, how far are the projections."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import SystemDep

router = APIRouter(prefix="/api", tags=["operations"])


@router.get("/health")
def health(system: SystemDep) -> dict:
    """Liveness and projection positions (no personal data; no sign-in needed)."""
    return {
        "status": "ok",
        "store": "postgresql" if system.settings.is_postgres else "sqlite",
        "head": system.app.head_position(),
        "positions": system.read_models.positions(),
    }
