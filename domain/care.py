"""The terms a decision grants: care services (art. 50) or a cash benefit.

Both are event payloads (``DecisionIssued``, ``ServiceOrderPlaced``...). A JSON round trip
turns tuples into lists, so ``__post_init__`` normalises them back; it also validates on
every decoding, so task codes may be added but never removed.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from domain.errors import DomainError, InvalidValueError
from domain.text import within
from domain.user import MAX_UNIT_LENGTH


class CareTermsError(DomainError):
    code = "care_terms.error"


class NoTasksError(CareTermsError, InvalidValueError):
    code = "care_terms.no_tasks"


class UnknownTaskError(CareTermsError, InvalidValueError):
    code = "care_terms.unknown_task"


class NoHoursError(CareTermsError, InvalidValueError):
    code = "care_terms.no_hours"


class DayExceedsLimitError(CareTermsError, InvalidValueError):
    code = "care_terms.day_exceeds_limit"


class WeekExceedsDaysError(CareTermsError, InvalidValueError):
    code = "care_terms.week_exceeds_days"


class NoWeekdaysError(CareTermsError, InvalidValueError):
    code = "care_terms.no_weekdays"


class InvalidWeekdayError(CareTermsError, InvalidValueError):
    code = "care_terms.invalid_weekday"


class InvalidCarePeriodError(CareTermsError, InvalidValueError):
    code = "care_terms.invalid_period"


class PlaceRequiredError(CareTermsError, InvalidValueError):
    code = "care_terms.place_required"


class ProviderRequiredError(CareTermsError, InvalidValueError):
    code = "care_terms.provider_required"


class InvalidCostError(CareTermsError, InvalidValueError):
    code = "care_terms.invalid_cost"


class InvalidFeeShareError(CareTermsError, InvalidValueError):
    code = "care_terms.invalid_fee_share"


class CashTermsError(DomainError):
    code = "cash_terms.error"


class InvalidAmountError(CashTermsError, InvalidValueError):
    code = "cash_terms.invalid_amount"


class InvalidCashPeriodError(CashTermsError, InvalidValueError):
    code = "cash_terms.invalid_period"


class InvalidInstallmentsError(CashTermsError, InvalidValueError):
    code = "cash_terms.invalid_installments"


# Task codes a care decision may order; message keys translate them. Add, never remove.
CARE_TASKS: tuple[str, ...] = (
    "personal_hygiene",
    "meals",
    "shopping",
    "cleaning",
    "medication",
    "mobility",
    "errands",
    "companionship",
    "specialist_therapy",
    "other",
)
MAX_HOURS_PER_DAY = Decimal(12)
# Ten years of monthly payments: more is a typing error (the tablet says "1 to 120").
MAX_INSTALLMENTS = 120
CARE_TERMS_MAX_LENGTHS = {"place": 200, "provider_id": MAX_UNIT_LENGTH}
ISO_WEEKDAYS = range(1, 8)  # ISO: Monday 1 ... Sunday 7
CENT = Decimal("0.01")


def as_decimal(value: object) -> Decimal | None:
    """A finite Decimal from a Decimal or an int; None for anything else (floats included)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        return None
    number = Decimal(value)
    return number if number.is_finite() else None


def as_money(value: object) -> Decimal | None:
    """A positive amount with at most two decimal places, as złoty and grosze."""
    number = as_decimal(value)
    if number is None or number <= 0 or number != number.quantize(CENT):
        return None
    return number.quantize(CENT)


