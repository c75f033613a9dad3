"""Reads from the projections; `?after=position` waits until they include a write."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.deps import AccessLogDep, CaseReader, SocialWorker, SystemDep
from api.errors import ApiError
from api.schemas.views import ClientViewOut, FolderSummaryOut, PersonHitOut
from api.security import Principal
from domain.access import ViewKind
from domain.user import Role

router = APIRouter(prefix="/api", tags=["views"])

After = Annotated[
    int | None,
    Query(ge=0, description="Wait (up to a few seconds) until the view includes this position"),
]


PURPOSE_BY_ROLE = {
    Role.SOCIAL_WORKER: "case_work",
    Role.MANAGER: "supervision",
    Role.DECISION_MAKER: "administrative_proceedings",
}


def _may_see_team(user: Principal, team_id: str) -> bool:
    # Decision makers will be scoped by pending proceedings once decisions exist; until
    # then they may read any folder of the centre. Everyone else sees their own team.
    return user.role == Role.DECISION_MAKER or user.unit == team_id


@router.get("/folders/{folder_id}")
def client_view(
    folder_id: UUID, user: CaseReader, system: SystemDep, access: AccessLogDep,
    after: After = None,
) -> ClientViewOut:
    """The client view of one case folder (household, address, interviews, timeline).

    Every successful read is recorded in the access log.
    """
    view = system.read_models.client_view(folder_id, after=after)
    # A folder outside the person's team answers as if it did not exist.
    if view is None or not _may_see_team(user, view["team_id"]):
        raise ApiError(404, "case_folder.not_found", id=str(folder_id))
    access.viewed(ViewKind.CLIENT_VIEW, PURPOSE_BY_ROLE.get(user.role, "case_work"),
                  folder_id=folder_id)
    return ClientViewOut(**view)


@router.get("/caseload")
def caseload(user: SocialWorker, system: SystemDep, after: After = None) -> list[FolderSummaryOut]:
    """The signed-in social worker's open folders, with interview deadlines."""
    return [FolderSummaryOut(**row) for row in system.read_models.caseload(user.user_id, after)]


@router.get("/teams/{team_id}/folders")
def team_folders(
    team_id: str, user: CaseReader, system: SystemDep, after: After = None
) -> list[FolderSummaryOut]:
    """Open folders of a team (the person's own team only)."""
    if not _may_see_team(user, team_id):
        raise ApiError(403, "auth.forbidden")
    return [FolderSummaryOut(**row) for row in system.read_models.team_folders(team_id, after)]


@router.get("/persons")
def search_persons(
    user: CaseReader,
    system: SystemDep,
    q: Annotated[str, Query(min_length=2, max_length=80)],
    after: After = None,
) -> list[PersonHitOut]:
    """Find household members by name or PESEL prefix within the person's team."""
    team = None if user.role == Role.DECISION_MAKER else user.unit
    hits = system.read_models.search_persons(q, after=after, team_id=team)
    return [PersonHitOut(**hit) for hit in hits]
