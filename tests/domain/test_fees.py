"""The income criterion, the fee-share table and the monthly split of the cost of care."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.fees import (
    EXAMPLE_FEE_SHARE_TABLES,
    INCOME_CRITERIA,
    FeeBracket,
    FeeShareTable,
    IncomeCriterion,
    InvalidCriterionError,
    InvalidHouseholdSizeError,
    InvalidIncomeError,
    InvalidSettlementError,
    InvalidTableError,
    NoCriterionError,
    NoTableError,
    criterion_on,
    fee_share_percent,
    settle_month,
)

ON = date(2025, 6, 1)


def share(income: str, household_size: int, on: date = ON) -> Decimal:
    return fee_share_percent(
        Decimal(income), household_size, on, INCOME_CRITERIA, EXAMPLE_FEE_SHARE_TABLES
    )


def test_the_criterion_changes_on_1_january_2025():
    assert criterion_on(date(2024, 12, 31), INCOME_CRITERIA).single == Decimal(776)
    assert criterion_on(date(2024, 12, 31), INCOME_CRITERIA).per_person_in_family == 600
    assert criterion_on(date(2025, 1, 1), INCOME_CRITERIA).single == Decimal(1010)
    assert criterion_on(date(2025, 1, 1), INCOME_CRITERIA).per_person_in_family == 823


def test_a_municipality_can_add_a_criterion_as_a_new_row():
    newer = (*INCOME_CRITERIA, IncomeCriterion(date(2028, 1, 1), Decimal(1200), Decimal(950)))

    assert criterion_on(date(2028, 1, 1), newer).single == 1200
    assert criterion_on(date(2027, 12, 31), newer).single == 1010


def test_there_is_no_criterion_before_the_first_row():
    with pytest.raises(NoCriterionError) as raised:
        criterion_on(date(2010, 1, 1), INCOME_CRITERIA)
    assert raised.value.code == "fees.no_criterion"


def test_a_criterion_must_be_positive():
    with pytest.raises(InvalidCriterionError) as raised:
        IncomeCriterion(date(2025, 1, 1), Decimal(0), Decimal(823))
    assert raised.value.code == "fees.invalid_criterion"


def test_income_exactly_at_the_criterion_pays_nothing():
    assert share("1010", 1) == 0
    assert share("823", 3) == 0


def test_income_just_above_the_criterion_pays_the_second_bracket():
    # 100.01% of the criterion: 1010.101 zł for a single person, 823.0823 zł in a family.
    assert share("1010.101", 1) == 3
    assert share("823.0823", 3) == 10


@pytest.mark.parametrize(
    ("percent", "single", "family"),
    [("120", 3, 10), ("120.01", 5, 15), ("140", 5, 15), ("300", 50, 60), ("300.01", 100, 100)],
)
def test_each_bracket_includes_its_upper_limit(percent, single, family):
    income_single = Decimal(1010) * Decimal(percent) / 100
    income_family = Decimal(823) * Decimal(percent) / 100

    assert share(str(income_single), 1) == single
    assert share(str(income_family), 2) == family


def test_the_same_income_pays_by_the_criterion_valid_on_the_day():
    # 900 zł: 116% of the 2024 criterion for a single person (776 zł), 89% of the 2025 one.
    assert share("900", 1, on=date(2024, 12, 31)) == 3
    assert share("900", 1, on=date(2025, 1, 1)) == 0


def test_there_is_no_fee_without_a_table_in_force():
    with pytest.raises(NoTableError) as raised:
        fee_share_percent(Decimal(500), 1, ON, INCOME_CRITERIA, ())
    assert raised.value.code == "fees.no_table"


def test_income_and_household_size_must_make_sense():
    with pytest.raises(InvalidIncomeError) as raised:
        share("-1", 1)
    assert raised.value.code == "fees.invalid_income"
    with pytest.raises(InvalidHouseholdSizeError) as raised:
        share("500", 0)
    assert raised.value.code == "fees.invalid_household_size"


@pytest.mark.parametrize(
    "brackets",
    [
        (),
        (FeeBracket(Decimal(100), Decimal(0), Decimal(0)),),  # the last one is not open
        (
            FeeBracket(Decimal(120), Decimal(3), Decimal(10)),
            FeeBracket(Decimal(100), Decimal(0), Decimal(0)),
            FeeBracket(None, Decimal(100), Decimal(100)),
        ),  # not ascending
        (
            FeeBracket(None, Decimal(0), Decimal(0)),
            FeeBracket(None, Decimal(100), Decimal(100)),
        ),  # open before the last
    ],
)
def test_a_fee_table_must_ascend_to_an_open_last_bracket(brackets):
    with pytest.raises(InvalidTableError) as raised:
        FeeShareTable(date(2025, 1, 1), brackets)
    assert raised.value.code == "fees.invalid_table"


def test_a_bracket_share_is_a_percentage():
    with pytest.raises(InvalidTableError):
        FeeBracket(Decimal(100), Decimal(101), Decimal(0))


def test_a_month_is_split_between_the_client_and_the_municipality():
    settled = settle_month(Decimal("26.00"), Decimal("31.50"), Decimal(10))

    assert (settled.total, settled.client_pays, settled.municipality_pays) == (
        Decimal("819.00"),
        Decimal("81.90"),
        Decimal("737.10"),
    )


def test_money_is_rounded_half_up_to_the_grosz():
    settled = settle_month(Decimal("10.33"), Decimal("31.17"), Decimal(15))

    # 10.33 x 31.17 = 321.9861 -> 321.99; 15% = 48.2985 -> 48.30
    assert (settled.total, settled.client_pays, settled.municipality_pays) == (
        Decimal("321.99"),
        Decimal("48.30"),
        Decimal("273.69"),
    )


def test_settling_refuses_negative_hours():
    with pytest.raises(InvalidSettlementError) as raised:
        settle_month(Decimal(-1), Decimal("31.50"), Decimal(10))
    assert raised.value.code == "fees.invalid_settlement"


@given(
    hours=st.decimals(min_value=0, max_value=400, places=2),
    cost=st.decimals(min_value=0, max_value=200, places=2),
    fee=st.decimals(min_value=0, max_value=100, places=2),
)
def test_the_client_and_the_municipality_always_pay_exactly_the_total(hours, cost, fee):
    settled = settle_month(hours, cost, fee)

    assert settled.client_pays + settled.municipality_pays == settled.total
    assert settled.total == settled.total.quantize(Decimal("0.01"))
    assert Decimal(0) <= settled.client_pays <= settled.total
