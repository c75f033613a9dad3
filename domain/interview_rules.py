"""Which environmental interview a proceeding's decision rests on (art. 106 ust. 4, 107).

Each proceeding needs its own interview or update, made for its application: conducted on
or after the day the application was filed, or at most N days before it. An interview from
an earlier year does not support today's decision. N is a dated parameter (by the filing
day); the act and the regulation of 8 April 2021 (Dz.U. 2021 poz. 893) set no such number,
so the default is 0 (nothing before the application counts) and a municipality that accepts
an interview made shortly before (e.g. at first contact) adds a row with its own source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class InterviewLeadDays:
    """From `valid_from` (a filing day), an interview conducted up to `days` days before the
    application still counts as made for it."""

    valid_from: date
    days: int
    source: str


INTERVIEW_LEAD_DAYS: tuple[InterviewLeadDays, ...] = (
    InterviewLeadDays(date(2004, 5, 1), 0,
                      "art. 106 ust. 4 i art. 107 ustawy o pomocy społecznej (Dz.U. 2004 "
                      "nr 64 poz. 593); no number of days in the act: 0 by default"),
)


def lead_days_on(filed_on: date,
                 table: tuple[InterviewLeadDays, ...] = INTERVIEW_LEAD_DAYS) -> int:
    """N valid on the filing day (the latest row valid from on or before it)."""
    valid = [row for row in table if row.valid_from <= filed_on]
    return max(valid, key=lambda row: row.valid_from).days if valid else 0


def interview_for_proceeding(done_on: Iterable[date], *, filed_on: date, decided_on: date,
                             lead_days: int) -> date | None:
    """The latest interview or update day made for a proceeding filed on `filed_on` and
    decided on `decided_on`: within [filed_on − lead_days, decided_on]; None if there is
    none (the decision then needs one, art. 106 ust. 4)."""
    earliest = date.fromordinal(filed_on.toordinal() - lead_days)
    days = [day for day in done_on if earliest <= day <= decided_on]
    return max(days, default=None)
