"""Worker activity for managers: visits, minutes by activity, interviews, caseload.

The worker behind a visit or an interview is the actor in the event's metadata: the person
who recorded it. No client's personal data is kept here: of a folder's address only its
district's TERYT code (`domain.identifiers.city_district`), which the address's seal keeps
readable for statistics anyway.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    func,
    select,
)
from sqlalchemy.engine import Connection

from domain.case_folder import CaseFolder
from domain.identifiers import city_district
from domain.proceeding import Proceeding
from domain.user import Role, User
from projections.batch import Batch
from projections.projection import Projection, Tables, handles


def empty_figures(**key: Any) -> dict[str, Any]:
    """A team's or a district's counts before anything is counted: `key` names it."""
    return {**key, "families": 0, "visits": 0, "minutes": 0,
            "visits_by_activity": defaultdict(int), "minutes_by_activity": defaultdict(int)}


def _actor(event: Any) -> UUID | None:
    meta = getattr(event, "meta", None) or {}
    actor = meta.get("actor_id")
    return UUID(actor) if actor else None


class WorkerActivity(Projection):
    name = "worker_activity"

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        return {
            "staff": Table(
                f"{prefix}_staff", metadata,
                Column("user_id", Uuid, primary_key=True),
                Column("display_name", String(120), nullable=False),
                Column("role", String(32), nullable=False),
                Column("unit", String(32), nullable=False, index=True),
            ),
            "folders": Table(
                f"{prefix}_folders", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("team_id", String(32), nullable=False, index=True),
                Column("worker_id", Uuid, index=True),
                Column("open", Boolean, nullable=False),
                # The address's district now; NULL when none is recorded (the city as a
                # whole, another municipality, a homeless person's last municipality).
                Column("district", String(7), index=True),
            ),
            "visits": Table(
                f"{prefix}_visits", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("version", Integer, primary_key=True),
                Column("worker_id", Uuid, index=True),
                Column("visited_on", Date, nullable=False, index=True),
                Column("activity", String(32), nullable=False),
                Column("minutes", Integer, nullable=False),
            ),
            "interviews": Table(
                f"{prefix}_interviews", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("interview_id", Uuid, primary_key=True),
                Column("due_on", Date),
                Column("conducted_on", Date),
                Column("conducted_by", Uuid),
                Column("updates", Integer, nullable=False, default=0),
            ),
            "proceedings": Table(
                f"{prefix}_proceedings", metadata,
                Column("proceeding_id", Uuid, primary_key=True),
                Column("folder_id", Uuid, nullable=False, index=True),
                Column("filed_by", Uuid, index=True),
                Column("opened_on", Date, nullable=False),
                Column("decided_on", Date),
                Column("outcome", String(16)),
            ),
        }

    # Created by the operator, or confirmed by a manager: someone who may act (a requested
    # account is not staff until then). Both events carry the name, role and unit.
    @handles(User.UserRegistered, User.UserRegisteredOnServer, User.UserCreationConfirmed)
    def on_UserRegistered(
        self, batch: Batch, t: Tables,
        e: User.UserRegistered | User.UserRegisteredOnServer | User.UserCreationConfirmed,
    ) -> None:
        batch.insert(t.staff, user_id=e.originator_id, display_name=e.display_name,
                     role=e.role, unit=e.unit)

    @handles(User.RoleChanged, User.RoleChangeConfirmed)
    def on_RoleChanged(
        self, batch: Batch, t: Tables, e: User.RoleChanged | User.RoleChangeConfirmed
    ) -> None:
        batch.update(t.staff, e.originator_id, role=e.role, unit=e.unit)

    @handles(CaseFolder.CaseFolderOpened)
    def on_CaseFolderOpened(self, batch: Batch, t: Tables, e: CaseFolder.CaseFolderOpened) -> None:
        batch.insert(t.folders, folder_id=e.originator_id, team_id=e.team_id,
                     worker_id=e.worker_id, open=True, district=city_district(e.address.teryt))

    def _folder(self, batch: Batch, t: Tables, e: Any, **values: Any) -> None:
        batch.update(t.folders, e.originator_id, **values)

    @handles(CaseFolder.AddressChanged)
    def on_AddressChanged(self, batch: Batch, t: Tables, e: CaseFolder.AddressChanged) -> None:
        self._folder(batch, t, e, district=city_district(e.address.teryt))

    @handles(CaseFolder.FolderAssignedToWorker)
    def on_FolderAssignedToWorker(
        self, batch: Batch, t: Tables, e: CaseFolder.FolderAssignedToWorker
    ) -> None:
        self._folder(batch, t, e, worker_id=e.worker_id)

    @handles(CaseFolder.FolderTransferredToTeam)
    def on_FolderTransferredToTeam(
        self, batch: Batch, t: Tables, e: CaseFolder.FolderTransferredToTeam
    ) -> None:
        self._folder(batch, t, e, team_id=e.team_id, worker_id=None)

    @handles(CaseFolder.CaseFolderClosed)
    def on_CaseFolderClosed(self, batch: Batch, t: Tables, e: CaseFolder.CaseFolderClosed) -> None:
        self._folder(batch, t, e, open=False)

    @handles(CaseFolder.VisitRecorded)
    def on_VisitRecorded(self, batch: Batch, t: Tables, e: CaseFolder.VisitRecorded) -> None:
        actor = _actor(e)
        batch.insert(
            t.visits, folder_id=e.originator_id, version=e.originator_version,
            worker_id=actor, visited_on=e.visit.visited_on,
            activity=e.visit.activity, minutes=e.visit.minutes,
        )

    @handles(CaseFolder.InterviewScheduled)
    def on_InterviewScheduled(
        self, batch: Batch, t: Tables, e: CaseFolder.InterviewScheduled
    ) -> None:
        batch.insert(t.interviews, folder_id=e.originator_id, interview_id=e.interview_id,
                     due_on=e.due_on, updates=0)

    @handles(CaseFolder.InterviewConducted)
    def on_InterviewConducted(
        self, batch: Batch, t: Tables, e: CaseFolder.InterviewConducted
    ) -> None:
        key = (e.originator_id, e.interview_id)
        values = {"conducted_on": e.conducted_on, "conducted_by": _actor(e)}
        if batch.get(t.interviews, key) is not None:
            batch.update(t.interviews, key, **values)
        else:
            batch.insert(t.interviews, folder_id=e.originator_id, interview_id=e.interview_id,
                         updates=0, **values)

    @handles(CaseFolder.InterviewUpdated)
    def on_InterviewUpdated(self, batch: Batch, t: Tables, e: CaseFolder.InterviewUpdated) -> None:
        key = (e.originator_id, e.interview_id)
        interview = batch.get(t.interviews, key)
        if interview is not None:
            batch.update(t.interviews, key, updates=interview["updates"] + 1)

    def _proceeding(self, batch: Batch, t: Tables, e: Any, on: date) -> None:
        batch.insert(t.proceedings, proceeding_id=e.originator_id, folder_id=e.folder_id,
                     filed_by=_actor(e), opened_on=on)

    @handles(Proceeding.ApplicationFiled)
    def on_ApplicationFiled(self, batch: Batch, t: Tables, e: Proceeding.ApplicationFiled) -> None:
        self._proceeding(batch, t, e, e.filed_on)

    @handles(Proceeding.ProceedingOpenedExOfficio)
    def on_ProceedingOpenedExOfficio(
        self, batch: Batch, t: Tables, e: Proceeding.ProceedingOpenedExOfficio
    ) -> None:
        self._proceeding(batch, t, e, e.opened_on)

    @handles(Proceeding.DecisionIssued)
    def on_DecisionIssued(self, batch: Batch, t: Tables, e: Proceeding.DecisionIssued) -> None:
        batch.update(t.proceedings, e.originator_id, decided_on=e.issued_on, outcome=e.outcome)

    # -- reading -------------------------------------------------------------------------

    def team_activity(
        self, conn: Connection, t: Tables, team_id: str, since: date, until: date, today: date
    ) -> list[dict[str, Any]]:
        """Per social worker of the team: visits, minutes by activity, interviews, caseload."""
        staff = conn.execute(
            select(t.staff).where(t.staff.c.unit == team_id,
                                  t.staff.c.role == Role.SOCIAL_WORKER.value)
            .order_by(t.staff.c.display_name)
        ).all()
        ids = [s.user_id for s in staff]
        v, i, f = t.visits.c, t.interviews.c, t.folders.c
        minutes: dict[Any, dict[str, int]] = defaultdict(dict)
        visits: dict[Any, int] = defaultdict(int)
        for row in conn.execute(
            select(v.worker_id, v.activity, func.count(), func.sum(v.minutes))
            .where(v.worker_id.in_(ids), v.visited_on >= since, v.visited_on <= until)
            .group_by(v.worker_id, v.activity)
        ):
            minutes[row[0]][row[1]] = int(row[3] or 0)
            visits[row[0]] += int(row[2])
        conducted: dict[UUID, int] = dict(conn.execute(
            select(i.conducted_by, func.count())
            .where(i.conducted_by.in_(ids), i.conducted_on >= since, i.conducted_on <= until)
            .group_by(i.conducted_by)
        ).all())
        caseload: dict[UUID, int] = dict(conn.execute(
            select(f.worker_id, func.count()).where(f.worker_id.in_(ids), f.open.is_(True))
            .group_by(f.worker_id)
        ).all())
        overdue: dict[UUID, int] = dict(conn.execute(
            select(f.worker_id, func.count())
            .join(t.interviews, i.folder_id == f.folder_id)
            .where(f.worker_id.in_(ids), f.open.is_(True), i.conducted_on.is_(None),
                   i.due_on < today)
            .group_by(f.worker_id)
        ).all())
        p = t.proceedings.c
        filed: dict[UUID, int] = dict(conn.execute(
            select(p.filed_by, func.count())
            .where(p.filed_by.in_(ids), p.opened_on >= since, p.opened_on <= until)
            .group_by(p.filed_by)
        ).all())
        # Decisions issued in the period in the folders the worker now carries.
        decisions: dict[UUID, int] = dict(conn.execute(
            select(f.worker_id, func.count())
            .join(t.proceedings, p.folder_id == f.folder_id)
            .where(f.worker_id.in_(ids), p.decided_on >= since, p.decided_on <= until)
            .group_by(f.worker_id)
        ).all())
        return [
            {
                "worker_id": s.user_id,
                "display_name": s.display_name,
                "visits": visits.get(s.user_id, 0),
                "minutes_by_activity": minutes.get(s.user_id, {}),
                "minutes": sum(minutes.get(s.user_id, {}).values()),
                "interviews_conducted": conducted.get(s.user_id, 0),
                "interviews_overdue": overdue.get(s.user_id, 0),
                "caseload": caseload.get(s.user_id, 0),
                "applications_filed": filed.get(s.user_id, 0),
                "decisions": decisions.get(s.user_id, 0),
            }
            for s in staff
        ]

    def team_weeks(
        self, conn: Connection, t: Tables, team_id: str, since: date, until: date
    ) -> list[dict[str, Any]]:
        """The visits of the team's social workers (the unit they are in now) and their
        minutes by activity, per ISO week (starting Monday) of the period, oldest first."""
        v, s = t.visits.c, t.staff.c
        weeks: dict[date, dict[str, Any]] = {}
        for visited_on, activity, count, minutes in conn.execute(
            select(v.visited_on, v.activity, func.count(), func.sum(v.minutes))
            .join(t.staff, s.user_id == v.worker_id)
            .where(s.unit == team_id, v.visited_on >= since, v.visited_on <= until)
            .group_by(v.visited_on, v.activity)
        ):
            start = visited_on - timedelta(days=visited_on.weekday())
            week = weeks.setdefault(start, {"week_start": start, "visits": 0, "minutes": 0,
                                            "visits_by_activity": defaultdict(int),
                                            "minutes_by_activity": defaultdict(int)})
            week["visits"] += int(count)
            week["minutes"] += int(minutes or 0)
            week["visits_by_activity"][activity] += int(count)
            week["minutes_by_activity"][activity] += int(minutes or 0)
        return [weeks[start] for start in sorted(weeks)]

    def is_team_worker(self, conn: Connection, t: Tables, team_id: str, worker_id: UUID) -> bool:
        """Whether `worker_id` is a social worker of the team now."""
        s = t.staff.c
        return conn.execute(select(s.user_id).where(
            s.user_id == worker_id, s.unit == team_id,
            s.role == Role.SOCIAL_WORKER.value)).first() is not None

    def unit_figures(
        self, conn: Connection, t: Tables, since: date, until: date
    ) -> dict[str, dict[str, Any]]:
        """Per team, counts only: open folders (families under social work), social workers,
        and the visits and minutes by activity of the period (by the worker's unit now).
        A team is listed when it has a social worker or an open folder."""
        f, s, v = t.folders.c, t.staff.c, t.visits.c
        teams: dict[str, dict[str, Any]] = {}

        def team(team_id: str) -> dict[str, Any]:
            return teams.setdefault(team_id, {**empty_figures(team_id=team_id), "workers": 0})

        for team_id, count in conn.execute(
                select(f.team_id, func.count()).where(f.open.is_(True)).group_by(f.team_id)):
            team(team_id)["families"] = int(count)
        for unit, count in conn.execute(
                select(s.unit, func.count()).where(s.role == Role.SOCIAL_WORKER.value)
                .group_by(s.unit)):
            team(unit)["workers"] = int(count)
        for unit, activity, count, minutes in conn.execute(
            select(s.unit, v.activity, func.count(), func.sum(v.minutes))
            .join(t.staff, s.user_id == v.worker_id)
            .where(s.role == Role.SOCIAL_WORKER.value,
                   v.visited_on >= since, v.visited_on <= until)
            .group_by(s.unit, v.activity)
        ):
            row = team(unit)
            row["visits"] += int(count)
            row["minutes"] += int(minutes or 0)
            row["visits_by_activity"][activity] += int(count)
            row["minutes_by_activity"][activity] += int(minutes or 0)
        return teams

    def district_figures(
        self, conn: Connection, t: Tables, since: date, until: date
    ) -> dict[str | None, dict[str, Any]]:
        """Per district of the folders' addresses now (None: no district recorded), counts
        only: open folders, and the visits and minutes by activity of the period in them.
        As in `unit_figures`, a visit counts if a social worker (as she is now) recorded it,
        so the districts add up to the same centre as the teams."""
        f, s, v = t.folders.c, t.staff.c, t.visits.c
        districts: dict[str | None, dict[str, Any]] = {}

        def district(code: str | None) -> dict[str, Any]:
            return districts.setdefault(code, empty_figures(teryt=code))

        for code, count in conn.execute(
                select(f.district, func.count()).where(f.open.is_(True)).group_by(f.district)):
            district(code)["families"] = int(count)
        for code, activity, count, minutes in conn.execute(
            select(f.district, v.activity, func.count(), func.sum(v.minutes))
            .join(t.folders, f.folder_id == v.folder_id)
            .join(t.staff, s.user_id == v.worker_id)
            .where(s.role == Role.SOCIAL_WORKER.value,
                   v.visited_on >= since, v.visited_on <= until)
            .group_by(f.district, v.activity)
        ):
            row = district(code)
            row["visits"] += int(count)
            row["minutes"] += int(minutes or 0)
            row["visits_by_activity"][activity] += int(count)
            row["minutes_by_activity"][activity] += int(minutes or 0)
        return districts

    def places_of_folders(self, conn: Connection, t: Tables, folder_ids: set[UUID]
                          ) -> dict[UUID, tuple[str, str | None]]:
        """The team each of these folders is in now, and its address's district."""
        f = t.folders.c
        found: dict[UUID, tuple[str, str | None]] = {}
        ids = list(folder_ids)
        for start in range(0, len(ids), 500):
            for folder_id, team_id, district in conn.execute(
                    select(f.folder_id, f.team_id, f.district)
                    .where(f.folder_id.in_(ids[start:start + 500]))):
                found[folder_id] = (team_id, district)
        return found

    def unassigned(self, conn: Connection, t: Tables, team_id: str) -> int:
        """The team's open folders without a worker."""
        f = t.folders.c
        return int(conn.execute(select(func.count()).where(
            f.team_id == team_id, f.open.is_(True), f.worker_id.is_(None))).scalar_one())
