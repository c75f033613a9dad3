"""The calculators of cash benefits (domain/benefits.py): the law's bounds and formulas."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.benefits import (
    AmountAboveMaximumError,
    AmountBelowMinimumError,
    AmountNotAsComputedError,
    HouseholdIncome,
    IncomeAboveCriterionError,
    IncomeMissingError,
    JustificationRequiredError,
    amounts_on,
    check_amount,
    days_cost,
    dps_fee_split,
    household_income,
    month_before,
    periodic_allowance,
    permanent_allowance,
    purpose_allowance,
    special_purpose_allowance,
)
from domain.fees import INCOME_CRITERIA, criterion_on

ON = date(2025, 3, 10)
CRITERION = criterion_on(ON, INCOME_CRITERIA)
AMOUNTS = amounts_on(ON)
CENT = Decimal("0.01")

money = st.decimals(min_value=0, max_value=3000, places=2, allow_nan=False,
                    allow_infinity=False)
sizes = st.integers(min_value=1, max_value=8)


def household(total: Decimal, members: int, applicant: Decimal | None = None) -> HouseholdIncome:
    return HouseholdIncome(month=date(2025, 2, 1), members=members, total=total,
                           applicant=total / members if applicant is None else applicant)


def test_a_single_persons_permanent_allowance_is_the_criterion_less_income():
    rule = permanent_allowance(household(Decimal(640), 1), CRITERION, AMOUNTS)

    assert rule.computed == Decimal("370.00")
    assert [s.expression for s in rule.working][-1] == "1010.00 − 640.00 = 370.00"


def test_a_permanent_allowance_in_a_family_is_per_person():
    # 2 people, 1,000 zł: 823 − 500 = 323
    rule = permanent_allowance(household(Decimal(1000), 2, Decimal(300)), CRITERION, AMOUNTS)

    assert rule.computed == Decimal("323.00")


def test_the_permanent_allowance_is_at_least_30_and_at_most_1229_zl():
    assert permanent_allowance(household(Decimal(1000), 1), CRITERION, AMOUNTS).computed == 30
    assert permanent_allowance(household(Decimal(0), 1), CRITERION, AMOUNTS).computed == 1010
    # Before 2025 the cap was 719 zł (Dz.U. 2021 poz. 1296).
    old = criterion_on(date(2024, 6, 1), INCOME_CRITERIA)
    assert permanent_allowance(household(Decimal(0), 1), old,
                               amounts_on(date(2024, 6, 1))).computed == 719


def test_income_at_the_criterion_gets_no_permanent_or_periodic_allowance():
    for calculator in (permanent_allowance, periodic_allowance):
        with pytest.raises(IncomeAboveCriterionError):
            calculator(household(Decimal(1010), 1), CRITERION, AMOUNTS)


def test_the_periodic_allowance_ranges_from_half_the_gap_to_the_gap():
    # a family of 3 with 1,500 zł: 2,469 − 1,500 = 969 → 484.50 .. 969
    rule = periodic_allowance(household(Decimal(1500), 3), CRITERION, AMOUNTS)

    assert (rule.minimum, rule.maximum, rule.computed) == (Decimal("484.50"), 969, None)


def test_a_single_persons_periodic_allowance_is_capped_at_418_zl():
    rule = periodic_allowance(household(Decimal(100), 1), CRITERION, AMOUNTS)

    assert rule.maximum == 418
    assert rule.minimum == Decimal("418.00")  # 50% of 910 = 455, capped


def test_a_periodic_allowance_is_at_least_20_zl():
    rule = periodic_allowance(household(Decimal(1000), 1), CRITERION, AMOUNTS)

    assert rule.minimum == rule.maximum == 20


def test_the_special_purpose_allowance_is_capped_at_the_criterion_even_above_it():
    rule = special_purpose_allowance(household(Decimal(5000), 2), CRITERION)

    assert rule.maximum == Decimal("1646.00")


def test_an_ordinary_purpose_allowance_needs_income_within_the_criterion():
    with pytest.raises(IncomeAboveCriterionError):
        purpose_allowance(household(Decimal("1010.01"), 1), CRITERION)
    assert purpose_allowance(household(Decimal(1010), 1), CRITERION).maximum is None


def test_an_amount_is_checked_against_its_rule():
    permanent = permanent_allowance(household(Decimal(640), 1), CRITERION, AMOUNTS)
    periodic = periodic_allowance(household(Decimal(1500), 3), CRITERION, AMOUNTS)

    check_amount(permanent, Decimal("370.00"), "")
    check_amount(periodic, Decimal(969), "")
    check_amount(periodic, Decimal(500), "Part of the need met by a purpose allowance")
    with pytest.raises(AmountAboveMaximumError):
        check_amount(permanent, Decimal(5000), "")
    with pytest.raises(AmountNotAsComputedError):
        check_amount(permanent, Decimal(300), "less")
    with pytest.raises(AmountAboveMaximumError):
        check_amount(periodic, Decimal("969.01"), "why")
    with pytest.raises(AmountBelowMinimumError):
        check_amount(periodic, Decimal(484), "why")
    with pytest.raises(JustificationRequiredError):
        check_amount(periodic, Decimal(500), "  ")


def test_household_income_needs_every_members_declaration():
    a, b = uuid4(), uuid4()
    month = date(2025, 2, 1)
    with pytest.raises(IncomeMissingError) as refused:
        household_income([a, b], a, month, {(a, month): Decimal(100)})
    assert refused.value.params["members"] == [str(b)]

    income = household_income([a, b], a, month, {(a, month): Decimal(100),
                                                  (b, month): Decimal(0)})
    assert (income.total, income.members, income.applicant) == (100, 2, 100)


def test_the_income_month_is_the_month_before_the_application():
    assert month_before(date(2025, 1, 15)) == date(2024, 12, 1)
    assert month_before(date(2025, 3, 31)) == date(2025, 2, 1)


def test_days_cost_and_the_dps_split():
    assert days_cost(30, Decimal("12.50")).total == Decimal("375.00")
    split = dps_fee_split(Decimal(2000), Decimal(6000), Decimal(1000))
    assert (split.resident, split.family, split.municipality) == (1400, 1000, 3600)


# -- properties ------------------------------------------------------------------------

def _rule(calculator, total, members):
    try:
        return calculator(household(total, members), CRITERION, AMOUNTS)
    except IncomeAboveCriterionError:
        return None


def _in_grosze(value):
    return value is None or value == value.quantize(CENT)


@given(money, sizes)
def test_every_amount_is_within_bounds_and_rounded_to_grosze(total, members):
    for calculator in (permanent_allowance, periodic_allowance):
        rule = _rule(calculator, total, members)
        if rule is None:
            continue
        assert rule.minimum <= rule.maximum
        assert all(_in_grosze(v) for v in (rule.minimum, rule.maximum, rule.computed))
        if calculator is permanent_allowance:
            assert AMOUNTS.permanent_minimum <= rule.computed <= AMOUNTS.permanent_maximum
        else:
            assert rule.minimum >= AMOUNTS.periodic_minimum
            if members == 1:
                assert rule.maximum <= AMOUNTS.periodic_single_cap
    special = special_purpose_allowance(household(total, members), CRITERION)
    assert _in_grosze(special.maximum) and special.maximum > 0


@given(money, money, sizes)
def test_more_income_never_more_allowance(a, b, members):
    low, high = sorted((a, b))
    for calculator in (permanent_allowance, periodic_allowance):
        richer = _rule(calculator, high, members)
        if richer is None:
            continue
        poorer = _rule(calculator, low, members)
        assert poorer is not None
        assert poorer.maximum >= richer.maximum and poorer.minimum >= richer.minimum


@given(money)
def test_a_one_person_household_is_always_computed_as_single(total):
    rule = _rule(permanent_allowance, total, 1)
    if rule is not None:
        assert rule.criterion == CRITERION.single
    periodic = _rule(periodic_allowance, total, 1)
    if periodic is not None:
        assert periodic.criterion == CRITERION.single
    assert special_purpose_allowance(household(total, 1), CRITERION).maximum == CRITERION.single


@given(st.integers(min_value=0, max_value=366),
       st.decimals(min_value=0, max_value=500, places=3, allow_nan=False,
                   allow_infinity=False))
def test_days_cost_is_rounded_and_never_negative(days, unit):
    total = days_cost(days, unit).total
    assert total >= 0 and _in_grosze(total)


@given(money, money, money)
def test_the_dps_split_adds_up_to_the_cost(income, cost, family):
    split = dps_fee_split(income, cost, family)
    assert split.resident + split.family + split.municipality == split.cost
    assert split.resident <= income * Decimal("0.7") + CENT / 2
    assert min(split.resident, split.family, split.municipality) >= 0
