"""The provider's caregivers, for the coordinator to pick one to assign to an order."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import Coordinator, SystemDep
from api.routes.views import After
from domain.user import Role

router = APIRouter(prefix="/api", tags=["MCUS handoff"])


class CaregiverOut(BaseModel):
    user_id: UUID
    name: str


@router.get("/caregivers")
def list_caregivers(user: Coordinator, system: SystemDep,
                    after: After = None) -> list[CaregiverOut]:
    """Active caregivers of the coordinator's own provider, by name (no other account data)."""
    staff = system.read_models.staff(user.unit, after)
    return [CaregiverOut(user_id=row["user_id"], name=row["display_name"]) for row in staff
            if row["role"] == Role.CAREGIVER.value and row["active"]]
