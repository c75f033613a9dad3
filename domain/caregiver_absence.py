"""A caregiver's absence (leave, sickness) and the caregiver who covers her clients meanwhile.

The coordinator records the absence with its dates and the cover; the absence is its own
aggregate (`CaregiverAbsenceRecorded`), and each of the absent caregiver's running orders
records the cover for those dates (`ServiceOrder.CoverAssigned`, domain/service_order.py), in
the same unit of work: the cover may then check in at those clients' homes on those days, her
schedule shows their visits, the absent caregiver's does not, and the month's settlement
counts the cover's visits as any other (they are the order's visits).
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.bounds import check_date
from domain.errors import DomainError, InvalidValueError

# An absence longer than a year is not covered, it is a reassignment (or a typing error).
MAX_ABSENCE_DAYS = 366


class AbsenceError(DomainError):
    code = "absence.error"


class InvalidAbsencePeriodError(AbsenceError, InvalidValueError):
    code = "absence.invalid_period"


class CoverIsAbsentError(AbsenceError, InvalidValueError):
    """The cover named is the absent caregiver herself."""

    code = "absence.cover_is_absent"


def check_period(date_from: date, date_to: date) -> None:
    check_date(date_from, "date_from")
    check_date(date_to, "date_to")
    if date_to < date_from or (date_to - date_from).days >= MAX_ABSENCE_DAYS:
        raise InvalidAbsencePeriodError(date_from=date_from.isoformat(),
                                        date_to=date_to.isoformat(),
                                        max_days=MAX_ABSENCE_DAYS)


class CaregiverAbsence(Aggregate):
    """One absence of one caregiver of a provider, and who covers it."""

    @classmethod
    def record(cls, *, absence_id: UUID, provider_id: str, caregiver_id: UUID,
               cover_id: UUID, date_from: date, date_to: date,
               orders: tuple[UUID, ...]) -> CaregiverAbsence:
        check_period(date_from, date_to)
        if cover_id == caregiver_id:
            raise CoverIsAbsentError(caregiver_id=caregiver_id)
        return cls._create(cls.CaregiverAbsenceRecorded, id=absence_id,
                           provider_id=provider_id, caregiver_id=caregiver_id,
                           cover_id=cover_id, date_from=date_from, date_to=date_to,
                           orders=tuple(orders))

    class CaregiverAbsenceRecorded(Aggregate.Created):
        provider_id: str
        caregiver_id: UUID
        cover_id: UUID
        date_from: date
        date_to: date
        # The absent caregiver's orders the cover takes over for the dates.
        orders: tuple[UUID, ...]

    @event(CaregiverAbsenceRecorded)
    def __init__(self, *, provider_id: str, caregiver_id: UUID, cover_id: UUID,
                 date_from: date, date_to: date, orders: tuple[UUID, ...]) -> None:
        self.provider_id = provider_id
        self.caregiver_id = caregiver_id
        self.cover_id = cover_id
        self.date_from = date_from
        self.date_to = date_to
        self.orders = tuple(orders)