def is_iso_weekday(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and value in ISO_WEEKDAYS


def _is_day(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


@dataclass(frozen=True)
class CareTerms:
    """What a care decision orders: tasks, hours, weekdays, period, place, provider, cost."""

    tasks: tuple[str, ...]
    hours_per_day: Decimal
    hours_per_week: Decimal
    weekdays: tuple[int, ...]
    period_from: date
    period_to: date
    place: str
    provider_id: str
    hourly_cost: Decimal
    fee_share_percent: Decimal

    def __post_init__(self) -> None:
        tasks = tuple(self.tasks) if isinstance(self.tasks, list | tuple) else ()
        if not tasks:
            raise NoTasksError()
        unknown = sorted({str(task) for task in tasks if task not in CARE_TASKS})
        if unknown:
            raise UnknownTaskError(tasks=unknown)
        object.__setattr__(self, "tasks", tuple(t for t in CARE_TASKS if t in tasks))
        weekdays = tuple(self.weekdays) if isinstance(self.weekdays, list | tuple) else ()
        if not weekdays:
            raise NoWeekdaysError()
        if not all(is_iso_weekday(day) for day in weekdays):
            raise InvalidWeekdayError(weekdays=list(weekdays))
        object.__setattr__(self, "weekdays", tuple(sorted(set(weekdays))))
        self._check_hours()
        if not _is_day(self.period_from) or not _is_day(self.period_to):
            raise InvalidCarePeriodError()
        if self.period_to < self.period_from:
            raise InvalidCarePeriodError(period_from=self.period_from, period_to=self.period_to)
        for field, error in (("place", PlaceRequiredError), ("provider_id", ProviderRequiredError)):
            value = getattr(self, field)
            if not isinstance(value, str) or not value.strip():
                raise error()
            within(value, field, CARE_TERMS_MAX_LENGTHS[field])
            object.__setattr__(self, field, value.strip())
        cost = as_money(self.hourly_cost)
        if cost is None:
            raise InvalidCostError(hourly_cost=str(self.hourly_cost))
        object.__setattr__(self, "hourly_cost", cost)
        share = as_decimal(self.fee_share_percent)
        if share is None or not 0 <= share <= 100:
            raise InvalidFeeShareError(fee_share_percent=str(self.fee_share_percent))
        object.__setattr__(self, "fee_share_percent", share)

    def _check_hours(self) -> None:
        per_day, per_week = as_decimal(self.hours_per_day), as_decimal(self.hours_per_week)
        if per_day is None or per_week is None or per_day <= 0 or per_week <= 0:
            raise NoHoursError()
        if per_day > MAX_HOURS_PER_DAY:
            raise DayExceedsLimitError(hours_per_day=str(per_day), maximum=str(MAX_HOURS_PER_DAY))
        if per_week > per_day * len(self.weekdays):
            raise WeekExceedsDaysError(hours_per_week=str(per_week), days=len(self.weekdays))
        object.__setattr__(self, "hours_per_day", per_day)
        object.__setattr__(self, "hours_per_week", per_week)

    def covers(self, day: date) -> bool:
        """Whether a day falls within the period of the decision."""
        return self.period_from <= day <= self.period_to

    def is_scheduled_weekday(self, day: date) -> bool:
        """Whether care is ordered on this day of the week."""
        return day.isoweekday() in self.weekdays

    def monthly_ordered_hours(self, year: int, month: int) -> Decimal:
        """Hours ordered in a month: ``hours_per_day`` on each ordered weekday in the period.

        Within each ISO week the hours are capped by ``hours_per_week``; a week split
        between two months is capped separately in each (simple, slightly generous).
        """
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        days_per_week: dict[tuple[int, int], int] = {}
        day = max(first, self.period_from)
        while day <= min(last, self.period_to):
            if self.is_scheduled_weekday(day):
                week = day.isocalendar()[:2]
                days_per_week[week] = days_per_week.get(week, 0) + 1
            day += timedelta(days=1)
        capped = (min(self.hours_per_day * n, self.hours_per_week) for n in days_per_week.values())
        return sum(capped, Decimal(0))


@dataclass(frozen=True)
class CashTerms:
    """What a cash decision grants: an amount, paid in instalments over a period.

    ``period_to`` is None for a one-off allowance or one granted indefinitely (a
    permanent allowance may be).
    """

    amount: Decimal
    period_from: date
    period_to: date | None
    installments: int

    def __post_init__(self) -> None:
        amount = as_money(self.amount)
        if amount is None:
            raise InvalidAmountError(amount=str(self.amount))
        object.__setattr__(self, "amount", amount)
        if not _is_day(self.period_from) or (
            self.period_to is not None and not _is_day(self.period_to)
        ):
            raise InvalidCashPeriodError()
        if self.period_to is not None and self.period_to < self.period_from:
            raise InvalidCashPeriodError(period_from=self.period_from, period_to=self.period_to)
        count = self.installments
        if (isinstance(count, bool) or not isinstance(count, int)
                or not 1 <= count <= MAX_INSTALLMENTS):
            raise InvalidInstallmentsError(installments=count, maximum=MAX_INSTALLMENTS)
