"""How far back and ahead a date or a time given to Teczka may lie.

Every date and time a command accepts is checked against these bounds, in the request
schema (so the OpenAPI document shows them) and here in the domain, the last line. Without
them a check-in "at" 9999-12-31T23:59:59-05:00 was stored, and every later reading of it
(`astimezone(UTC)` in a projection) overflowed: one accepted request stopped the read models
for good (issue #15). The bounds are wide enough for any real record and narrow enough that
no date arithmetic on them (± a few years, any UTC offset) leaves Python's range.

The values are policy, not law; docs/api-contract.md lists them per field.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from domain.errors import InvalidValueError

# Dates of the procedure (an application filed, a decision issued, delivered, appealed or
# final, an interview, a visit, a folder opened or closed, a care period, a social
# contract, a fee table valid from, a month settled, a return's year). The Social Assistance
# Act in force is of 12 March 2004; nothing older is entered here, and 2000 leaves room for
# files carried over from the act of 1990. 2100 is far enough for any period a decision or
# contract sets (ordinary ones end within a few years).
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# Birth dates: a PESEL encodes births from 1800, but no living client was born before
# 1890 (the oldest person alive was born in 1907 in 2026); none is born after today.
EARLIEST_BIRTH_DATE = date(1890, 1, 1)
# Times of the procedure or asked for (a return "as of", a difference, an access-log
# window): the same years, as moments (any UTC offset stays within range).
EARLIEST_TIME = datetime(EARLIEST_DATE.year, 1, 1, tzinfo=UTC)
LATEST_TIME = datetime(LATEST_DATE.year, 12, 31, 23, 59, 59, tzinfo=UTC)
# Times of the field (a check-in or check-out, an observation, the tablet's `occurred_at`)
# come from a device's clock: at most this far ahead of the server's clock. Tablets keep
# network time; ten minutes covers a clock that drifted, never a typing slip of a day.
FUTURE_TOLERANCE = timedelta(minutes=10)


class DateOutOfRangeError(InvalidValueError):
    """A date or time outside the bounds above (HTTP 422)."""

    code = "date.out_of_range"


class TimeInFutureError(InvalidValueError):
    """A time of the field later than the server's clock allows (HTTP 422)."""

    code = "time.in_future"


class DateInFutureError(InvalidValueError):
    """A date of something that already happened (a visit, an interview, a member joining,
    leaving or dying) later than today (HTTP 422)."""

    code = "date.in_future"


def check_past_date(value: date, today: date, field: str) -> date:
    """A date of something that has happened: within the bounds and not after `today` (the
    server's date in Poland, given by the caller: the domain reads no clock)."""
    check_date(value, field)
    if value > today:
        raise DateInFutureError(field=field, value=value.isoformat(), latest=today.isoformat())
    return value


def check_date(value: date, field: str, *, earliest: date = EARLIEST_DATE,
               latest: date = LATEST_DATE) -> date:
    """`value` if it lies within [earliest, latest], else DateOutOfRangeError."""
    if not earliest <= value <= latest:
        raise DateOutOfRangeError(field=field, value=value.isoformat(),
                                  earliest=earliest.isoformat(), latest=latest.isoformat())
    return value


def check_optional_date(value: date | None, field: str) -> date | None:
    return None if value is None else check_date(value, field)


def check_birth_date(value: date | None, field: str = "birth_date") -> date | None:
    if value is None:
        return None
    return check_date(value, field, earliest=EARLIEST_BIRTH_DATE, latest=LATEST_DATE)


def check_month(year: int, month: int) -> tuple[int, int]:
    """A (year, month) within the bounds: a month route or a settlement."""
    if not (EARLIEST_DATE.year <= year <= LATEST_DATE.year and 1 <= month <= 12):
        raise DateOutOfRangeError(field="month", value=f"{year}-{month}",
                                  earliest=EARLIEST_DATE.isoformat()[:7],
                                  latest=LATEST_DATE.isoformat()[:7])
    return year, month


def check_time(value: datetime, field: str) -> datetime:
    """A time with its UTC offset, within the bounds (naive times are left to the callers,
    which refuse them with their own codes)."""
    if value.tzinfo is None or value.utcoffset() is None:
        # Compared as wall-clock time: still refuses year 1 and 9999.
        low, high = EARLIEST_TIME.replace(tzinfo=None), LATEST_TIME.replace(tzinfo=None)
    else:
        low, high = EARLIEST_TIME, LATEST_TIME
    # Compared by year first: a time in year 1 with a positive offset cannot even be
    # turned to UTC, so it must not reach the comparison below.
    if not EARLIEST_TIME.year <= value.year <= LATEST_TIME.year or not low <= value <= high:
        raise DateOutOfRangeError(field=field, value=value.isoformat(),
                                  earliest=EARLIEST_TIME.isoformat(),
                                  latest=LATEST_TIME.isoformat())
    return value


def check_field_time(value: datetime, now: datetime, field: str) -> datetime:
    """A time of the field: within the bounds and at most FUTURE_TOLERANCE after `now`
    (the server's clock, given by the caller: the domain reads no clock)."""
    check_time(value, field)
    if value.utcoffset() is not None and value > now + FUTURE_TOLERANCE:
        raise TimeInFutureError(field=field, value=value.isoformat(),
                                latest=(now + FUTURE_TOLERANCE).isoformat())
    return value
