"""Incomes and amounts for the synthetic city and the demo: each member's income for the
month before the application is declared (art. 8 ust. 3), and a cash grant's amount comes
from the law's calculator (domain/benefits.py) — computed where the law gives a formula,
typed within its bounds with a justification where it gives bounds."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.benefits import (
    CALCULATED_FORMS,
    IncomeAboveCriterionError,
    amount_rule,
    amounts_on,
    household_income,
    month_before,
    to_grosze,
)
from domain.case_folder import CaseFolder
from domain.fees import criterion_on
from services.casework.commands import DeclareIncome
from services.commands import CommandContext, FolderNotFoundError
from services.proceedings.benefits import fee_parameters
from services.teczka import Teczka

# What a typed amount's justification says in the synthetic city.
NEEDS = ("Zakup opału na zimę.", "Zakup leków.", "Opłata za energię elektryczną.",
         "Zakup żywności i odzieży.")


@dataclass(frozen=True)
class Granted:
    """The amount a grant may carry (None: income above the criterion, so a refusal)."""

    amount: Decimal | None
    justification: str = ""


def declare_incomes(app: Teczka, new_ctx: Callable[[], CommandContext], folder_id: UUID,
                    version: int, filed: date, rng: random.Random) -> int:
    """Declare every member's income for the month before `filed` (those not yet declared);
    most households of the city live below the criterion. Answers the folder's version.

    The income and the command's context are drawn for every member, declared or not, so
    that a second run of a seed into the same store draws the same and writes nothing."""
    folder = app.load(CaseFolder, folder_id, FolderNotFoundError, read_only=True)
    month = month_before(filed)
    for member_id in list(folder.members):
        income = Decimal(0) if rng.random() < 0.5 else Decimal(rng.randrange(150, 950))
        ctx = new_ctx()
        if (member_id, month) in folder.declared_incomes:
            continue
        version = app.handle(ctx, DeclareIncome(
            folder_id=folder_id, expected_version=version, member_id=member_id, month=month,
            net_income=income)).version
    return version


def granted_amount(app: Teczka, folder_id: UUID, person_id: UUID, form: str, filed: date,
                   rng: random.Random) -> Granted:
    """An amount within the law's rule for this household (after `declare_incomes`)."""
    if form not in CALCULATED_FORMS:
        return Granted(Decimal(rng.randrange(100, 1600)))
    folder = app.load(CaseFolder, folder_id, FolderNotFoundError, read_only=True)
    income = household_income(folder.members, person_id, month_before(filed),
                              folder.declared_incomes)
    criterion = criterion_on(filed, fee_parameters(app).criteria)
    try:
        rule = amount_rule(form, income, criterion, amounts_on(filed))
    except IncomeAboveCriterionError:
        return Granted(None)
    if rule.computed is not None:
        return Granted(rule.computed)
    maximum = rule.maximum if rule.maximum is not None else Decimal(rng.randrange(150, 1500))
    if rule.maximum is not None and rng.random() < 0.6:
        return Granted(maximum)
    amount = to_grosze(rule.minimum + (maximum - rule.minimum) * Decimal(rng.random()))
    return Granted(max(amount, rule.minimum), rng.choice(NEEDS))
