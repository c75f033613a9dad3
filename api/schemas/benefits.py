"""The calculator's answer: a proceeding's household income against the criterion (any
form), and for a cash form the amount rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel

from domain.mental_care_fees import CareFeeRule
from services.proceedings.benefits import BenefitCalculation, HouseholdIncomeFacts


class StepOut(BaseModel):
    key: str  # a message key the tablet translates ("gap", "minimum_applies", …)
    expression: str  # its arithmetic, e.g. "1010.00 − 640.00 = 370.00"


class BenefitCalculationOut(BaseModel):
    """`applies`: the form's amount is ruled by the law (a cash form); `problem`: why no
    amount may be granted yet (`benefit.income_missing`, naming `missing_members`, or
    `benefit.income_above_criterion`). `computed`: the law's formula gives the amount;
    otherwise any amount from `minimum` to `maximum` (None: no cap), justified below it.

    For every form, when each member's income of the month before the application is in:
    `month`, `members`, `single`, `total_income`, `income_per_person` and the art. 8
    criterion it is held against (`income_criterion`: the single person's, or per person in
    a family) with `within_criterion`; otherwise `missing_members` names who has none.

    A form without an income test (art. 40, 44, 48: `income_test` false) has no criterion,
    only a minimum and, for a funeral where the municipality set one, a cap. Specialist care
    for mental disorders answers `fee_share_percent` (the 2005 regulation's table, `working`
    says how; `fee_table_verified` false while the table awaits its check)."""

    proceeding_id: UUID
    person_id: UUID
    form: str
    applies: bool = False
    problem: str | None = None
    missing_members: list[UUID] = []
    month: date | None = None
    members: int | None = None
    single: bool | None = None
    total_income: Decimal | None = None
    income_per_person: Decimal | None = None
    income_criterion: Decimal | None = None
    within_criterion: bool | None = None
    criterion: Decimal | None = None
    compared_income: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    computed: Decimal | None = None
    suggested: Decimal | None = None
    income_test: bool = True
    fee_share_percent: Decimal | None = None
    percent_of_criterion: Decimal | None = None
    fee_table_verified: bool | None = None
    working: list[StepOut] = []

    def refused(self, code: str) -> BenefitCalculationOut:
        return self.model_copy(update={"applies": True, "problem": code})

    def income_missing(self, code: str, missing: list[str]) -> BenefitCalculationOut:
        """Who has no income for the month; for a cash form, no amount may be granted yet."""
        answer = self.refused(code) if self.applies else self
        return answer.model_copy(update={"missing_members": [UUID(m) for m in missing]})

    def with_income(self, facts: HouseholdIncomeFacts) -> BenefitCalculationOut:
        income = facts.income
        return self.model_copy(update={
            "month": income.month, "members": income.members, "single": income.single,
            "total_income": income.total,
            "income_per_person": income.per_person.quantize(Decimal("0.01")),
            "income_criterion": facts.criterion.quantize(Decimal("0.01")),
            "within_criterion": facts.within_criterion,
        })

    def with_care_fee(self, rule: CareFeeRule) -> BenefitCalculationOut:
        cent = Decimal("0.01")
        return self.model_copy(update={
            "applies": True, "criterion": rule.criterion.quantize(cent),
            "compared_income": rule.income.quantize(cent),
            "fee_share_percent": rule.fee_share_percent,
            "percent_of_criterion": rule.percent_of_criterion,
            "fee_table_verified": rule.verified,
            "working": [StepOut(key=s.key, expression=s.expression) for s in rule.working],
        })

    def with_calculation(self, calculation: BenefitCalculation) -> BenefitCalculationOut:
        income, rule = calculation.income, calculation.rule
        cent = Decimal("0.01")
        if income is None or rule.criterion is None or rule.income is None:
            return self.model_copy(update={
                "applies": True, "income_test": False, "problem": None, "missing_members": [],
                "minimum": rule.minimum, "maximum": rule.maximum, "computed": rule.computed,
                "suggested": rule.suggested,
                "working": [StepOut(key=s.key, expression=s.expression) for s in rule.working],
            })
        return self.model_copy(update={
            "applies": True, "month": income.month, "members": income.members,
            "single": income.single, "total_income": income.total,
            "income_per_person": income.per_person.quantize(cent),
            "criterion": rule.criterion.quantize(cent),
            "compared_income": rule.income.quantize(cent),
            "minimum": rule.minimum, "maximum": rule.maximum, "computed": rule.computed,
            "suggested": rule.suggested,
            "working": [StepOut(key=s.key, expression=s.expression) for s in rule.working],
        })
