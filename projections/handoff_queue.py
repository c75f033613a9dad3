"""The MOPS→MCUS handoff queue: service orders with what the provider needs to start care,
and the caregivers' upcoming visits with only the fields needed for care.

The order follows its folder after the decision (issue #20): a new address replaces the
one the order was placed with (the coordinator's screen and the caregiver's card follow it),
and each change the provider should know of — the address, a member joining, leaving or
dying, the client's death, an interview conducted or updated (its date only: the text stays
with MOPS), an amended decision — is kept as a line of the order's changes, shown until the
coordinator acknowledges them (`ServiceOrder.FolderChangesSeen`). Only what the handoff may
carry is written: no reasons for help, incomes, interview text or why a member left.

Places and waiting: the provider's places per service (`Provider.CapacitySet`) and the
orders waiting for one (`Provider.OrderQueued`, `PlaceTaken`): a waiting order's status is
`waiting`, its place in the queue `waiting_since`; positions and expected starts are counted
when read (`with_waiting`, `domain/waiting.py`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    delete,
    select,
    update,
)
from sqlalchemy.engine import Connection

from domain.case_folder import ERASED, CaseFolder
from domain.office_day import today_in_poland
from domain.provider import Provider, provider_key
from domain.service_order import ServiceOrder
from domain.waiting import expected_starts
from projections.batch import Batch
from projections.projection import Projection, Tables, handles

ACTIVE_STATUSES = ("waiting", "awaiting_acceptance", "accepted", "caregiver_assigned",
                   "scheduled", "running", "suspended")
# Orders that hold one of the provider's places (or would, had it set places for the form).
HOLDING_STATUSES = ("awaiting_acceptance", "accepted", "caregiver_assigned", "scheduled",
                    "running")
# The folder's changes shown with an order, newest last (the rest stay in the table).
MAX_CHANGES_SHOWN = 50


def _terms(terms: Any) -> dict[str, Any]:
    return {
        "tasks": list(terms.tasks), "hours_per_day": str(terms.hours_per_day),
        "hours_per_week": str(terms.hours_per_week), "weekdays": list(terms.weekdays),
        "period_from": terms.period_from.isoformat(), "period_to": terms.period_to.isoformat(),
        "place": terms.place, "hourly_cost": str(terms.hourly_cost),
        "fee_share_percent": str(terms.fee_share_percent),
    }


# Events whose handlers read the order before changing it.
READ_BEFORE_WRITE = (
    ServiceOrder.WeeklyScheduleSet, ServiceOrder.ServiceOrderSuspended,
    ServiceOrder.ServiceOrderResumed, ServiceOrder.CareVisitStarted,
    ServiceOrder.CaregiverObservationRaised,
)
# Folder events the order follows: their folder's orders are read before they are changed.
FOLLOWED = (
    CaseFolder.AddressChanged, CaseFolder.MemberJoined, CaseFolder.MemberLeft,
    CaseFolder.MemberDied, CaseFolder.InterviewConducted, CaseFolder.InterviewUpdated,
    CaseFolder.CareNotesUpdated,
)


class HandoffQueue(Projection):
    name = "handoff_queue"

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        return {
            "orders": Table(
                f"{prefix}_orders", metadata,
                Column("order_id", Uuid, primary_key=True),
                Column("version", Integer, nullable=False),
                Column("position", Integer, nullable=False, index=True),
                Column("provider_id", String(32), nullable=False, index=True),
                Column("status", String(32), nullable=False, index=True),
                Column("status_before_suspension", String(32)),
                Column("changed", Boolean, nullable=False),
                Column("folder_id", Uuid, nullable=False, index=True),
                Column("person_id", Uuid, nullable=False),
                Column("proceeding_id", Uuid, nullable=False),
                Column("decision_id", Uuid, nullable=False),
                Column("case_reference", String(80), nullable=False),
                Column("form", String(40), nullable=False),
                Column("terms", JSON, nullable=False),
                Column("client_name", String(200), nullable=False),
                Column("address_line", String(300), nullable=False),
                Column("contact_phone", String(30)),
                Column("access_notes", Text, nullable=False),
                Column("household_summary", Text, nullable=False),
                Column("health_notes", Text, nullable=False),
                Column("family_notes", Text, nullable=False),
                Column("social_worker_id", Uuid),
                Column("social_worker_name", String(200)),
                Column("social_worker_phone", String(30)),
                Column("caregiver_id", Uuid, index=True),
                Column("schedule", JSON, nullable=False),
                Column("open_visit_id", Uuid),
                Column("open_visit_started_at", DateTime(timezone=True)),
                Column("placed_on", Date, nullable=False),
                Column("accepted_on", Date),
                Column("ended_on", Date),
                Column("end_reason", Text),
                Column("observations", Integer, nullable=False),
                Column("updated_at", String(40)),
                # In the provider's queue for a place since this log position (else None).
                Column("waiting_since", Integer),
                # The folder's changes the coordinator has seen, up to this log position.
                Column("seen_up_to", Integer, nullable=False, default=0),
            ),
            "changes": Table(
                f"{prefix}_changes", metadata,
                Column("order_id", Uuid, primary_key=True),
                Column("position", Integer, primary_key=True),
                Column("folder_id", Uuid, nullable=False, index=True),
                # address, member_joined, member_left, member_died, client_died,
                # interview_conducted, interview_updated, decision_amended
                Column("kind", String(40), nullable=False),
                Column("on", Date, nullable=False),
                Column("detail", JSON, nullable=False),
                Column("recorded_at", String(40)),
            ),
            "covers": Table(
                f"{prefix}_covers", metadata,
                Column("order_id", Uuid, primary_key=True),
                Column("absence_id", Uuid, primary_key=True),
                Column("position", Integer, nullable=False),
                Column("caregiver_id", Uuid, nullable=False, index=True),
                Column("date_from", Date, nullable=False),
                Column("date_to", Date, nullable=False),
            ),
            "places": Table(
                f"{prefix}_places", metadata,
                Column("provider_key", Uuid, primary_key=True),
                Column("form", String(40), primary_key=True),
                Column("places", Integer, nullable=False),
            ),
        }

    def preload(self, batch: Batch, tables: Tables, events: list[Any]) -> None:
        batch.preload(tables.orders, "order_id", {
            e.originator_id for e in events if isinstance(e, READ_BEFORE_WRITE)})
        batch.preload(tables.orders, "folder_id", {
            e.originator_id for e in events if isinstance(e, FOLLOWED)})

    def _set(self, batch: Batch, t: Tables, e: Any, **values: Any) -> None:
        meta = getattr(e, "meta", None) or {}
        batch.update(t.orders, e.originator_id, version=e.originator_version,
                     position=getattr(e, "notification_id", 0),
                     updated_at=meta.get("recorded_at"), **values)

    @handles(ServiceOrder.ServiceOrderPlaced)
    def on_ServiceOrderPlaced(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderPlaced
    ) -> None:
        h = e.handoff
        meta = getattr(e, "meta", None) or {}
        batch.insert(
            t.orders, order_id=e.originator_id, version=e.originator_version,
            position=getattr(e, "notification_id", 0), provider_id=e.provider_id,
            status="awaiting_acceptance", changed=False, folder_id=e.folder_id,
            person_id=e.person_id, proceeding_id=e.proceeding_id, decision_id=e.decision_id,
            case_reference=e.case_reference, form=e.form, terms=_terms(e.terms),
            client_name=h.client_name, address_line=h.address_line,
            contact_phone=h.contact_phone, access_notes=h.access_notes,
            household_summary=h.household_summary, health_notes=h.health_notes,
            family_notes=h.family_notes, social_worker_id=h.social_worker_id,
            social_worker_name=h.social_worker_name, social_worker_phone=h.social_worker_phone,
            schedule=[], placed_on=e.placed_on, observations=0,
            updated_at=meta.get("recorded_at"), seen_up_to=0, waiting_since=None,
        )

    @handles(ServiceOrder.ServiceOrderAccepted)
    def on_ServiceOrderAccepted(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderAccepted
    ) -> None:
        self._set(batch, t, e, status="accepted", accepted_on=e.accepted_on)

    @handles(ServiceOrder.CaregiverAssigned)
    def on_CaregiverAssigned(
        self, batch: Batch, t: Tables, e: ServiceOrder.CaregiverAssigned
    ) -> None:
        self._set(batch, t, e, status="caregiver_assigned", caregiver_id=e.caregiver_id)

    @handles(ServiceOrder.WeeklyScheduleSet)
    def on_WeeklyScheduleSet(
        self, batch: Batch, t: Tables, e: ServiceOrder.WeeklyScheduleSet
    ) -> None:
        slots = [{"weekday": s.weekday, "start": s.start.isoformat(timespec="minutes"),
                  "minutes": s.minutes} for s in e.slots]
        status = self._status(batch, t, e)
        self._set(batch, t, e, schedule=slots,
                  status="scheduled" if status == "caregiver_assigned" else status)

    @handles(ServiceOrder.ServiceOrderChanged)
    def on_ServiceOrderChanged(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderChanged
    ) -> None:
        self._set(batch, t, e, terms=_terms(e.terms), changed=True)
        order = batch.get(t.orders, e.originator_id)
        if order is not None:
            self._note(batch, t, e, order, "decision_amended", e.amended_on, {
                "hours_per_week": str(e.terms.hours_per_week),
                "period_to": e.terms.period_to.isoformat()})

    @handles(ServiceOrder.CoverAssigned)
    def on_CoverAssigned(self, batch: Batch, t: Tables, e: ServiceOrder.CoverAssigned) -> None:
        batch.insert(t.covers, order_id=e.originator_id, absence_id=e.absence_id,
                     position=getattr(e, "notification_id", 0), caregiver_id=e.caregiver_id,
                     date_from=e.date_from, date_to=e.date_to)
        self._set(batch, t, e)

    @handles(ServiceOrder.FolderChangesSeen)
    def on_FolderChangesSeen(
        self, batch: Batch, t: Tables, e: ServiceOrder.FolderChangesSeen
    ) -> None:
        self._set(batch, t, e, seen_up_to=e.up_to)

    # -- the folder, followed ------------------------------------------------------------

    def _followers(self, batch: Batch, t: Tables, folder_id: UUID) -> list[Any]:
        return [row for row in batch.rows_where(t.orders, "folder_id", folder_id)
                if row["status"] != "ended"]

    def _note(self, batch: Batch, t: Tables, e: Any, order: Any, kind: str, on: date,
              detail: dict[str, Any], **values: Any) -> None:
        """One change the provider should know of, on the order's list; the order's row
        moves to the event's position, so an open stream sends it at once."""
        position = getattr(e, "notification_id", 0)
        meta = getattr(e, "meta", None) or {}
        batch.insert(t.changes, order_id=order["order_id"], position=position,
                     folder_id=order["folder_id"], kind=kind, on=on, detail=detail,
                     recorded_at=meta.get("recorded_at"))
        batch.update(t.orders, order["order_id"], position=position,
                     updated_at=meta.get("recorded_at"), **values)

    @handles(CaseFolder.AddressChanged)
    def on_AddressChanged(self, batch: Batch, t: Tables, e: CaseFolder.AddressChanged) -> None:
        line = e.address.line
        for order in self._followers(batch, t, e.originator_id):
            self._note(batch, t, e, order, "address", e.changed_on,
                       {"address_line": line, "before": order["address_line"]},
                       address_line=line)

    @handles(CaseFolder.MemberJoined)
    def on_MemberJoined(self, batch: Batch, t: Tables, e: CaseFolder.MemberJoined) -> None:
        born = e.member.birth_date
        age = None if born is None else e.joined_on.year - born.year - (
            (e.joined_on.month, e.joined_on.day) < (born.month, born.day))
        for order in self._followers(batch, t, e.originator_id):
            self._note(batch, t, e, order, "member_joined", e.joined_on,
                       {"relation": e.member.relation, "age": age})

    @handles(CaseFolder.MemberLeft)
    def on_MemberLeft(self, batch: Batch, t: Tables, e: CaseFolder.MemberLeft) -> None:
        for order in self._followers(batch, t, e.originator_id):
            if order["person_id"] != e.member_id:
                self._note(batch, t, e, order, "member_left", e.left_on, {})
            else:  # the client moved out of the household the order was placed in
                self._note(batch, t, e, order, "client_left", e.left_on, {})

    @handles(CaseFolder.MemberDied)
    def on_MemberDied(self, batch: Batch, t: Tables, e: CaseFolder.MemberDied) -> None:
        for order in self._followers(batch, t, e.originator_id):
            kind = "client_died" if order["person_id"] == e.member_id else "member_died"
            self._note(batch, t, e, order, kind, e.died_on, {})

    @handles(CaseFolder.CareNotesUpdated)
    def on_CareNotesUpdated(self, batch: Batch, t: Tables,
                            e: CaseFolder.CareNotesUpdated) -> None:
        # The notes themselves are the order's fields (shown to the carers); the line says so.
        for order in self._followers(batch, t, e.originator_id):
            meta = getattr(e, "meta", None) or {}
            recorded = str(meta.get("recorded_at") or "")[:10]
            on = date.fromisoformat(recorded) if recorded else order["placed_on"]
            self._note(batch, t, e, order, "care_notes", on, {},
                       health_notes=e.health_notes, access_notes=e.access_notes)

    @handles(CaseFolder.InterviewConducted, CaseFolder.InterviewUpdated)
    def on_interview(
        self, batch: Batch, t: Tables,
        e: CaseFolder.InterviewConducted | CaseFolder.InterviewUpdated,
    ) -> None:
        # Its day only: the text (incomes, health, family) stays with MOPS.
        if isinstance(e, CaseFolder.InterviewConducted):
            kind, on = "interview_conducted", e.conducted_on
        else:
            kind, on = "interview_updated", e.updated_on
        for order in self._followers(batch, t, e.originator_id):
            self._note(batch, t, e, order, kind, on, {})

    # -- places and waiting --------------------------------------------------------------

    @handles(Provider.CapacitySet)
    def on_CapacitySet(self, batch: Batch, t: Tables, e: Provider.CapacitySet) -> None:
        if batch.get(t.places, (e.originator_id, e.form)) is None:
            batch.insert(t.places, provider_key=e.originator_id, form=e.form,
                         places=e.places)
        else:
            batch.update(t.places, (e.originator_id, e.form), places=e.places)

    @handles(Provider.OrderQueued)
    def on_OrderQueued(self, batch: Batch, t: Tables, e: Provider.OrderQueued) -> None:
        order = batch.get(t.orders, e.order_id)
        if order is not None:
            position = getattr(e, "notification_id", 0)
            batch.update(t.orders, e.order_id, status="waiting", waiting_since=position,
                         status_before_suspension=order["status"], position=position)

    @handles(Provider.PlaceTaken)
    def on_PlaceTaken(self, batch: Batch, t: Tables, e: Provider.PlaceTaken) -> None:
        if not e.from_queue:
            return
        order = batch.get(t.orders, e.order_id)
        if order is not None:
            batch.update(t.orders, e.order_id, waiting_since=None, status_before_suspension=None,
                         status=order["status_before_suspension"] or "awaiting_acceptance",
                         position=getattr(e, "notification_id", 0))
            self._queue_moved(batch, t, e, order)

    @handles(Provider.LeftQueue)
    def on_LeftQueue(self, batch: Batch, t: Tables, e: Provider.LeftQueue) -> None:
        order = batch.get(t.orders, e.order_id)
        if order is not None:
            batch.update(t.orders, e.order_id, waiting_since=None)
            self._queue_moved(batch, t, e, order)

    def _queue_moved(self, batch: Batch, t: Tables, e: Any, order: Any) -> None:
        """Those still waiting moved up: their rows move to the event's position too."""
        o = t.orders.c
        batch.execute(update(t.orders).where(
            o.provider_id == order["provider_id"], o.form == order["form"],
            o.status == "waiting", o.order_id != order["order_id"],
        ).values(position=getattr(e, "notification_id", 0)))

    @handles(ServiceOrder.OrderChangeAcknowledged)
    def on_OrderChangeAcknowledged(
        self, batch: Batch, t: Tables, e: ServiceOrder.OrderChangeAcknowledged
    ) -> None:
        self._set(batch, t, e, changed=False)

    @handles(ServiceOrder.ServiceOrderSuspended)
    def on_ServiceOrderSuspended(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderSuspended
    ) -> None:
        self._set(batch, t, e, status="suspended",
                  status_before_suspension=self._status(batch, t, e))

    @handles(ServiceOrder.ServiceOrderResumed)
    def on_ServiceOrderResumed(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderResumed
    ) -> None:
        order = batch.get(t.orders, e.originator_id)
        before = order["status_before_suspension"] if order is not None else None
        self._set(batch, t, e, status=before or "scheduled", status_before_suspension=None)

    @handles(ServiceOrder.ServiceOrderEnded)
    def on_ServiceOrderEnded(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderEnded
    ) -> None:
        self._set(batch, t, e, status="ended", ended_on=e.on, end_reason=e.reason,
                  changed=True)

    @handles(ServiceOrder.CareVisitStarted)
    def on_CareVisitStarted(
        self, batch: Batch, t: Tables, e: ServiceOrder.CareVisitStarted
    ) -> None:
        status = self._status(batch, t, e)
        self._set(batch, t, e, open_visit_id=e.visit_id, open_visit_started_at=e.started_at,
                  status="running" if status in ("scheduled", "caregiver_assigned") else status)

    @handles(ServiceOrder.CareVisitCompleted)
    def on_CareVisitCompleted(
        self, batch: Batch, t: Tables, e: ServiceOrder.CareVisitCompleted
    ) -> None:
        self._set(batch, t, e, open_visit_id=None, open_visit_started_at=None)

    @handles(ServiceOrder.CaregiverObservationRaised)
    def on_CaregiverObservationRaised(
        self, batch: Batch, t: Tables, e: ServiceOrder.CaregiverObservationRaised
    ) -> None:
        order = batch.get(t.orders, e.originator_id)
        if order is not None:
            self._set(batch, t, e, observations=order["observations"] + 1)

    @handles(ServiceOrder.MonthlySettlementClosed)
    def on_MonthlySettlementClosed(
        self, batch: Batch, t: Tables, e: ServiceOrder.MonthlySettlementClosed
    ) -> None:
        self._set(batch, t, e)

    @handles(CaseFolder.PersonalDataErased)
    def on_PersonalDataErased(
        self, batch: Batch, t: Tables, e: CaseFolder.PersonalDataErased
    ) -> None:
        batch.execute(update(t.orders).where(t.orders.c.folder_id == e.originator_id).values(
            client_name=ERASED, address_line=ERASED, contact_phone=None, access_notes="",
            household_summary="", health_notes="", family_notes="", end_reason=None,
        ))
        batch.execute(delete(t.changes).where(t.changes.c.folder_id == e.originator_id))

    def _status(self, batch: Batch, t: Tables, e: Any) -> str | None:
        order = batch.get(t.orders, e.originator_id)
        return order["status"] if order is not None else None

    # -- reading -------------------------------------------------------------------------

    def queue(self, conn: Connection, t: Tables, provider_id: str,
              statuses: tuple[str, ...] = ACTIVE_STATUSES,
              today: date | None = None) -> list[dict[str, Any]]:
        """The provider's orders, changed and waiting ones first (those waiting for a place
        last, in the queue's order), each with the folder's changes not yet seen."""
        o = t.orders.c
        rows = conn.execute(
            select(t.orders).where(o.provider_id == provider_id, o.status.in_(statuses))
            .order_by(o.status == "waiting", o.changed.desc(),
                      (o.status != "awaiting_acceptance"), o.waiting_since, o.placed_on)
        ).mappings()
        return self.shown(conn, t, [dict(r) for r in rows], today)

    def changed_since(self, conn: Connection, t: Tables, provider_id: str,
                      position: int, today: date | None = None) -> list[dict[str, Any]]:
        """Orders of the provider that changed after `position`, oldest change first."""
        o = t.orders.c
        rows = conn.execute(
            select(t.orders).where(o.provider_id == provider_id, o.position > position)
            .order_by(o.position)
        ).mappings()
        return self.shown(conn, t, [dict(r) for r in rows], today)

    def order(self, conn: Connection, t: Tables, order_id: UUID,
              today: date | None = None) -> dict[str, Any] | None:
        row = conn.execute(select(t.orders).where(t.orders.c.order_id == order_id)).mappings()
        found = row.first()
        return self.shown(conn, t, [dict(found)], today)[0] if found else None

    def shown(self, conn: Connection, t: Tables, rows: list[dict[str, Any]],
              today: date | None) -> list[dict[str, Any]]:
        """Rows as the coordinator sees them: the folder's changes since she last looked,
        and for a waiting order its place in the queue and expected start."""
        if not rows:
            return rows
        c = t.changes.c
        unseen: dict[UUID, list[dict[str, Any]]] = {row["order_id"]: [] for row in rows}
        seen = {row["order_id"]: row["seen_up_to"] or 0 for row in rows}
        for change in conn.execute(
            select(c.order_id, c.position, c.kind, c.on, c.detail, c.recorded_at)
            .where(c.order_id.in_(list(unseen))).order_by(c.position)
        ).mappings():
            if change["position"] > seen[change["order_id"]]:
                unseen[change["order_id"]].append(dict(change))
        covers = self._covers(conn, t, list(unseen))
        for row in rows:
            row["covers"] = covers.get(row["order_id"], [])
            row["folder_changes"] = unseen[row["order_id"]][-MAX_CHANGES_SHOWN:]
            row["waiting_position"] = row["expected_start"] = None
        waiting = [row for row in rows if row["status"] == "waiting"]
        if waiting:
            self._place_in_queue(conn, t, waiting, today or today_in_poland())
        return rows

    def _covers(self, conn: Connection, t: Tables,
                order_ids: list[UUID]) -> dict[UUID, list[dict[str, Any]]]:
        """The covers of these orders, oldest first (a later one wins on a shared day)."""
        c = t.covers.c
        found: dict[UUID, list[dict[str, Any]]] = {}
        for row in conn.execute(
            select(c.order_id, c.caregiver_id, c.date_from, c.date_to)
            .where(c.order_id.in_(order_ids)).order_by(c.position)
        ).mappings():
            found.setdefault(row["order_id"], []).append(
                {"caregiver_id": row["caregiver_id"], "date_from": row["date_from"],
                 "date_to": row["date_to"]})
        return found

    def _place_in_queue(self, conn: Connection, t: Tables, rows: list[dict[str, Any]],
                        today: date) -> None:
        o = t.orders.c
        for provider_id, form in {(r["provider_id"], r["form"]) for r in rows}:
            places = self._places(conn, t, provider_id, form)
            same = conn.execute(
                select(o.order_id, o.status, o.terms, o.waiting_since).where(
                    o.provider_id == provider_id, o.form == form,
                    o.status.in_((*HOLDING_STATUSES, "waiting")))
            ).all()
            holders = [date.fromisoformat(r.terms["period_to"]) for r in same
                       if r.status != "waiting"]
            queue = sorted((r for r in same if r.status == "waiting"),
                           key=lambda r: r.waiting_since or 0)
            starts = expected_starts(places if places is not None else len(holders), holders,
                                     [_period_days(r.terms) for r in queue], today)
            at = {r.order_id: (n, start)
                  for n, (r, start) in enumerate(zip(queue, starts, strict=True), 1)}
            for row in rows:
                if (row["provider_id"], row["form"]) == (provider_id, form):
                    row["waiting_position"], row["expected_start"] = at.get(
                        row["order_id"], (None, None))

    def _places(self, conn: Connection, t: Tables, provider_id: str, form: str) -> int | None:
        p = t.places.c
        return conn.execute(select(p.places).where(
            p.provider_key == provider_key(provider_id), p.form == form)).scalar()

    def demand(self, conn: Connection, t: Tables,
               provider_id: str | None) -> list[dict[str, Any]]:
        """Per provider, service and folder: the orders in care, waiting and suspended (no
        personal data: counts, with the folder only to find its district)."""
        o = t.orders.c
        stmt = select(o.provider_id, o.form, o.folder_id, o.status).where(
            o.status.in_(ACTIVE_STATUSES))
        if provider_id is not None:
            stmt = stmt.where(o.provider_id == provider_id)
        return [dict(r._mapping) for r in conn.execute(stmt)]

    def places_of(self, conn: Connection, t: Tables) -> dict[tuple[UUID, str], int]:
        p = t.places.c
        return {(r.provider_key, r.form): r.places
                for r in conn.execute(select(p.provider_key, p.form, p.places))}

    def orders_of_folder(self, conn: Connection, t: Tables, folder_id: UUID) -> list[dict]:
        o = t.orders.c
        rows = conn.execute(select(o.order_id, o.status, o.changed, o.form, o.provider_id,
                                   o.case_reference, o.caregiver_id, o.terms)
                            .where(o.folder_id == folder_id).order_by(o.placed_on))
        return [dict(r._mapping) for r in rows]

    def orders_assigned_to(self, conn: Connection, t: Tables, caregiver_id: UUID) -> list[UUID]:
        """The caregiver's orders that are not ended."""
        o = t.orders.c
        rows = conn.execute(select(o.order_id).where(o.caregiver_id == caregiver_id,
                                                     o.status.in_(ACTIVE_STATUSES)))
        return [r.order_id for r in rows]

    def orders_covered_by(self, conn: Connection, t: Tables, caregiver_id: UUID,
                          since: date) -> list[UUID]:
        """The orders the caregiver covers on some day from `since` on."""
        c = t.covers.c
        rows = conn.execute(select(c.order_id).where(c.caregiver_id == caregiver_id,
                                                     c.date_to >= since))
        return sorted({r.order_id for r in rows})

    def caregiver_visits(self, conn: Connection, t: Tables, caregiver_id: UUID, today: date,
                         days: int = 7) -> list[dict[str, Any]]:
        """The caregiver's visits from today on: only what care needs (no income, no reasons
        for help, no family or violence records). Her own clients' on the days nobody covers
        her, and those of a colleague's clients she covers on the days she does (`cover`)."""
        o = t.orders.c
        covered = self.orders_covered_by(conn, t, caregiver_id, today)
        rows = conn.execute(
            select(o.order_id, o.version, o.folder_id, o.person_id, o.client_name, o.address_line,
                   o.access_notes, o.health_notes, o.terms, o.schedule, o.status,
                   o.open_visit_id, o.open_visit_started_at, o.caregiver_id)
            .where((o.caregiver_id == caregiver_id) | o.order_id.in_(covered),
                   o.status.in_(("scheduled", "running", "caregiver_assigned")))
        ).all()
        covers = self._covers(conn, t, [r.order_id for r in rows])
        visits = []
        for r in rows:
            period_from = date.fromisoformat(r.terms["period_from"])
            period_to = date.fromisoformat(r.terms["period_to"])
            for offset in range(days):
                day = today + timedelta(days=offset)
                if not period_from <= day <= period_to:
                    continue
                who = _visiting(r.caregiver_id, covers.get(r.order_id, []), day)
                if who != caregiver_id:
                    continue
                for slot in r.schedule:
                    if slot["weekday"] == day.isoweekday():
                        visits.append({
                            "order_id": r.order_id, "order_version": r.version,
                            "folder_id": r.folder_id, "person_id": r.person_id, "day": day,
                            "start": slot["start"], "minutes": slot["minutes"],
                            "client_name": r.client_name, "address_line": r.address_line,
                            "access_notes": r.access_notes, "health_notes": r.health_notes,
                            "tasks": r.terms["tasks"], "open_visit_id": r.open_visit_id,
                            "open_visit_started_at": r.open_visit_started_at,
                            "cover": r.caregiver_id != caregiver_id,
                        })
        return sorted(visits, key=lambda v: (v["day"], v["start"]))


def _visiting(assigned: UUID | None, covers: list[dict[str, Any]], day: date) -> UUID | None:
    """Who visits on a day: the latest cover of that day, else the assigned caregiver (the
    same rule as `ServiceOrder.caregiver_on`)."""
    for cover in reversed(covers):
        if cover["date_from"] <= day <= cover["date_to"]:
            return cover["caregiver_id"]
    return assigned

def _period_days(terms: dict[str, Any]) -> int:
    return (date.fromisoformat(terms["period_to"])
            - date.fromisoformat(terms["period_from"])).days + 1
