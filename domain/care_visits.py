"""A caregiver's work under a service order: weekly slots, visits and observations.

The errors of visits, schedules and observations live here, beside their values and
rules, also those a ``ServiceOrder`` raises when it records them (codes ``care_visit.``,
``schedule_slot.``, ``observation.`` and the order's schedule rules, ``order.``).
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from uuid import UUID

from domain.care import CareTerms, is_iso_weekday
from domain.errors import (
    DomainConflictError,
    DomainError,
    InvalidValueError,
    NotFoundInAggregateError,
)


class CareVisitError(DomainError):
    code = "care_visit.error"


class NotAssignedCaregiverError(CareVisitError, DomainConflictError):
    code = "care_visit.not_assigned_caregiver"


class VisitAlreadyOpenError(CareVisitError, DomainConflictError):
    code = "care_visit.already_open"


class DuplicateCareVisitError(CareVisitError, DomainConflictError):
    code = "care_visit.duplicate"


class CareVisitNotFoundError(CareVisitError, NotFoundInAggregateError):
    code = "care_visit.not_found"


class VisitAlreadyCompletedError(CareVisitError, DomainConflictError):
    code = "care_visit.already_completed"


class VisitEndsBeforeStartError(CareVisitError, InvalidValueError):
    code = "care_visit.ends_before_start"


class VisitTooLongError(CareVisitError, InvalidValueError):
    code = "care_visit.too_long"


class TaskNotOrderedError(CareVisitError, InvalidValueError):
    code = "care_visit.task_not_ordered"


class NaiveVisitTimeError(CareVisitError, InvalidValueError):
    code = "care_visit.naive_time"


class MonthClosedError(CareVisitError, DomainConflictError):
    code = "care_visit.month_closed"


class ScheduleSlotError(DomainError):
    code = "schedule_slot.error"


class InvalidSlotWeekdayError(ScheduleSlotError, InvalidValueError):
    code = "schedule_slot.invalid_weekday"


class InvalidSlotStartError(ScheduleSlotError, InvalidValueError):
    code = "schedule_slot.invalid_start"


class InvalidSlotMinutesError(ScheduleSlotError, InvalidValueError):
    code = "schedule_slot.invalid_minutes"


class SlotCrossesMidnightError(ScheduleSlotError, InvalidValueError):
    code = "schedule_slot.crosses_midnight"


class ScheduleError(DomainError):
    code = "schedule.error"


class EmptyScheduleError(ScheduleError, InvalidValueError):
    code = "order.empty_schedule"


class SlotOnUnorderedDayError(ScheduleError, InvalidValueError):
    code = "order.slot_on_unordered_day"


class OverlappingSlotsError(ScheduleError, InvalidValueError):
    code = "order.overlapping_slots"


class ScheduleExceedsDayError(ScheduleError, InvalidValueError):
    code = "order.schedule_exceeds_day"


class ScheduleExceedsHoursError(ScheduleError, InvalidValueError):
    code = "order.schedule_exceeds_hours"


class ObservationError(DomainError):
    code = "observation.error"


class InvalidObservationKindError(ObservationError, InvalidValueError):
    code = "observation.invalid_kind"


class ObservationNoteRequiredError(ObservationError, InvalidValueError):
    code = "observation.note_required"


class ObservationNoteTooLongError(ObservationError, InvalidValueError):
    code = "observation.note_too_long"


class NaiveObservationTimeError(ObservationError, InvalidValueError):
    code = "observation.naive_time"


class ObservationByOtherCaregiverError(ObservationError, DomainConflictError):
    code = "observation.not_assigned_caregiver"


class DuplicateObservationError(ObservationError, DomainConflictError):
    code = "observation.duplicate"


MINUTES_PER_DAY = 24 * 60
MAX_VISIT_MINUTES = 12 * 60  # as long as the longest ordered care day
MAX_NOTE_LENGTH = 2_000


@dataclass(frozen=True)
class ScheduleSlot:
    """A weekly slot of care: ISO weekday (1 Monday ... 7 Sunday), start and length."""

    weekday: int
    start: time
    minutes: int

    def __post_init__(self) -> None:
        if not is_iso_weekday(self.weekday):
            raise InvalidSlotWeekdayError(weekday=self.weekday)
        if not isinstance(self.start, time) or self.start.tzinfo is not None:
            raise InvalidSlotStartError(weekday=self.weekday)
        minutes = self.minutes
        if (isinstance(minutes, bool) or not isinstance(minutes, int)
                or not 1 <= minutes <= MAX_VISIT_MINUTES):
            raise InvalidSlotMinutesError(weekday=self.weekday, minutes=minutes,
                                          maximum=MAX_VISIT_MINUTES)
        if self.start_minute + minutes > MINUTES_PER_DAY:
            raise SlotCrossesMidnightError(weekday=self.weekday)

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_minute(self) -> int:
        return self.start_minute + self.minutes


def checked_schedule(slots: Iterable[ScheduleSlot], terms: CareTerms) -> tuple[ScheduleSlot, ...]:
    """A weekly schedule within the ordered weekdays and hours, sorted by day and time."""
    ordered = tuple(sorted(slots, key=lambda slot: (slot.weekday, slot.start_minute)))
    if not ordered:
        raise EmptyScheduleError()
    unordered = sorted({slot.weekday for slot in ordered} - set(terms.weekdays))
    if unordered:
        raise SlotOnUnorderedDayError(weekdays=unordered)
    for earlier, later in pairwise(ordered):
        if earlier.weekday == later.weekday and later.start_minute < earlier.end_minute:
            raise OverlappingSlotsError(weekday=later.weekday)
    minutes_per_day: dict[int, int] = {}
    for slot in ordered:
        minutes_per_day[slot.weekday] = minutes_per_day.get(slot.weekday, 0) + slot.minutes
    for weekday, minutes in minutes_per_day.items():
        if minutes > terms.hours_per_day * 60:
            raise ScheduleExceedsDayError(weekday=weekday, minutes=minutes)
    week = sum(minutes_per_day.values())
    if week > terms.hours_per_week * 60:
        raise ScheduleExceedsHoursError(minutes=week, hours_per_week=str(terms.hours_per_week))
    return ordered


class VisitFlag(StrEnum):
    """Why a completed visit needs a second look; flagged visits are kept, never dropped."""

    OUTSIDE_PERIOD = "outside_period"  # not billed: the decision did not cover the day
    UNORDERED_WEEKDAY = "unordered_weekday"
    ABOVE_ORDERED_HOURS = "above_ordered_hours"
    # Checked out sooner than the tasks ticked can plausibly take: for the coordinator to
    # look at, never refused (the caregiver may have ticked what she did on an earlier day).
    IMPLAUSIBLY_SHORT = "implausibly_short"


# The least time each task plausibly takes, in minutes: a visit shorter than the sum of its
# ticked tasks is flagged. Policy of the provider, not law (no act or regulation sets
# durations); 2026-12 defaults, deliberately low so that only a check-out made right after
# the check-in stands out.
MIN_TASK_MINUTES: dict[str, int] = {
    "personal_hygiene": 10, "meals": 10, "shopping": 15, "cleaning": 15, "medication": 3,
    "mobility": 5, "errands": 10, "companionship": 10, "specialist_therapy": 15, "other": 3,
}


def plausible_minutes(tasks: Iterable[str]) -> int:
    """The least a visit with these tasks done plausibly lasts."""
    return sum(MIN_TASK_MINUTES.get(task, 0) for task in tasks)


@dataclass(frozen=True)
class CareVisit:
    """A caregiver's visit as the order knows it (state, not an event payload)."""

    visit_id: UUID
    caregiver_id: UUID
    started_at: datetime
    ended_at: datetime | None = None
    tasks_done: tuple[str, ...] = ()
    minutes: int = 0
    flags: tuple[str, ...] = ()

    @property
    def day(self) -> date:
        """The day of the visit, in the time zone the caregiver's device reported."""
        return self.started_at.date()

    @property
    def month(self) -> tuple[int, int]:
        return self.day.year, self.day.month

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def is_billable(self) -> bool:
        return not self.is_open and VisitFlag.OUTSIDE_PERIOD not in self.flags


