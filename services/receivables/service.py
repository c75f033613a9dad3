"""Undue benefits and health contributions as the decision maker and the manager see them:
a reclaim decision built with what was paid (read from the payments read model at the log's
head, as a payment list's lines are), the receivables, and the month's list of health
contributions for permanent-allowance recipients with its CSV (domain/contributions.py)."""

from __future__ import annotations

import calendar
import csv
import io
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.bounds import check_month
from domain.contributions import contribution, rate_on
from services.commands import CommandContext, CommandResult
from services.receivables.commands import DecideReclaim

CONTRIBUTION_CSV_COLUMNS = ("Imię i nazwisko", "Miesiąc",
                            "Liczba wypłat", "Podstawa wymiaru (zł)", "Stawka (%)",
                            "Składka zdrowotna (zł)")


@dataclass(frozen=True)
class ContributionLine:
    folder_id: UUID
    person_id: UUID
    name: str
    payments: int
    basis: Decimal
    contribution: Decimal


@dataclass(frozen=True)
class ContributionList:
    year: int
    month: int
    rate: Decimal
    lines: tuple[ContributionLine, ...]

    @property
    def total_basis(self) -> Decimal:
        return sum((line.basis for line in self.lines), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return sum((line.contribution for line in self.lines), Decimal("0.00"))


class ReceivablesService:
    def __init__(self, app: Any, read_models: Any) -> None:
        self.app = app
        self.read_models = read_models

    def decide_reclaim(self, ctx: CommandContext, command: DecideReclaim) -> CommandResult:
        """Decide a reclaim, never above what was paid for the proceeding's decision and not
        reversed (read at the log's head: a payment approved a moment ago counts)."""
        paid = self.read_models.paid_for_proceeding(command.proceeding_id,
                                                    after=self.app.head_position())
        return self.app.handle(ctx, replace(command, paid=paid))

    def contributions(self, year: int, month: int,
                      after: int | None = None) -> ContributionList:
        """The month's health contributions: per recipient, the permanent allowances paid
        in the month (by the payment date of their approved list), less reversed ones, and
        9% of it (the rate in force on the month's first day)."""
        check_month(year, month)
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        rate = rate_on(first)
        rows = self.read_models.permanent_allowances_paid(first, last, after)
        lines = tuple(sorted((ContributionLine(
            folder_id=row["folder_id"], person_id=row["person_id"], name=row["name"],
            payments=int(row["payments"]), basis=Decimal(row["basis"]).quantize(
                Decimal("0.01")),
            contribution=contribution(Decimal(row["basis"]), rate)) for row in rows),
            key=lambda line: (line.name, str(line.person_id))))
        return ContributionList(year, month, rate, lines)


def contributions_csv(listed: ContributionList) -> bytes:
    """The month's list as CSV with Polish headers (UTF-8 with BOM, so a spreadsheet opens
    the Polish letters right; `;` as Polish spreadsheets expect, amounts with a comma)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CONTRIBUTION_CSV_COLUMNS)
    month = f"{listed.year:04d}-{listed.month:02d}"
    percent = f"{listed.rate * 100:.2f}".replace(".", ",")
    for line in listed.lines:
        writer.writerow((line.name, month, line.payments,
                         _pl(line.basis), percent, _pl(line.contribution)))
    writer.writerow(("Razem", month, sum(line.payments for line in listed.lines),
                     _pl(listed.total_basis), percent, _pl(listed.total)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _pl(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")
