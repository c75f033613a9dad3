"""First contact and new arrivals: what first contact registered, and the folders a team's
manager has yet to give a worker (assigning one: POST /api/folders/{id}/assignment)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import AccessLogDep, FirstContact, Manager, SystemDep
from api.errors import ApiError
from api.routes.views import After
from api.schemas.views import FolderSummaryOut
from api.subjects import folders_in
from domain.access import ViewKind
from domain.user import Role

router = APIRouter(prefix="/api", tags=["first contact"])


class RegistrationOut(BaseModel):
    folder_id: UUID
    team_id: str
    worker_assigned: bool
    status: str
    opened_on: date
    head_member_id: UUID
    head_name: str
    address_line: str
    applications: int


class TeamWorkerOut(BaseModel):
    user_id: UUID
    display_name: str


@router.get("/intake/registrations")
def my_registrations(user: FirstContact, system: SystemDep, access: AccessLogDep,
                     after: After = None) -> list[RegistrationOut]:
    """The folders the signed-in first-contact worker registered, newest first, with the team
    each went to (each shown is recorded in the access log before the answer)."""
    rows = system.read_models.registered_by(user.user_id, after)
    access.shown(ViewKind.INTAKE_REGISTRATIONS, folders_in(rows))
    return [RegistrationOut(worker_assigned=row["worker_id"] is not None, **{
        k: v for k, v in row.items() if k != "worker_id"}) for row in rows]


@router.get("/teams/{team_id}/new-arrivals")
def new_arrivals(team_id: str, user: Manager, system: SystemDep, access: AccessLogDep,
                 after: After = None) -> list[FolderSummaryOut]:
    """The team's open folders without a worker (registered at first contact, or transferred
    in), for its manager to assign; each shown is recorded in the access log."""
    if user.unit != team_id:
        raise ApiError(403, "auth.forbidden")
    rows = [row for row in system.read_models.team_folders(team_id, after)
            if row["worker_id"] is None]
    access.shown(ViewKind.NEW_ARRIVALS, folders_in(rows))
    return [FolderSummaryOut(**row) for row in rows]


@router.get("/teams/{team_id}/workers")
def team_workers(team_id: str, user: Manager, system: SystemDep,
                 after: After = None) -> list[TeamWorkerOut]:
    """The team's active social workers, to assign a folder to (staff, no client data)."""
    if user.unit != team_id:
        raise ApiError(403, "auth.forbidden")
    return [TeamWorkerOut(user_id=row["user_id"], display_name=row["display_name"])
            for row in system.read_models.staff(team_id, after)
            if row["role"] == Role.SOCIAL_WORKER.value and row["active"]]
