"""The staffing norm of art. 110 ust. 11 of the social assistance act (ustawa z dnia 12 marca
2004 r. o pomocy społecznej): one full-time social worker for no more than 50 families and
people living alone under social work. Dated: read by the day it is asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class StaffingNorm:
    valid_from: date
    families_per_worker: int
    source: str


NORMS: tuple[StaffingNorm, ...] = (
    # The 50-families limit came into art. 110 ust. 11 with an amendment of the act; the day
    # it took effect is to be confirmed against ISAP (docs/architecture.md). The date below is
    # the earliest this instance applies it.
    StaffingNorm(date(2015, 1, 1), 50,
                  "art. 110 ust. 11 ustawy z dnia 12 marca 2004 r. o pomocy społecznej"),
)


def norm_on(day: date) -> StaffingNorm:
    """The norm in force on `day` (the earliest one for days before it)."""
    found = [n for n in NORMS if n.valid_from <= day]
    return max(found, key=lambda n: n.valid_from) if found else NORMS[0]
