"""Returns received from lower-level units: one row per receipt, the latest of each unit and
period marked current, for the status screen and the sum."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

from domain.federation import ReceivedReturn, received_on_time
from domain.mrpips03_rows import LEGACY_LAYOUT
from projections.batch import Batch
from projections.projection import Projection, Tables, handles


class ReceivedReturns(Projection):
    name = "received_returns"

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        return {
            "receipts": Table(
                f"{prefix}_receipts", metadata,
                Column("receipt_id", Uuid, primary_key=True),
                Column("position", Integer, nullable=False),
                Column("level", String(16), nullable=False),
                Column("teryt", String(7), nullable=False),
                Column("name", String(120), nullable=False),
                Column("year", Integer, nullable=False),
                Column("part", String(2), nullable=False),
                Column("content_hash", String(64), nullable=False),
                Column("figures", JSON, nullable=False),
                Column("submitted_at", String(40), nullable=False),
                Column("received_at", String(40), nullable=False),
                Column("deadline", Date),
                Column("on_time", Boolean, nullable=False),
                # The latest receipt of its unit and period: the one that counts.
                Column("is_latest", Boolean, nullable=False),
                # Reads look up a period's current receipts.
                Column("period_key", String(8), nullable=False, index=True),
                # The rows its figures have (domain/mrpips03_rows.py LAYOUTS): the sum takes
                # the current layout's, the others are named beside it.
                Column("layout", String(8), nullable=False, default=LEGACY_LAYOUT),
            ),
        }

    @handles(ReceivedReturn.ReturnReceived)
    def on_ReturnReceived(self, batch: Batch, t: Tables, e: ReceivedReturn.ReturnReceived) -> None:
        period_key = f"{e.year}-{e.part}"
        r = t.receipts.c
        batch.execute(update(t.receipts)
                     .where(r.period_key == period_key, r.teryt == e.teryt)
                     .values(is_latest=False))
        batch.execute(insert(t.receipts).values(
            receipt_id=e.originator_id, position=getattr(e, "notification_id", 0),
            level=e.level, teryt=e.teryt, name=e.name, year=e.year, part=e.part,
            content_hash=e.content_hash, figures=e.figures, submitted_at=e.submitted_at,
            received_at=e.received_at.isoformat(), deadline=e.deadline,
            on_time=received_on_time(e.received_at, e.deadline), is_latest=True,
            period_key=period_key, layout=getattr(e, "layout", LEGACY_LAYOUT),
        ))

    # -- reading -------------------------------------------------------------------------

    def latest_of_period(self, conn: Connection, t: Tables, year: int,
                         part: str) -> list[dict[str, Any]]:
        """The receipt that counts for each unit of the period, with how many it has had."""
        r = t.receipts.c
        counts = (select(r.teryt, func.count().label("receipts"))
                  .where(r.period_key == f"{year}-{part}").group_by(r.teryt).subquery())
        rows = conn.execute(
            select(r.receipt_id, r.level, r.teryt, r.name, r.content_hash, r.figures,
                   r.submitted_at, r.received_at, r.deadline, r.on_time, r.layout,
                   counts.c.receipts)
            .join(counts, counts.c.teryt == r.teryt)
            .where(r.period_key == f"{year}-{part}", r.is_latest)
            .order_by(r.teryt)
        ).mappings()
        return [dict(row) for row in rows]
