"""KPA deadlines with Polish public holidays: a decision's term (art. 35 § 3) counted in
months (art. 57 § 3), moved past Saturdays, Sundays and holidays (art. 57 § 4 as amended
in 2017) and by the days of suspension (art. 35 § 5)."""

from datetime import date

import pytest

from domain.kpa import decision_clock, decision_due_on
from services.holidays import polish_holidays


def due(opened_on: date, complicated: bool = False, suspended_days: int = 0) -> date:
    return decision_due_on(opened_on, complicated=complicated, suspended_days=suspended_days,
                           holidays=polish_holidays(opened_on.year, 2))


@pytest.mark.parametrize(("opened_on", "expected"), [
    (date(2025, 3, 3), date(2025, 4, 3)),      # the matching day of the next month
    (date(2025, 1, 31), date(2025, 2, 28)),    # no 31 February: the month's last day
    (date(2024, 1, 31), date(2024, 2, 29)),    # a leap year
    (date(2025, 4, 3), date(2025, 5, 5)),      # 3 May, a holiday and a Saturday, then Sunday
    (date(2024, 10, 11), date(2024, 11, 12)),  # 11 November, Independence Day
    (date(2025, 11, 24), date(2025, 12, 29)),  # 24 Dec (a holiday from 2025), Christmas, a weekend
    (date(2025, 3, 15), date(2025, 4, 15)),    # a Tuesday: no move
    (date(2025, 3, 6), date(2025, 4, 7)),      # 6 April is a Sunday
])
def test_a_decision_is_due_within_a_month_moved_past_days_off(opened_on, expected):
    assert due(opened_on) == expected


def test_a_particularly_complicated_case_has_two_months():
    assert due(date(2025, 11, 6), complicated=True) == date(2026, 1, 7)  # 6 January: Epiphany
    assert due(date(2025, 3, 3), complicated=True) == date(2025, 5, 5)   # 3 May, then Sunday


def test_a_saturday_ends_a_term_only_before_june_2017():
    # Art. 57 § 4 before the act of 7 April 2017 (Dz.U. 2017 poz. 935): only days off by
    # statute moved a term, and a Saturday is not one.
    assert due(date(2017, 4, 20)) == date(2017, 5, 20)  # a Saturday, kept
    assert due(date(2017, 6, 15)) == date(2017, 7, 17)  # a Saturday, moved to Monday


def test_days_of_suspension_do_not_count():
    # 3 April + 10 days = Sunday 13 April → Monday 14 April
    assert due(date(2025, 3, 3), suspended_days=10) == date(2025, 4, 14)


def clock(today: date, **overrides):
    values = dict(today=today, complicated=False, suspended_days=0, suspended_on=None,
                  delayed_to=None, holidays=polish_holidays(2025, 2))
    return decision_clock(date(2025, 3, 3), **(values | overrides))


def test_days_left_count_to_the_term():
    assert clock(date(2025, 3, 24)) == clock(date(2025, 3, 24))
    shown = clock(date(2025, 3, 24))
    assert (shown.due_on, shown.days_left, shown.overdue) == (date(2025, 4, 3), 10, False)


def test_past_the_term_with_no_delay_notice_is_overdue():
    shown = clock(date(2025, 4, 4))
    assert (shown.days_left, shown.overdue) == (-1, True)


def test_a_delay_notice_gives_a_new_date_to_count_to():
    shown = clock(date(2025, 4, 4), delayed_to=date(2025, 4, 30))
    assert (shown.due_on, shown.days_left, shown.overdue) == (date(2025, 4, 3), 26, False)
    assert clock(date(2025, 5, 2), delayed_to=date(2025, 4, 30)).overdue


def test_a_suspended_proceeding_has_no_running_term():
    shown = clock(date(2025, 5, 2), suspended_on=date(2025, 3, 20))
    assert (shown.due_on, shown.days_left, shown.overdue) == (None, None, False)
