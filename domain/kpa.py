"""The administrative procedure's terms (KPA, Kodeks postępowania administracyjnego): when a
decision is due, how a term counted in months ends, and the errors of a proceeding's course
(delay, suspension, discontinuation, withdrawal, appeal waiver).

Public holidays are not known here: the services layer supplies them (domain/calendar.py).
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from domain.calendar import add_months, is_working_day
from domain.errors import DomainConflictError, DomainError, InvalidValueError


class ProcedureError(DomainError):
    code = "procedure.error"


class ProceedingClosedError(ProcedureError, DomainConflictError):
    """Discontinued or withdrawn: nothing more happens in it."""

    code = "procedure.closed"


class ProceedingSuspendedError(ProcedureError, DomainConflictError):
    code = "procedure.suspended"


class ProceedingNotSuspendedError(ProcedureError, DomainConflictError):
    code = "procedure.not_suspended"


class AlreadyDecidedError(ProcedureError, DomainConflictError):
    """The step belongs to a proceeding still waiting for its decision."""

    code = "procedure.already_decided"


class AlreadyComplicatedError(ProcedureError, DomainConflictError):
    code = "procedure.already_complicated"


class ReasonRequiredError(ProcedureError, InvalidValueError):
    code = "procedure.reason_required"


class DateBeforeOpeningError(ProcedureError, InvalidValueError):
    code = "procedure.date_before_opening"


class NewDateNotLaterError(ProcedureError, InvalidValueError):
    """A delay notice's new date lies after the day of the notice."""

    code = "procedure.new_date_not_later"


class ResumedBeforeSuspendedError(ProcedureError, InvalidValueError):
    code = "procedure.resumed_before_suspended"


class NoApplicantError(ProcedureError, DomainConflictError):
    """Opened ex officio: there is no application for a party to withdraw."""

    code = "procedure.no_application"


class PostedAfterFilingError(ProcedureError, InvalidValueError):
    code = "procedure.posted_after_filing"


class WaiverAfterAppealError(ProcedureError, DomainConflictError):
    code = "procedure.waiver_after_appeal"


@dataclass(frozen=True)
class DecisionTerms:
    """How long the authority has for a decision, valid from a date (the law as dated data)."""

    valid_from: date
    months: int
    complicated_months: int
    saturday_moves_term: bool
    source: str


# KPA art. 35 § 3: a case needing an inquiry is settled within a month, a particularly
# complicated one within two months, from the day the proceeding began (art. 61 § 3: the
# day the application reached the authority). Art. 57 § 4 as amended by the act of
# 7 April 2017 (Dz.U. 2017 poz. 935, in force 1 June 2017): a term ending on a Saturday
# (before: only on a statutory day off — Sundays and holidays) ends on the next working day.
DECISION_TERMS: tuple[DecisionTerms, ...] = (
    DecisionTerms(date(1980, 1, 1), 1, 2, False,
                  "KPA art. 35 § 3, art. 57 § 3-4 (before Dz.U. 2017 poz. 935)"),
    DecisionTerms(date(2017, 6, 1), 1, 2, True,
                  "KPA art. 35 § 3, art. 57 § 3-4 (Dz.U. 2017 poz. 935)"),
)


def terms_on(day: date) -> DecisionTerms:
    """The terms valid on ``day`` (the latest row starting on or before it)."""
    valid = [t for t in DECISION_TERMS if t.valid_from <= day]
    return max(valid, key=lambda t: t.valid_from) if valid else DECISION_TERMS[0]


def term_end(day: date, holidays: Collection[date]) -> date:
    """Art. 57 § 4: a term ending on a day off (a Sunday, a holiday and, since 1 June 2017,
    a Saturday) ends on the next day that is none of them."""
    saturday_moves = terms_on(day).saturday_moves_term
    while not is_working_day(day, holidays):
        if not saturday_moves and day.weekday() == 5 and day not in holidays:
            break
        day += timedelta(days=1)
    return day


def decision_due_on(opened_on: date, *, complicated: bool, suspended_days: int,
                    holidays: Collection[date]) -> date:
    """The last day for the decision (art. 35 § 3), months counted as art. 57 § 3 says — the
    day of the month matching the start, or the month's last day when it has none — moved
    by the days the proceeding was suspended (art. 35 § 5: they do not count) and past a
    day off (art. 57 § 4)."""
    terms = terms_on(opened_on)
    months = terms.complicated_months if complicated else terms.months
    return term_end(add_months(opened_on, months) + timedelta(days=suspended_days), holidays)


@dataclass(frozen=True)
class DecisionClock:
    """Where a pending proceeding stands against its term, on a given day."""

    due_on: date | None  # None while suspended: the term does not run
    days_left: int | None
    overdue: bool


def decision_clock(opened_on: date, *, today: date, complicated: bool, suspended_days: int,
                   suspended_on: date | None, delayed_to: date | None,
                   holidays: Collection[date]) -> DecisionClock:
    """Days left to the term (or to the new date a delay notice gave), and whether it has
    passed with no notice covering it (art. 36: each delay is notified, with a new date)."""
    if suspended_on is not None:
        return DecisionClock(None, None, False)
    due_on = decision_due_on(opened_on, complicated=complicated,
                             suspended_days=suspended_days, holidays=holidays)
    until = max(due_on, delayed_to) if delayed_to is not None else due_on
    return DecisionClock(due_on, (until - today).days, today > until)
