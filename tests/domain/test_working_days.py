from datetime import date

import pytest

from domain.calendar import (
    InvalidDayCountError,
    add_months,
    add_working_days,
    interview_due_on,
    interview_update_due_on,
)

# Polish public holidays around Christmas 2024 (Christmas Eve became one only in 2025).
CHRISTMAS_2024 = {
    date(2024, 12, 25),
    date(2024, 12, 26),
    date(2025, 1, 1),
    date(2025, 1, 6),
}


def test_one_working_day_after_a_friday_is_the_monday():
    assert add_working_days(date(2025, 3, 7), 1, holidays=set()) == date(2025, 3, 10)


def test_a_public_holiday_is_skipped():
    easter_monday = date(2025, 4, 21)

    assert add_working_days(date(2025, 4, 18), 1, {easter_monday}) == date(2025, 4, 22)


def test_zero_working_days_is_the_same_day():
    assert add_working_days(date(2025, 3, 8), 0, set()) == date(2025, 3, 8)


def test_a_negative_count_of_working_days_is_refused():
    with pytest.raises(InvalidDayCountError):
        add_working_days(date(2025, 3, 7), -1, set())


def test_an_interview_triggered_before_christmas_is_due_fourteen_working_days_later():
    assert interview_due_on(date(2024, 12, 20), False, CHRISTMAS_2024) == date(2025, 1, 15)


def test_an_urgent_interview_is_due_two_working_days_later():
    assert interview_due_on(date(2024, 12, 23), True, CHRISTMAS_2024) == date(2024, 12, 27)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 3, 15), -3, date(2024, 12, 15)),
        (date(2025, 12, 1), 1, date(2026, 1, 1)),
    ],
)
def test_adding_months_keeps_the_day_or_clamps_it_to_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_an_interview_update_is_due_six_months_after_the_last_one():
    assert interview_update_due_on(date(2025, 3, 31)) == date(2025, 9, 30)
