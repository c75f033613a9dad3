"""Fees for care: the income criterion, a municipality's fee-share table, monthly settlement.

Both are data. A new criterion (the Council of Ministers verifies it every three years)
or a new municipal resolution is a new row with its ``valid_from``, never a code change.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Protocol, TypeVar

from domain.care import CENT, as_decimal
from domain.errors import DomainConflictError, DomainError, InvalidValueError


class FeesError(DomainError):
    code = "fees.error"


class InvalidCriterionError(FeesError, InvalidValueError):
    code = "fees.invalid_criterion"


class InvalidTableError(FeesError, InvalidValueError):
    code = "fees.invalid_table"


class InvalidIncomeError(FeesError, InvalidValueError):
    code = "fees.invalid_income"


class InvalidHouseholdSizeError(FeesError, InvalidValueError):
    code = "fees.invalid_household_size"


class InvalidSettlementError(FeesError, InvalidValueError):
    code = "fees.invalid_settlement"


class SettlementError(DomainError):
    code = "settlement.error"


class InvalidMonthError(SettlementError, InvalidValueError):
    code = "settlement.invalid_month"


class SettlementAlreadyClosedError(SettlementError, DomainConflictError):
    code = "settlement.already_closed"


class MonthNotOverError(SettlementError, DomainConflictError):
    code = "settlement.month_not_over"


class MonthBeforeOrderError(SettlementError, InvalidValueError):
    code = "settlement.before_order"


class VisitStillOpenError(SettlementError, DomainConflictError):
    code = "settlement.visit_open"


class NoCriterionError(FeesError, DomainConflictError):
    code = "fees.no_criterion"


class NoTableError(FeesError, DomainConflictError):
    code = "fees.no_table"


# More people in one household is a typing error, not a family.
MAX_HOUSEHOLD_SIZE = 30


def _percent(value: object) -> Decimal | None:
    number = as_decimal(value)
    return number if number is not None and 0 <= number <= 100 else None


@dataclass(frozen=True)
class IncomeCriterion:
    """The income criterion of art. 8 from a day on: for a single person, per family member."""

    valid_from: date
    single: Decimal
    per_person_in_family: Decimal

    def __post_init__(self) -> None:
        for field in ("single", "per_person_in_family"):
            value = as_decimal(getattr(self, field))
            if value is None or value <= 0:
                raise InvalidCriterionError(valid_from=self.valid_from, field=field)
            object.__setattr__(self, field, value)

    def for_household(self, household_size: int) -> Decimal:
        return self.single if household_size == 1 else self.per_person_in_family


# art. 8 ust. 1, verified by regulations of the Council of Ministers: Dz.U. 2018 poz. 1358
# (from 1 Oct 2018), Dz.U. 2021 poz. 1296 (from 1 Jan 2022), regulation of July 2024
# (from 1 Jan 2025).
INCOME_CRITERIA: tuple[IncomeCriterion, ...] = (
    IncomeCriterion(date(2018, 10, 1), Decimal(701), Decimal(528)),
    IncomeCriterion(date(2022, 1, 1), Decimal(776), Decimal(600)),
    IncomeCriterion(date(2025, 1, 1), Decimal(1010), Decimal(823)),
)


@dataclass(frozen=True)
class FeeBracket:
    """Income up to ``up_to_percent`` of the criterion (None: no upper limit) pays these shares."""

    up_to_percent: Decimal | None
    single_percent: Decimal
    family_percent: Decimal

    def __post_init__(self) -> None:
        if self.up_to_percent is not None:
            limit = as_decimal(self.up_to_percent)
            if limit is None or limit <= 0:
                raise InvalidTableError(up_to_percent=str(self.up_to_percent))
            object.__setattr__(self, "up_to_percent", limit)
        for field in ("single_percent", "family_percent"):
            share = _percent(getattr(self, field))
            if share is None:
                raise InvalidTableError(field=field, value=str(getattr(self, field)))
            object.__setattr__(self, field, share)


@dataclass(frozen=True)
class FeeShareTable:
    """A municipal resolution's fee-share table (art. 50 ust. 6), valid from a day on."""

    valid_from: date
    brackets: tuple[FeeBracket, ...]

    def __post_init__(self) -> None:
        brackets = tuple(self.brackets)
        object.__setattr__(self, "brackets", brackets)
        if not brackets or brackets[-1].up_to_percent is not None:
            raise InvalidTableError(valid_from=self.valid_from, rule="last_bracket_open")
        limits = [bracket.up_to_percent for bracket in brackets[:-1]]
        if None in limits or any(
            lower >= upper  # type: ignore[operator]
            for lower, upper in pairwise(limits)
        ):
            raise InvalidTableError(valid_from=self.valid_from, rule="ascending")

    def bracket_for(self, income: Decimal, criterion: Decimal) -> FeeBracket:
        """The first bracket whose limit the income does not exceed ("up to" is inclusive)."""
        for bracket in self.brackets:
            limit = bracket.up_to_percent
            # income / criterion * 100 <= limit, compared without dividing: no rounding at the edge
            if limit is None or income * 100 <= limit * criterion:
                return bracket
        return self.brackets[-1]  # unreachable: the last bracket is open


