"""What a team manager follows up (issue #21): a delay notice due before a proceeding's term
passes, a caregiver's observation that no visit has answered. Policy values, dated, beside
the law they serve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FollowUpRules:
    valid_from: date
    # KPA art. 36 § 1: the authority must tell the party of every case not settled in time,
    # with the reason and a new date. The law sets no lead time; MOPS's practice (our
    # assumption, to be confirmed by the centre) is to flag the notice a week before the term.
    delay_notice_warning_days: int
    # A caregiver's observation (MCUS → MOPS) counts as answered once a visit of the social
    # worker is recorded on the folder after it. No statute sets this term: the centre's own
    # service standard, assumed here as three days, to be confirmed.
    observation_answer_days: int


RULES: tuple[FollowUpRules, ...] = (
    FollowUpRules(valid_from=date(2017, 6, 1), delay_notice_warning_days=7,
                  observation_answer_days=3),
)


def rules_on(day: date) -> FollowUpRules:
    """The rules in force on `day` (the latest that began on or before it)."""
    return max((r for r in RULES if r.valid_from <= day), key=lambda r: r.valid_from)


def delay_notice_due(*, days_left: int | None, overdue: bool, delayed_to: date | None,
                     warning_days: int) -> bool:
    """Whether a pending proceeding needs a delay notice (art. 36): its term is within the
    warning days and no notice has set a new date, or it is past every date set (a new
    notice is needed). A suspended proceeding's term does not run (art. 35 § 5): none."""
    if days_left is None:
        return False
    if overdue:
        return True
    return delayed_to is None and days_left <= warning_days
