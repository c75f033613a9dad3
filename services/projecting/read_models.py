"""Queries over the projections, with read-your-writes: wait until a position is included."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from domain.bounds import check_month
from domain.follow_ups import delay_notice_due, rules_on
from domain.mrpips03 import ReturnFacts, ReturnPeriod
from domain.office_day import today_in_poland
from domain.payments import CashDecision
from projections import tracking
from projections.access_log import AccessLogView
from projections.care_delivery import CareDelivery
from projections.client_view import ClientView
from projections.client_view_json import ClientViewJson
from projections.handoff_queue import HandoffQueue
from projections.intake import Intake
from projections.payments import Payments, names_in
from projections.person_index import PersonIndex
from projections.person_search import PersonSearch
from projections.proceedings import PENDING as PENDING_STATUSES
from projections.proceedings import Proceedings, with_clock
from projections.projection import Projection, Tables
from projections.providers import ProviderDirectory
from projections.received_returns import ReceivedReturns
from projections.returns import Returns
from projections.staff import StaffDirectory
from projections.user_requests import UserRequests
from projections.worker_activity import WorkerActivity, empty_figures
from services.errors import PositionNotInLogError, ReadModelNotReadyError, ReadModelStalledError
from services.holidays import polish_holidays
from services.projecting.generations import ActiveGenerations
from services.projecting.positions import PositionBoard

T = TypeVar("T")


def _refuse_if_stalled(conn: Connection, projections: tuple[Projection, ...],
                       found: list, after: int | None) -> None:
    """A read waiting for a position its projection is stalled before gets 503 at once
    (read_model.stalled): no wait would help. Looked up only by reads that would wait."""
    for projection, f in zip(projections, found, strict=True):
        if f is not None and after is not None and f[1] < after:
            stall = tracking.stall_of(conn, projection.name, f[2])
            if stall is not None and stall.event_position <= after:
                raise ReadModelStalledError(projection=projection.name, position=after,
                                            stalled_at=stall.event_position)


def _in_utc(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    """SQLite gives back the UTC times stored without their zone: say they are UTC, so that no
    reader takes them for local time (an hour early in a Warsaw winter)."""
    for row in rows:
        for key in keys:
            if row[key] is not None and row[key].tzinfo is None:
                row[key] = row[key].replace(tzinfo=UTC)
    return rows


class ReadModels:
    def __init__(
        self,
        engine: Engine,
        board: PositionBoard,
        *,
        timeout_s: float = 5.0,
        today: Callable[[], date] = today_in_poland,
        head: Callable[[], int] | None = None,
    ) -> None:
        self.head = head
        self.engine = engine
        self.board = board
        self.timeout_s = timeout_s
        self.today = today
        self.generations = ActiveGenerations(board)
        self.client_view_projection = ClientView()
        self._client_view_json = ClientViewJson()
        self.person_search_projection = PersonSearch()
        self.person_index_projection = PersonIndex()
        self.access_log_projection = AccessLogView()
        self.worker_activity_projection = WorkerActivity()
        self.proceedings_projection = Proceedings()
        self.handoff_projection = HandoffQueue()
        self.care_delivery_projection = CareDelivery()
        self.staff_projection = StaffDirectory()
        self.providers_projection = ProviderDirectory()
        self.payments_projection = Payments()
        self.user_requests_projection = UserRequests()
        self.received_returns_projection = ReceivedReturns()
        self.intake_projection = Intake()
        self.returns_projection = Returns()

    @property
    def projections(self) -> list[Projection]:
        return [
            self.client_view_projection,
            self.person_search_projection,
            self.person_index_projection,
            self.access_log_projection,
            self.worker_activity_projection,
            self.proceedings_projection,
            self.handoff_projection,
            self.care_delivery_projection,
            self.staff_projection,
            self.providers_projection,
            self.payments_projection,
            self.user_requests_projection,
            self.received_returns_projection,
            self.returns_projection,
            self.intake_projection,
        ]

    def _read(
        self, projection: Projection, after: int | None, query: Callable[[Connection, Tables], T],
        timeout_s: float | None = None,
    ) -> T:
        """Run `query` on the active tables once they include position `after`."""
        return self._read_together((projection,), after,
                                   lambda conn, tables: query(conn, tables[0]), timeout_s)

    def _read_together(
        self, projections: tuple[Projection, ...], after: int | None,
        query: Callable[[Connection, list[Tables]], T], timeout_s: float | None = None,
    ) -> T:
        """Run `query` on one connection, on the active tables of each projection, once all
        of them include position `after`."""
        if after is not None and self.head is not None and after > self.head():
            raise PositionNotInLogError(position=after)
        deadline = time.monotonic() + (self.timeout_s if timeout_s is None else timeout_s)
        reconnected = False
        while True:
            ticks = self.board.ticks
            used: list[int] = []
            try:
                # Autocommit: no BEGIN and ROLLBACK round trips around a few SELECTs (each
                # statement sees the committed state, as in a read-committed transaction).
                with self.engine.connect().execution_options(
                        isolation_level="AUTOCOMMIT") as conn:
                    found = [self.generations.active(conn, p, after) for p in projections]
                    ready = [f for f in found if f is not None and (after is None or f[1] >= after)]
                    if len(ready) == len(found):
                        used = [f[2] for f in ready]
                        return query(conn, [f[0] for f in ready])
                    _refuse_if_stalled(conn, projections, found, after)
            except DBAPIError as error:
                # Two failures pass, and the read is made once more; anything else is raised.
                if error.connection_invalidated:
                    # A pooled connection the server had closed (it restarted): SQLAlchemy
                    # has now discarded the pool (make_engine: no ping before each use).
                    if reconnected:
                        raise
                    reconnected = True
                    continue
                # A generation remembered here may have been dropped by a second rebuild
                # since (services/projecting/generations.py): read again on the new one.
                if used and self._moved_on(projections, used):
                    continue
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                behind = next(p for p, f in zip(projections, found, strict=True)
                              if f is None or (after is not None and f[1] < after))
                raise ReadModelNotReadyError(projection=behind.name, position=after)
            self.board.wait_for_news(ticks, timeout=min(remaining, 0.5))

    def _moved_on(self, projections: tuple[Projection, ...], used: list[int]) -> bool:
        """Whether the registry now names another active generation than `used`."""
        with self.engine.connect() as conn:
            now = [self.generations.read(conn, p) for p in projections]
        return [n[2] if n else None for n in now] != used

    def wait_for(self, projection: Projection, position: int, timeout_s: float) -> None:
        """Block until `projection` includes `position`."""
        self._read(projection, position, lambda c, t: None, timeout_s)

    def client_view(self, folder_id: UUID, after: int | None = None) -> dict[str, Any] | None:
        """The folder with its proceedings and care orders (each from its own read model)."""
        cv, pr, ho = self.client_view_projection, self.proceedings_projection, \
            self.handoff_projection
        today = self.today()

        def read(conn: Connection, tables: list[Tables]) -> dict[str, Any] | None:
            view = cv.client_view(conn, tables[0], folder_id, today)
            if view is not None:
                view["proceedings"] = pr.of_folder(conn, tables[1], folder_id)
                view["orders"] = ho.orders_of_folder(conn, tables[2], folder_id)
                self._name_staff(conn, [view], view["orders"], view["observations"],
                                 timeline=view["timeline"])
            return view

        return self._read_together((cv, pr, ho), after, read)

    @property
    def builds_json(self) -> bool:
        """Whether the store builds client views as JSON itself (`client_view_json`)."""
        return self.engine.dialect.name == "postgresql"

    def client_view_json(self, folder_id: UUID,
                         after: int | None = None) -> tuple[str, str] | None:
        """(team, the client view as JSON text) in one statement; PostgreSQL only."""
        today = self.today()
        return self._read_together(
            (self.client_view_projection, self.proceedings_projection, self.handoff_projection),
            after, lambda conn, tables: self._client_view_json.read(
                conn, tables, self._staff_tables(conn), folder_id, today))

    def _staff_tables(self, conn: Connection) -> Tables | None:
        """The staff directory's tables, read without waiting for any position: names are
        shown beside ids, and a name a moment old is better than a read kept waiting."""
        found = self.generations.active(conn, self.staff_projection)
        return found[0] if found is not None else None

    def _name_staff(self, conn: Connection, folders: list[dict[str, Any]],
                    *with_caregivers: list[dict[str, Any]],
                    timeline: list[dict[str, Any]] | None = None) -> None:
        """Add `worker_name` to folders and `caregiver_name` to orders and observations; and
        `worker_name` to timeline entries whose details name a worker (an assignment)."""
        staff = self._staff_tables(conn)
        rows = [r for rs in with_caregivers for r in rs]
        entries = timeline or []
        assigned = {id(e): _uuid_or_none(e["details"].get("worker_id")) for e in entries}
        ids = {f["worker_id"] for f in folders if f.get("worker_id")} | {
            r["caregiver_id"] for r in rows if r.get("caregiver_id")} | {
            w for w in assigned.values() if w is not None}
        names = self.staff_projection.display_names(conn, staff, ids) if staff else {}
        for folder in folders:
            folder["worker_name"] = names.get(folder.get("worker_id"))  # type: ignore[arg-type]
        for row in rows:
            row["caregiver_name"] = names.get(row.get("caregiver_id"))  # type: ignore[arg-type]
        for entry in entries:
            worker = assigned[id(entry)]
            entry["worker_name"] = names.get(worker) if worker is not None else None

    def caseload(self, worker_id: UUID, after: int | None = None) -> list[dict[str, Any]]:
        p = self.client_view_projection
        return self._read(p, after, lambda c, t: self._named(
            c, p.caseload(c, t, worker_id, self.today())))

    def team_folders(self, team_id: str, after: int | None = None) -> list[dict[str, Any]]:
        p = self.client_view_projection
        return self._read(p, after, lambda c, t: self._named(
            c, p.team_folders(c, t, team_id, self.today())))

    def folders_by_id(self, folder_ids: list[UUID],
                      after: int | None = None) -> list[dict[str, Any]]:
        p = self.client_view_projection
        return self._read(p, after, lambda c, t: p.folders_by_id(c, t, folder_ids, self.today()))

    def _named(self, conn: Connection, folders: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self._name_staff(conn, folders)
        return folders

    def folder_scope(self, folder_id: UUID, after: int | None = None
                     ) -> tuple[str, UUID | None] | None:
        p = self.client_view_projection
        return self._read(p, after, lambda c, t: p.folder_scope(c, t, folder_id))

    def search_persons(
        self, query: str, after: int | None = None, team_id: str | None = None
    ) -> list[dict[str, Any]]:
        p = self.person_search_projection
        return self._read(p, after, lambda c, t: p.search(c, t, query, team_id))

    def persons_in_the_city(self, after: int | None = None, **criteria: Any
                            ) -> list[dict[str, Any]]:
        """The city-wide person index: members of every team's folders matching `criteria`
        (pesel, name, birth_date, address); what of them is shown is the caller's to limit."""
        p = self.person_index_projection
        return self._read(p, after, lambda c, t: p.search(c, t, **criteria))

    def open_folders_holding(self, pesel: str) -> list[UUID]:
        """The open folders with a member of this PESEL, as the person index has them now.

        Asked only for folders opened before PESELs were claimed (services/casework/claims.py).
        A process whose person index was never built (a store written by the CLI, a server
        without projectors, an installation whose first build is running) knows of none: every
        folder it can hold was opened with claims. An installation upgraded with folders from
        before claims builds the index before it takes commands (docs/search.md). Not waited
        for: with no index to read, the command goes on at once (it waited the reads' whole
        timeout, 5 s, in every folder opened by such a process)."""
        p = self.person_index_projection
        try:
            return self._read(p, None, lambda c, t: p.open_folders_of(c, t, pesel),
                              timeout_s=0.0)
        except ReadModelNotReadyError:
            return []

    def access_entries(self, after: int | None = None, **filters: Any) -> list[dict[str, Any]]:
        p = self.access_log_projection
        return self._read(p, after, lambda c, t: _in_utc(p.entries(c, t, **filters),
                                                         "viewed_at"))

    def access_lines(self, after: int | None = None, *, named: bool = False,
                     **filters: Any) -> list[dict[str, Any]]:
        """The access log grouped as people read it (`AccessLogView.grouped`); `named` adds
        each line's folder team and client name (the head of household's, or the person's)."""
        p = self.access_log_projection

        def query(conn: Connection, t: Tables) -> list[dict[str, Any]]:
            rows = _in_utc(p.grouped(conn, t, **filters), "first_at", "last_at")
            return self._name_subjects(conn, rows) if named else rows
        return self._read(p, after, query)

    def access_entries_named(self, after: int | None = None,
                             **filters: Any) -> list[dict[str, Any]]:
        """One page of entries (`AccessLogView.entries`) with their folder's team and
        client's name, for the export."""
        p = self.access_log_projection
        return self._read(p, after, lambda c, t: self._name_subjects(
            c, _in_utc(p.entries(c, t, **filters), "viewed_at")))

    def _name_subjects(self, conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add `folder_team` and `client_name` from the client view (read without waiting
        for its position, as `_name_parties`)."""
        found = self.generations.active(conn, self.client_view_projection)
        cv = self.client_view_projection
        folders = cv.folder_labels(conn, found[0], {r["folder_id"] for r in rows
                                                    if r["folder_id"]}) if found else {}
        persons = cv.member_names(conn, found[0], {r["person_id"] for r in rows
                                                   if r["person_id"] and not r["folder_id"]}
                                  ) if found else {}
        for row in rows:
            team, head = folders.get(row["folder_id"], (None, None))
            row["folder_team"] = team
            row["client_name"] = head if row["folder_id"] else persons.get(row["person_id"])
        return rows

    def team_activity(
        self, team_id: str, since: date, until: date, after: int | None = None
    ) -> list[dict[str, Any]]:
        p = self.worker_activity_projection
        return self._read(
            p, after, lambda c, t: p.team_activity(c, t, team_id, since, until, self.today())
        )

    def team_weeks(self, team_id: str, since: date, until: date,
                   after: int | None = None) -> list[dict[str, Any]]:
        p = self.worker_activity_projection
        return self._read(p, after, lambda c, t: p.team_weeks(c, t, team_id, since, until))

    def unassigned_folders(self, team_id: str, after: int | None = None) -> int:
        p = self.worker_activity_projection
        return self._read(p, after, lambda c, t: p.unassigned(c, t, team_id))

    def is_team_worker(self, team_id: str, worker_id: UUID, after: int | None = None) -> bool:
        p = self.worker_activity_projection
        return self._read(p, after, lambda c, t: p.is_team_worker(c, t, team_id, worker_id))

    def worker_folders(self, team_id: str, worker_id: UUID,
                       after: int | None = None) -> list[dict[str, Any]]:
        """The team's open folders the worker carries (a manager's drill-down)."""
        return [f for f in self.team_folders(team_id, after) if f["worker_id"] == worker_id]

    def unit_figures(self, since: date, until: date, after: int | None = None
                     ) -> dict[str, list[dict[str, Any]]]:
        """Per team and per district, counts only (the MOPS management's view): the worker
        activity's figures with the pending proceedings and the overdue ones among them (KPA
        terms), each in its folder's team and district now. `teams` as `unit_figures` of the
        worker activity lists them; `districts` by code, the one without a district (None)
        last, each only if a count is not zero."""
        wa, pr = self.worker_activity_projection, self.proceedings_projection
        today = self.today()
        holidays = polish_holidays(today.year - 2, 4)

        def query(conn: Connection, tables: list[Tables]) -> dict[str, list[dict[str, Any]]]:
            wt, pt = tables
            teams = wa.unit_figures(conn, wt, since, until)
            districts = wa.district_figures(conn, wt, since, until)
            for row in (*teams.values(), *districts.values()):
                row["pending_proceedings"] = row["overdue_proceedings"] = 0
            pending = pr.pending(conn, pt, today, holidays)
            place_of = wa.places_of_folders(conn, wt, {r["folder_id"] for r in pending})
            for row in pending:
                if row["folder_id"] not in place_of:
                    continue
                team_id, code = place_of[row["folder_id"]]
                overdue = int(bool(row["overdue"]))
                if team_id in teams:
                    teams[team_id]["pending_proceedings"] += 1
                    teams[team_id]["overdue_proceedings"] += overdue
                district = districts.setdefault(code, {
                    **empty_figures(teryt=code), "pending_proceedings": 0,
                    "overdue_proceedings": 0})
                district["pending_proceedings"] += 1
                district["overdue_proceedings"] += overdue
            listed = sorted((code for code, row in districts.items()
                             if row["families"] or row["visits"] or row["pending_proceedings"]),
                            key=lambda code: (code is None, code or ""))
            return {"teams": [teams[key] for key in sorted(teams)],
                    "districts": [districts[code] for code in listed]}
        return self._read_together((wa, pr), after, query)

    def records_of_folder(self, folder_id: UUID) -> tuple[UUID, ...]:
        """The folder's proceedings and care orders: their keys go with the folder's."""
        pr, ho = self.proceedings_projection, self.handoff_projection
        proceedings = self._read(pr, None, lambda c, t: pr.of_folder(c, t, folder_id))
        orders = self._read(ho, None, lambda c, t: ho.orders_of_folder(c, t, folder_id))
        return (*(p["proceeding_id"] for p in proceedings), *(o["order_id"] for o in orders))

    def folders_past_retention(self, deadline: date, after: int | None = None) -> list[UUID]:
        p = self.client_view_projection
        return self._read(p, after, lambda c, t: p.closed_on_or_before(c, t, deadline))

    # -- proceedings ---------------------------------------------------------------------

    def pending_proceedings(self, after: int | None = None) -> list[dict[str, Any]]:
        """Pending proceedings with their KPA term and their party's name, the nearest first
        (days counted to today, public holidays from two years back: the oldest pending ones'
        terms)."""
        p = self.proceedings_projection
        today = self.today()
        holidays = polish_holidays(today.year - 2, 4)
        return self._read(p, after, lambda c, t: self._name_parties(
            c, p.pending(c, t, today, holidays)))

    def decided_proceedings(self, after: int | None = None,
                            limit: int = 200) -> list[dict[str, Any]]:
        p = self.proceedings_projection
        return self._read(p, after, lambda c, t: self._name_parties(c, p.decided(c, t, limit)))

    def proceeding(self, proceeding_id: UUID, after: int | None = None) -> dict | None:
        """One proceeding with its party's name and, while it waits for a decision, its KPA
        term as the pending list gives it."""
        p = self.proceedings_projection
        today = self.today()

        def query(conn: Connection, t: Tables) -> dict | None:
            row = p.proceeding(conn, t, proceeding_id)
            if row is None:
                return None
            if row["status"] in PENDING_STATUSES:
                row = with_clock(row, today, polish_holidays(today.year - 2, 4))
            return self._name_parties(conn, [row])[0]
        return self._read(p, after, query)

    def team_deadlines(self, team_id: str, after: int | None = None) -> dict[str, Any]:
        """The team's follow-ups on today: its pending proceedings by days left to the KPA
        term (each marked when a delay notice is due), its overdue interviews and its
        caregivers' observations no visit has answered (domain/follow_ups.py)."""
        cv, pr = self.client_view_projection, self.proceedings_projection
        today = self.today()
        rules = rules_on(today)
        holidays = polish_holidays(today.year - 2, 4)

        def query(conn: Connection, tables: list[Tables]) -> dict[str, Any]:
            ct, pt = tables
            pending = pr.pending(conn, pt, today, holidays)
            teams = cv.folder_labels(conn, ct, {r["folder_id"] for r in pending})
            ours = [r for r in pending if teams.get(r["folder_id"], (None,))[0] == team_id]
            for row in self._name_parties(conn, ours):
                row["delay_notice_due"] = delay_notice_due(
                    days_left=row["days_left"], overdue=row["overdue"],
                    delayed_to=row["delayed_to"], warning_days=rules.delay_notice_warning_days)
            interviews, observations = cv.team_follow_ups(
                conn, ct, team_id, today, rules.observation_answer_days)
            return {"today": today, "proceedings": ours, "interviews": interviews,
                    "observations": observations,
                    "observation_answer_days": rules.observation_answer_days,
                    "delay_notice_warning_days": rules.delay_notice_warning_days}
        return self._read_together((cv, pr), after, query)

    def _name_parties(self, conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add `client_name` (the party's name from the client view, read without waiting for
        any position: a name a moment old is better than a read kept waiting)."""
        found = self.generations.active(conn, self.client_view_projection)
        ids = {r["person_id"] for r in rows}
        names = self.client_view_projection.member_names(conn, found[0], ids) if found else {}
        for row in rows:
            row["client_name"] = names.get(row["person_id"])
        return rows

    def folder_has_open_proceeding(self, folder_id: UUID) -> bool:
        p = self.proceedings_projection
        return self._read(p, None, lambda c, t: p.has_open(c, t, folder_id))

    def folder_has_owed_reclaim(self, folder_id: UUID) -> bool:
        """Whether an undue benefit reclaimed from the folder's household is still owed."""
        p = self.payments_projection
        return self._read(p, None, lambda c, t: p.has_owed_reclaim(c, t, folder_id))

    # -- the provider --------------------------------------------------------------------

    def handoff_queue(self, provider_id: str, statuses: tuple[str, ...] | None = None,
                      after: int | None = None) -> list[dict[str, Any]]:
        p = self.handoff_projection
        today = self.today()
        if statuses:
            return self._read(p, after, lambda c, t: p.queue(c, t, provider_id, statuses,
                                                            today))
        return self._read(p, after, lambda c, t: p.queue(c, t, provider_id, today=today))

    def orders_changed_since(self, provider_id: str, position: int) -> tuple[list[dict], int]:
        """Orders changed after `position`, and the position the answer is complete up to."""
        p = self.handoff_projection
        with self.engine.connect() as conn:
            active = p.active_tables(conn)
            if active is None:
                return [], position
            tables, upto = active
            return p.changed_since(conn, tables, provider_id, position, self.today()), upto

    def order(self, order_id: UUID, after: int | None = None) -> dict[str, Any] | None:
        p = self.handoff_projection
        today = self.today()
        return self._read(p, after, lambda c, t: p.order(c, t, order_id, today))

    def orders_assigned_to(self, caregiver_id: UUID, after: int | None = None) -> list[UUID]:
        """The caregiver's orders that have not ended."""
        p = self.handoff_projection
        return self._read(p, after, lambda c, t: p.orders_assigned_to(c, t, caregiver_id))

    def demand_and_capacity(self, provider_id: str | None = None,
                            after: int | None = None) -> dict[str, list[dict[str, Any]]]:
        """Per provider and service: its places (None: not set), the orders in care, waiting
        and suspended; and the same per district of the clients' folders now (counts only).
        `provider_id`: one provider's (a coordinator's own), else every provider's."""
        ho, wa, pv = (self.handoff_projection, self.worker_activity_projection,
                      self.providers_projection)

        def query(conn: Connection, tables: list[Tables]) -> dict[str, list[dict[str, Any]]]:
            ht, wt, pt = tables
            orders = ho.demand(conn, ht, provider_id)
            places = ho.places_of(conn, ht)
            directory = pv.providers(conn, pt)
            district_of = {folder_id: place[1] for folder_id, place in wa.places_of_folders(
                conn, wt, {row["folder_id"] for row in orders}).items()}
            services: dict[tuple[str, str], dict[str, Any]] = {}
            for entry in directory:
                if provider_id is not None and entry["provider_id"] != provider_id:
                    continue
                for form in entry["services"]:
                    services[(entry["provider_id"], form)] = _demand_row(
                        provider_id=entry["provider_id"], form=form,
                        places=places.get((entry["provider_key"], form)))
            districts: dict[tuple[str, str, str | None], dict[str, Any]] = {}
            for row in orders:
                key = (row["provider_id"], row["form"])
                service = services.setdefault(key, _demand_row(
                    provider_id=key[0], form=key[1], places=None))
                district = districts.setdefault(
                    (*key, district_of.get(row["folder_id"])),
                    _demand_row(provider_id=key[0], form=key[1],
                                teryt=district_of.get(row["folder_id"])))
                for counted in (service, district):
                    counted[_DEMAND_COLUMN.get(row["status"], "in_care")] += 1
            return {
                "services": [services[k] for k in sorted(services)],
                "districts": [districts[k] for k in sorted(
                    districts, key=lambda k: (k[0], k[1], k[2] is None, k[2] or ""))],
            }
        return self._read_together((ho, wa, pv), after, query)

    def caregiver_visits(self, caregiver_id: UUID, after: int | None = None) -> list[dict]:
        ho, cd = self.handoff_projection, self.care_delivery_projection
        today = self.today()

        def read(conn: Connection, tables: list[Tables]) -> list[dict]:
            visits = ho.caregiver_visits(conn, tables[0], caregiver_id, today)
            # What she finished today stays on the card (the check-out shows as done).
            finished = cd.finished_visits(conn, tables[1], caregiver_id, today)
            for visit in visits:
                visit["finished_visits"] = [
                    f for f in finished
                    if f["order_id"] == visit["order_id"] and f["day"] == visit["day"]]
            return visits

        return self._read_together((ho, cd), after, read)

    def care_month(self, order_id: UUID, year: int, month: int,
                   after: int | None = None) -> dict[str, Any] | None:
        p = self.care_delivery_projection
        check_month(year, month)  # a year out of range cannot even be a date
        return self._read(p, after, lambda c, t: p.month(c, t, order_id, year, month))

    def caregiver_orders(self, caregiver_id: UUID, around: datetime) -> set[UUID]:
        """The orders on which the caregiver may have a visit near `around`: those assigned
        to her, and those with her open visits or her visits of the day before (an order
        since handed to another caregiver, or ended). Read without waiting on any position:
        see `CareOrderUseCases._refuse_if_caregiver_busy` for why that is enough."""
        ho, cd = self.handoff_projection, self.care_delivery_projection

        def read(conn: Connection, tables: list[Tables]) -> set[UUID]:
            return {*ho.orders_assigned_to(conn, tables[0], caregiver_id),
                    *ho.orders_covered_by(conn, tables[0], caregiver_id,
                                          around.date() - timedelta(days=1)),
                    *cd.orders_visited_by(conn, tables[1], caregiver_id, around)}

        return self._read_together((ho, cd), None, read)

    def staff(self, unit: str | None = None, after: int | None = None) -> list[dict]:
        p = self.staff_projection
        return self._read(p, after, lambda c, t: p.users(c, t, unit))

    def registered_by(self, user_id: UUID, after: int | None = None) -> list[dict]:
        """The folders a first-contact worker registered, newest first."""
        p = self.intake_projection
        return self._read(p, after, lambda c, t: p.registered_by(c, t, user_id))

    def providers(self, *, form: str | None = None, active_only: bool = False,
                  after: int | None = None) -> list[dict]:
        """The provider directory (all, or the active ones offering `form`)."""
        p = self.providers_projection
        return self._read(p, after, lambda c, t: p.providers(c, t, form=form,
                                                              active_only=active_only))

    def user_requests(self, unit: str | None = None, status: str | None = None,
                      after: int | None = None) -> list[dict]:
        """Accounts and roles given by two people (all, or a manager's `unit`'s)."""
        p = self.user_requests_projection
        return self._read(p, after, lambda c, t: p.requests(c, t, unit=unit, status=status))

    def received_returns(self, year: int, part: str,
                         after: int | None = None) -> list[dict[str, Any]]:
        """The return that counts of each lower-level unit for a period (federation)."""
        p = self.received_returns_projection
        return self._read(p, after, lambda c, t: p.latest_of_period(c, t, year, part))

    # -- statistical returns -------------------------------------------------------------

    def return_facts(self, period: ReturnPeriod, as_of: datetime,
                     after: int | None = None) -> tuple[ReturnFacts, int]:
        """The facts of a return and the log position they include, from one snapshot."""
        p = self.returns_projection
        return self._returns_snapshot(after, lambda c, t: p.facts(c, t, period, as_of))

    def return_figures(self, period: ReturnPeriod, as_of: datetime,
                       after: int | None = None) -> tuple[dict[str, Any], int]:
        """A return's figures summed by the database and the log position they include,
        from one snapshot (equal to `compile_figures` of `return_facts`)."""
        p = self.returns_projection
        return self._returns_snapshot(after, lambda c, t: p.figures(c, t, period, as_of))

    def _returns_snapshot(self, after: int | None, read: Callable[[Connection, Tables], T],
                          ) -> tuple[T, int]:
        """What ``read`` finds in the returns projection and the log position it includes,
        in one snapshot."""
        p = self.returns_projection
        if after is not None:
            self.wait_for(p, after, self.timeout_s)
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            else:  # pysqlite opens no transaction for reads: take the snapshot explicitly
                conn.exec_driver_sql("BEGIN")
            active = p.active_tables(conn)
            if active is None:
                raise ReadModelNotReadyError(projection=p.name, position=after)
            tables, position = active
            return read(conn, tables), position

    def statistical_returns(self, after: int | None = None) -> list[dict[str, Any]]:
        p = self.returns_projection
        return self._read(p, after, lambda c, t: p.returns(c, t))

    def statistical_return(self, period: ReturnPeriod,
                           after: int | None = None) -> dict[str, Any] | None:
        p = self.returns_projection
        return self._read(p, after, lambda c, t: p.the_return(c, t, period))

    # -- payments (projections/payments.py) ----------------------------------------------

    def payment_draft_inputs(self, until: date, after: int | None = None
                             ) -> tuple[list[CashDecision], set[UUID]]:
        """The granting cash decisions started by ``until`` and the instalments already
        listed or paid, read together."""
        p = self.payments_projection
        return self._read(p, after, lambda c, t: (p.cash_decisions(c, t, until),
                                                  p.settled(c, t)))

    def payment_list(self, payment_date: date,
                     after: int | None = None) -> dict[str, Any] | None:
        p = self.payments_projection
        return self._read(p, after, lambda c, t: p.payment_list(c, t, payment_date))

    def payment_lists(self, after: int | None = None) -> list[dict[str, Any]]:
        p = self.payments_projection
        return self._read(p, after, lambda c, t: p.payment_lists(c, t))

    def payment_recipients(self, folders: Collection[UUID], after: int | None = None
                           ) -> tuple[dict[tuple[UUID, UUID], str | None],
                                      dict[tuple[UUID, UUID], str]]:
        """The recorded accounts and the names of the people in these folders (personal
        data: the caller logs the read)."""
        p, names = self.payments_projection, self.person_index_projection

        def query(conn: Connection, tables: list[Tables]) -> tuple[Any, Any]:
            return (p.accounts(conn, tables[0], folders),
                    names_in(conn, tables[1], folders))
        return self._read_together((p, names), after, query)

    # -- undue benefits and health contributions (projections/payments.py) ---------------

    def paid_for_proceeding(self, proceeding_id: UUID, after: int | None = None) -> Decimal:
        p = self.payments_projection
        return self._read(p, after, lambda c, t: p.paid_for_proceeding(c, t, proceeding_id))

    def receivables(self, folder_id: UUID | None = None, *, only_owed: bool = False,
                    after: int | None = None) -> list[dict[str, Any]]:
        """The reclaims with what is owed, the party's name and the proceeding's version
        (for the next command on it). Personal data: the caller logs the read."""
        p, pr, names = (self.payments_projection, self.proceedings_projection,
                        self.person_index_projection)

        def query(conn: Connection, tables: list[Tables]) -> list[dict[str, Any]]:
            rows = p.receivables(conn, tables[0], folder_id, only_owed)
            ids = list({row["proceeding_id"] for row in rows})
            versions = pr.versions(conn, tables[1], ids)
            found = names_in(conn, tables[2], {row["folder_id"] for row in rows})
            for row in rows:
                row["proceeding_version"] = versions.get(row["proceeding_id"])
                row["name"] = found.get((row["folder_id"], row["person_id"]), "")
            return rows
        return self._read_together((p, pr, names), after, query)

    def permanent_allowances_paid(self, first: date, last: date, after: int | None = None
                                  ) -> list[dict[str, Any]]:
        """Per person, the permanent allowances paid between two days (not reversed), with
        the person's name. Personal data: the caller logs the read."""
        p, names = self.payments_projection, self.person_index_projection

        def query(conn: Connection, tables: list[Tables]) -> list[dict[str, Any]]:
            rows = p.permanent_allowances_paid(conn, tables[0], first, last)
            found = names_in(conn, tables[1], {row["folder_id"] for row in rows})
            for row in rows:
                row["name"] = found.get((row["folder_id"], row["person_id"]), "")
            return rows
        return self._read_together((p, names), after, query)

    def positions(self) -> dict[str, int | None]:
        with self.engine.connect() as conn:
            found = {}
            for projection in self.projections:
                active = projection.active_tables(conn)
                found[projection.name] = active[1] if active else None
            return found


_DEMAND_COLUMN = {"waiting": "waiting", "suspended": "suspended"}


def _demand_row(**values: Any) -> dict[str, Any]:
    return {**values, "in_care": 0, "waiting": 0, "suspended": 0}


def _uuid_or_none(value: Any) -> UUID | None:
    """A timeline entry's id from its details (stored as text), None when it has none."""
    if not value:
        return None
    try:
        return UUID(str(value))
    except ValueError:
        return None
