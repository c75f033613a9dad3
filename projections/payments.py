"""Payments: the granting cash decisions instalments fall due from, the payment lists, what
was paid and reversed, and the accounts benefits are paid to.

`cash_decisions` is what a payment list is built from (domain/payments.py `draft`);
`lines` is every line of every list with its state (listed, paid, dropped, reversed): an
instalment listed or paid is not due again, a reversed one is. `accounts` holds the IBANs the
social workers recorded: personal data, read only to build a bank file (each read logged),
dropped with the folder's other rows at erasure.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
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
    delete,
    func,
    select,
)
from sqlalchemy.engine import Connection

from domain.care import CashTerms
from domain.case_folder import CaseFolder
from domain.help import FORMS, FormKind
from domain.payments import CashDecision, PaymentList
from domain.proceeding import Proceeding
from projections.batch import Batch
from projections.projection import Projection, Tables, handles

CASH_FORMS = frozenset(str(form) for form, info in FORMS.items()
                       if info.kind == FormKind.CASH.value)
SETTLED = ("listed", "paid")


class Payments(Projection):
    name = "payments"

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        money = Numeric(12, 2)
        return {
            "cash_proceedings": Table(
                f"{prefix}_cash_proceedings", metadata,
                Column("proceeding_id", Uuid, primary_key=True),
                Column("folder_id", Uuid, nullable=False, index=True),
                Column("person_id", Uuid, nullable=False),
                Column("form", String(40), nullable=False),
                Column("case_reference", String(80), nullable=False),
            ),
            "cash_decisions": Table(
                f"{prefix}_cash_decisions", metadata,
                Column("decision_id", Uuid, primary_key=True),
                Column("proceeding_id", Uuid, nullable=False, index=True),
                Column("folder_id", Uuid, nullable=False, index=True),
                Column("person_id", Uuid, nullable=False),
                Column("form", String(40), nullable=False),
                Column("case_reference", String(80), nullable=False),
                Column("amount", money, nullable=False),
                Column("period_from", Date, nullable=False),
                Column("period_to", Date),
                Column("installments", Integer, nullable=False),
                Column("delivered_on", Date),
                Column("final_on", Date),
                Column("appeal_pending", Boolean, nullable=False),
                Column("revoked_on", Date),
                Column("set_aside", Boolean, nullable=False),
            ),
            "lists": Table(
                f"{prefix}_lists", metadata,
                Column("list_id", Uuid, primary_key=True),
                Column("version", Integer, nullable=False),
                Column("payment_date", Date, nullable=False, unique=True),
                Column("built_by", String(80), nullable=False),
                Column("status", String(16), nullable=False),
                Column("approved_on", Date),
                Column("approved_by", String(80)),
                Column("approved_at", DateTime),
                Column("dropped", JSON, nullable=False),
            ),
            "lines": Table(
                f"{prefix}_lines", metadata,
                Column("list_id", Uuid, primary_key=True),
                Column("instalment_id", Uuid, primary_key=True),
                Column("folder_id", Uuid, nullable=False, index=True),
                Column("person_id", Uuid),
                Column("decision_id", Uuid, nullable=False),
                Column("case_reference", String(80), nullable=False),
                Column("due_on", Date, nullable=False),
                Column("period_from", Date, nullable=False),
                Column("period_to", Date, nullable=False),
                Column("amount", money, nullable=False),
                # listed, paid, dropped (decision revoked meanwhile), reversed
                Column("status", String(16), nullable=False, index=True),
                Column("method", String(16)),
                Column("reversal_reason", String(500)),
            ),
            # Undue benefits reclaimed (art. 98 u.p.s.): one row per reclaim decision with
            # what was repaid and written off; its entries (repayments, write-offs, new terms).
            "reclaims": Table(
                f"{prefix}_reclaims", metadata,
                Column("reclaim_id", Uuid, primary_key=True),
                Column("proceeding_id", Uuid, nullable=False, index=True),
                Column("version", Integer, nullable=False),
                Column("folder_id", Uuid, nullable=False, index=True),
                Column("person_id", Uuid, nullable=False),
                Column("form", String(40), nullable=False),
                Column("case_reference", String(80), nullable=False),
                Column("issued_on", Date, nullable=False),
                Column("basis", String(40), nullable=False),
                Column("period_from", Date, nullable=False),
                Column("period_to", Date, nullable=False),
                Column("amount", money, nullable=False),
                Column("repaid", money, nullable=False),
                Column("written_off", money, nullable=False),
                Column("instalments", JSON, nullable=False),
            ),
            "reclaim_entries": Table(
                f"{prefix}_reclaim_entries", metadata,
                Column("proceeding_id", Uuid, primary_key=True),
                Column("version", Integer, primary_key=True),
                Column("reclaim_id", Uuid, nullable=False, index=True),
                Column("on_date", Date, nullable=False),
                # repayment, write_off, defer, spread
                Column("kind", String(16), nullable=False),
                Column("amount", money, nullable=False),
                Column("method", String(16)),
                Column("reason", String(2000)),
            ),
            "accounts": Table(
                f"{prefix}_accounts", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("member_id", Uuid, primary_key=True),
                Column("iban", String(34)),
            ),
        }

    # -- decisions ------------------------------------------------------------------------

    def _open(self, batch: Batch, t: Tables, e: Any) -> None:
        if e.form in CASH_FORMS:
            batch.insert(t.cash_proceedings, proceeding_id=e.originator_id,
                         folder_id=e.folder_id, person_id=e.person_id, form=e.form,
                         case_reference=e.case_reference)

    @handles(Proceeding.ApplicationFiled)
    def on_ApplicationFiled(self, batch: Batch, t: Tables, e: Proceeding.ApplicationFiled) -> None:
        self._open(batch, t, e)

    @handles(Proceeding.ProceedingOpenedExOfficio)
    def on_ProceedingOpenedExOfficio(
        self, batch: Batch, t: Tables, e: Proceeding.ProceedingOpenedExOfficio
    ) -> None:
        self._open(batch, t, e)

    @staticmethod
    def _terms(cash: CashTerms) -> dict[str, Any]:
        return {"amount": cash.amount, "period_from": cash.period_from,
                "period_to": cash.period_to, "installments": cash.installments}

    @handles(Proceeding.DecisionIssued)
    def on_DecisionIssued(self, batch: Batch, t: Tables, e: Proceeding.DecisionIssued) -> None:
        proceeding = batch.get(t.cash_proceedings, e.originator_id)
        if proceeding is None or e.outcome != "grant" or e.cash is None:
            return
        batch.insert(t.cash_decisions, decision_id=e.decision_id,
                     proceeding_id=e.originator_id, folder_id=proceeding["folder_id"],
                     person_id=proceeding["person_id"], form=proceeding["form"],
                     case_reference=proceeding["case_reference"], delivered_on=None,
                     final_on=None, appeal_pending=False, revoked_on=None, set_aside=False,
                     **self._terms(e.cash))

    @handles(Proceeding.DecisionAmended)
    def on_DecisionAmended(self, batch: Batch, t: Tables, e: Proceeding.DecisionAmended) -> None:
        if e.cash is not None:
            batch.update(t.cash_decisions, e.decision_id, **self._terms(e.cash))

    @handles(Proceeding.DecisionChangedOnAppeal)
    def on_DecisionChangedOnAppeal(
        self, batch: Batch, t: Tables, e: Proceeding.DecisionChangedOnAppeal
    ) -> None:
        terms = self._terms(e.cash) if e.cash is not None else {}
        batch.update(t.cash_decisions, e.decision_id, appeal_pending=False, **terms)

    @handles(Proceeding.DecisionRevoked)
    def on_DecisionRevoked(self, batch: Batch, t: Tables, e: Proceeding.DecisionRevoked) -> None:
        batch.update(t.cash_decisions, e.decision_id, revoked_on=e.revoked_on)

    @handles(Proceeding.DecisionDelivered)
    def on_DecisionDelivered(
        self, batch: Batch, t: Tables, e: Proceeding.DecisionDelivered
    ) -> None:
        batch.update(t.cash_decisions, e.decision_id, delivered_on=e.delivered_on)

    @handles(Proceeding.AppealFiled)
    def on_AppealFiled(self, batch: Batch, t: Tables, e: Proceeding.AppealFiled) -> None:
        batch.update(t.cash_decisions, e.decision_id, appeal_pending=True)

    @handles(Proceeding.AppealResolved)
    def on_AppealResolved(self, batch: Batch, t: Tables, e: Proceeding.AppealResolved) -> None:
        batch.update(t.cash_decisions, e.decision_id, appeal_pending=False,
                     set_aside=not e.decision_upheld)

    @handles(Proceeding.DecisionFinal)
    def on_DecisionFinal(self, batch: Batch, t: Tables, e: Proceeding.DecisionFinal) -> None:
        batch.update(t.cash_decisions, e.decision_id, final_on=e.final_on)

    @handles(Proceeding.AppealWaived)
    def on_AppealWaived(self, batch: Batch, t: Tables, e: Proceeding.AppealWaived) -> None:
        batch.update(t.cash_decisions, e.decision_id, final_on=e.waived_on)

    # -- accounts -------------------------------------------------------------------------

    @handles(CaseFolder.BankAccountRecorded)
    def on_BankAccountRecorded(
        self, batch: Batch, t: Tables, e: CaseFolder.BankAccountRecorded
    ) -> None:
        key = (e.originator_id, e.member_id)
        if batch.get(t.accounts, key) is None:
            batch.insert(t.accounts, folder_id=e.originator_id, member_id=e.member_id,
                         iban=e.iban)
        else:
            batch.update(t.accounts, key, iban=e.iban)

    @handles(CaseFolder.PersonalDataErased)
    def on_PersonalDataErased(
        self, batch: Batch, t: Tables, e: CaseFolder.PersonalDataErased
    ) -> None:
        batch.execute(delete(t.accounts).where(t.accounts.c.folder_id == e.originator_id))

    # -- payment lists --------------------------------------------------------------------

    @handles(PaymentList.Built)
    def on_Built(self, batch: Batch, t: Tables, e: PaymentList.Built) -> None:
        batch.insert(t.lists, list_id=e.originator_id, version=e.originator_version,
                     payment_date=e.payment_date, built_by=e.built_by, status="built",
                     dropped=[])
        for line in e.lines:
            batch.insert(t.lines, list_id=e.originator_id,
                         instalment_id=line["instalment_id"], folder_id=line["folder_id"],
                         person_id=line["member_id"], decision_id=line["decision_id"],
                         case_reference=line["case_reference"], due_on=line["due_on"],
                         period_from=line["period_from"], period_to=line["period_to"],
                         amount=line["amount"], status="listed")

    @handles(PaymentList.PaymentListApproved)
    def on_Approved(self, batch: Batch, t: Tables, e: PaymentList.PaymentListApproved) -> None:
        batch.update(t.lists, e.originator_id, version=e.originator_version, status="approved",
                     approved_on=e.approved_on, approved_by=e.approved_by,
                     approved_at=e.approved_at, dropped=[str(key) for key in e.dropped])
        for key in e.dropped:
            batch.update(t.lines, (e.originator_id, key), status="dropped")

    @handles(PaymentList.BenefitPaid)
    def on_BenefitPaid(self, batch: Batch, t: Tables, e: PaymentList.BenefitPaid) -> None:
        batch.update(t.lists, e.originator_id, version=e.originator_version)
        batch.update(t.lines, (e.originator_id, e.instalment_id), status="paid",
                     method=e.method)

    @handles(PaymentList.PaymentReversed)
    def on_PaymentReversed(self, batch: Batch, t: Tables, e: PaymentList.PaymentReversed) -> None:
        batch.update(t.lists, e.originator_id, version=e.originator_version)
        batch.update(t.lines, (e.originator_id, e.instalment_id), status="reversed",
                     reversal_reason=e.reason)

    # -- undue benefits (art. 98 u.p.s.) --------------------------------------------------

    @handles(Proceeding.ReclaimDecided)
    def on_ReclaimDecided(self, batch: Batch, t: Tables, e: Proceeding.ReclaimDecided) -> None:
        opened = batch.row(t.cash_proceedings, e.originator_id)
        batch.insert(t.reclaims, reclaim_id=e.reclaim_id, proceeding_id=e.originator_id,
                     version=e.originator_version, folder_id=opened["folder_id"],
                     person_id=opened["person_id"], form=opened["form"],
                     case_reference=opened["case_reference"], issued_on=e.issued_on,
                     basis=e.basis, period_from=e.period_from, period_to=e.period_to,
                     amount=e.amount, repaid=Decimal("0.00"), written_off=Decimal("0.00"),
                     instalments=_terms_json(e.instalments))

    @handles(Proceeding.RepaymentRecorded)
    def on_RepaymentRecorded(self, batch: Batch, t: Tables, e: Proceeding.RepaymentRecorded
                             ) -> None:
        row = batch.row(t.reclaims, e.reclaim_id)
        batch.update(t.reclaims, e.reclaim_id, version=e.originator_version,
                     repaid=row["repaid"] + e.amount)
        batch.insert(t.reclaim_entries, proceeding_id=e.originator_id,
                     version=e.originator_version, reclaim_id=e.reclaim_id, on_date=e.paid_on,
                     kind="repayment", amount=e.amount, method=e.method)

    @handles(Proceeding.ReclaimWrittenOff)
    def on_ReclaimWrittenOff(self, batch: Batch, t: Tables, e: Proceeding.ReclaimWrittenOff
                             ) -> None:
        row = batch.row(t.reclaims, e.reclaim_id)
        changes: dict[str, Any] = {"written_off": row["written_off"] + e.amount}
        if e.instalments:
            changes["instalments"] = _terms_json(e.instalments)
        batch.update(t.reclaims, e.reclaim_id, version=e.originator_version, **changes)
        batch.insert(t.reclaim_entries, proceeding_id=e.originator_id,
                     version=e.originator_version, reclaim_id=e.reclaim_id,
                     on_date=e.decided_on, kind=e.kind, amount=e.amount, reason=e.reason)

    # -- reading --------------------------------------------------------------------------

    def cash_decisions(self, conn: Connection, t: Tables, until: date) -> list[CashDecision]:
        """Every granting cash decision that started by ``until``."""
        d = t.cash_decisions.c
        rows = conn.execute(select(t.cash_decisions).where(d.period_from <= until)).mappings()
        return [CashDecision(
            decision_id=r["decision_id"], proceeding_id=r["proceeding_id"],
            folder_id=r["folder_id"], member_id=r["person_id"],
            case_reference=r["case_reference"], form=r["form"],
            cash=CashTerms(amount=r["amount"], period_from=r["period_from"],
                           period_to=r["period_to"], installments=r["installments"]),
            delivered_on=r["delivered_on"], final_on=r["final_on"],
            appeal_pending=r["appeal_pending"], revoked_on=r["revoked_on"],
            set_aside=r["set_aside"]) for r in rows]

    def settled(self, conn: Connection, t: Tables) -> set[UUID]:
        """Instalments on a list or paid (not dropped, not reversed): not due again."""
        c = t.lines.c
        return set(conn.execute(select(c.instalment_id).where(c.status.in_(SETTLED))).scalars())

    def payment_list(self, conn: Connection, t: Tables,
                     payment_date: date) -> dict[str, Any] | None:
        row = conn.execute(select(t.lists).where(t.lists.c.payment_date == payment_date)
                           ).mappings().first()
        if row is None:
            return None
        c = t.lines.c
        lines = conn.execute(select(t.lines).where(c.list_id == row["list_id"])
                             .order_by(c.case_reference, c.due_on)).mappings()
        return dict(row) | {"lines": [dict(line) for line in lines]}

    def payment_lists(self, conn: Connection, t: Tables) -> list[dict[str, Any]]:
        return [dict(r) for r in conn.execute(
            select(t.lists).order_by(t.lists.c.payment_date.desc())).mappings()]

    def paid_for_proceeding(self, conn: Connection, t: Tables, proceeding_id: UUID) -> Decimal:
        """What was paid for the proceeding's decisions and not reversed."""
        c, d = t.lines.c, t.cash_decisions.c
        total = conn.execute(
            select(func.coalesce(func.sum(c.amount), 0))
            .select_from(t.lines.join(t.cash_decisions, d.decision_id == c.decision_id))
            .where(d.proceeding_id == proceeding_id, c.status == "paid")).scalar_one()
        return Decimal(total).quantize(Decimal("0.01"))

    def has_owed_reclaim(self, conn: Connection, t: Tables, folder_id: UUID) -> bool:
        """Whether a reclaim of the folder is not yet repaid or written off in full."""
        r = t.reclaims.c
        return conn.execute(select(r.reclaim_id).where(
            r.folder_id == folder_id, r.amount > r.repaid + r.written_off).limit(1)
        ).first() is not None

    def receivables(self, conn: Connection, t: Tables, folder_id: UUID | None = None,
                    only_owed: bool = False) -> list[dict[str, Any]]:
        """The reclaims (of a folder, or all), with their entries and what is still owed,
        oldest first."""
        r = t.reclaims.c
        stmt = select(t.reclaims).order_by(r.issued_on, r.case_reference)
        if folder_id is not None:
            stmt = stmt.where(r.folder_id == folder_id)
        if only_owed:
            stmt = stmt.where(r.amount > r.repaid + r.written_off)
        rows = [dict(row) for row in conn.execute(stmt).mappings()]
        if not rows:
            return rows
        e = t.reclaim_entries.c
        entries: dict[UUID, list[dict[str, Any]]] = {}
        ids = [row["reclaim_id"] for row in rows]
        for start in range(0, len(ids), 500):
            for entry in conn.execute(select(t.reclaim_entries).where(
                    e.reclaim_id.in_(ids[start:start + 500])).order_by(e.version)).mappings():
                entries.setdefault(entry["reclaim_id"], []).append(dict(entry))
        for row in rows:
            row["outstanding"] = row["amount"] - row["repaid"] - row["written_off"]
            row["entries"] = entries.get(row["reclaim_id"], [])
        return rows

    def permanent_allowances_paid(self, conn: Connection, t: Tables, first: date,
                                  last: date) -> list[dict[str, Any]]:
        """Permanent allowances paid on approved lists whose payment date is between two
        days, not reversed: the basis of the month's health contributions, per person."""
        c, d, li = t.lines.c, t.cash_decisions.c, t.lists.c
        stmt = (select(c.folder_id, c.person_id, func.sum(c.amount).label("basis"),
                       func.count().label("payments"))
                .select_from(t.lines.join(t.lists, li.list_id == c.list_id)
                             .join(t.cash_decisions, d.decision_id == c.decision_id))
                .where(c.status == "paid", d.form == "permanent_allowance",
                       li.status == "approved", li.payment_date >= first,
                       li.payment_date <= last)
                .group_by(c.folder_id, c.person_id))
        return [dict(row) for row in conn.execute(stmt).mappings()]

    def accounts(self, conn: Connection, t: Tables,
                 folders: Collection[UUID]) -> dict[tuple[UUID, UUID], str | None]:
        a = t.accounts.c
        found: dict[tuple[UUID, UUID], str | None] = {}
        folder_list = list(folders)
        for start in range(0, len(folder_list), 500):
            chunk = folder_list[start:start + 500]
            for r in conn.execute(select(t.accounts).where(a.folder_id.in_(chunk))).mappings():
                found[(r["folder_id"], r["member_id"])] = r["iban"]
        return found


def _terms_json(terms: Any) -> list[dict[str, str]]:
    return [{"due_on": t["due_on"].isoformat(), "amount": str(t["amount"])} for t in terms]


def names_in(conn: Connection, people: Tables,
             folders: Collection[UUID]) -> dict[tuple[UUID, UUID], str]:
    """The names of the people in these folders, from the person index's tables."""
    c = people.people.c
    found: dict[tuple[UUID, UUID], str] = {}
    folder_list = list(folders)
    for start in range(0, len(folder_list), 500):
        chunk = folder_list[start:start + 500]
        stmt = select(c.folder_id, c.member_id, c.first_name, c.last_name).where(
            c.folder_id.in_(chunk))
        for r in conn.execute(stmt):
            found[(r.folder_id, r.member_id)] = f"{r.first_name} {r.last_name}".strip()
    return found
