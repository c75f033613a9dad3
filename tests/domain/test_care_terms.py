"""The terms of a care decision and of a cash decision: what they allow and what they refuse."""

from datetime import date
from decimal import Decimal

import pytest

from domain.care import (
    DayExceedsLimitError,
    InvalidAmountError,
    InvalidCarePeriodError,
    InvalidCashPeriodError,
    InvalidCostError,
    InvalidFeeShareError,
    InvalidInstallmentsError,
    InvalidWeekdayError,
    NoHoursError,
    NoTasksError,
    NoWeekdaysError,
    PlaceRequiredError,
    ProviderRequiredError,
    UnknownTaskError,
    WeekExceedsDaysError,
)
from tests.domain.care_givens import make_care_terms, make_cash_terms


def test_care_terms_are_kept_in_a_canonical_form():
    terms = make_care_terms(
        tasks=["shopping", "meals", "meals"],
        weekdays=[5, 1, 3, 1],
        place="  miejsce zamieszkania ",
        hourly_cost=Decimal("31.5"),
    )

    assert terms.tasks == ("meals", "shopping")
    assert terms.weekdays == (1, 3, 5)
    assert terms.place == "miejsce zamieszkania"
    assert str(terms.hourly_cost) == "31.50"


def test_care_terms_cover_the_days_of_their_period_inclusive(care_terms):
    assert care_terms.covers(date(2025, 4, 1))
    assert care_terms.covers(date(2025, 12, 31))
    assert not care_terms.covers(date(2025, 3, 31))
    assert not care_terms.covers(date(2026, 1, 1))


def test_care_terms_know_the_ordered_weekdays(care_terms):
    assert care_terms.is_scheduled_weekday(date(2025, 4, 7))  # a Monday
    assert not care_terms.is_scheduled_weekday(date(2025, 4, 8))  # a Tuesday


def test_monthly_ordered_hours_count_the_ordered_weekdays_within_the_period(care_terms):
    # April 2025 has 4 Mondays, 5 Wednesdays and 4 Fridays, all within the period.
    assert care_terms.monthly_ordered_hours(2025, 4) == Decimal(26)
    # The period starts on 1 April: nothing is ordered in March.
    assert care_terms.monthly_ordered_hours(2025, 3) == Decimal(0)


def test_monthly_ordered_hours_are_capped_by_the_hours_per_week():
    terms = make_care_terms(
        weekdays=(1, 2, 3, 4, 5), hours_per_day=Decimal(3), hours_per_week=Decimal(6)
    )

    # April 2025: ISO weeks 14 (1-4 Apr, 4 days), 15, 16, 17 (5 days), 18 (28-30 Apr, 3 days);
    # each capped at 6 h.
    assert terms.monthly_ordered_hours(2025, 4) == Decimal(30)


def test_monthly_ordered_hours_stop_at_the_end_of_the_period():
    terms = make_care_terms(period_from=date(2025, 4, 1), period_to=date(2025, 4, 9))

    # Wed 2, Fri 4, Mon 7, Wed 9 April
    assert terms.monthly_ordered_hours(2025, 4) == Decimal(8)


@pytest.mark.parametrize(
    ("overrides", "error", "code"),
    [
        ({"tasks": ()}, NoTasksError, "care_terms.no_tasks"),
        ({"tasks": ("meals", "dancing")}, UnknownTaskError, "care_terms.unknown_task"),
        ({"hours_per_day": Decimal(0)}, NoHoursError, "care_terms.no_hours"),
        ({"hours_per_week": Decimal(-1)}, NoHoursError, "care_terms.no_hours"),
        ({"hours_per_day": 2.5}, NoHoursError, "care_terms.no_hours"),
        ({"hours_per_day": Decimal(13)}, DayExceedsLimitError, "care_terms.day_exceeds_limit"),
        ({"hours_per_week": Decimal(7)}, WeekExceedsDaysError, "care_terms.week_exceeds_days"),
        ({"weekdays": ()}, NoWeekdaysError, "care_terms.no_weekdays"),
        ({"weekdays": (0, 1)}, InvalidWeekdayError, "care_terms.invalid_weekday"),
        ({"weekdays": (1, 8)}, InvalidWeekdayError, "care_terms.invalid_weekday"),
        (
            {"period_from": date(2025, 5, 1), "period_to": date(2025, 4, 30)},
            InvalidCarePeriodError,
            "care_terms.invalid_period",
        ),
        ({"place": " "}, PlaceRequiredError, "care_terms.place_required"),
        ({"provider_id": ""}, ProviderRequiredError, "care_terms.provider_required"),
        ({"hourly_cost": Decimal(0)}, InvalidCostError, "care_terms.invalid_cost"),
        ({"hourly_cost": Decimal("31.505")}, InvalidCostError, "care_terms.invalid_cost"),
        ({"fee_share_percent": Decimal(-1)}, InvalidFeeShareError, "care_terms.invalid_fee_share"),
        ({"fee_share_percent": Decimal(101)}, InvalidFeeShareError, "care_terms.invalid_fee_share"),
    ],
)
def test_care_terms_that_break_a_rule_are_refused(overrides, error, code):
    with pytest.raises(error) as raised:
        make_care_terms(**overrides)
    assert raised.value.code == code


def test_a_week_may_use_every_hour_of_the_ordered_days():
    terms = make_care_terms(hours_per_week=Decimal(6))  # 3 days x 2 h

    assert terms.hours_per_week == Decimal(6)


def test_a_fee_share_may_be_nothing_or_everything():
    assert make_care_terms(fee_share_percent=Decimal(0)).fee_share_percent == 0
    assert make_care_terms(fee_share_percent=100).fee_share_percent == 100


def test_cash_terms_may_be_open_ended_for_a_one_off_or_indefinite_allowance():
    terms = make_cash_terms(period_to=None, installments=1, amount=Decimal(300))

    assert terms.period_to is None
    assert str(terms.amount) == "300.00"


@pytest.mark.parametrize(
    ("overrides", "error", "code"),
    [
        ({"amount": Decimal(0)}, InvalidAmountError, "cash_terms.invalid_amount"),
        ({"amount": Decimal("10.001")}, InvalidAmountError, "cash_terms.invalid_amount"),
        ({"amount": 10.5}, InvalidAmountError, "cash_terms.invalid_amount"),
        ({"period_to": date(2025, 3, 31)}, InvalidCashPeriodError, "cash_terms.invalid_period"),
        ({"installments": 0}, InvalidInstallmentsError, "cash_terms.invalid_installments"),
        ({"installments": True}, InvalidInstallmentsError, "cash_terms.invalid_installments"),
    ],
)
def test_cash_terms_that_break_a_rule_are_refused(overrides, error, code):
    with pytest.raises(error) as raised:
        make_cash_terms(**overrides)
    assert raised.value.code == code
