"""For managers: the access log, "who viewed my file" reports and worker activity."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.deps import AccessLogDep, Manager, SystemDep
from api.errors import ApiError
from api.routes.views import After
from api.schemas.audit import AccessEntryOut, AccessReportOut, TeamActivityOut, WorkerActivityOut
from api.schemas.bounds import DATE_BOUNDS, TIME_BOUNDS, BoundedDate, BoundedTime
from domain.access import AccessSubject, ViewKind

router = APIRouter(prefix="/api", tags=["audit"])

# A manager reads the log to check that reads of personal data were lawful (GDPR art. 5(2),
# accountability; art. 32(1)(d), regular testing of the measures).
AUDIT_PURPOSE = "audit"


@router.get("/audit/access")
def access_log(
    user: Manager,
    system: SystemDep,
    access: AccessLogDep,
    viewer_id: UUID | None = None,
    folder_id: UUID | None = None,
    since: Annotated[BoundedTime | None, Query(json_schema_extra=TIME_BOUNDS)] = None,
    until: Annotated[BoundedTime | None, Query(json_schema_extra=TIME_BOUNDS)] = None,
    include_log_reads: Annotated[bool, Query(
        description="also list the reads of this log itself (left out by default)")] = False,
    after: After = None,
) -> list[AccessEntryOut]:
    """Reads of personal data by the people of the manager's unit, newest first. Reading
    the log reads whose files were read: it is recorded too, for each folder or person
    listed, before the answer."""
    rows = system.read_models.access_entries(
        after, unit=user.unit, viewer_id=viewer_id, folder_id=folder_id, since=since,
        until=until, leave_out_views=() if include_log_reads else (ViewKind.ACCESS_LOG,),
    )
    access.shown(ViewKind.ACCESS_LOG, [AccessSubject(row["folder_id"], row["person_id"])
                                       for row in rows], purpose=AUDIT_PURPOSE)
    return [AccessEntryOut(**row) for row in rows]


@router.get("/folders/{folder_id}/access-report")
def access_report(
    folder_id: UUID, user: Manager, system: SystemDep, access: AccessLogDep, after: After = None
) -> AccessReportOut:
    """Everyone who viewed this folder's data, from any unit (a data subject's request)."""
    scope = system.read_models.folder_scope(folder_id)
    if scope is None or scope[0] != user.unit:
        raise ApiError(404, "case_folder.not_found", id=str(folder_id))
    rows = system.read_models.access_entries(after, folder_id=folder_id)
    access.viewed(ViewKind.ACCESS_REPORT, "data_subject_request", folder_id=folder_id)
    return AccessReportOut(
        folder_id=folder_id, produced_at=datetime.now(UTC),
        entries=[AccessEntryOut(**row) for row in rows],
    )


@router.get("/teams/{team_id}/activity")
def team_activity(
    team_id: str,
    user: Manager,
    system: SystemDep,
    since: Annotated[BoundedDate | None, Query(description="default: 30 days ago",
                                               json_schema_extra=DATE_BOUNDS)] = None,
    until: Annotated[BoundedDate | None, Query(description="default: today",
                                               json_schema_extra=DATE_BOUNDS)] = None,
    after: After = None,
) -> TeamActivityOut:
    """Per social worker of the team: visits, minutes by activity, interviews, caseload."""
    if team_id != user.unit:
        raise ApiError(403, "auth.forbidden")
    until = until or date.today()
    since = since or until - timedelta(days=30)
    if since > until:
        raise ApiError(422, "request.invalid", since=str(since), until=str(until))
    rows = system.read_models.team_activity(team_id, since, until, after)
    return TeamActivityOut(team_id=team_id, since=since, until=until,
                           workers=[WorkerActivityOut(**row) for row in rows])
