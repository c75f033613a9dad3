"""Undue benefits (art. 98 u.p.s.) and summonses (art. 50, art. 64 § 2 KPA): the rules, as
pure values, of what a proceeding's `ReclaimDecided`, `RepaymentRecorded`,
`ReclaimWrittenOff` and `SummonsIssued` may say (the events are on `domain.proceeding`).

The law, as we read it (docs/payments.md, "Undue benefits", says what is unclear):

- art. 6 pkt 16 u.p.s.: a benefit is *undue* (nienależnie pobrane) when it was obtained on
  false information, or because a change of the person's situation was not reported
  (art. 109); art. 98 ust. 1: undue benefits are returned, whatever the family's income;
- art. 104 ust. 3: the amount to return and its due date(s) are set by an administrative
  decision (here a reclaim decision, with its document; KPA art. 104 and 107);
- art. 104 ust. 4: in particular cases the authority may waive the return, write the amount
  off in whole or in part, defer it or spread it over instalments — each a decision of its
  own, recorded here with its reason;
- the undue amount can only be money actually paid for the proceeding's decision (its
  `BenefitPaid` lines not reversed), less what earlier reclaims already named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.bounds import check_date
from domain.errors import (
    DomainConflictError,
    DomainError,
    InvalidValueError,
    NotFoundInAggregateError,
)

MAX_REASON_LENGTH = 2000
MAX_INSTALMENTS = 60
MAX_SUMMONS_TEXT = 1000
MAX_SUMMONS_PLACE = 300
MAX_SIGNATORY = 200
# The largest amount a reclaim, an instalment of it or a repayment may name (a typing guard).
MAX_AMOUNT = Decimal("10000000")
# KPA art. 64 § 2 gives 7 days to supply what is missing; art. 50 § 1 sets no number, so the
# same 7 days are the least term a summons here may give (the brief's reading; a term of a
# summons to appear that is shorter would be unreasonable — verify with a lawyer).
MIN_SUMMONS_DAYS = 7
CENT = Decimal("0.01")


class ReclaimError(DomainError):
    code = "reclaim.error"


class ReclaimAmountInvalidError(ReclaimError, InvalidValueError):
    code = "reclaim.amount_invalid"


class ReclaimAbovePaidError(ReclaimError, DomainConflictError):
    """The undue amount is more than was paid for the decision (less earlier reclaims)."""

    code = "reclaim.amount_above_paid"


class ReclaimBasisInvalidError(ReclaimError, InvalidValueError):
    code = "reclaim.basis_invalid"


class ReclaimPeriodInvalidError(ReclaimError, InvalidValueError):
    code = "reclaim.period_invalid"


class ReclaimTermsInvalidError(ReclaimError, InvalidValueError):
    """Instalments that do not add up to the amount, or fall before the decision, or out of
    order."""

    code = "reclaim.terms_invalid"


class ReclaimReasonRequiredError(ReclaimError, InvalidValueError):
    code = "reclaim.reason_required"


class ReclaimNotFoundError(ReclaimError, NotFoundInAggregateError):
    code = "reclaim.not_found"


class ReclaimDuplicateError(ReclaimError, DomainConflictError):
    code = "reclaim.duplicate"


class RepaymentAboveOutstandingError(ReclaimError, DomainConflictError):
    code = "reclaim.repayment_above_outstanding"


class RepaymentInvalidError(ReclaimError, InvalidValueError):
    code = "reclaim.repayment_invalid"


class ReclaimSettledError(ReclaimError, DomainConflictError):
    """Nothing is owed any more: no repayment, write-off or new terms."""

    code = "reclaim.settled"


class WriteOffAboveOutstandingError(ReclaimError, DomainConflictError):
    code = "reclaim.write_off_above_outstanding"


class SummonsInvalidError(ReclaimError, InvalidValueError):
    code = "summons.invalid"


class SummonsTermTooShortError(ReclaimError, InvalidValueError):
    code = "summons.term_too_short"


class ReclaimBasis(StrEnum):
    """Why the benefit was undue (art. 6 pkt 16 u.p.s.)."""

    FALSE_INFORMATION = "false_information"  # nieprawdziwe informacje
    CHANGE_NOT_REPORTED = "change_not_reported"  # niepoinformowanie o zmianie (art. 109)


class RepaymentMethod(StrEnum):
    CASH = "cash"
    TRANSFER = "transfer"


class WriteOffKind(StrEnum):
    """Art. 104 ust. 4 u.p.s.: what the authority may do with an amount owed."""

    WRITE_OFF = "write_off"  # umorzenie (whole or part) or waiving the return
    DEFER = "defer"  # odroczenie terminu płatności: new terms
    SPREAD = "spread"  # rozłożenie na raty: new terms


class SummonsPurpose(StrEnum):
    APPEAR = "appear"  # art. 50 § 1 KPA: to appear in person
    SUPPLY_DOCUMENT = "supply_document"  # art. 50 § 1 / art. 64 § 2 KPA: to supply a document


def money(value: Any, field_name: str = "amount") -> Decimal:
    """A positive amount in grosze (two places at most), else 422."""
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0 \
            or value != value.quantize(CENT) or value > MAX_AMOUNT:
        raise ReclaimAmountInvalidError(field=field_name)
    return value.quantize(CENT)


def reason_text(text: Any) -> str:
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_REASON_LENGTH:
        raise ReclaimReasonRequiredError(maximum=MAX_REASON_LENGTH)
    return text.strip()


def check_terms(amount: Decimal, instalments: Iterable[dict[str, Any]],
                not_before: date) -> tuple[dict[str, Any], ...]:
    """The due dates and amounts of the repayment: one (a lump sum) or more instalments, in
    date order, none before the decision, adding up to the amount."""
    terms = tuple(instalments)
    if not 1 <= len(terms) <= MAX_INSTALMENTS:
        raise ReclaimTermsInvalidError(maximum=MAX_INSTALMENTS)
    checked: list[dict[str, Any]] = []
    previous: date | None = None
    for term in terms:
        due_on, part = term.get("due_on"), term.get("amount")
        if not isinstance(due_on, date):
            raise ReclaimTermsInvalidError(field="due_on")
        check_date(due_on, "due_on")
        if due_on < not_before or (previous is not None and due_on <= previous):
            raise ReclaimTermsInvalidError(field="due_on")
        previous = due_on
        checked.append({"due_on": due_on, "amount": money(part, "instalments.amount")})
    if sum((t["amount"] for t in checked), Decimal("0.00")) != amount:
        raise ReclaimTermsInvalidError(field="amount", amount=str(amount))
    return tuple(checked)


@dataclass
class Reclaim:
    """One reclaim decision of a proceeding and what became of it."""

    reclaim_id: UUID
    issued_on: date
    amount: Decimal
    basis: str
    period_from: date
    period_to: date
    instalments: tuple[dict[str, Any], ...]
    repaid: Decimal = Decimal("0.00")
    written_off: Decimal = Decimal("0.00")
    repayments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def outstanding(self) -> Decimal:
        """What is still owed: never below zero (repayments and write-offs are checked
        against it before they are recorded)."""
        return self.amount - self.repaid - self.written_off

    def check_repayment(self, amount: Decimal, paid_on: date) -> Decimal:
        amount = money(amount)
        check_date(paid_on, "paid_on")
        if paid_on < self.issued_on:
            raise RepaymentInvalidError(field="paid_on")
        if self.outstanding <= 0:
            raise ReclaimSettledError(reclaim_id=self.reclaim_id)
        if amount > self.outstanding:
            raise RepaymentAboveOutstandingError(outstanding=str(self.outstanding))
        return amount

    def check_write_off(self, kind: str, amount: Decimal | None, on: date,
                        instalments: Iterable[dict[str, Any]]) -> tuple[
                            WriteOffKind, Decimal, tuple[dict[str, Any], ...]]:
        try:
            chosen = WriteOffKind(kind)
        except ValueError:
            raise ReclaimTermsInvalidError(field="kind") from None
        check_date(on, "decided_on")
        if on < self.issued_on:
            raise ReclaimTermsInvalidError(field="decided_on")
        if self.outstanding <= 0:
            raise ReclaimSettledError(reclaim_id=self.reclaim_id)
        if chosen is WriteOffKind.WRITE_OFF:
            written = money(amount)
            if written > self.outstanding:
                raise WriteOffAboveOutstandingError(outstanding=str(self.outstanding))
            return chosen, written, ()
        # Deferred or spread: new terms for what is still owed, none before the decision.
        return chosen, Decimal("0.00"), check_terms(self.outstanding, instalments, on)


def summons_due(issued_on: date, due_on: date) -> date:
    """A summons gives at least MIN_SUMMONS_DAYS from its date (KPA art. 64 § 2)."""
    check_date(issued_on, "issued_on")
    check_date(due_on, "due_on")
    if due_on < issued_on + timedelta(days=MIN_SUMMONS_DAYS):
        raise SummonsTermTooShortError(minimum_days=MIN_SUMMONS_DAYS)
    return due_on


def summons_text(text: Any, field_name: str) -> str:
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_SUMMONS_TEXT:
        raise SummonsInvalidError(field=field_name, maximum=MAX_SUMMONS_TEXT)
    return text.strip()
