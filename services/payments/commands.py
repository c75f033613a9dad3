"""The manager's commands on payment lists, as a manager would say them: one frozen dataclass
each, handled by `PaymentUseCases` (services/payments/lists.py).

`BuildPaymentList` and `ApprovePaymentList` are built by `PaymentsService`
(services/payments/service.py) from what the read model says is due and still standing, as
`CompileReturn` is from the figures: only the payment date (and, for a reversal, the
instalment and reason) is the manager's, so only that is digested — a retry of the same
command is answered as a retry even if the computed part moved on meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from services.commands import ChangeCommand, Command


@dataclass(frozen=True, kw_only=True)
class BuildPaymentList(Command):
    """Put on a list the instalments due by the payment date and not yet paid."""

    payment_date: date
    lines: tuple[dict[str, Any], ...]

    def _digested(self) -> dict[str, Any]:
        return {"payment_date": self.payment_date}


@dataclass(frozen=True, kw_only=True)
class ApprovePaymentList(ChangeCommand):
    """Approve the list: each line whose decision still stands is paid (BenefitPaid)."""

    payment_date: date
    approved_on: date
    approved_at: datetime
    still_payable: tuple[UUID, ...]
    with_account: tuple[UUID, ...]

    def _digested(self) -> dict[str, Any]:
        return {"payment_date": self.payment_date}


@dataclass(frozen=True, kw_only=True)
class ReversePayment(ChangeCommand):
    """A payment did not reach its recipient: reverse it (an event, never an edit)."""

    payment_date: date
    instalment_id: UUID
    reason: str
    reversed_on: date
