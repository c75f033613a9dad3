"""Cash benefits' amounts within the law's rules: income, the criterion, the calculators.

Sources (ustawa z 12 marca 2004 r. o pomocy społecznej, t.j. Dz.U. 2024 poz. 1283):
art. 8 (income criterion, income of the month before the application), art. 37 (permanent
allowance), art. 38 (periodic allowance), art. 39 (purpose allowance), art. 41 (special
purpose allowance), art. 44 (funeral), art. 48–48a (meals, shelter), art. 61 (DPS fees);
the amounts from 1 January 2025: the Council of Ministers' regulation of 2024 on the verified
income criteria and amounts of cash benefits (1,010 / 823 zł; permanent allowance at most
1,229 zł). Where the law was unclear to us it says so here and in docs/benefits.md.

Rounding: the act names no rounding rule; amounts are rounded half up to the grosz
(0.01 zł), the usual rule of Polish public finance for money, applied once, at the end.
Income per person is not rounded before it is compared or subtracted (art. 8 ust. 3 gives
no rounding either), so an edge is never moved by rounding.

Each calculator answers an ``AmountRule``: the bounds the law sets, the amount when the law
gives a formula, and its working ("1010.00 − 640.00 = 370.00"); ``check_amount`` refuses an
amount that breaks the rule. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from domain.care import CENT, as_decimal
from domain.errors import DomainError, InvalidValueError
from domain.fees import IncomeCriterion
from domain.help import FormOfHelp


class BenefitError(DomainError):
    code = "benefit.error"


class IncomeMissingError(BenefitError, InvalidValueError):
    code = "benefit.income_missing"


class InvalidIncomeAmountError(BenefitError, InvalidValueError):
    code = "benefit.invalid_income"


class IncomeAboveCriterionError(BenefitError, InvalidValueError):
    code = "benefit.income_above_criterion"


class AmountAboveMaximumError(BenefitError, InvalidValueError):
    code = "benefit.amount_above_maximum"


class AmountBelowMinimumError(BenefitError, InvalidValueError):
    code = "benefit.amount_below_minimum"


class AmountNotAsComputedError(BenefitError, InvalidValueError):
    code = "benefit.amount_not_as_computed"


class JustificationRequiredError(BenefitError, InvalidValueError):
    code = "benefit.justification_required"


class NoBenefitAmountsError(BenefitError, InvalidValueError):
    code = "benefit.no_amounts"


class InvalidBenefitInputError(BenefitError, InvalidValueError):
    code = "benefit.invalid_input"


# Income of one member for one month above this is a typing error (1 million zł).
MAX_MONTHLY_INCOME = Decimal(1_000_000)
MAX_JUSTIFICATION_LENGTH = 2_000


def to_grosze(value: Decimal) -> Decimal:
    """Round half up to the grosz (0.01 zł): see the module's note on rounding."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def month_before(day: date) -> date:
    """The first day of the month before ``day``'s: the income month of art. 8 ust. 3."""
    return date(day.year - 1, 12, 1) if day.month == 1 else date(day.year, day.month - 1, 1)


def check_income(amount: object) -> Decimal:
    """A month's net income: złoty and grosze, zero or more, within reason."""
    number = as_decimal(amount)
    if number is None or not 0 <= number <= MAX_MONTHLY_INCOME or number != to_grosze(number):
        raise InvalidIncomeAmountError(amount=str(amount))
    return to_grosze(number)


@dataclass(frozen=True)
class BenefitAmounts:
    """The act's amounts for cash benefits, valid from a day on (dated parameters)."""

    valid_from: date
    permanent_maximum: Decimal  # art. 37 ust. 2, verified by regulation (art. 9)
    permanent_minimum: Decimal  # art. 37 ust. 3
    periodic_minimum: Decimal  # art. 38 ust. 4
    periodic_single_cap: Decimal  # art. 38 ust. 2 pkt 1 — 418 zł as we read it (unverified)
    # art. 38 ust. 2: at least 50% of the gap; a municipality may set more (art. 38 ust. 3:
    # "rada gminy może podwyższyć…", as we understand it) — the municipality's parameter.
    periodic_percent: Decimal = Decimal(50)
    # art. 44: the funeral "zgodnie z miejscowymi zwyczajami", no amount in the act; a
    # municipality may cap it by its own resolution — none by default (None: no cap).
    funeral_cap: Decimal | None = None


