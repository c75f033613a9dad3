"""Payments of cash benefits: instalments that fall due, payment lists, paid and reversed.

An instalment falls due from a granting cash decision (``CashTerms``: ``amount`` is one
instalment, paid monthly from ``period_from``, ``installments`` of them; a permanent
allowance granted without an end date is paid every month until revoked — the reading
``domain.mrpips03.instalment_dates``). The statistical return counts these payments
(`BenefitPaid` not reversed), not the instalments due.

When may a decision be paid? A final decision always. Before it is final, art. 130 § 4 KPA
makes a decision enforceable before the appeal time runs out when it grants the party's
request in full; art. 108 § 1 KPA lets the authority order immediate enforceability. Teczka
does not record either fact on a decision yet, so whether a delivered, unappealed grant is
payable before it is final is a dated parameter (``PAYABLE_ON_DELIVERY``); we read a
granting cash decision as granting the request (the law is not explicit for a partial
grant: see docs/payments.md). An appeal filed suspends execution (art. 130 § 2 KPA).

A revoked decision's instalments due on or after its revocation drop out (one due earlier is
still owed and paid); a decision set aside on appeal pays nothing more.

Personal data (names, bank accounts) never enters these events: a payment list names
decisions, periods and amounts; the bank file joins the folder's sealed account number when
it is built (and that read is logged).
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.bank_account import InvalidIbanError, check_iban
from domain.care import CashTerms
from domain.errors import DomainConflictError, DomainError, InvalidValueError
from domain.mrpips03 import instalment_dates

__all__ = ["InvalidIbanError", "check_iban"]  # re-exported: where payments look

PAYMENTS_NAMESPACE = uuid5(NAMESPACE_URL, "teczka:payments")

# Dated parameter: whether a delivered, unappealed granting decision may be paid before it is
# final (art. 130 § 4 KPA: enforceable when it grants the party's request in full). Valid-from
# dates with the value; the newest not after the payment date applies. Source: Kodeks
# postępowania administracyjnego, Dz.U. 2024 poz. 572, art. 130 § 4 (in force since 1980).
PAYABLE_ON_DELIVERY: tuple[tuple[date, bool], ...] = ((date(1980, 1, 1), True),)

MAX_REVERSAL_REASON_LENGTH = 500


class PaymentError(DomainError):
    code = "payment.error"


class InvalidPaymentDateError(PaymentError, InvalidValueError):
    code = "payment.invalid_date"


class EmptyPaymentListError(PaymentError, DomainConflictError):
    code = "payment.list_empty"


class PaymentListNotApprovedError(PaymentError, DomainConflictError):
    code = "payment.list_not_approved"


class PaymentNotInListError(PaymentError, DomainConflictError):
    code = "payment.not_in_list"


class PaymentAlreadyReversedError(PaymentError, DomainConflictError):
    code = "payment.already_reversed"


class ReversalReasonRequiredError(PaymentError, InvalidValueError):
    code = "payment.reversal_reason_required"


class Method(StrEnum):
    TRANSFER = "transfer"
    CASH = "cash"


def payable_on_delivery(on: date) -> bool:
    value = False
    for valid_from, payable in PAYABLE_ON_DELIVERY:
        if valid_from <= on:
            value = payable
    return value


@dataclass(frozen=True)
class CashDecision:
    """A granting cash decision as payments see it (built from a proceeding's record)."""

    decision_id: UUID
    proceeding_id: UUID
    folder_id: UUID
    member_id: UUID | None
    case_reference: str
    form: str
    cash: CashTerms
    delivered_on: date | None
    final_on: date | None
    appeal_pending: bool = False
    revoked_on: date | None = None
    set_aside: bool = False

    @property
    def permanent(self) -> bool:
        return self.form == "permanent_allowance"

    def payable_on(self, on: date) -> bool:
        """Whether the decision may be executed (paid) on a day, revocation aside: an
        instalment due before a revocation is still owed (see `standing`)."""
        if self.set_aside:
            return False
        if self.final_on is not None and self.final_on <= on:
            return True
        return (self.delivered_on is not None and self.delivered_on <= on
                and not self.appeal_pending and payable_on_delivery(on))


@dataclass(frozen=True)
class Instalment:
    """One instalment of a decision: due on a day, for a period, an amount."""

    instalment_id: UUID
    decision_id: UUID
    folder_id: UUID
    member_id: UUID | None
    case_reference: str
    due_on: date
    period_from: date
    period_to: date
    amount: Decimal

    def as_line(self) -> dict[str, Any]:
        return {"instalment_id": self.instalment_id, "decision_id": self.decision_id,
                "folder_id": self.folder_id, "member_id": self.member_id,
                "case_reference": self.case_reference, "due_on": self.due_on,
                "period_from": self.period_from, "period_to": self.period_to,
                "amount": self.amount}


def instalment_key(decision_id: UUID, due_on: date) -> UUID:
    """The same instalment always has the same id: a payment is tied to it exactly once."""
    return uuid5(PAYMENTS_NAMESPACE, f"{decision_id}/{due_on.isoformat()}")


def _month_after(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule(decision: CashDecision, until: date) -> Iterator[Instalment]:
    """Every instalment of a decision due on or before ``until``, whether payable or not.

    A periodic or permanent allowance pays one instalment per month of its period, each for
    the month from its due day; a one-off allowance (one instalment) is for its whole period.
    Nothing falls due outside the decision's period.
    """
    cash = decision.cash
    single = cash.installments == 1 and not (decision.permanent and cash.period_to is None)
    for due in instalment_dates(cash, decision.permanent, until):
        if cash.period_to is not None and due > cash.period_to:
            return
        if single:
            period_to = cash.period_to or due
        else:
            period_to = _month_after(due) - timedelta(days=1)
            if cash.period_to is not None:
                period_to = min(period_to, cash.period_to)
        yield Instalment(
            instalment_id=instalment_key(decision.decision_id, due),
            decision_id=decision.decision_id, folder_id=decision.folder_id,
            member_id=decision.member_id, case_reference=decision.case_reference,
            due_on=due, period_from=due, period_to=period_to, amount=cash.amount)


def standing(decision: CashDecision, instalment: Instalment, on: date) -> bool:
    """Whether an instalment may be paid on a day: the decision payable, and not revoked on
    or before the day the instalment fell due (one due earlier is still owed)."""
    if decision.revoked_on is not None and decision.revoked_on <= instalment.due_on:
        return False
    return decision.payable_on(on)


@dataclass(frozen=True)
class Draft:
    """What a payment list for a date would pay, and what dropped out (and why)."""

    payment_date: date
    due: tuple[Instalment, ...]
    dropped: tuple[tuple[Instalment, str], ...]

    @property
    def total(self) -> Decimal:
        return sum((i.amount for i in self.due), Decimal("0.00"))


def draft(payment_date: date, decisions: Iterable[CashDecision],
          paid: Collection[UUID]) -> Draft:
    """The instalments due by ``payment_date`` and not yet paid (nor on another list)."""
    if not isinstance(payment_date, date) or isinstance(payment_date, datetime):
        raise InvalidPaymentDateError()
    due: list[Instalment] = []
    dropped: list[tuple[Instalment, str]] = []
    for decision in decisions:
        for instalment in schedule(decision, payment_date):
            if instalment.instalment_id in paid:
                continue
            if standing(decision, instalment, payment_date):
                due.append(instalment)
            elif decision.set_aside:
                dropped.append((instalment, "set_aside"))
            elif decision.revoked_on is not None and decision.revoked_on <= instalment.due_on:
                dropped.append((instalment, "revoked"))
            # not yet payable (not delivered, or appealed): it waits, neither due nor dropped
    due.sort(key=lambda i: (i.case_reference, i.due_on))
    return Draft(payment_date, tuple(due), tuple(dropped))


def payment_list_id(payment_date: date) -> UUID:
    """One list per payment date: building it twice finds the first (409 aggregate.exists)."""
    return uuid5(PAYMENTS_NAMESPACE, f"list/{payment_date.isoformat()}")


class PaymentList(Aggregate):
    """The instalments a manager approves for a payment date, then paid and maybe reversed.

    Events: ``Built`` (the lines), ``PaymentListApproved`` (who, when, which lines dropped
    because their decision was revoked meanwhile), one ``BenefitPaid`` per line (transfer or
    cash) and ``PaymentReversed`` (with a reason; a payment is never edited).
    """

    @classmethod
    def build(cls, built: Draft, built_by: str) -> PaymentList:
        if not built.due:
            raise EmptyPaymentListError(payment_date=built.payment_date)
        return cls._create(cls.Built, id=payment_list_id(built.payment_date),
                           payment_date=built.payment_date, built_by=built_by,
                           lines=tuple(i.as_line() for i in built.due))

    class Built(Aggregate.Created):
        payment_date: date
        built_by: str
        lines: tuple[dict[str, Any], ...]

    @event(Built)
    def __init__(self, *, payment_date: date, built_by: str,
                 lines: tuple[dict[str, Any], ...]) -> None:
        self.payment_date = payment_date
        self.built_by = built_by
        self.lines: dict[UUID, dict[str, Any]] = {line["instalment_id"]: dict(line)
                                                  for line in lines}
        self.approved_on: date | None = None
        self.approved_by: str | None = None
        self.approved_at: datetime | None = None
        self.dropped: dict[UUID, str] = {}
        self.paid: dict[UUID, str] = {}
        self.reversed: dict[UUID, str] = {}

    @property
    def approved(self) -> bool:
        return self.approved_on is not None

    def approve(self, *, approved_on: date, approved_by: str, approved_at: datetime,
                still_payable: Mapping[UUID, bool], accounts: Collection[UUID]) -> None:
        """Approve and pay: every line whose decision still stands is paid once — by
        transfer when the person's account is on record (``accounts`` names the lines with
        one), otherwise in cash. Approving an approved list changes nothing (a retry)."""
        if self.approved:
            return
        dropped = tuple(key for key in self.lines if not still_payable.get(key, False))
        self._approved(approved_on=approved_on, approved_by=approved_by,
                       approved_at=approved_at, dropped=dropped)
        for key, line in self.lines.items():
            if key in dropped:
                continue
            method = Method.TRANSFER if key in accounts else Method.CASH
            self._paid(instalment_id=key, decision_id=line["decision_id"],
                       period_from=line["period_from"], period_to=line["period_to"],
                       amount=line["amount"], method=method.value, paid_on=approved_on)

    class PaymentListApproved(Aggregate.Event):
        approved_on: date
        approved_by: str
        approved_at: datetime
        dropped: tuple[UUID, ...]

    @event(PaymentListApproved)
    def _approved(self, *, approved_on: date, approved_by: str, approved_at: datetime,
                  dropped: tuple[UUID, ...]) -> None:
        self.approved_on = approved_on
        self.approved_by = approved_by
        self.approved_at = approved_at
        self.dropped = {key: "revoked" for key in dropped}

    class BenefitPaid(Aggregate.Event):
        instalment_id: UUID
        decision_id: UUID
        period_from: date
        period_to: date
        amount: Decimal
        method: str
        paid_on: date

    @event(BenefitPaid)
    def _paid(self, *, instalment_id: UUID, decision_id: UUID, period_from: date,
              period_to: date, amount: Decimal, method: str, paid_on: date) -> None:
        self.paid[instalment_id] = method

    def reverse(self, *, instalment_id: UUID, reason: str, reversed_on: date) -> None:
        """Record that a payment did not reach its recipient (returned, wrong account): an
        event beside it, never an edit. The instalment may then go on a later list."""
        if not self.approved:
            raise PaymentListNotApprovedError()
        if instalment_id not in self.paid:
            raise PaymentNotInListError(instalment_id=instalment_id)
        if instalment_id in self.reversed:
            raise PaymentAlreadyReversedError(instalment_id=instalment_id)
        text = reason.strip() if isinstance(reason, str) else ""
        if not text or len(text) > MAX_REVERSAL_REASON_LENGTH:
            raise ReversalReasonRequiredError(maximum=MAX_REVERSAL_REASON_LENGTH)
        self._reversed(instalment_id=instalment_id, reason=text, reversed_on=reversed_on)

    class PaymentReversed(Aggregate.Event):
        instalment_id: UUID
        reason: str
        reversed_on: date

    @event(PaymentReversed)
    def _reversed(self, *, instalment_id: UUID, reason: str, reversed_on: date) -> None:
        self.reversed[instalment_id] = reason

    @property
    def paid_lines(self) -> list[dict[str, Any]]:
        """Lines paid and not reversed, with their method."""
        return [dict(self.lines[key], method=method) for key, method in self.paid.items()
                if key not in self.reversed]

    def settled(self) -> set[UUID]:
        """Instalments this list takes off later lists: on it and not reversed (a line
        dropped for revocation never returns: its decision no longer stands)."""
        return set(self.lines) - set(self.reversed)
