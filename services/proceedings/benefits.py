"""The amount of a cash benefit within the law's rules (domain/benefits.py), for a
proceeding: its household's income in the month before the application against the
criterion and the amounts valid on the application date.

The decision's handler asks `check_granted_amount` before the save (422 with the rule's
code, nothing written); the decision maker's calculator reads `benefit_calculation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from eventsourcing.application import AggregateNotFoundError as LibraryNotFound

from domain.benefits import (
    CALCULATED_FORMS,
    AmountRule,
    HouseholdIncome,
    amount_rule,
    amounts_on,
    check_amount,
    household_income,
    month_before,
)
from domain.case_folder import CaseFolder
from domain.decision import Outcome
from domain.fees import criterion_on
from domain.parameters import PARAMETERS_ID, FeeParameters
from domain.proceeding import Proceeding
from services.application import CommandApplication
from services.commands import FolderNotFoundError


@dataclass(frozen=True)
class BenefitCalculation:
    """What the decision maker sees: the household's income and the form's rule."""

    income: HouseholdIncome
    rule: AmountRule


def fee_parameters(app: CommandApplication) -> FeeParameters:
    """The recorded criteria (the admin's, services/care/fee_parameters.py), or the
    statutory ones when none were recorded: one criterion for care fees and benefits."""
    try:
        parameters: FeeParameters = app.repository.get(PARAMETERS_ID)
    except LibraryNotFound:
        return FeeParameters.start()
    return parameters


def calculate(folder: CaseFolder, proceeding: Proceeding,
              parameters: FeeParameters) -> BenefitCalculation:
    """The rule of the proceeding's form for its household: income of the month before the
    application (art. 8 ust. 3), the criterion and amounts valid on the application date."""
    income = household_income(folder.members, proceeding.person_id,
                              month_before(proceeding.opened_on), folder.declared_incomes)
    criterion = criterion_on(proceeding.opened_on, parameters.criteria)
    rule = amount_rule(proceeding.form, income, criterion, amounts_on(proceeding.opened_on))
    return BenefitCalculation(income=income, rule=rule)


def check_granted_amount(app: CommandApplication, folder: CaseFolder, proceeding: Proceeding,
                         outcome: str, amount: Decimal | None, justification: str) -> None:
    """A granted cash benefit needs the household's income and an amount within the rule."""
    if outcome != Outcome.GRANT or amount is None or proceeding.form not in CALCULATED_FORMS:
        return
    rule = calculate(folder, proceeding, fee_parameters(app)).rule
    check_amount(rule, amount, justification)


class BenefitUseCases(CommandApplication):
    def benefit_calculation(self, proceeding: Proceeding) -> BenefitCalculation | None:
        """The calculator of a cash proceeding (None for other forms); refuses with
        `benefit.income_missing` or `benefit.income_above_criterion` as a decision would."""
        if proceeding.form not in CALCULATED_FORMS:
            return None
        folder = self.load(CaseFolder, proceeding.folder_id, FolderNotFoundError,
                           read_only=True)
        return calculate(folder, proceeding, fee_parameters(self))
