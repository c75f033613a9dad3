"""Working days and the due dates the law counts in them.

Public holidays are not known here: the services layer supplies them, so a change
in the law (e.g. Christmas Eve a holiday from 2025) is a change of data, not of code.
"""

import calendar
from collections.abc import Collection
from datetime import date, timedelta

from domain.errors import InvalidValueError


class InvalidDayCountError(InvalidValueError):
    code = "calendar.invalid_day_count"


# A decision must be preceded by an interview (art. 106 ust. 4); the regulation of
# 8 Apr 2021 (Dz.U. 2021 poz. 893), § 3 ust. 2-3, gives 14 working days from learning
# of the need, 2 working days in urgent cases.
INTERVIEW_WORKING_DAYS = 14
URGENT_INTERVIEW_WORKING_DAYS = 2
# art. 107 ust. 4: for people on permanent forms of help the interview is updated at
# least every 6 months, even when nothing changed.
INTERVIEW_UPDATE_MONTHS = 6

_SATURDAY = 5


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    """Whether a day is neither a weekend nor one of the given public holidays."""
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The day that is ``days`` working days after ``start`` (``start`` itself not counted)."""
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise InvalidDayCountError(days=days)
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def interview_due_on(trigger: date, urgent: bool, holidays: Collection[date]) -> date:
    """The last day to conduct an environmental interview triggered on ``trigger``."""
    days = URGENT_INTERVIEW_WORKING_DAYS if urgent else INTERVIEW_WORKING_DAYS
    return add_working_days(trigger, days, holidays)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def interview_update_due_on(last: date) -> date:
    """The day an interview update is due, 6 months after the last one."""
    return add_months(last, INTERVIEW_UPDATE_MONTHS)