# art. 37 ust. 2: 645 zł from 1 Oct 2018 (Dz.U. 2018 poz. 1358), 719 zł from 1 Jan 2022
# (Dz.U. 2021 poz. 1296), 1,229 zł from 1 Jan 2025 (regulation of July 2024). art. 37 ust. 3:
# 30 zł; art. 38 ust. 4: 20 zł; art. 38 ust. 2 pkt 1: 418 zł (see docs/benefits.md: unverified).
BENEFIT_AMOUNTS: tuple[BenefitAmounts, ...] = (
    BenefitAmounts(date(2018, 10, 1), Decimal(645), Decimal(30), Decimal(20), Decimal(418)),
    BenefitAmounts(date(2022, 1, 1), Decimal(719), Decimal(30), Decimal(20), Decimal(418)),
    BenefitAmounts(date(2025, 1, 1), Decimal(1229), Decimal(30), Decimal(20), Decimal(418)),
)


def amounts_on(day: date, amounts: Iterable[BenefitAmounts] = BENEFIT_AMOUNTS) -> BenefitAmounts:
    in_force = [row for row in amounts if row.valid_from <= day]
    if not in_force:
        raise NoBenefitAmountsError(on=day)
    return max(in_force, key=lambda row: row.valid_from)


@dataclass(frozen=True)
class HouseholdIncome:
    """The household's income in the month before the application (art. 8 ust. 3)."""

    month: date
    members: int
    total: Decimal
    applicant: Decimal

    @property
    def single(self) -> bool:
        """A one-person household is always a single person (its criterion differs)."""
        return self.members == 1

    @property
    def per_person(self) -> Decimal:
        """Total / members, unrounded (art. 8 ust. 3); shown rounded to the grosz."""
        return self.total / self.members


def household_income(
    members: Iterable[UUID], applicant: UUID, month: date,
    declared: Mapping[tuple[UUID, date], Decimal],
) -> HouseholdIncome:
    """Sum the members' declared income for the month; every member must have declared
    (zero is a declaration), else ``benefit.income_missing`` naming who has not."""
    people = list(members)
    missing = [str(m) for m in people if (m, month) not in declared]
    if not people or missing:
        raise IncomeMissingError(month=month, members=missing)
    total = sum((declared[(m, month)] for m in people), Decimal(0))
    return HouseholdIncome(month=month, members=len(people), total=total,
                           applicant=declared.get((applicant, month), Decimal(0)))


def household_criterion(income: HouseholdIncome, criterion: IncomeCriterion) -> Decimal:
    """The criterion the household's income per person is held against (art. 8 ust. 1):
    the single person's for a one-person household, else the per-person one of a family."""
    return criterion.single if income.single else criterion.per_person_in_family


@dataclass(frozen=True)
class Step:
    """One line of a calculator's working: a label (a message key) and its arithmetic."""

    key: str
    expression: str


@dataclass(frozen=True)
class AmountRule:
    """What the law allows for one benefit: bounds, the formula's amount, the working.

    ``computed`` is the amount when the law gives a formula (then nothing else is allowed);
    otherwise the decision maker types an amount within ``minimum``..``maximum`` (None: no
    cap in the law) and, below the maximum, justifies it (``justify_below_maximum``).
    """

    form: str
    criterion: Decimal | None  # None: the form has no income test (art. 40, 44, 48)
    income: Decimal | None
    minimum: Decimal
    maximum: Decimal | None
    computed: Decimal | None
    working: tuple[Step, ...]

    @property
    def suggested(self) -> Decimal | None:
        """What the calculator fills in: the formula's amount, else the maximum."""
        return self.computed if self.computed is not None else self.maximum


