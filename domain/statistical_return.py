"""One period's statistical return: compiled for review, then submitted (frozen).

Compiling records the figures a manager reviews, with the log position and recorded time
they were computed at. Submitting freezes exactly the reviewed figures (the manager names
their content hash). A correction after submission is compiled and submitted again: every
submission stays in the log, the latest is the one that stands. The figures are counted by
the form's rules (domain/mrpips03.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.bounds import check_time
from domain.errors import DomainConflictError, DomainError
from domain.mrpips03 import ReturnPeriod, content_hash
from domain.mrpips03_checks import check_figures
from domain.mrpips03_rows import LAYOUT, LEGACY_LAYOUT

RETURN_NAMESPACE = uuid5(NAMESPACE_URL, "https://teczka.example/returns/MRPiPS-03")


class StatisticalReturnError(DomainError):
    code = "return.error"


class NothingCompiledError(StatisticalReturnError, DomainConflictError):
    code = "return.nothing_compiled"


class ReviewedFiguresChangedError(StatisticalReturnError, DomainConflictError):
    """The draft was compiled again after the manager reviewed it."""

    code = "return.reviewed_figures_changed"


class AlreadySubmittedError(StatisticalReturnError, DomainConflictError):
    code = "return.already_submitted"


class PeriodNotEndedError(StatisticalReturnError, DomainConflictError):
    code = "return.period_not_ended"


class ReturnFailsChecksError(StatisticalReturnError, DomainConflictError):
    """The draft breaks the form's consistency rules (domain/mrpips03_checks.py)."""

    code = "return.checks_failed"


def return_id_for(period: ReturnPeriod) -> UUID:
    return uuid5(RETURN_NAMESPACE, period.key)


class StatisticalReturn(Aggregate):
    """The MRPiPS-03 return of one period of this municipality."""

    class ReturnOpened(Aggregate.Created):
        year: int
        part: str

    @classmethod
    def open(cls, period: ReturnPeriod) -> StatisticalReturn:
        return cls._create(cls.ReturnOpened, id=return_id_for(period),
                           year=period.year, part=period.part)

    def __init__(self, *, year: int, part: str) -> None:
        self.year = year
        self.part = part
        self.draft: dict[str, Any] | None = None
        self.submissions: list[dict[str, Any]] = []

    @property
    def period(self) -> ReturnPeriod:
        return ReturnPeriod(self.year, self.part)

    @property
    def submitted(self) -> dict[str, Any] | None:
        return self.submissions[-1] if self.submissions else None

    def compile(self, *, figures: dict[str, Any], position: int, as_of: datetime) -> None:
        """Record figures computed at a log position, as the data stood at ``as_of``."""
        check_time(as_of, "as_of")
        self._return_compiled(figures=figures, content_hash=content_hash(figures),
                              position=position, as_of=as_of, layout=LAYOUT)

    # `layout`: the rows the figures were counted in (domain/mrpips03_rows.py); events
    # recorded before layouts existed have none and read as the old one.
    @event("ReturnCompiled")
    def _return_compiled(self, figures: dict[str, Any], content_hash: str, position: int,
                         as_of: datetime, layout: str = LEGACY_LAYOUT) -> None:
        self.draft = {"figures": figures, "content_hash": content_hash,
                      "position": position, "as_of": as_of, "layout": layout}

    def submit(self, *, reviewed_hash: str, submitted_on: date) -> None:
        """Freeze the reviewed draft as the return sent to the voivode."""
        if self.draft is None:
            raise NothingCompiledError(year=self.year, part=self.part)
        if reviewed_hash != self.draft["content_hash"]:
            raise ReviewedFiguresChangedError(reviewed=reviewed_hash,
                                              current=self.draft["content_hash"])
        if self.submitted is not None and self.submitted["content_hash"] == reviewed_hash:
            raise AlreadySubmittedError(content_hash=reviewed_hash)
        if not self.period.has_ended(submitted_on):
            raise PeriodNotEndedError(year=self.year, part=self.part,
                                      last_day=self.period.last)
        # The form's own rules must hold before it goes upward (a draft compiled before the
        # rules existed is checked too: it is compiled again once the data are right).
        failures = check_figures(self.draft["figures"])
        if failures:
            raise ReturnFailsChecksError(failures=[f.as_dict() for f in failures])
        draft = self.draft
        self._return_submitted(
            revision=len(self.submissions) + 1, figures=draft["figures"],
            content_hash=draft["content_hash"], position=draft["position"],
            as_of=draft["as_of"], submitted_on=submitted_on, layout=draft["layout"])

    @event("ReturnSubmitted")
    def _return_submitted(self, revision: int, figures: dict[str, Any], content_hash: str,
                          position: int, as_of: datetime, submitted_on: date,
                          layout: str = LEGACY_LAYOUT) -> None:
        self.submissions.append({
            "revision": revision, "figures": figures, "content_hash": content_hash,
            "position": position, "as_of": as_of, "submitted_on": submitted_on,
            "layout": layout,
        })
