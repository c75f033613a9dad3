"""The amount of a cash benefit within the law's rules (domain/benefits.py), for a
proceeding: its household's income in the month before the application against the
criterion and the amounts valid on the application date.

The decision's handler asks `check_granted_amount` before the save (422 with the rule's
code, nothing written), and so do an amendment's and the SKO's change that set a cash amount
(`check_changed_amount`); it asks `check_granted_terms` for the other forms' money: meals'
and shelter's days × unit cost, a DPS fee split (art. 61), the fee share of specialist care
for mental disorders (the 2005 regulation's table). The decision maker's calculator reads
`benefit_calculation` and `care_fee_calculation`, her case screen the household's income
against the criterion (`household_income_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from eventsourcing.application import AggregateNotFoundError as LibraryNotFound

from domain.benefit_terms import DaysTerms, DpsFee, check_days_terms, check_dps_fee
from domain.benefits import (
    CALCULATED_FORMS,
    TYPED_FORMS,
    AmountRule,
    BenefitError,
    HouseholdIncome,
    amount_rule,
    amounts_on,
    check_amount,
    household_criterion,
    household_income,
    month_before,
    typed_amount,
)
from domain.care import CareTerms, CashTerms
from domain.case_folder import CaseFolder
from domain.decision import Outcome
from domain.errors import InvalidValueError
from domain.fees import criterion_on
from domain.help import FormOfHelp
from domain.mental_care_fees import CareFeeRule, mental_care_fee
from domain.parameters import PARAMETERS_ID, FeeParameters
from domain.proceeding import Proceeding
from services.application import CommandApplication
from services.commands import FolderNotFoundError


@dataclass(frozen=True)
class BenefitCalculation:
    """What the decision maker sees: the household's income and the form's rule."""

    income: HouseholdIncome | None  # None: the form has no income test (art. 40, 44, 48)
    rule: AmountRule


@dataclass(frozen=True)
class HouseholdIncomeFacts:
    """The household's income per person against the art. 8 criterion, for any proceeding."""

    income: HouseholdIncome
    criterion: Decimal  # the single person's, or per person in a family (art. 8 ust. 1)

    @property
    def within_criterion(self) -> bool:
        """art. 8 ust. 1: the income "nie przekracza" (does not exceed) the criterion."""
        return self.income.per_person <= self.criterion


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
    application (art. 8 ust. 3), the criterion and amounts valid on the application date;
    a form without an income test (art. 40, 44, 48) reads no income."""
    if proceeding.form in TYPED_FORMS:
        return BenefitCalculation(
            income=None, rule=typed_amount(proceeding.form, amounts_on(proceeding.opened_on)))
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


def check_changed_amount(app: CommandApplication, folder: CaseFolder, proceeding: Proceeding,
                         cash: CashTerms | None, reason: str,
                         care: CareTerms | None = None) -> None:
    """An amendment or the SKO's change that sets a granted cash amount is held to the same
    rule as the decision (the proceeding's: income of the month before its application, the
    amounts of its application date); the change's reason, which the document states, is the
    amount's justification. Changed care terms of specialist care for mental disorders keep
    the regulation's fee share, for the same income."""
    check_granted_amount(app, folder, proceeding, proceeding.outcome or "",
                         cash.amount if cash is not None else None, reason)
    # Changed care terms of specialist care for mental disorders keep the regulation's fee.
    check_granted_terms(app, folder, proceeding, proceeding.outcome or "", care, None, None)


class FeeShareNotAsComputedError(BenefitError, InvalidValueError):
    """Specialist care for mental disorders: the fee share is the regulation's, not typed."""

    code = "benefit.fee_share_not_as_computed"


def care_fee(folder: CaseFolder, proceeding: Proceeding, parameters: FeeParameters
             ) -> CareFeeRule:
    """The fee share of specialist care for mental disorders (the 2005 regulation's § 4) for
    the household's income of the month before the application, on its date."""
    income = household_income(folder.members, proceeding.person_id,
                              month_before(proceeding.opened_on), folder.declared_incomes)
    criterion = criterion_on(proceeding.opened_on, parameters.criteria)
    return mental_care_fee(income, criterion, proceeding.opened_on)


def check_granted_terms(app: CommandApplication, folder: CaseFolder, proceeding: Proceeding,
                        outcome: str, care: CareTerms | None, days: DaysTerms | None,
                        dps_fee: DpsFee | None) -> None:
    """The money of a granted non-cash form: days × unit cost (meals, shelter), the DPS fee
    split (art. 61), the regulation's fee share (specialist care for mental disorders)."""
    if outcome != Outcome.GRANT:
        return
    if days is not None:
        check_days_terms(days)
    if dps_fee is not None:
        check_dps_fee(dps_fee)
    if care is not None and proceeding.form == FormOfHelp.SPECIALIST_CARE_SERVICES_MENTAL:
        rule = care_fee(folder, proceeding, fee_parameters(app))
        if care.fee_share_percent != rule.fee_share_percent:
            raise FeeShareNotAsComputedError(fee_share_percent=str(care.fee_share_percent),
                                             computed=str(rule.fee_share_percent))


class BenefitUseCases(CommandApplication):
    def benefit_calculation(self, proceeding: Proceeding) -> BenefitCalculation | None:
        """The calculator of a cash proceeding (None for other forms); refuses with
        `benefit.income_missing` or `benefit.income_above_criterion` as a decision would."""
        if proceeding.form not in CALCULATED_FORMS:
            return None
        folder = self.load(CaseFolder, proceeding.folder_id, FolderNotFoundError,
                           read_only=True)
        return calculate(folder, proceeding, fee_parameters(self))

    def care_fee_calculation(self, proceeding: Proceeding) -> CareFeeRule | None:
        """The regulation's fee share of specialist care for mental disorders (None for
        other forms); `benefit.income_missing` as a decision would."""
        if proceeding.form != FormOfHelp.SPECIALIST_CARE_SERVICES_MENTAL:
            return None
        folder = self.load(CaseFolder, proceeding.folder_id, FolderNotFoundError,
                           read_only=True)
        return care_fee(folder, proceeding, fee_parameters(self))

    def household_income_of(self, proceeding: Proceeding) -> HouseholdIncomeFacts:
        """The household's income in the month before the application against the criterion
        valid on its date, whatever the form; `benefit.income_missing` naming who has none."""
        folder = self.load(CaseFolder, proceeding.folder_id, FolderNotFoundError,
                           read_only=True)
        income = household_income(folder.members, proceeding.person_id,
                                  month_before(proceeding.opened_on), folder.declared_incomes)
        criterion = criterion_on(proceeding.opened_on, fee_parameters(self).criteria)
        return HouseholdIncomeFacts(income=income,
                                    criterion=household_criterion(income, criterion))
