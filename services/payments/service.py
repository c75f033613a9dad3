"""What a manager does with payment lists: see what is due for a date, build the list,
approve it (pay), reverse a payment, download the bank files. The computed parts of the
commands come from the payments read model read at the log's head (as a return's figures
do); the aggregate keeps each instalment paid once whatever is asked twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from domain.bank_account import check_iban
from domain.errors import DomainConflictError
from domain.payments import (
    CashDecision,
    Draft,
    PaymentError,
    draft,
    instalment_key,
    payment_list_id,
    schedule,
    standing,
)
from services.commands import CommandContext, CommandResult
from services.payments.bank_files import Payer, Payment, pain_001, payments_csv
from services.payments.commands import ApprovePaymentList, BuildPaymentList
from services.payments.lists import PaymentListNotFoundError

# The line statuses of an approved list that the approval paid (`BenefitPaid`).
PAID_AT_APPROVAL = frozenset({"paid", "reversed"})


class PaymentListNotApprovedForFileError(PaymentError, DomainConflictError):
    code = "payment.file_before_approval"


@dataclass(frozen=True)
class BankFile:
    name: str
    media_type: str
    content: bytes
    subjects: tuple[tuple[UUID, UUID | None], ...]  # (folder, person) whose data it holds


class PaymentsService:
    def __init__(self, app: Any, read_models: Any, settings: Any) -> None:
        self.app = app
        self.read_models = read_models
        self.settings = settings

    def draft(self, payment_date: date, after: int | None = None) -> Draft:
        decisions, settled = self.read_models.payment_draft_inputs(payment_date, after)
        return draft(payment_date, decisions, settled)

    def build(self, ctx: CommandContext, payment_date: date) -> CommandResult:
        """Put on the date's list what is due by it and not yet paid (409 if built)."""
        built = self.draft(payment_date, after=self.app.head_position())
        return self.app.handle(ctx, BuildPaymentList(
            payment_date=payment_date, lines=tuple(i.as_line() for i in built.due)))

    def approve(self, ctx: CommandContext, payment_date: date, expected_version: int,
                today: date) -> CommandResult:
        """Approve and pay the lines whose decisions still stand today; by transfer where
        the person's account is recorded, else in cash."""
        head = self.app.head_position()
        row = self.read_models.payment_list(payment_date, after=head)
        if row is None:
            raise PaymentListNotFoundError(id=str(payment_list_id(payment_date)))
        decisions: dict[UUID, CashDecision] = {
            d.decision_id: d for d in self.read_models.payment_draft_inputs(payment_date,
                                                                            head)[0]}
        still: list[UUID] = []
        for line in row["lines"]:
            decision = decisions.get(line["decision_id"])
            if decision is None:
                continue
            instalment = next((i for i in _one(decision, line["due_on"])), None)
            if instalment is not None and standing(decision, instalment, today):
                still.append(line["instalment_id"])
        folders = {line["folder_id"] for line in row["lines"]}
        accounts, _ = self.read_models.payment_recipients(folders, after=head)
        with_account = tuple(line["instalment_id"] for line in row["lines"]
                             if accounts.get((line["folder_id"], line["person_id"])))
        return self.app.handle(ctx, ApprovePaymentList(
            payment_date=payment_date, expected_version=expected_version, approved_on=today,
            approved_at=datetime.now(UTC).replace(tzinfo=None), still_payable=tuple(still),
            with_account=with_account))

    def payment_list(self, payment_date: date, after: int | None = None) -> dict[str, Any]:
        row = self.read_models.payment_list(payment_date, after)
        if row is None:
            raise PaymentListNotFoundError(id=str(payment_list_id(payment_date)))
        return dict(row)

    def bank_file(self, payment_date: date, kind: str, after: int | None = None) -> BankFile:
        """The approved list's XML (transfers) or CSV (every payment): built from the list,
        the accounts and names as recorded and the approval time, so asked again it is the
        same file; it pays nothing."""
        row = self.payment_list(payment_date, after)
        if row["status"] != "approved":
            raise PaymentListNotApprovedForFileError(payment_date=payment_date)
        # What the approval paid, a line reversed since included: the file is what was sent
        # to the bank, so asked again after a reversal it is still the same bytes.
        paid = [line for line in row["lines"] if line["status"] in PAID_AT_APPROVAL]
        folders = {line["folder_id"] for line in paid}
        accounts, names = self.read_models.payment_recipients(folders, after)
        payments = []
        for line in paid:
            person = (line["folder_id"], line["person_id"])
            iban = accounts.get(person) if line["method"] == "transfer" else None
            method = line["method"] if iban else "cash"
            payments.append(Payment(
                instalment_id=line["instalment_id"], case_reference=line["case_reference"],
                period_from=line["period_from"], period_to=line["period_to"],
                amount=line["amount"], method=method, name=names.get(person, ""), iban=iban))
        subjects = tuple(sorted({(line["folder_id"], line["person_id"]) for line in paid},
                                key=str))
        stem = f"wyplaty-{payment_date.isoformat()}"
        if kind == "csv":
            return BankFile(f"{stem}.csv", "text/csv; charset=utf-8",
                            payments_csv(payment_date, payments), subjects)
        payer = Payer(self.settings.payer_name, check_iban(self.settings.payer_iban),
                      self.settings.payer_bic)
        return BankFile(f"{stem}.xml", "application/xml",
                        pain_001(row["list_id"], payment_date, row["approved_at"], payer,
                                 payments), subjects)


def _one(decision: CashDecision, due_on: date) -> list[Any]:
    key = instalment_key(decision.decision_id, due_on)
    return [i for i in schedule(decision, due_on) if i.instalment_id == key]
