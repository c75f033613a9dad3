"""Dates and times with bounds, for request schemas: the values of domain/bounds.py.

Each type checks its value when the request is read (refused with 422 `date.out_of_range`
or `time.in_future`, see api/errors.py) and says its bounds in the OpenAPI document
(`formatMinimum`/`formatMaximum`, as JSON Schema validators that know dates read them, and
in words). The domain checks the same again: the schema is the first line, not the only one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator, AwareDatetime, Field
from pydantic_core import PydanticCustomError

from domain import bounds

_DATES = f"{bounds.EARLIEST_DATE.isoformat()}..{bounds.LATEST_DATE.isoformat()}"
_TIMES = f"{bounds.EARLIEST_TIME.isoformat()}..{bounds.LATEST_TIME.isoformat()}"
_FUTURE = int(bounds.FUTURE_TOLERANCE.total_seconds() // 60)


def _out_of_range(value: object, earliest: object, latest: object) -> PydanticCustomError:
    return PydanticCustomError(
        "date_out_of_range", "must lie within {earliest}..{latest}",
        {"earliest": str(earliest), "latest": str(latest), "value": str(value)})


def _in_range(earliest: date, latest: date):
    def check(value: date) -> date:
        try:
            return bounds.check_date(value, "", earliest=earliest, latest=latest)
        except bounds.DateOutOfRangeError:
            raise _out_of_range(value, earliest, latest) from None
    return check


def _time_in_range(value: datetime) -> datetime:
    try:
        return bounds.check_time(value, "")
    except bounds.DateOutOfRangeError:
        raise _out_of_range(value, bounds.EARLIEST_TIME, bounds.LATEST_TIME) from None


def _field_time(value: datetime) -> datetime:
    try:
        return bounds.check_field_time(value, datetime.now(UTC), "")
    except bounds.DateOutOfRangeError:
        raise _out_of_range(value, bounds.EARLIEST_TIME, bounds.LATEST_TIME) from None
    except bounds.TimeInFutureError:
        raise PydanticCustomError(
            "time_in_future", "must not be later than {minutes} minutes from now",
            {"minutes": _FUTURE, "value": value.isoformat()}) from None


def _date_schema(earliest: date, latest: date, words: str) -> dict:
    return {"formatMinimum": earliest.isoformat(), "formatMaximum": latest.isoformat(),
            "description": words}


# A date of the procedure: 2000-01-01..2100-12-31.
RecordDate = Annotated[
    date, AfterValidator(_in_range(bounds.EARLIEST_DATE, bounds.LATEST_DATE)),
    Field(json_schema_extra=_date_schema(bounds.EARLIEST_DATE, bounds.LATEST_DATE,
                                         f"A date within {_DATES}"))]
# A birth date: 1890-01-01..2100-12-31.
BirthDate = Annotated[
    date, AfterValidator(_in_range(bounds.EARLIEST_BIRTH_DATE, bounds.LATEST_DATE)),
    Field(json_schema_extra=_date_schema(
        bounds.EARLIEST_BIRTH_DATE, bounds.LATEST_DATE,
        f"A birth date within {bounds.EARLIEST_BIRTH_DATE}..{bounds.LATEST_DATE}"))]
# A time asked for or recorded (a return as of, an access-log window): the same years.
RecordTime = Annotated[
    datetime, AfterValidator(_time_in_range),
    Field(json_schema_extra={"formatMinimum": bounds.EARLIEST_TIME.isoformat(),
                             "formatMaximum": bounds.LATEST_TIME.isoformat(),
                             "description": f"A time within {_TIMES}"})]
# A time from a tablet's clock (check-in, check-out, an observation): with its UTC offset,
# at most ten minutes ahead of the server's clock.
FieldTime = Annotated[
    AwareDatetime, AfterValidator(_field_time),
    Field(json_schema_extra={
        "formatMinimum": bounds.EARLIEST_TIME.isoformat(),
        "description": f"With its UTC offset; from {bounds.EARLIEST_TIME.isoformat()} to at "
                       f"most {_FUTURE} minutes after the server's clock"})]
# The same, as an optional `occurred_at` that may come without its offset.
OccurredAt = Annotated[
    datetime, AfterValidator(_field_time),
    Field(json_schema_extra={
        "formatMinimum": bounds.EARLIEST_TIME.isoformat(),
        "description": f"The tablet's clock when it happened: at most {_FUTURE} minutes "
                       "after the server's clock"})]


def _year(value: int) -> int:
    if not bounds.EARLIEST_DATE.year <= value <= bounds.LATEST_DATE.year:
        raise _out_of_range(value, bounds.EARLIEST_DATE.year, bounds.LATEST_DATE.year)
    return value


def _month(value: int) -> int:
    if not 1 <= value <= 12:
        raise _out_of_range(value, 1, 12)
    return value


_YEAR_SCHEMA = {"minimum": bounds.EARLIEST_DATE.year, "maximum": bounds.LATEST_DATE.year}
YearPath = Annotated[int, Path(json_schema_extra=_YEAR_SCHEMA,
                               description=f"{bounds.EARLIEST_DATE.year}..{bounds.LATEST_DATE.year}"),
                     AfterValidator(_year)]
MonthPath = Annotated[int, Path(json_schema_extra={"minimum": 1, "maximum": 12},
                                description="1..12"), AfterValidator(_month)]
# For query parameters: the checked type, and what the parameter's schema says of it
# (`Annotated[BoundedTime | None, Query(json_schema_extra=TIME_BOUNDS)]`).
BoundedDate = Annotated[date, AfterValidator(_in_range(bounds.EARLIEST_DATE, bounds.LATEST_DATE))]
BoundedTime = Annotated[datetime, AfterValidator(_time_in_range)]
DATE_BOUNDS = _date_schema(bounds.EARLIEST_DATE, bounds.LATEST_DATE, f"A date within {_DATES}")
TIME_BOUNDS = {"formatMinimum": bounds.EARLIEST_TIME.isoformat(),
               "formatMaximum": bounds.LATEST_TIME.isoformat(),
               "description": f"A time within {_TIMES}"}
