"""Delivered versus ordered care: caregivers' visits, flags, and monthly settlements."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
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
    Numeric,
    String,
    Table,
    Uuid,
    or_,
    select,
)
from sqlalchemy.engine import Connection

from domain.care import CareTerms
from domain.service_order import ServiceOrder
from projections.batch import Batch
from projections.projection import Projection, Tables, handles


def _terms_row(terms: CareTerms) -> dict[str, Any]:
    return {"tasks": list(terms.tasks), "hours_per_day": str(terms.hours_per_day),
            "hours_per_week": str(terms.hours_per_week), "weekdays": list(terms.weekdays),
            "period_from": terms.period_from.isoformat(),
            "period_to": terms.period_to.isoformat(), "place": terms.place,
            "provider_id": terms.provider_id, "hourly_cost": str(terms.hourly_cost),
            "fee_share_percent": str(terms.fee_share_percent)}


def _terms(row: dict[str, Any]) -> CareTerms:
    return CareTerms(
        tasks=tuple(row["tasks"]), hours_per_day=Decimal(row["hours_per_day"]),
        hours_per_week=Decimal(row["hours_per_week"]), weekdays=tuple(row["weekdays"]),
        period_from=date.fromisoformat(row["period_from"]),
        period_to=date.fromisoformat(row["period_to"]), place=row["place"],
        provider_id=row["provider_id"], hourly_cost=Decimal(row["hourly_cost"]),
        fee_share_percent=Decimal(row["fee_share_percent"]),
    )


class CareDelivery(Projection):
    name = "care_delivery"

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        money = Numeric(12, 2)
        return {
            "orders": Table(
                f"{prefix}_orders", metadata,
                Column("order_id", Uuid, primary_key=True),
                Column("provider_id", String(32), nullable=False, index=True),
                Column("folder_id", Uuid, nullable=False),
                Column("terms", JSON, nullable=False),
            ),
            "visits": Table(
                f"{prefix}_visits", metadata,
                Column("order_id", Uuid, primary_key=True),
                Column("visit_id", Uuid, primary_key=True),
                Column("caregiver_id", Uuid, nullable=False, index=True),
                Column("started_at", DateTime(timezone=True), nullable=False),
                Column("ended_at", DateTime(timezone=True)),
                Column("day", Date, nullable=False, index=True),
                Column("minutes", Integer),
                Column("tasks_done", JSON),
                Column("flags", JSON),
            ),
            "settlements": Table(
                f"{prefix}_settlements", metadata,
                Column("order_id", Uuid, primary_key=True),
                Column("year", Integer, primary_key=True),
                Column("month", Integer, primary_key=True),
                Column("closed_on", Date, nullable=False),
                Column("hours", Numeric(8, 2), nullable=False),
                Column("hourly_cost", money, nullable=False),
                Column("fee_share_percent", Numeric(5, 2), nullable=False),
                Column("total", money, nullable=False),
                Column("client_pays", money, nullable=False),
                Column("municipality_pays", money, nullable=False),
                Column("closed", Boolean, nullable=False, default=True),
            ),
        }

    @handles(ServiceOrder.ServiceOrderPlaced)
    def on_ServiceOrderPlaced(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderPlaced
    ) -> None:
        batch.insert(t.orders, order_id=e.originator_id, provider_id=e.provider_id,
                     folder_id=e.folder_id, terms=_terms_row(e.terms))

    @handles(ServiceOrder.ServiceOrderChanged)
    def on_ServiceOrderChanged(
        self, batch: Batch, t: Tables, e: ServiceOrder.ServiceOrderChanged
    ) -> None:
        batch.update(t.orders, e.originator_id, terms=_terms_row(e.terms))

    @handles(ServiceOrder.CareVisitStarted)
    def on_CareVisitStarted(
        self, batch: Batch, t: Tables, e: ServiceOrder.CareVisitStarted
    ) -> None:
        batch.insert(
            t.visits, order_id=e.originator_id, visit_id=e.visit_id, caregiver_id=e.caregiver_id,
            # Stored in UTC (SQLite keeps no offset); the day is the client's local day.
            started_at=e.started_at.astimezone(UTC), day=e.started_at.date(),
        )

    @handles(ServiceOrder.CareVisitCompleted)
    def on_CareVisitCompleted(
        self, batch: Batch, t: Tables, e: ServiceOrder.CareVisitCompleted
    ) -> None:
        batch.update(t.visits, (e.originator_id, e.visit_id),
                     ended_at=e.ended_at.astimezone(UTC), minutes=e.minutes,
                     tasks_done=list(e.tasks_done), flags=list(e.flags))

    @handles(ServiceOrder.MonthlySettlementClosed)
    def on_MonthlySettlementClosed(
        self, batch: Batch, t: Tables, e: ServiceOrder.MonthlySettlementClosed
    ) -> None:
        batch.insert(
            t.settlements, order_id=e.originator_id, year=e.year, month=e.month,
            closed_on=e.closed_on,
            hours=e.hours, hourly_cost=e.hourly_cost, fee_share_percent=e.fee_share_percent,
            total=e.total, client_pays=e.client_pays, municipality_pays=e.municipality_pays,
        )

    # -- reading -------------------------------------------------------------------------

    def month(self, conn: Connection, t: Tables, order_id: UUID, year: int,
              month: int) -> dict[str, Any] | None:
        """Delivered versus ordered hours of one order in one month, with flagged visits."""
        row = conn.execute(select(t.orders).where(t.orders.c.order_id == order_id)).first()
        if row is None:
            return None
        first = date(year, month, 1)
        after = date(year + (month == 12), month % 12 + 1, 1)
        v = t.visits.c
        visits = [dict(r._mapping) for r in conn.execute(
            select(v.visit_id, v.caregiver_id, v.started_at, v.ended_at, v.minutes,
                   v.tasks_done, v.flags)
            .where(v.order_id == order_id, v.day >= first, v.day < after)
            .order_by(v.started_at))]
        delivered = sum((r["minutes"] or 0) for r in visits)
        settled = conn.execute(select(t.settlements).where(
            t.settlements.c.order_id == order_id, t.settlements.c.year == year,
            t.settlements.c.month == month)).mappings().first()
        return {
            "order_id": order_id, "year": year, "month": month,
            "ordered_hours": _terms(row.terms).monthly_ordered_hours(year, month),
            "delivered_hours": (Decimal(delivered) / 60).quantize(Decimal("0.01")),
            "flagged_visits": sum(1 for r in visits if r["flags"]),
            "visits": visits,
            "settlement": dict(settled) if settled else None,
        }

    def orders_visited_by(self, conn: Connection, t: Tables, caregiver_id: UUID,
                          around: datetime) -> list[UUID]:
        """The orders with the caregiver's open visits or her visits since a day before
        `around` (the check-in rule's orders to look at, besides those assigned to her)."""
        v = t.visits.c
        rows = conn.execute(
            select(v.order_id).distinct().where(
                v.caregiver_id == caregiver_id,
                or_(v.ended_at.is_(None),
                    v.started_at >= (around - timedelta(days=1)).astimezone(UTC)),
            )
        )
        return [r.order_id for r in rows]

    def finished_visits(self, conn: Connection, t: Tables, caregiver_id: UUID,
                        since: date) -> list[dict[str, Any]]:
        """The caregiver's checked-out visits from `since` on, oldest first."""
        v = t.visits.c
        rows = conn.execute(
            select(v.order_id, v.visit_id, v.day, v.started_at, v.ended_at, v.minutes,
                   v.tasks_done)
            .where(v.caregiver_id == caregiver_id, v.day >= since, v.ended_at.is_not(None))
            .order_by(v.started_at)
        )
        # Stored in UTC; SQLite gives it back without the offset.
        return [{**r._mapping, "started_at": _utc(r.started_at), "ended_at": _utc(r.ended_at)}
                for r in rows]


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