# AN EXAMPLE of a municipal resolution, NOT law: each municipality (rada gminy) sets its own
# table. The first rows follow DOMAIN.md; the rest are plausible values for tests and demos.
EXAMPLE_FEE_SHARE_TABLES: tuple[FeeShareTable, ...] = (
    FeeShareTable(
        valid_from=date(2018, 10, 1),
        brackets=tuple(
            FeeBracket(None if limit is None else Decimal(limit), Decimal(single), Decimal(family))
            for limit, single, family in (
                (100, 0, 0),
                (120, 3, 10),
                (140, 5, 15),
                (160, 10, 20),
                (180, 15, 25),
                (200, 20, 30),
                (250, 30, 40),
                (300, 50, 60),
                (None, 100, 100),
            )
        ),
    ),
)


class _Dated(Protocol):
    @property
    def valid_from(self) -> date: ...


_D = TypeVar("_D", bound=_Dated)


def _valid_on(day: date, rows: Iterable[_D]) -> _D | None:
    in_force = [row for row in rows if row.valid_from <= day]
    return max(in_force, key=lambda row: row.valid_from, default=None)


def criterion_on(day: date, criteria: Iterable[IncomeCriterion]) -> IncomeCriterion:
    """The income criterion in force on a day: the newest valid from that day or earlier."""
    criterion = _valid_on(day, criteria)
    if criterion is None:
        raise NoCriterionError(on=day)
    return criterion


def fee_share_percent(
    income_per_person: Decimal,
    household_size: int,
    on: date,
    criteria: Iterable[IncomeCriterion],
    tables: Iterable[FeeShareTable],
) -> Decimal:
    """The client's fee share for care services, from the table in force on ``on``.

    Income is compared with the criterion for a single person when the household has
    one member, else with the criterion per person in a family; exactly 100% is "up to 100%".
    """
    income = as_decimal(income_per_person)
    if income is None or income < 0:
        raise InvalidIncomeError(income=str(income_per_person))
    size = household_size
    if (isinstance(size, bool) or not isinstance(size, int)
            or not 1 <= size <= MAX_HOUSEHOLD_SIZE):
        raise InvalidHouseholdSizeError(household_size=size, maximum=MAX_HOUSEHOLD_SIZE)
    criterion = criterion_on(on, criteria).for_household(size)
    table = _valid_on(on, tables)
    if table is None:
        raise NoTableError(on=on)
    bracket = table.bracket_for(income, criterion)
    return bracket.single_percent if size == 1 else bracket.family_percent


@dataclass(frozen=True)
class Settlement:
    """A month of care services for one client: who pays what, to the grosz."""

    hours: Decimal
    hourly_cost: Decimal
    fee_share_percent: Decimal
    total: Decimal
    client_pays: Decimal
    municipality_pays: Decimal


def last_day_of_month(year: int, month: int) -> date:
    """The last day of a month, refusing a month that does not exist."""
    if any(isinstance(n, bool) or not isinstance(n, int) for n in (year, month)) or not (
        1 <= month <= 12 and 2000 <= year <= 2100
    ):
        raise InvalidMonthError(year=year, month=month)
    return date(year, month, calendar.monthrange(year, month)[1])


def settle_month(hours: Decimal, hourly_cost: Decimal, fee_share_percent: Decimal) -> Settlement:
    """Split a month's cost: the total and the client's share rounded half-up to 0.01 zł,
    the municipality paying the rest, so that the two always add up to the total."""
    hours_, cost, share = as_decimal(hours), as_decimal(hourly_cost), _percent(fee_share_percent)
    if hours_ is None or hours_ < 0 or cost is None or cost < 0 or share is None:
        raise InvalidSettlementError(
            hours=str(hours), hourly_cost=str(hourly_cost), fee_share_percent=str(fee_share_percent)
        )
    total = (hours_ * cost).quantize(CENT, rounding=ROUND_HALF_UP)
    client_pays = (total * share / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return Settlement(
        hours=hours_,
        hourly_cost=cost,
        fee_share_percent=share,
        total=total,
        client_pays=client_pays,
        municipality_pays=total - client_pays,
    )
