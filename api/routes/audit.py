"""For managers: the access log, "who viewed my file" reports and worker activity."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response, StreamingResponse

from api.deps import AccessLogDep, Manager, SystemDep
from api.errors import ApiError
from api.routes.views import After
from api.schemas.audit import (
    AccessEntryOut,
    AccessLineOut,
    AccessReportOut,
    TeamActivityOut,
    TeamDeadlinesOut,
    WorkerActivityOut,
)
from api.schemas.bounds import DATE_BOUNDS, TIME_BOUNDS, BoundedDate, BoundedTime
from domain.access import AccessSubject, ViewKind
from domain.office_day import POLAND, today_in_poland
from domain.staffing import norm_on
from services.privacy.access_report import access_report_facts, render_access_report

router = APIRouter(prefix="/api", tags=["audit"])

# A manager reads the log to check that reads of personal data were lawful (GDPR art. 5(2),
# accountability; art. 32(1)(d), regular testing of the measures).
AUDIT_PURPOSE = "audit"

# The access log's periods: days are the office's (Europe/Warsaw), and a question spans at
# most two years (a longer one is a bulk export for the DPO, not a screen's filter).
WARSAW = POLAND  # the office's zone (domain/office_day.py)
LONGEST_PERIOD = timedelta(days=2 * 366)
DEFAULT_DAYS = 30
EXPORT_CHUNK = 2000
LOG_VIEWS = (ViewKind.ACCESS_LOG, ViewKind.ACCESS_LOG_EXPORT)

Purpose = Annotated[str | None, Query(max_length=200, description="only reads for this purpose")]


def check_period(since: datetime | date | None, until: datetime | date | None) -> None:
    if since is not None and until is not None:
        if since > until:
            raise ApiError(422, "audit.period_reversed", since=str(since), until=str(until))
        if until - since > LONGEST_PERIOD:
            raise ApiError(422, "audit.period_too_long", since=str(since), until=str(until))


def _utc(at: datetime | None) -> datetime | None:
    """A time as UTC (a time without zone is taken as UTC), as the log stores them."""
    if at is None:
        return None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _warsaw_days(since: date | None, until: date | None) -> tuple[datetime, datetime]:
    """The instants bounding the Warsaw days `since`..`until` (inclusive; default: the last
    30 days), checked: not reversed, at most two years."""
    check_period(since, until)
    until = until or datetime.now(WARSAW).date()
    since = since or until - timedelta(days=DEFAULT_DAYS)
    check_period(since, until)
    start = datetime.combine(since, time(), WARSAW).astimezone(UTC)
    end = datetime.combine(until + timedelta(days=1), time(), WARSAW).astimezone(UTC)
    return start, end


def _named_for(unit: str, row: dict[str, Any]) -> dict[str, Any]:
    """The client's name only for a folder of the manager's unit: of another team's folder
    the unit's people were shown only its team (issue #17), and so is the manager."""
    if row.get("folder_team") not in (None, unit):
        row["client_name"] = None
    return row


Since = Annotated[BoundedDate | None, Query(
    description="first day (Europe/Warsaw), default 30 days before `until`",
    json_schema_extra=DATE_BOUNDS)]
Until = Annotated[BoundedDate | None, Query(
    description="last day (Europe/Warsaw), default today", json_schema_extra=DATE_BOUNDS)]


@router.get("/audit/access")
def access_log(
    user: Manager,
    system: SystemDep,
    access: AccessLogDep,
    viewer_id: UUID | None = None,
    folder_id: UUID | None = None,
    since: Annotated[BoundedTime | None, Query(json_schema_extra=TIME_BOUNDS)] = None,
    until: Annotated[BoundedTime | None, Query(json_schema_extra=TIME_BOUNDS)] = None,
    purpose: Purpose = None,
    include_log_reads: Annotated[bool, Query(
        description="also list the reads of this log itself (left out by default)")] = False,
    after: After = None,
) -> list[AccessEntryOut]:
    """Reads of personal data by the people of the manager's unit, newest first, one entry
    per read. Reading the log reads whose files were read: it is recorded too, for each
    folder or person listed, before the answer."""
    check_period(since, until)
    rows = system.read_models.access_entries(
        after, unit=user.unit, viewer_id=viewer_id, folder_id=folder_id, purpose=purpose,
        since=_utc(since), until=_utc(until),
        leave_out_views=() if include_log_reads else LOG_VIEWS,
    )
    access.shown(ViewKind.ACCESS_LOG, [AccessSubject(row["folder_id"], row["person_id"])
                                       for row in rows], purpose=AUDIT_PURPOSE)
    return [AccessEntryOut(**row) for row in rows]


@dataclass(frozen=True)
class LogQuery:
    """The access log's filters of a page or an export: the manager's unit, the Warsaw days
    as instants (checked: not reversed, at most two years) and the rest as given."""

    start: datetime
    end: datetime
    filters: dict[str, Any]


def log_query(
    user: Manager,
    viewer_id: UUID | None = None,
    folder_id: UUID | None = None,
    since: Since = None,
    until: Until = None,
    purpose: Purpose = None,
    include_log_reads: Annotated[bool, Query(
        description="also list the reads of this log itself (left out by default)")] = False,
) -> LogQuery:
    start, end = _warsaw_days(since, until)
    return LogQuery(start, end, dict(
        unit=user.unit, viewer_id=viewer_id, folder_id=folder_id, purpose=purpose,
        since=start, until=end, leave_out_views=() if include_log_reads else LOG_VIEWS))


