"""Payments in the synthetic city: the social worker records a bank account for most cash
recipients, and after the year's casework a manager builds and approves a payment list on
the 10th of every month of the span (one `BenefitPaid` per instalment due, by transfer
where an account is recorded, else in cash), and reverses a few transfers that came back.

The lists are the same commands the API sends (`BuildPaymentList`, `ApprovePaymentList`,
`ReversePayment`); their computed parts come from the domain's `draft` over the decisions
the city granted (the read models are not built while a city is written), as
`PaymentsService` computes them from the read model. Draws come from a stream of their own,
so adding payments changed none of the city's other choices.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from uuid import UUID

from domain.payments import CashDecision, draft
from services.casework.commands import RecordBankAccount
from services.commands import CommandContext
from services.payments.commands import ApprovePaymentList, BuildPaymentList, ReversePayment
from services.teczka import Teczka

# Most recipients of cash benefits have an account (the rest are paid at the cash desk).
WITH_ACCOUNT = 0.75
# Transfers that come back (closed account, wrong name): a few per thousand.
REVERSED = 0.004
REVERSAL_REASONS = ("Zwrot przelewu: rachunek zamknięty.",
                    "Zwrot przelewu: niezgodność danych odbiorcy.")
PAYMENT_DAY = 10
# Polish banks' sort codes (8 digits, the bank's and branch's), for plausible accounts.
BANK_CODES = ("10201026", "10501562", "11402004", "12401994", "10901665", "16001462")


def polish_iban(rng: random.Random) -> str:
    """A Polish account number (NRB) with its IBAN check digits right (ISO 7064 mod 97)."""
    bban = rng.choice(BANK_CODES) + "".join(str(rng.randrange(10)) for _ in range(16))
    check = 98 - int(bban + "252100") % 97  # "PL00" moved to the end: P=25, L=21
    return f"PL{check:02d}{bban}"


@dataclass
class CityPayments:
    """The city's cash grants and recorded accounts as they are written, then paid."""

    rng: random.Random
    decisions: list[CashDecision] = field(default_factory=list)
    accounts: set[tuple[UUID, UUID]] = field(default_factory=set)
    lists: int = 0
    paid: int = 0
    transfers: int = 0
    reversed: int = 0

    @classmethod
    def for_seed(cls, seed: int) -> CityPayments:
        return cls(random.Random(f"teczka-city-payments-{seed}"))  # noqa: S311 -- repeatable

    def record_account(self, app: Teczka, ctx: Callable[[], CommandContext], folder_id: UUID,
                       version: int, member_id: UUID) -> int:
        """Most recipients give the worker an account for their benefit; answers the
        folder's version. Drawn for everyone, so the stream is the same on a rerun."""
        iban = polish_iban(self.rng)
        if self.rng.random() >= WITH_ACCOUNT or (folder_id, member_id) in self.accounts:
            return version
        self.accounts.add((folder_id, member_id))
        return app.handle(ctx(), RecordBankAccount(
            folder_id=folder_id, expected_version=version, member_id=member_id,
            iban=iban)).version

    def granted(self, decision: CashDecision) -> None:
        self.decisions.append(decision)

    def pay(self, app: Teczka, manager: Callable[[], CommandContext], first: date,
            today: date) -> None:
        """A list on the 10th of every month from `first` to `today`: built, approved
        (paid on its date), a few transfers reversed a few days later."""
        settled: set[UUID] = set()
        payment_date = _tenth_on_or_after(first)
        while payment_date <= today:
            self._one_list(app, manager, payment_date, today, settled)
            payment_date = _tenth_on_or_after(payment_date + timedelta(days=28))

    def _one_list(self, app: Teczka, manager: Callable[[], CommandContext],
                  payment_date: date, today: date, settled: set[UUID]) -> None:
        due = draft(payment_date, self.decisions, settled).due
        if not due:
            return
        lines = tuple(i.as_line() for i in due)
        version = app.handle(manager(), BuildPaymentList(payment_date=payment_date,
                                                         lines=lines)).version
        ids = tuple(i.instalment_id for i in due)
        transfers = tuple(i.instalment_id for i in due
                          if (i.folder_id, i.member_id) in self.accounts)
        version = app.handle(manager(), ApprovePaymentList(
            payment_date=payment_date, expected_version=version, approved_on=payment_date,
            approved_at=datetime.combine(payment_date, time(9)), still_payable=ids,
            with_account=transfers)).version
        self.lists += 1
        self.paid += len(ids)
        self.transfers += len(transfers)
        settled.update(ids)
        reversed_on = min(today, payment_date + timedelta(days=3))
        # A few per thousand transfers, and at least one on every fourth list, so that even
        # a small city has reversals (and the instalment paid again on the next list).
        count = max(round(len(transfers) * REVERSED), 1 if self.lists % 4 == 1 else 0)
        for instalment_id in self.rng.sample(transfers, min(count, len(transfers))):
            version = app.handle(manager(), ReversePayment(
                payment_date=payment_date, expected_version=version,
                instalment_id=instalment_id, reason=self.rng.choice(REVERSAL_REASONS),
                reversed_on=reversed_on)).version
            settled.discard(instalment_id)  # due again: the next list pays it
            self.reversed += 1

    def summary(self) -> dict[str, int]:
        return {"payment_lists": self.lists, "benefit_paid": self.paid,
                "by_transfer": self.transfers,
                "in_cash": self.paid - self.transfers, "reversed": self.reversed,
                "accounts": len(self.accounts)}


def _tenth_on_or_after(day: date) -> date:
    tenth = day.replace(day=PAYMENT_DAY)
    if tenth >= day:
        return tenth
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, PAYMENT_DAY)

