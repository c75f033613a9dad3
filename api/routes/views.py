"""Reads from the projections; `?after=position` waits until they include a write."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.deps import (
    AccessLogDep,
    AccessRecorder,
    CaseReader,
    FolderStaff,
    ReadThreadsDep,
    SocialWorker,
    SystemDep,
)
from api.errors import ApiError
from api.schemas.views import ClientViewOut, FolderSummaryOut, PersonHitOut
from api.security import Principal
from api.subjects import folders_in, persons_in
from domain.access import ViewKind, purpose_of
from domain.user import Role

router = APIRouter(prefix="/api", tags=["views"])

After = Annotated[
    int | None,
    Query(ge=0, description="Wait (up to a few seconds) until the view includes this position"),
]


def may_read_folder(user: Principal, system, folder_id: UUID, team_id: str | None = None) -> bool:
    """Social workers and managers: folders of their own team. Decision makers: folders
    with an open proceeding, or with an undue benefit still owed (a reclaim is decided after
    the grant became final, and its repayments and write-off are hers until it is settled).
    Nobody else."""
    if user.role == Role.DECISION_MAKER:
        read_models = system.read_models
        return (read_models.folder_has_open_proceeding(folder_id)
                or read_models.folder_has_owed_reclaim(folder_id))
    if team_id is None:
        scope = system.read_models.folder_scope(folder_id)
        team_id = scope[0] if scope else None
    return team_id is not None and user.unit == team_id


def read_client_view(system, user: Principal, folder_id: UUID,
                     after: int | None) -> tuple[str, Future]:
    """The client view's JSON, and its access-log entry queued (answer once it is saved).
    Blocking: run it in a read thread. Shared by the route and api/client_view_shortcut.py."""
    read_models = system.read_models
    if read_models.builds_json:  # PostgreSQL: the finished document in one statement
        found = read_models.client_view_json(folder_id, after=after)
        team_id, body = found if found is not None else (None, None)
    else:
        view = read_models.client_view(folder_id, after=after)
        team_id, body = (view["team_id"], view) if view is not None else (None, None)
    # A folder outside the person's team answers as if it did not exist.
    if body is None or not may_read_folder(user, system, folder_id, team_id):
        raise ApiError(404, "case_folder.not_found", id=str(folder_id))
    saved = AccessRecorder(system, user).record(
        ViewKind.CLIENT_VIEW, purpose_of(user.role), folder_id=folder_id)
    if isinstance(body, dict):  # validated and serialised once, here
        body = ClientViewOut.model_validate(body).model_dump_json()
    return body, saved


@router.get("/folders/{folder_id}", response_model=ClientViewOut)
async def client_view(
    folder_id: UUID, user: CaseReader, system: SystemDep, threads: ReadThreadsDep,
    after: After = None,
) -> Response:
    """The client view of one case folder (household, address, interviews, timeline).

    Every successful read is recorded in the access log before it is answered.
    """
    # Most reads never get here: api/client_view_shortcut.py answers them the same way
    # without FastAPI's routing and dependencies.
    # The whole read in one thread hop, beside the connection it needs; then the answer
    # waits for its access-log entry, saved together with those of concurrent reads.
    body, saved = await threads.run(lambda: read_client_view(system, user, folder_id, after))
    await asyncio.wrap_future(saved)
    return Response(body, media_type="application/json")


@router.get("/caseload")
def caseload(user: SocialWorker, system: SystemDep, access: AccessLogDep,
             after: After = None) -> list[FolderSummaryOut]:
    """The signed-in social worker's open folders, with interview deadlines (each folder
    shown is recorded in the access log before the answer)."""
    rows = system.read_models.caseload(user.user_id, after)
    access.shown(ViewKind.CASELOAD, folders_in(rows))
    return [FolderSummaryOut(**row) for row in rows]


@router.get("/teams/{team_id}/folders")
def team_folders(
    team_id: str, user: FolderStaff, system: SystemDep, access: AccessLogDep,
    after: After = None,
) -> list[FolderSummaryOut]:
    """Open folders of a team (the person's own team only); each folder shown is recorded
    in the access log before the answer."""
    if user.unit != team_id:
        raise ApiError(403, "auth.forbidden")
    rows = system.read_models.team_folders(team_id, after)
    access.shown(ViewKind.TEAM_FOLDERS, folders_in(rows))
    return [FolderSummaryOut(**row) for row in rows]


@router.get("/persons")
def search_persons(
    user: FolderStaff,
    system: SystemDep,
    access: AccessLogDep,
    q: Annotated[str, Query(min_length=2, max_length=80)],
    purpose: Annotated[Literal["data_subject_request"] | None, Query(
        description="a manager finding the person of a data subject's request (GDPR art. "
                    "15): the hits are logged with this purpose instead of supervision")] = None,
    after: After = None,
) -> list[PersonHitOut]:
    """Find household members by name or PESEL prefix within the person's team; each
    person found is recorded in the access log before the answer."""
    if purpose is not None and user.role != Role.MANAGER:
        raise ApiError(403, "auth.forbidden")
    hits = system.read_models.search_persons(q, after=after, team_id=user.unit)
    access.shown(ViewKind.SEARCH, persons_in(hits, person="member_id"), purpose=purpose)
    return [PersonHitOut(**hit) for hit in hits]