def _z(value: Decimal) -> str:
    return f"{to_grosze(value):.2f}"


def _criterion_and_income(income: HouseholdIncome, criterion: IncomeCriterion,
                          per_person: bool) -> tuple[Decimal, Decimal, list[Step]]:
    """The criterion and income compared: per person (permanent allowance, a family) or for
    the whole family (periodic and special allowances); one person is always single."""
    steps = [Step("income_per_person" if income.members > 1 else "income_single",
                  f"{_z(income.total)} / {income.members} = {_z(income.per_person)}")]
    if income.single:
        return criterion.single, income.total, steps
    if per_person:
        return criterion.per_person_in_family, income.per_person, steps
    family = criterion.per_person_in_family * income.members
    steps.append(Step("family_criterion",
                      f"{_z(criterion.per_person_in_family)} × {income.members} = {_z(family)}"))
    return family, income.total, steps


def permanent_allowance(income: HouseholdIncome, criterion: IncomeCriterion,
                        amounts: BenefitAmounts) -> AmountRule:
    """art. 37 ust. 2: single — criterion − income; in a family — per-person criterion −
    per-person income; at most the verified maximum, at least 30 zł (ust. 3). A formula."""
    limit, compared, steps = _criterion_and_income(income, criterion, per_person=True)
    # art. 37 ust. 1: income below the criterion ("niższy"); in a family the person's own
    # income must also be below the single person's criterion.
    if compared >= limit or (not income.single and income.applicant >= criterion.single):
        raise IncomeAboveCriterionError(form=FormOfHelp.PERMANENT_ALLOWANCE,
                                        criterion=str(limit), income=str(to_grosze(compared)))
    gap = to_grosze(limit - compared)
    steps.append(Step("gap", f"{_z(limit)} − {_z(compared)} = {_z(gap)}"))
    amount = min(max(gap, amounts.permanent_minimum), amounts.permanent_maximum)
    if amount != gap:
        key = "minimum_applies" if gap < amount else "maximum_applies"
        steps.append(Step(key, _z(amount)))
    return AmountRule(form=FormOfHelp.PERMANENT_ALLOWANCE, criterion=limit, income=compared,
                      minimum=to_grosze(amount), maximum=to_grosze(amount),
                      computed=to_grosze(amount), working=tuple(steps))


def periodic_allowance(income: HouseholdIncome, criterion: IncomeCriterion,
                       amounts: BenefitAmounts) -> AmountRule:
    """art. 38 ust. 2: up to the gap (single: criterion − income; family: family criterion
    − family income), at least the municipality's percentage of it (50% by the act), at
    least 20 zł (ust. 4); for a single person at most 418 zł (ust. 2 pkt 1, as we read it)."""
    limit, compared, steps = _criterion_and_income(income, criterion, per_person=False)
    if compared >= limit:  # art. 38 ust. 1: income below the criterion
        raise IncomeAboveCriterionError(form=FormOfHelp.PERIODIC_ALLOWANCE,
                                        criterion=str(limit), income=str(to_grosze(compared)))
    gap = to_grosze(limit - compared)
    steps.append(Step("gap", f"{_z(limit)} − {_z(compared)} = {_z(gap)}"))
    share = to_grosze(gap * amounts.periodic_percent / 100)
    steps.append(Step("periodic_share",
                      f"{_z(gap)} × {amounts.periodic_percent.normalize():f}% = {_z(share)}"))
    maximum = gap
    if income.single and maximum > amounts.periodic_single_cap:
        maximum = amounts.periodic_single_cap
        steps.append(Step("single_cap_applies", _z(maximum)))
    minimum = min(share, maximum)
    if minimum < amounts.periodic_minimum:
        minimum = amounts.periodic_minimum
        steps.append(Step("minimum_applies", _z(minimum)))
    maximum = max(maximum, minimum)
    return AmountRule(form=FormOfHelp.PERIODIC_ALLOWANCE, criterion=limit, income=compared,
                      minimum=to_grosze(minimum), maximum=to_grosze(maximum), computed=None,
                      working=tuple(steps))


