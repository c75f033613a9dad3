"""The remaining forms' calculators (issue #18): typed amounts (art. 40, 44, 48), days × unit
cost (art. 48a–48b), the DPS fee split as a decision states it (art. 61) and the fee share of
specialist care for mental disorders (the 2005 regulation's table). Examples, then properties:
within bounds, in grosze, more income never a smaller fee (never more help), one person single."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.benefit_terms import (
    MAX_UNIT_COST,
    MAX_UNITS,
    DaysTerms,
    DpsFee,
    FamilyAboveRemainderError,
    FamilyPayer,
    InvalidDaysError,
    InvalidDpsFeeError,
    InvalidFamilyPayerError,
    InvalidUnitCostError,
    check_days_terms,
    check_dps_fee,
)
from domain.benefits import (
    AmountAboveMaximumError,
    AmountNotAsComputedError,
    HouseholdIncome,
    JustificationRequiredError,
    amount_rule,
    amounts_on,
    check_amount,
    dps_fee_split,
)
from domain.fees import INCOME_CRITERIA, criterion_on
from domain.mental_care_fees import MENTAL_CARE_FEE_TABLES, mental_care_fee

ON = date(2025, 3, 10)
CRITERION = criterion_on(ON, INCOME_CRITERIA)
AMOUNTS = amounts_on(ON)
CENT = Decimal("0.01")

money = st.decimals(min_value=0, max_value=20_000, places=2, allow_nan=False,
                    allow_infinity=False)
sizes = st.integers(min_value=1, max_value=8)


def household(total: Decimal, members: int) -> HouseholdIncome:
    return HouseholdIncome(month=date(2025, 2, 1), members=members, total=total,
                           applicant=total / members)


def in_grosze(value: Decimal | None) -> bool:
    return value is None or value == value.quantize(CENT)


# -- typed amounts: art. 40, 44, 48 ----------------------------------------------------------

@pytest.mark.parametrize("form", ["natural_disaster_allowance", "funeral", "clothing"])
def test_a_typed_form_has_no_income_test_and_always_needs_a_justification(form):
    rich = household(Decimal(100_000), 1)  # no income test: any income gets the rule
    rule = amount_rule(form, rich, CRITERION, AMOUNTS)

    assert rule.criterion is None and rule.maximum is None and rule.minimum == CENT
    with pytest.raises(JustificationRequiredError):
        check_amount(rule, Decimal("3000.00"), "  ")
    check_amount(rule, Decimal("3000.00"), "Straty w powodzi: meble, odzież.")


def test_a_municipal_funeral_cap_bounds_the_funeral_only():
    capped = replace(AMOUNTS, funeral_cap=Decimal(4000))
    funeral = amount_rule("funeral", household(Decimal(0), 1), CRITERION, capped)
    clothing = amount_rule("clothing", household(Decimal(0), 1), CRITERION, capped)

    assert funeral.maximum == Decimal("4000.00") and clothing.maximum is None
    assert [s.key for s in funeral.working] == ["municipal_cap"]
    with pytest.raises(AmountAboveMaximumError):
        check_amount(funeral, Decimal("4000.01"), "Koszty pogrzebu")
    # at the cap still justified: the act gives no amount, the cap is only a bound
    with pytest.raises(JustificationRequiredError):
        check_amount(funeral, Decimal("4000.00"), "")


def test_the_statutory_amounts_set_no_funeral_cap():
    assert all(amounts_on(day).funeral_cap is None
               for day in (date(2019, 1, 1), date(2023, 1, 1), ON))


# -- meals and shelter -------------------------------------------------------------------------

def meals(days: int, unit: str, amount: str) -> DaysTerms:
    return DaysTerms(days=days, unit_cost=Decimal(unit), amount=Decimal(amount),
                     period_from=ON)


def test_a_meal_decision_is_days_times_the_unit_cost_with_its_working():
    cost = check_days_terms(meals(30, "12.50", "375.00"))

    assert cost.total == Decimal("375.00")
    assert [s.expression for s in cost.working] == ["30 × 12.50 = 375.00"]


def test_a_meal_decision_of_another_amount_is_refused():
    with pytest.raises(AmountNotAsComputedError):
        check_days_terms(meals(30, "12.50", "374.99"))


@pytest.mark.parametrize(("days", "unit", "error"), [
    (0, "12.50", InvalidDaysError), (MAX_UNITS + 1, "12.50", InvalidDaysError),
    (30, "0", InvalidUnitCostError), (30, "500.01", InvalidUnitCostError),
    (30, "12.505", InvalidUnitCostError),
])
def test_days_and_unit_cost_have_bounds(days, unit, error):
    with pytest.raises(error):
        meals(days, unit, "1.00")


# -- the DPS fee split -------------------------------------------------------------------------

def payer(amount: str, basis: str = "agreement") -> FamilyPayer:
    return FamilyPayer(name="Anna Nowak", relationship="córka", amount=Decimal(amount),
                       basis=basis)


def fee(income: str, cost: str, family: tuple[FamilyPayer, ...], resident: str,
        municipality: str) -> DpsFee:
    return DpsFee(resident_income=Decimal(income), home_cost=Decimal(cost), family=family,
                  resident=Decimal(resident), municipality=Decimal(municipality))


def test_the_dps_fee_split_shows_its_working():
    split = check_dps_fee(fee("2000", "7000", (payer("600"), payer("400", "decision")),
                              "1400", "4600"))

    assert [s.expression for s in split.working] == [
        "2000.00 × 70% = 1400.00", "7000.00 − 1400.00 − 1000.00 = 4600.00"]


def test_a_rich_resident_pays_the_whole_cost_and_nobody_else():
    split = check_dps_fee(fee("20000", "7000", (), "7000", "0"))

    assert (split.resident, split.municipality) == (Decimal("7000.00"), Decimal("0.00"))
    assert [s.key for s in split.working] == ["dps_resident", "dps_resident_cost_applies",
                                              "dps_municipality"]


def test_the_family_cannot_pay_more_than_the_resident_leaves():
    with pytest.raises(FamilyAboveRemainderError):
        check_dps_fee(fee("2000", "7000", (payer("5600.01"),), "1400", "0"))


def test_a_stated_part_other_than_the_computed_one_is_refused():
    with pytest.raises(AmountNotAsComputedError):
        check_dps_fee(fee("2000", "7000", (), "1300", "5700"))


@pytest.mark.parametrize("make", [
    lambda: payer("100", "promise"), lambda: payer("0"),
    lambda: FamilyPayer(name=" ", relationship="syn", amount=Decimal(1), basis="agreement"),
])
def test_a_family_payer_needs_a_name_an_amount_and_a_basis(make):
    with pytest.raises(InvalidFamilyPayerError):
        make()


def test_a_home_cost_above_the_sane_cap_is_refused():
    with pytest.raises(InvalidDpsFeeError):
        fee("2000", "50000.01", (), "1400", "48600.01")


# -- specialist care for mental disorders --------------------------------------------------

def test_within_the_criterion_specialist_care_for_mental_disorders_is_free():
    rule = mental_care_fee(household(Decimal(1010), 1), CRITERION, ON)

    assert rule.fee_share_percent == 0 and rule.percent_of_criterion == Decimal("100.00")


def test_the_regulations_quoted_rows():
    # over 100% up to 132.5% → 1.5% single / 3.5% family; over 237.5% up to 255% → 15% / 25%;
    # over 330% → 100% (the rows a secondary source quotes; the others unverified)
    single = mental_care_fee(household(Decimal("1212.00"), 1), CRITERION, ON)
    family = mental_care_fee(household(Decimal("3950.40"), 2), CRITERION, ON)  # 240% of 823
    above = mental_care_fee(household(Decimal("3333.01"), 1), CRITERION, ON)

    assert single.fee_share_percent == Decimal("1.5")
    assert family.fee_share_percent == Decimal(25)
    assert above.fee_share_percent == Decimal(100)
    assert [s.key for s in single.working] == [
        "income_single", "percent_of_criterion", "fee_share_single", "table_unverified"]
    assert single.fee_per_hour(Decimal("40.00")) == Decimal("0.60")


def test_the_fee_table_is_marked_unverified_until_an_official_checks_it():
    assert [t.verified for t in MENTAL_CARE_FEE_TABLES] == [False]


# -- properties ------------------------------------------------------------------------------

@given(st.integers(min_value=1, max_value=MAX_UNITS),
       st.decimals(min_value=CENT, max_value=MAX_UNIT_COST, places=2, allow_nan=False,
                   allow_infinity=False))
def test_a_days_decision_at_its_computed_amount_always_passes(days, unit):
    total = DaysTerms(days=days, unit_cost=unit, amount=Decimal(1), period_from=ON).computed().total
    cost = check_days_terms(DaysTerms(days=days, unit_cost=unit, amount=total, period_from=ON))

    assert cost.total == total > 0 and in_grosze(total)
    assert total <= MAX_UNITS * MAX_UNIT_COST


@given(money, st.decimals(min_value=CENT, max_value=20_000, places=2, allow_nan=False,
                          allow_infinity=False), money)
def test_the_computed_dps_split_is_accepted_within_bounds_and_in_grosze(income, cost, family):
    computed = dps_fee_split(income, cost, family)
    payers = (payer(str(computed.family)),) if computed.family > 0 else ()
    split = check_dps_fee(DpsFee(resident_income=income, home_cost=cost, family=payers,
                                 resident=computed.resident,
                                 municipality=computed.municipality))

    assert split.resident + split.family + split.municipality == split.cost == cost
    assert all(0 <= v <= cost and in_grosze(v)
               for v in (split.resident, split.family, split.municipality))


@given(money, money, st.decimals(min_value=CENT, max_value=20_000, places=2,
                                 allow_nan=False, allow_infinity=False), money)
def test_a_richer_resident_never_leaves_the_municipality_more(a, b, cost, family):
    low, high = sorted((a, b))
    poorer, richer = dps_fee_split(low, cost, family), dps_fee_split(high, cost, family)

    assert richer.resident >= poorer.resident
    assert richer.municipality <= poorer.municipality


@given(money, money, sizes)
def test_more_income_never_a_smaller_mental_care_fee(a, b, members):
    low, high = sorted((a, b))
    poorer = mental_care_fee(household(low, members), CRITERION, ON)
    richer = mental_care_fee(household(high, members), CRITERION, ON)

    assert 0 <= poorer.fee_share_percent <= richer.fee_share_percent <= 100
    assert in_grosze(richer.fee_per_hour(Decimal("41.37")))


@given(money)
def test_a_one_person_household_pays_by_the_single_column(total):
    rule = mental_care_fee(household(total, 1), CRITERION, ON)
    bracket = MENTAL_CARE_FEE_TABLES[0].table.bracket_for(total, CRITERION.single)

    assert rule.criterion == CRITERION.single
    assert rule.fee_share_percent == bracket.single_percent
    assert rule.working[-2].key == "fee_share_single"


@given(money, sizes)
def test_the_single_column_never_exceeds_the_familys(total, members):
    for bracket in MENTAL_CARE_FEE_TABLES[0].table.brackets:
        assert bracket.single_percent <= bracket.family_percent
    assert in_grosze(mental_care_fee(household(total, members), CRITERION, ON)
                     .percent_of_criterion)


@given(money, money, sizes, st.sampled_from(["natural_disaster_allowance", "funeral",
                                              "clothing"]))
def test_a_typed_forms_rule_never_depends_on_income(a, b, members, form):
    capped = replace(AMOUNTS, funeral_cap=Decimal("4321.50"))
    one = amount_rule(form, household(a, members), CRITERION, capped)
    other = amount_rule(form, household(b, members), CRITERION, capped)

    assert one == other and one.minimum == CENT and in_grosze(one.maximum)
