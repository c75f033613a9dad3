"""Reads from the projections; `?after=position` waits until they include a write."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.deps import (
    AccessLogDep,
    CaseReader,
    FolderStaff,
    ReadThreadsDep,
    SocialWorker,
    SystemDep,
)
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


def may_read_folder(user: Principal, system, folder_id: UUID, team_id: str | None = None) -> bool:
    """Social workers and managers: folders of their own team. Decision makers: folders
    with an open proceeding. Nobody else."""
    if user.role == Role.DECISION_MAKER:
        return system.read_models.folder_has_open_proceeding(folder_id)
    if team_id is None:
        scope = system.read_models.folder_scope(folder_id)
        team_id = scope[0] if scope else None
    return team_id is not None and user.unit == team_id


@router.get("/folders/{folder_id}", response_model=ClientViewOut)
async def client_view(
    folder_id: UUID, user: CaseReader, system: SystemDep, access: AccessLogDep,
    threads: ReadThreadsDep, after: After = None,
) -> Response:
    """The client view of one case folder (household, address, interviews, timeline).

    Every successful read is recorded in the access log.
    """

    def read() -> bytes:
        view = system.read_models.client_view(folder_id, after=after)
        # A folder outside the person's team answers as if it did not exist.
        if view is None or not may_read_folder(user, system, folder_id, view["team_id"]):
            raise ApiError(404, "case_folder.not_found", id=str(folder_id))
        access.viewed(ViewKind.CLIENT_VIEW, PURPOSE_BY_ROLE.get(user.role, "case_work"),
                      folder_id=folder_id)
        # Validated and serialised once, here (a returned model would be validated again).
        return ClientViewOut.model_validate(view).model_dump_json()

    # The whole read in one thread hop, beside the connection it needs.
    return Response(await threads.run(read), media_type="application/json")


@router.get("/caseload")
def caseload(user: SocialWorker, system: SystemDep, after: After = None) -> list[FolderSummaryOut]:
    """The signed-in social worker's open folders, with interview deadlines."""
    return [FolderSummaryOut(**row) for row in system.read_models.caseload(user.user_id, after)]


@router.get("/teams/{team_id}/folders")
def team_folders(
    team_id: str, user: FolderStaff, system: SystemDep, after: After = None
) -> list[FolderSummaryOut]:
    """Open folders of a team (the person's own team only)."""
    if user.unit != team_id:
        raise ApiError(403, "auth.forbidden")
    return [FolderSummaryOut(**row) for row in system.read_models.team_folders(team_id, after)]


@router.get("/persons")
def search_persons(
    user: FolderStaff,
    system: SystemDep,
    q: Annotated[str, Query(min_length=2, max_length=80)],
    after: After = None,
) -> list[PersonHitOut]:
    """Find household members by name or PESEL prefix within the person's team."""
    hits = system.read_models.search_persons(q, after=after, team_id=user.unit)
    return [PersonHitOut(**hit) for hit in hits]
