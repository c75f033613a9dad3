"""Administrative proceedings: the decision makers' worklist and each folder's proceedings."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any
from uuid import UUID

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
    select,
)
from sqlalchemy.engine import Connection

from domain.kpa import decision_clock
from domain.proceeding import Proceeding
from projections.batch import Batch
from projections.projection import Projection, Tables, handles

# Waiting for a decision: a suspended one too (its term stopped, shown after the others).
PENDING = ("filed", "suspended")
# A decision maker may read a folder while one of its proceedings is still open.
OPEN = ("filed", "suspended", "decided", "delivered", "appealed")
DECIDED = ("decided", "delivered", "appealed")


class Proceedings(Projection):
    name = "proceedings"

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        return {
            "proceedings": Table(
                f"{prefix}_proceedings", metadata,
                Column("proceeding_id", Uuid, primary_key=True),
                Column("version", Integer, nullable=False),
                Column("folder_id", Uuid, nullable=False, index=True),
                Column("person_id", Uuid, nullable=False),
                Column("form", String(40), nullable=False),
                Column("case_reference", String(80), nullable=False),
                Column("applicant", String(32)),
                Column("opened_on", Date, nullable=False),
                Column("status", String(16), nullable=False, index=True),
                Column("decision_id", Uuid),
                Column("outcome", String(16)),
                Column("reasons", JSON),
                Column("issued_on", Date),
                Column("amendments", Integer, nullable=False),
                Column("delivered_on", Date),
                Column("appeal_filed_on", Date),
                Column("final_on", Date),
                Column("revoked_on", Date),
                # The course of the procedure (KPA, issue #18): what the term is counted from.
                Column("complicated", Boolean, nullable=False, default=False),
                Column("suspended_on", Date),
                Column("suspended_days", Integer, nullable=False, default=0),
                Column("delayed_to", Date),
                Column("closed_on", Date),
            ),
        }

    def _set(self, batch: Batch, t: Tables, e: Any, **values: Any) -> None:
        batch.update(t.proceedings, e.originator_id, version=e.originator_version, **values)

    def _open(self, batch: Batch, t: Tables, e: Any, applicant: str | None, on) -> None:
        batch.insert(
            t.proceedings, proceeding_id=e.originator_id, version=e.originator_version,
            folder_id=e.folder_id,
            person_id=e.person_id, form=e.form, case_reference=e.case_reference,
            applicant=applicant, opened_on=on, status="filed", amendments=0,
            complicated=False, suspended_days=0,
        )

    @handles(Proceeding.ApplicationFiled)
    def on_ApplicationFiled(self, batch: Batch, t: Tables, e: Proceeding.ApplicationFiled) -> None:
        self._open(batch, t, e, e.applicant, e.filed_on)

    @handles(Proceeding.ProceedingOpenedExOfficio)
    def on_ProceedingOpenedExOfficio(
        self, batch: Batch, t: Tables, e: Proceeding.ProceedingOpenedExOfficio
    ) -> None:
        self._open(batch, t, e, None, e.opened_on)

    @handles(Proceeding.DecisionIssued)
    def on_DecisionIssued(self, batch: Batch, t: Tables, e: Proceeding.DecisionIssued) -> None:
        self._set(batch, t, e, status="decided", decision_id=e.decision_id, outcome=e.outcome,
                  reasons=list(e.reasons), issued_on=e.issued_on, delivered_on=None,
                  appeal_filed_on=None, final_on=None, revoked_on=None)

    @handles(Proceeding.DecisionAmended)
    def on_DecisionAmended(self, batch: Batch, t: Tables, e: Proceeding.DecisionAmended) -> None:
        proceeding = batch.get(t.proceedings, e.originator_id)
        if proceeding is not None:
            self._set(batch, t, e, amendments=proceeding["amendments"] + 1)

    @handles(Proceeding.DecisionRevoked)
    def on_DecisionRevoked(self, batch: Batch, t: Tables, e: Proceeding.DecisionRevoked) -> None:
        self._set(batch, t, e, status="revoked", revoked_on=e.revoked_on)

    @handles(Proceeding.DecisionDelivered)
    def on_DecisionDelivered(
        self, batch: Batch, t: Tables, e: Proceeding.DecisionDelivered
    ) -> None:
        self._set(batch, t, e, status="delivered", delivered_on=e.delivered_on)

    @handles(Proceeding.ApplicationSigned)
    def on_ApplicationSigned(
        self, batch: Batch, t: Tables, e: Proceeding.ApplicationSigned
    ) -> None:
        self._set(batch, t, e)  # only the version moves: the image is not shown here

    @handles(Proceeding.DocumentIssued)
    def on_DocumentIssued(self, batch: Batch, t: Tables, e: Proceeding.DocumentIssued) -> None:
        self._set(batch, t, e)  # only the version moves: documents are on the folder's timeline

    # Undue benefits and summonses: only the version moves (the balance is the payments
    # read model's; the summons and the reclaim are on the folder's timeline).
    @handles(Proceeding.ReclaimDecided)
    def on_ReclaimDecided(self, batch: Batch, t: Tables, e: Proceeding.ReclaimDecided) -> None:
        self._set(batch, t, e)

    @handles(Proceeding.RepaymentRecorded)
    def on_RepaymentRecorded(self, batch: Batch, t: Tables, e: Proceeding.RepaymentRecorded
                             ) -> None:
        self._set(batch, t, e)

    @handles(Proceeding.ReclaimWrittenOff)
    def on_ReclaimWrittenOff(self, batch: Batch, t: Tables, e: Proceeding.ReclaimWrittenOff
                             ) -> None:
        self._set(batch, t, e)

    @handles(Proceeding.SummonsIssued)
    def on_SummonsIssued(self, batch: Batch, t: Tables, e: Proceeding.SummonsIssued) -> None:
        self._set(batch, t, e)

    @handles(Proceeding.AppealFiled)
    def on_AppealFiled(self, batch: Batch, t: Tables, e: Proceeding.AppealFiled) -> None:
        self._set(batch, t, e, status="appealed", appeal_filed_on=e.filed_on)

    @handles(Proceeding.AppealResolved)
    def on_AppealResolved(self, batch: Batch, t: Tables, e: Proceeding.AppealResolved) -> None:
        # Upheld: it waits to become final; set aside: back to a decision to be made.
        self._set(batch, t, e, status="delivered" if e.decision_upheld else "filed")

    @handles(Proceeding.DecisionFinal)
    def on_DecisionFinal(self, batch: Batch, t: Tables, e: Proceeding.DecisionFinal) -> None:
        self._set(batch, t, e, status="final", final_on=e.final_on)

    @handles(Proceeding.DecisionChangedOnAppeal)
    def on_DecisionChangedOnAppeal(
        self, batch: Batch, t: Tables, e: Proceeding.DecisionChangedOnAppeal
    ) -> None:
        # It stands as the board changed it, and waits to become final.
        proceeding = batch.get(t.proceedings, e.originator_id)
        if proceeding is not None:
            self._set(batch, t, e, status="delivered", amendments=proceeding["amendments"] + 1)

    @handles(Proceeding.ProceedingMarkedComplicated)
    def on_ProceedingMarkedComplicated(
        self, batch: Batch, t: Tables, e: Proceeding.ProceedingMarkedComplicated
    ) -> None:
        self._set(batch, t, e, complicated=True)

    @handles(Proceeding.DelayNoticeIssued)
    def on_DelayNoticeIssued(self, batch: Batch, t: Tables, e: Proceeding.DelayNoticeIssued
                             ) -> None:
        self._set(batch, t, e, delayed_to=e.new_date)

    @handles(Proceeding.ProceedingSuspended)
    def on_ProceedingSuspended(self, batch: Batch, t: Tables, e: Proceeding.ProceedingSuspended
                               ) -> None:
        self._set(batch, t, e, status="suspended", suspended_on=e.suspended_on)

    @handles(Proceeding.ProceedingResumed)
    def on_ProceedingResumed(self, batch: Batch, t: Tables, e: Proceeding.ProceedingResumed
                             ) -> None:
        proceeding = batch.get(t.proceedings, e.originator_id)
        if proceeding is not None and proceeding["suspended_on"] is not None:
            days = (e.resumed_on - proceeding["suspended_on"]).days
            self._set(batch, t, e, status="filed", suspended_on=None,
                      suspended_days=proceeding["suspended_days"] + days)

    @handles(Proceeding.ProceedingDiscontinued)
    def on_ProceedingDiscontinued(
        self, batch: Batch, t: Tables, e: Proceeding.ProceedingDiscontinued
    ) -> None:
        self._set(batch, t, e, status="discontinued", suspended_on=None,
                  closed_on=e.discontinued_on)

    @handles(Proceeding.ProceedingWithdrawn)
    def on_ProceedingWithdrawn(self, batch: Batch, t: Tables, e: Proceeding.ProceedingWithdrawn
                               ) -> None:
        self._set(batch, t, e, status="withdrawn", suspended_on=None, closed_on=e.withdrawn_on)

    @handles(Proceeding.AppealWaived)
    def on_AppealWaived(self, batch: Batch, t: Tables, e: Proceeding.AppealWaived) -> None:
        # The DecisionFinal recorded with it makes the row final; the version moves here.
        self._set(batch, t, e)

    # -- reading -------------------------------------------------------------------------

    def pending(self, conn: Connection, t: Tables, today: date,
                holidays: Collection[date]) -> list[dict[str, Any]]:
        """Proceedings waiting for a decision with their term (KPA art. 35-36), the nearest
        first; suspended ones, whose term stopped, last."""
        p = t.proceedings.c
        rows = conn.execute(select(t.proceedings).where(p.status.in_(PENDING))
                            .order_by(p.opened_on, p.proceeding_id)).mappings()
        clocked = [with_clock(dict(r), today, holidays) for r in rows]
        return sorted(clocked, key=lambda r: (r["days_left"] is None, r["days_left"] or 0))

    def decided(self, conn: Connection, t: Tables, limit: int) -> list[dict[str, Any]]:
        """Decided proceedings still open (to deliver, appeal or make final), newest first."""
        p = t.proceedings.c
        rows = conn.execute(select(t.proceedings).where(p.status.in_(DECIDED))
                            .order_by(p.issued_on.desc(), p.proceeding_id).limit(limit)).mappings()
        return [dict(r) for r in rows]

    def of_folder(self, conn: Connection, t: Tables, folder_id: UUID) -> list[dict[str, Any]]:
        p = t.proceedings.c
        rows = conn.execute(select(t.proceedings).where(p.folder_id == folder_id)
                            .order_by(p.opened_on)).mappings()
        return [dict(r) for r in rows]

    def versions(self, conn: Connection, t: Tables, ids: list[UUID]) -> dict[UUID, int]:
        """The current version of each proceeding named."""
        c = t.proceedings.c
        found: dict[UUID, int] = {}
        for start in range(0, len(ids), 500):
            for key, version in conn.execute(select(c.proceeding_id, c.version).where(
                    c.proceeding_id.in_(ids[start:start + 500]))):
                found[key] = version
        return found

    def proceeding(self, conn: Connection, t: Tables, proceeding_id: UUID) -> dict | None:
        row = conn.execute(select(t.proceedings)
                           .where(t.proceedings.c.proceeding_id == proceeding_id)).mappings()
        found = row.first()
        return dict(found) if found else None

    def has_open(self, conn: Connection, t: Tables, folder_id: UUID) -> bool:
        p = t.proceedings.c
        return conn.execute(select(p.proceeding_id).where(
            p.folder_id == folder_id, p.status.in_(OPEN)).limit(1)).first() is not None


def with_clock(row: dict[str, Any], today: date, holidays: Collection[date]) -> dict[str, Any]:
    """The row with its decision term on `today`: `decision_due_on`, `days_left` (to the
    term or to a delay notice's new date) and `overdue` (past both)."""
    clock = decision_clock(
        row["opened_on"], today=today, complicated=bool(row["complicated"]),
        suspended_days=row["suspended_days"] or 0, suspended_on=row["suspended_on"],
        delayed_to=row["delayed_to"], holidays=holidays)
    return row | {"decision_due_on": clock.due_on, "days_left": clock.days_left,
                  "overdue": clock.overdue}