def is_aware(moment: object) -> bool:
    return isinstance(moment, datetime) and moment.utcoffset() is not None


def visit_minutes(started_at: datetime, ended_at: datetime) -> int:
    """The length of a visit in whole minutes (seconds are dropped)."""
    return int((ended_at - started_at).total_seconds() // 60)


def completed_visit(
    visit: CareVisit,
    ended_at: datetime,
    tasks_done: Iterable[str],
    terms: CareTerms,
    billable_minutes: int,
) -> CareVisit:
    """The visit checked out at ``ended_at``: measured, and flagged where it strays from the
    terms. ``billable_minutes`` are those already delivered in the visit's month."""
    if not is_aware(ended_at):
        raise NaiveVisitTimeError(visit_id=visit.visit_id)
    if ended_at <= visit.started_at:
        raise VisitEndsBeforeStartError(visit_id=visit.visit_id)
    minutes = visit_minutes(visit.started_at, ended_at)
    if minutes > MAX_VISIT_MINUTES:
        raise VisitTooLongError(visit_id=visit.visit_id, maximum=MAX_VISIT_MINUTES)
    tasks = tuple(dict.fromkeys(tasks_done))
    not_ordered = sorted(str(task) for task in tasks if task not in terms.tasks)
    if not_ordered:
        raise TaskNotOrderedError(visit_id=visit.visit_id, tasks=not_ordered)
    flags = []
    if not terms.covers(visit.day):
        flags.append(VisitFlag.OUTSIDE_PERIOD.value)
    if not terms.is_scheduled_weekday(visit.day):
        flags.append(VisitFlag.UNORDERED_WEEKDAY.value)
    ordered_minutes = terms.monthly_ordered_hours(*visit.month) * 60
    if terms.covers(visit.day) and Decimal(billable_minutes + minutes) > ordered_minutes:
        flags.append(VisitFlag.ABOVE_ORDERED_HOURS.value)
    if minutes < plausible_minutes(tasks):
        flags.append(VisitFlag.IMPLAUSIBLY_SHORT.value)
    return replace(visit, ended_at=ended_at, tasks_done=tasks, minutes=minutes, flags=tuple(flags))


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Whether two visits overlap; one ending when the other starts does not."""
    return a_start < b_end and b_start < a_end


def caregiver_busy(visits: Iterable[CareVisit], caregiver_id: UUID,
                   moment: datetime) -> CareVisit | None:
    """The caregiver's visit that holds her at `moment`, if any: one caregiver cannot be in
    two homes at once, so a check-in at `moment` is refused while this visit holds her.

    A visit holds its caregiver from its check-in until its check-out, an open one from its
    check-in on. As in `overlaps`, one ending when the next starts does not hold her then.
    Other caregivers' visits (an order since handed to another) never count. The rule spans
    orders: the service reads the visits of each order she may have worked on near `moment`
    (her own order's second open visit is the order's own rule, `VisitAlreadyOpenError`).
    """
    # Written out rather than through `overlaps`: it runs for each of a year's visits.
    for visit in visits:
        if (visit.caregiver_id == caregiver_id and visit.started_at <= moment
                and (visit.ended_at is None or moment < visit.ended_at)):
            return visit
    return None


class ObservationKind(StrEnum):
    HEALTH_WORSENING = "health_worsening"
    NO_FOOD = "no_food"
    FALL = "fall"
    HYGIENE = "hygiene"
    BEHAVIOUR_CHANGE = "behaviour_change"
    HOUSING_PROBLEM = "housing_problem"
    OTHER = "other"


@dataclass(frozen=True)
class Observation:
    """What a caregiver noticed and the social worker should know (state, not a payload)."""

    observation_id: UUID
    caregiver_id: UUID
    kind: str
    note: str
    raised_at: datetime


def checked_observation_kind(kind: str) -> str:
    try:
        return ObservationKind(kind).value
    except ValueError:
        raise InvalidObservationKindError(kind=kind) from None


def checked_note(note: str) -> str:
    if not isinstance(note, str) or not note.strip():
        raise ObservationNoteRequiredError()
    if len(note) > MAX_NOTE_LENGTH:
        raise ObservationNoteTooLongError(length=len(note), maximum=MAX_NOTE_LENGTH)
    return note.strip()
