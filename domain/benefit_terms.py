"""What a decision of a non-cash form states in money: meals and shelter counted in days (or
meals) at a unit cost (art. 48a–48b), and the fee of a residential care home split between
the resident, the family and the municipality (art. 61). Both are event payloads
(``DecisionIssued``); like ``domain/care.py``'s terms they validate on every decoding.

Sources: ustawa z 12 marca 2004 r. o pomocy społecznej (t.j. Dz.U. 2024 poz. 1283) art. 48a
(shelter), art. 48b (meals), art. 60–61 (the DPS fee: the resident up to 70% of income, then
the spouse, descendants and ascendants by agreement or decision, then the municipality the rest
up to the home's average monthly cost, published by the starost or the mayor). The amounts
follow ``domain/benefits.py``'s calculators (``days_cost``, ``dps_fee_split``), so the decision
and its calculator never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from domain.benefits import (
    DPS_RESIDENT_PERCENT,
    MAX_DAYS_OR_MEALS,
    MAX_MONTHLY_INCOME,
    AmountNotAsComputedError,
    BenefitError,
    DaysCost,
    DpsFeeSplit,
    days_cost,
    dps_fee_split,
    to_grosze,
)
from domain.care import as_decimal, as_money
from domain.errors import InvalidValueError
from domain.text import within


class InvalidDaysError(BenefitError, InvalidValueError):
    code = "benefit.invalid_days"


class InvalidUnitCostError(BenefitError, InvalidValueError):
    code = "benefit.invalid_unit_cost"


class InvalidDaysPeriodError(BenefitError, InvalidValueError):
    code = "benefit.invalid_days_period"


class InvalidDpsFeeError(BenefitError, InvalidValueError):
    code = "benefit.invalid_dps_fee"


class InvalidFamilyPayerError(BenefitError, InvalidValueError):
    code = "benefit.invalid_family_payer"


class FamilyAboveRemainderError(BenefitError, InvalidValueError):
    """art. 61 ust. 1 pkt 2: the family pays what the resident's 70% leaves of the cost, no
    more; more agreed is a typing error or an agreement the decision cannot state."""

    code = "benefit.dps_family_above_remainder"


MAX_UNITS = MAX_DAYS_OR_MEALS
# A meal or a night's shelter above 500 zł is a typing error (soup kitchens charge ~10–30 zł a
# meal, shelters ~50–150 zł a night in 2025): a sane cap, not the law's.
MAX_UNIT_COST = Decimal(500)
# A residential care home's average monthly cost: ~6,000–9,000 zł in 2025; above 50,000 zł is
# a typing error.
MAX_HOME_COST = Decimal(50_000)
MAX_FAMILY_PAYERS = 10
MAX_PAYER_NAME = 200
MAX_RELATIONSHIP = 100


def _is_day(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


@dataclass(frozen=True)
class DaysTerms:
    """A meal or shelter decision: how many days (or meals), each at what cost, the product
    (``amount``, as the decision states it) and the period."""

    days: int
    unit_cost: Decimal
    amount: Decimal
    period_from: date
    period_to: date | None = None

    def __post_init__(self) -> None:
        days = self.days
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_UNITS:
            raise InvalidDaysError(days=days, maximum=MAX_UNITS)
        cost = as_money(self.unit_cost)
        if cost is None or cost > MAX_UNIT_COST:
            raise InvalidUnitCostError(unit_cost=str(self.unit_cost), maximum=str(MAX_UNIT_COST))
        object.__setattr__(self, "unit_cost", cost)
        amount = as_money(self.amount)
        if amount is None:
            raise AmountNotAsComputedError(amount=str(self.amount))
        object.__setattr__(self, "amount", amount)
        if not _is_day(self.period_from) or (
                self.period_to is not None and not _is_day(self.period_to)):
            raise InvalidDaysPeriodError()
        if self.period_to is not None and self.period_to < self.period_from:
            raise InvalidDaysPeriodError(period_from=self.period_from, period_to=self.period_to)

    def computed(self) -> DaysCost:
        return days_cost(self.days, self.unit_cost)


def check_days_terms(terms: DaysTerms) -> DaysCost:
    """The amount a meal or shelter decision states must be days × unit cost (art. 48a–48b
    give no other rule); answers the computation with its working."""
    cost = terms.computed()
    if terms.amount != cost.total:
        raise AmountNotAsComputedError(amount=str(terms.amount), computed=str(cost.total))
    return cost


class PayerBasis(StrEnum):
    """art. 61 ust. 1 pkt 2 and ust. 2 pkt 2: the family pays by an agreement with the
    centre, or, failing one, by a decision (art. 103 ust. 2)."""

    AGREEMENT = "agreement"
    DECISION = "decision"


@dataclass(frozen=True)
class FamilyPayer:
    """A spouse, descendant or ascendant who pays part of a DPS fee (art. 61 ust. 1 pkt 2)."""

    name: str
    relationship: str
    amount: Decimal
    basis: str

    def __post_init__(self) -> None:
        for field, maximum in (("name", MAX_PAYER_NAME), ("relationship", MAX_RELATIONSHIP)):
            value = getattr(self, field)
            if not isinstance(value, str) or not value.strip():
                raise InvalidFamilyPayerError(field=field)
            within(value, field, maximum)
            object.__setattr__(self, field, value.strip())
        amount = as_money(self.amount)
        if amount is None or amount > MAX_HOME_COST:
            raise InvalidFamilyPayerError(field="amount", amount=str(self.amount))
        object.__setattr__(self, "amount", amount)
        try:
            object.__setattr__(self, "basis", PayerBasis(self.basis).value)
        except ValueError:
            raise InvalidFamilyPayerError(field="basis", basis=str(self.basis)) from None


@dataclass(frozen=True)
class DpsFee:
    """The fee of a month in a residential care home as the decision states it: the
    resident's income and the home's average monthly cost it rests on, the family's agreed
    parts and the resulting parts of the resident and the municipality."""

    resident_income: Decimal
    home_cost: Decimal
    family: tuple[FamilyPayer, ...]
    resident: Decimal
    municipality: Decimal

    def __post_init__(self) -> None:
        income = as_decimal(self.resident_income)
        if income is None or not 0 <= income <= MAX_MONTHLY_INCOME or income != to_grosze(income):
            raise InvalidDpsFeeError(field="resident_income")
        object.__setattr__(self, "resident_income", to_grosze(income))
        cost = as_money(self.home_cost)
        if cost is None or cost > MAX_HOME_COST:
            raise InvalidDpsFeeError(field="home_cost", maximum=str(MAX_HOME_COST))
        object.__setattr__(self, "home_cost", cost)
        payers = tuple(self.family) if isinstance(self.family, list | tuple) else None
        if payers is None or len(payers) > MAX_FAMILY_PAYERS or not all(
                isinstance(p, FamilyPayer) for p in payers):
            raise InvalidDpsFeeError(field="family", maximum=MAX_FAMILY_PAYERS)
        object.__setattr__(self, "family", payers)
        for field in ("resident", "municipality"):
            value = as_decimal(getattr(self, field))
            if value is None or value < 0 or value != to_grosze(value):
                raise InvalidDpsFeeError(field=field)
            object.__setattr__(self, field, to_grosze(value))

    @property
    def family_total(self) -> Decimal:
        return sum((p.amount for p in self.family), Decimal("0.00"))


def check_dps_fee(fee: DpsFee) -> DpsFeeSplit:
    """art. 61: the resident's part is 70% of income (at most the cost), the family's parts
    fit in what is left, the municipality pays the rest; the decision's parts must be those."""
    remainder = fee.home_cost - min(
        to_grosze(fee.resident_income * DPS_RESIDENT_PERCENT / 100), fee.home_cost)
    if fee.family_total > remainder:
        raise FamilyAboveRemainderError(family=str(fee.family_total), remainder=str(remainder))
    split = dps_fee_split(fee.resident_income, fee.home_cost, fee.family_total)
    for field, computed in (("resident", split.resident), ("municipality", split.municipality)):
        stated = getattr(fee, field)
        if stated != computed:
            raise AmountNotAsComputedError(part=field, amount=str(stated),
                                           computed=str(computed))
    return split
