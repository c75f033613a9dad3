"""The commands of undue benefits and summonses, as a decision maker or a manager would say
them: one frozen dataclass each, handled by `ReclaimUseCases` (services/receivables/reclaims.py).

`DecideReclaim` is built by `ReceivablesService` (services/receivables/service.py), which adds
what was paid for the proceeding's decision from the payments read model read at the log's
head (as a payment list's lines are): only what the decision maker said is digested.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from services.proceedings.commands import ProceedingCommand


@dataclass(frozen=True)
class Term:
    """One due date of a repayment and the amount due on it."""

    due_on: date
    amount: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {"due_on": self.due_on, "amount": self.amount}


@dataclass(frozen=True, kw_only=True)
class DecideReclaim(ProceedingCommand):
    """Decide that benefits paid were undue and must be returned (art. 98 u.p.s.)."""

    reclaim_id: UUID
    issued_on: date
    amount: Decimal
    basis: str
    period_from: date
    period_to: date
    instalments: tuple[Term, ...]
    reason: str
    signatory: str
    paid: Decimal = Decimal("0.00")  # computed by the service: not the sender's

    def _digested(self) -> dict[str, Any]:
        digested = super()._digested()
        del digested["paid"]
        return digested


@dataclass(frozen=True, kw_only=True)
class RecordRepayment(ProceedingCommand):
    """Record money returned against a reclaim (cash or transfer)."""

    reclaim_id: UUID
    paid_on: date
    amount: Decimal
    method: str


@dataclass(frozen=True, kw_only=True)
class WriteOffReclaim(ProceedingCommand):
    """Write off what is owed in whole or part, or defer or spread it (art. 104 ust. 4)."""

    reclaim_id: UUID
    decided_on: date
    kind: str
    amount: Decimal | None
    instalments: tuple[Term, ...]
    reason: str


@dataclass(frozen=True, kw_only=True)
class IssueSummons(ProceedingCommand):
    """Summon the party to appear or to supply a document (KPA art. 50, art. 64 § 2)."""

    issued_on: date
    purpose: str
    subject: str
    due_on: date
    place: str
