"""The appeal against a decision to the local appeals board (SKO) and its deadline."""

from collections.abc import Collection
from datetime import date, timedelta

from domain.calendar import is_working_day
from domain.errors import DomainConflictError, DomainError, InvalidValueError


class AppealError(DomainError):
    code = "appeal.error"


class AppealNotDeliveredError(AppealError, DomainConflictError):
    code = "appeal.not_delivered"


class AppealTooLateError(AppealError, DomainConflictError):
    code = "appeal.too_late"


class AppealAlreadyFiledError(AppealError, DomainConflictError):
    code = "appeal.already_filed"


class AppealNotFiledError(AppealError, DomainConflictError):
    code = "appeal.not_filed"


class AppealBeforeDeliveryError(AppealError, InvalidValueError):
    code = "appeal.before_delivery"


class ResolutionBeforeAppealError(AppealError, InvalidValueError):
    code = "appeal.resolved_before_filed"


# An appeal to the SKO within 14 days of delivery (KPA art. 129 § 2); the day of delivery
# is not counted and a term ending on a Saturday or a holiday ends on the next working
# day (KPA art. 57 § 1 and § 4).
APPEAL_DAYS = 14
NO_HOLIDAYS: frozenset[date] = frozenset()


def appeal_deadline(delivered_on: date, holidays: Collection[date] = NO_HOLIDAYS) -> date:
    """The last day an appeal against a decision delivered on ``delivered_on`` may be filed."""
    day = delivered_on + timedelta(days=APPEAL_DAYS)
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day


def final_from(delivered_on: date, holidays: Collection[date] = NO_HOLIDAYS) -> date:
    """The first day a decision not appealed in time is final."""
    return appeal_deadline(delivered_on, holidays) + timedelta(days=1)