LogQueryDep = Annotated[LogQuery, Depends(log_query)]


@router.get("/audit/access/lines")
def access_lines(
    user: Manager,
    system: SystemDep,
    access: AccessLogDep,
    query: LogQueryDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    after: After = None,
) -> list[AccessLineOut]:
    """The access log as people read it: consecutive reads of the same folder by the same
    person (same view, same purpose) are one line with their count, newest first; each line
    names the folder's team and, for the unit's own folders, the client. Every read is still
    its own entry (`GET /api/audit/access`). Logged, as every read of the log."""
    rows = system.read_models.access_lines(after, named=True, limit=limit, **query.filters)
    access.shown(ViewKind.ACCESS_LOG, [AccessSubject(row["folder_id"], row["person_id"])
                                       for row in rows], purpose=AUDIT_PURPOSE)
    return [AccessLineOut(**_named_for(user.unit, row)) for row in rows]


CSV_COLUMNS = ("viewed_at_warsaw", "viewer_name", "viewer_role", "viewer_unit", "view",
               "purpose", "folder_team", "client_name", "folder_id", "person_id", "record_id")


@router.get("/audit/access/export.csv", response_class=StreamingResponse,
            responses={200: {"content": {"text/csv": {}}}})
def access_export(
    user: Manager, system: SystemDep, access: AccessLogDep, query: LogQueryDep,
) -> StreamingResponse:
    """Every read of the period, one CSV row each (times in Europe/Warsaw), streamed in
    chunks however many there are; each chunk is recorded in the access log (as
    `access_log_export`) before it is sent."""
    def rows() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        before: tuple[datetime, UUID] | None = None
        while True:
            page = system.read_models.access_entries_named(
                before=before, limit=EXPORT_CHUNK, **query.filters)
            access.shown(ViewKind.ACCESS_LOG_EXPORT, [
                AccessSubject(r["folder_id"], r["person_id"]) for r in page],
                purpose=AUDIT_PURPOSE)
            for r in page:
                r = _named_for(user.unit, r)
                writer.writerow([
                    r["viewed_at"].astimezone(WARSAW).isoformat(timespec="seconds"),
                    r["viewer_name"] or "", r["viewer_role"], r["viewer_unit"], r["view"],
                    r["purpose"], r["folder_team"] or "", r["client_name"] or "",
                    r["folder_id"] or "", r["person_id"] or "", r["record_id"]])
            yield out.getvalue()
            out.seek(0)
            out.truncate()
            if len(page) < EXPORT_CHUNK:
                return
            before = (page[-1]["viewed_at"], page[-1]["record_id"])

    first = query.start.astimezone(WARSAW).date()
    last = (query.end - timedelta(seconds=1)).astimezone(WARSAW)
    name = f"rejestr-dostepu-{first}-{last.date()}.csv"
    return StreamingResponse(rows(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


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


@router.get("/folders/{folder_id}/access-report.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
def access_report_letter(
    folder_id: UUID, user: Manager, system: SystemDep, access: AccessLogDep, after: After = None
) -> Response:
    """The letter to the data subject (GDPR art. 15): every access to the folder's data by
    date, purpose, role and unit — staff names only if the DPO so set
    (`TECZKA_ACCESS_REPORT_NAMES_STAFF`; CJEU C-579/21). Producing it is logged."""
    view = system.read_models.client_view(folder_id, after)
    if view is None or view["team_id"] != user.unit:
        raise ApiError(404, "case_folder.not_found", id=str(folder_id))
    rows = system.read_models.access_entries(after, folder_id=folder_id, limit=100_000)
    access.viewed(ViewKind.ACCESS_REPORT, "data_subject_request", folder_id=folder_id)
    today = datetime.now(WARSAW).date()
    facts = access_report_facts(
        rows, party_name=view["head_name"] or "", party_address=view["address_line"],
        reference=f"RODO-15/{view['team_id']}/{str(folder_id)[:8].upper()}/{today.year}",
        settings=system.settings, produced_on=today)
    pdf = render_access_report(facts, today)
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="dostep-do-danych-{today}.pdf"'})


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
    until = until or today_in_poland()
    since = since or until - timedelta(days=30)
    if since > until:
        raise ApiError(422, "request.invalid", since=str(since), until=str(until))
    rows = system.read_models.team_activity(team_id, since, until, after)
    norm = norm_on(until)
    return TeamActivityOut(team_id=team_id, since=since, until=until,
                           workers=[WorkerActivityOut(**row) for row in rows],
                           families_norm=norm.families_per_worker,
                           families_norm_source=norm.source)


@router.get("/teams/{team_id}/deadlines")
def team_deadlines(
    team_id: str, user: Manager, system: SystemDep, access: AccessLogDep, after: After = None
) -> TeamDeadlinesOut:
    """The team's deadlines and follow-ups: pending proceedings by days left to their KPA
    term (overdue ones first; a delay notice due marked), overdue interviews and caregivers'
    observations no visit has answered. Every folder listed is recorded in the access log."""
    if team_id != user.unit:
        raise ApiError(403, "auth.forbidden")
    found = system.read_models.team_deadlines(team_id, after)
    folders = {row["folder_id"] for key in ("proceedings", "interviews", "observations")
               for row in found[key]}
    access.shown(ViewKind.DEADLINES, [AccessSubject(f) for f in folders])
    return TeamDeadlinesOut(team_id=team_id, **found)
