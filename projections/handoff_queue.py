"""The MOPS→MCUS handoff queue: service orders with what the provider needs to start care,
and the caregivers' upcoming visits with only the fields needed for care."""

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
    select,
    update,
)
from sqlalchemy.engine import Connection

from domain.case_folder import ERASED, CaseFolder
from domain.service_order import ServiceOrder
from projections.batch import Batch
from projections.projection import Projection, Tables, handles

ACTIVE_STATUSES = ("awaiting_acceptance", "accepted", "caregiver_assigned", "scheduled",
                   "running", "suspended")


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
            ),
        }

    def preload(self, batch: Batch, tables: Tables, events: list[Any]) -> None:
        batch.preload(tables.orders, "order_id", {
            e.originator_id for e in events if isinstance(e, READ_BEFORE_WRITE)})

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
            updated_at=meta.get("recorded_at"),
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

    def _status(self, batch: Batch, t: Tables, e: Any) -> str | None:
        order = batch.get(t.orders, e.originator_id)
        return order["status"] if order is not None else None

    # -- reading -------------------------------------------------------------------------

    def queue(self, conn: Connection, t: Tables, provider_id: str,
              statuses: tuple[str, ...] = ACTIVE_STATUSES) -> list[dict[str, Any]]:
        """The provider's orders, changed and waiting ones first."""
        o = t.orders.c
        rows = conn.execute(
            select(t.orders).where(o.provider_id == provider_id, o.status.in_(statuses))
            .order_by(o.changed.desc(), (o.status != "awaiting_acceptance"), o.placed_on)
        ).mappings()
        return [dict(r) for r in rows]

    def changed_since(self, conn: Connection, t: Tables, provider_id: str,
                      position: int) -> list[dict[str, Any]]:
        """Orders of the provider that changed after `position`, oldest change first."""
        o = t.orders.c
        rows = conn.execute(
            select(t.orders).where(o.provider_id == provider_id, o.position > position)
            .order_by(o.position)
        ).mappings()
        return [dict(r) for r in rows]

    def order(self, conn: Connection, t: Tables, order_id: UUID) -> dict[str, Any] | None:
        row = conn.execute(select(t.orders).where(t.orders.c.order_id == order_id)).mappings()
        found = row.first()
        return dict(found) if found else None

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

    def caregiver_visits(self, conn: Connection, t: Tables, caregiver_id: UUID, today: date,
                         days: int = 7) -> list[dict[str, Any]]:
        """The caregiver's visits from today on: only what care needs (no income, no reasons
        for help, no family or violence records)."""
        o = t.orders.c
        rows = conn.execute(
            select(o.order_id, o.version, o.folder_id, o.person_id, o.client_name, o.address_line,
                   o.access_notes, o.health_notes, o.terms, o.schedule, o.status,
                   o.open_visit_id, o.open_visit_started_at)
            .where(o.caregiver_id == caregiver_id,
                   o.status.in_(("scheduled", "running", "caregiver_assigned")))
        ).all()
        visits = []
        for r in rows:
            period_from = date.fromisoformat(r.terms["period_from"])
            period_to = date.fromisoformat(r.terms["period_to"])
            for offset in range(days):
                day = today + timedelta(days=offset)
                if not period_from <= day <= period_to:
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
                        })
        return sorted(visits, key=lambda v: (v["day"], v["start"]))