def purpose_allowance(income: HouseholdIncome, criterion: IncomeCriterion) -> AmountRule:
    """art. 39: for a stated need, no formula and no cap in the act; income not above the
    criterion (art. 8 ust. 1: "nie przekracza"), else art. 41's special allowance applies."""
    limit, compared, steps = _criterion_and_income(income, criterion, per_person=True)
    if compared > limit:
        raise IncomeAboveCriterionError(form=FormOfHelp.PURPOSE_ALLOWANCE,
                                        criterion=str(limit), income=str(to_grosze(compared)))
    steps.append(Step("within_criterion", f"{_z(compared)} ≤ {_z(limit)}"))
    return AmountRule(form=FormOfHelp.PURPOSE_ALLOWANCE, criterion=limit, income=compared,
                      minimum=CENT, maximum=None, computed=None, working=tuple(steps))


def special_purpose_allowance(income: HouseholdIncome, criterion: IncomeCriterion) -> AmountRule:
    """art. 41 pkt 1: in particularly justified cases, above the criterion too, at most the
    single person's criterion or the family's (per-person criterion × members)."""
    limit, compared, steps = _criterion_and_income(income, criterion, per_person=False)
    steps.append(Step("special_cap", _z(limit)))
    return AmountRule(form=FormOfHelp.SPECIAL_PURPOSE_ALLOWANCE, criterion=limit,
                      income=compared, minimum=CENT, maximum=to_grosze(limit), computed=None,
                      working=tuple(steps))


def typed_amount(form: str, amounts: BenefitAmounts) -> AmountRule:
    """art. 40 ust. 2–3 (natural-disaster losses, "niezależnie od dochodu"), art. 44
    (funeral), art. 48 (clothing): no formula and no income test in the act; the decision
    maker types the amount with its justification (the losses, the funeral's costs, the
    clothing needed), at most the municipality's funeral cap when it set one."""
    cap = amounts.funeral_cap if form == FormOfHelp.FUNERAL else None
    steps = () if cap is None else (Step("municipal_cap", _z(cap)),)
    return AmountRule(form=form, criterion=None, income=None, minimum=CENT,
                      maximum=None if cap is None else to_grosze(cap), computed=None,
                      working=steps)


# The cash forms whose amounts the law rules; of these, the ones without an income test.
TYPED_FORMS: frozenset[str] = frozenset({
    FormOfHelp.NATURAL_DISASTER_ALLOWANCE, FormOfHelp.FUNERAL, FormOfHelp.CLOTHING,
})
CALCULATED_FORMS: frozenset[str] = frozenset({
    FormOfHelp.PERMANENT_ALLOWANCE, FormOfHelp.PERIODIC_ALLOWANCE,
    FormOfHelp.PURPOSE_ALLOWANCE, FormOfHelp.SPECIAL_PURPOSE_ALLOWANCE, *TYPED_FORMS,
})


def amount_rule(form: str, income: HouseholdIncome, criterion: IncomeCriterion,
                amounts: BenefitAmounts) -> AmountRule:
    """The rule of a cash form of help for this household."""
    if form in TYPED_FORMS:
        return typed_amount(form, amounts)
    if form == FormOfHelp.PERMANENT_ALLOWANCE:
        return permanent_allowance(income, criterion, amounts)
    if form == FormOfHelp.PERIODIC_ALLOWANCE:
        return periodic_allowance(income, criterion, amounts)
    if form == FormOfHelp.PURPOSE_ALLOWANCE:
        return purpose_allowance(income, criterion)
    return special_purpose_allowance(income, criterion)


