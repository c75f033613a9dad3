"""A team manager's workload: the team's week by week, its caseload across the workers, and
the drill-down to one worker's folders (from where a folder is reassigned with the existing
`POST /api/folders/{id}/assignment`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.deps import AccessLogDep, Manager, SystemDep
from api.errors import ApiError
from api.routes.audit import check_period
from api.routes.views import After
from api.schemas.bounds import DATE_BOUNDS, BoundedDate
from api.schemas.views import FolderSummaryOut
from api.schemas.workload import TeamWorkloadOut, WeekOut, WorkerCaseloadOut
from api.subjects import folders_in
from domain.access import ViewKind
from domain.staffing import norm_on

router = APIRouter(prefix="/api", tags=["workload"])

DEFAULT_WEEKS = 8

Since = Annotated[BoundedDate | None, Query(
    description="first day, default eight weeks before `until`", json_schema_extra=DATE_BOUNDS)]
Until = Annotated[BoundedDate | None, Query(description="last day, default today",
                                            json_schema_extra=DATE_BOUNDS)]


def period(since: date | None, until: date | None, today: date) -> tuple[date, date]:
    """The period asked (default: the last eight weeks), not reversed, at most two years
    (422 `audit.period_reversed` / `audit.period_too_long`)."""
    check_period(since, until)
    until = until or today
    since = since or until - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
    check_period(since, until)
    return since, until


def _own_team(team_id: str, unit: str) -> None:
    if team_id != unit:
        raise ApiError(403, "auth.forbidden")


@router.get("/teams/{team_id}/workload")
def team_workload(
    team_id: str, user: Manager, system: SystemDep, since: Since = None, until: Until = None,
    after: After = None,
) -> TeamWorkloadOut:
    """The team's visits and minutes by activity per week, and its open folders per social
    worker against the art. 110 norm. Counts and the staff's names only: not logged."""
    _own_team(team_id, user.unit)
    since, until = period(since, until, system.read_models.today())
    weeks = system.read_models.team_weeks(team_id, since, until, after)
    workers = system.read_models.team_activity(team_id, since, until, after)
    norm = norm_on(until)
    return TeamWorkloadOut(
        team_id=team_id, since=since, until=until,
        weeks=[WeekOut(**week) for week in weeks],
        caseload=[WorkerCaseloadOut(worker_id=w["worker_id"], display_name=w["display_name"],
                                    folders=w["caseload"]) for w in workers],
        unassigned=system.read_models.unassigned_folders(team_id, after),
        families_norm=norm.families_per_worker, families_norm_source=norm.source)


@router.get("/teams/{team_id}/workers/{worker_id}/folders")
def worker_folders(
    team_id: str, worker_id: UUID, user: Manager, system: SystemDep, access: AccessLogDep,
    after: After = None,
) -> list[FolderSummaryOut]:
    """The open folders one social worker of the manager's team carries, with the clients'
    names (a worker of another team: 403, nothing said of her). Each folder shown is recorded
    in the access log, with the manager's purpose (supervision), before the answer."""
    _own_team(team_id, user.unit)
    if not system.read_models.is_team_worker(team_id, worker_id, after):
        raise ApiError(403, "auth.forbidden")
    rows = system.read_models.worker_folders(team_id, worker_id, after)
    access.shown(ViewKind.WORKER_FOLDERS, folders_in(rows))
    return [FolderSummaryOut(**row) for row in rows]