def check_amount(rule: AmountRule, amount: Decimal, justification: str) -> None:
    """Refuse an amount that breaks the rule; below a maximum (or with no maximum) the
    decision maker says why (the stated need, the reason for less). A form without an income
    test always needs a justification: nothing else says why the amount is what it is."""
    if rule.computed is not None and amount != rule.computed:
        error = AmountAboveMaximumError if amount > rule.computed else AmountNotAsComputedError
        raise error(amount=str(amount), computed=str(rule.computed),
                    maximum=str(rule.computed))
    if rule.maximum is not None and amount > rule.maximum:
        raise AmountAboveMaximumError(amount=str(amount), maximum=str(rule.maximum))
    if amount < rule.minimum:
        raise AmountBelowMinimumError(amount=str(amount), minimum=str(rule.minimum))
    typed = rule.form in TYPED_FORMS
    if rule.computed is None and (typed or rule.maximum is None or amount < rule.maximum) and not (
            isinstance(justification, str) and justification.strip()):
        raise JustificationRequiredError(amount=str(amount))


# -- non-cash benefits counted in days and money (checked on decisions: benefit_terms.py) --

@dataclass(frozen=True)
class DaysCost:
    days: int
    unit_cost: Decimal
    total: Decimal
    working: tuple[Step, ...]


# Meals: one a day for a year, up to three a day (art. 48b: one hot meal a day is the usual
# grant; more for children or where the decision says so). Shelter: nights, at most 366.
MAX_DAYS_OR_MEALS = 3 * 366


def days_cost(days: int, unit_cost: Decimal) -> DaysCost:
    """Meals (art. 48b) and shelter (art. 48a): days (or meals) × the unit cost."""
    cost = as_decimal(unit_cost)
    if (isinstance(days, bool) or not isinstance(days, int)
            or not 0 <= days <= MAX_DAYS_OR_MEALS
            or cost is None or cost < 0):
        raise InvalidBenefitInputError(days=days, unit_cost=str(unit_cost))
    total = to_grosze(days * cost)
    return DaysCost(days, cost, total, (Step("days_cost", f"{days} × {_z(cost)} = {_z(total)}"),))


@dataclass(frozen=True)
class DpsFeeSplit:
    """Who pays a month of a residential care home (art. 61)."""

    cost: Decimal
    resident: Decimal
    family: Decimal
    municipality: Decimal
    working: tuple[Step, ...]


# art. 61 ust. 1 pkt 1: the resident pays up to 70% of their income.
DPS_RESIDENT_PERCENT = Decimal(70)


def dps_fee_split(resident_income: Decimal, home_cost: Decimal,
                  family_agreed: Decimal) -> DpsFeeSplit:
    """art. 61: the resident up to 70% of income, then spouse and relatives as agreed (or
    decided), then the municipality the rest, up to the home's published average cost."""
    income, cost, family = (as_decimal(v) for v in (resident_income, home_cost, family_agreed))
    if income is None or cost is None or family is None or min(income, cost, family) < 0:
        raise InvalidBenefitInputError(resident_income=str(resident_income),
                                home_cost=str(home_cost), family_agreed=str(family_agreed))
    seventy = to_grosze(income * DPS_RESIDENT_PERCENT / 100)
    resident = min(seventy, to_grosze(cost))
    family_pays = min(to_grosze(family), to_grosze(cost) - resident)
    municipality = to_grosze(cost) - resident - family_pays
    steps = [Step("dps_resident", f"{_z(income)} × 70% = {_z(seventy)}")]
    if resident < seventy:
        steps.append(Step("dps_resident_cost_applies", _z(resident)))
    steps.append(Step("dps_municipality",
                      f"{_z(cost)} − {_z(resident)} − {_z(family_pays)} = {_z(municipality)}"))
    return DpsFeeSplit(cost=to_grosze(cost), resident=resident, family=family_pays,
                       municipality=municipality, working=tuple(steps))
