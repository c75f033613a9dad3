"""Statistical returns of this municipality: live figures as of any recorded time, compile
→ review → submit, the independent recount, differences, and the document sent upward. The
counting rules are the form's (domain/mrpips03.py, the MRPiPS-03 rules)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from domain.bounds import check_time
from domain.mrpips03 import (
    FORM_NAME,
    SCHEMA,
    ReturnPeriod,
    content_hash,
    differences,
    differences_in_layout,
)
from domain.mrpips03_checks import folders_failing
from domain.mrpips03_rows import LAYOUT, LEGACY_LAYOUT, in_layout
from domain.statistical_return import return_id_for
from services.commands import CommandContext, CommandResult
from services.errors import ServiceError
from services.returns.commands import CompileReturn
from services.returns.compiling import ReturnNotFoundError
from services.returns.recount import recount


class NotSubmittedError(ServiceError):
    """The period's return has not been submitted yet (→ 409)."""

    code = "return.not_submitted"


class UnitNotConfiguredError(ServiceError):
    """TECZKA_UNIT_TERYT / TECZKA_UNIT_NAME are needed to send a return upward (→ 409)."""

    code = "return.unit_not_configured"


@dataclass(frozen=True)
class Figures:
    period: ReturnPeriod
    figures: dict[str, Any]
    content_hash: str
    position: int
    as_of: datetime
    layout: str = LAYOUT  # figures counted now are in the current layout

    def as_dict(self) -> dict[str, Any]:
        return {"year": self.period.year, "part": self.period.part, "figures": self.figures,
                "content_hash": self.content_hash, "position": self.position,
                "as_of": self.as_of.isoformat(), "layout": self.layout}


@dataclass(frozen=True)
class Verification:
    """The recount of a submitted return next to what was frozen."""

    equal: bool
    submitted_hash: str
    recounted_hash: str
    position: int
    as_of: datetime
    events_read: int
    seconds: float
    differences: list[dict[str, Any]]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ReturnsService:
    """What managers and the CLI do with returns; figures always come from the projection
    (reads) or the log (recount), decisions about them from the StatisticalReturn aggregate."""

    def __init__(self, app: Any, read_models: Any, settings: Any) -> None:
        self.app = app
        self.read_models = read_models
        self.settings = settings

    def live(self, period: ReturnPeriod, as_of: datetime | None = None,
             after: int | None = None) -> Figures:
        """The figures as the data stood at ``as_of`` (default: now), from the projection."""
        # Bounded before the projection is asked: a year-1 or year-9999 time with an offset
        # cannot even be turned to UTC (domain/bounds.py).
        moment = check_time(_aware(as_of), "as_of") if as_of is not None else datetime.now(UTC)
        # Summed by the database from the projection (the counting rules of
        # domain/mrpips03.py, which the recount applies to the log's facts).
        figures, position = self.read_models.return_figures(period, moment, after)
        return Figures(period, figures, content_hash(figures), position, moment)

    def compile(self, ctx: CommandContext, period: ReturnPeriod,
                as_of: datetime | None = None) -> tuple[CommandResult, Figures]:
        """Compute and record the figures for review."""
        figures = self.live(period, as_of, after=self.app.head_position())
        result = self.app.handle(ctx, CompileReturn(
            period=period, figures=figures.figures, position=figures.position,
            as_of=figures.as_of))
        return result, figures

    def folders_failing(self, period: ReturnPeriod, rule: str, row: str,
                        as_of: datetime | None = None) -> list[Any]:
        """The case folders that make ``rule`` fail on ``row``, as the data stood at
        ``as_of`` (the draft's as-of time when the tablet asks)."""
        moment = check_time(_aware(as_of), "as_of") if as_of is not None else datetime.now(UTC)
        facts, _ = self.read_models.return_facts(period, moment, self.app.head_position())
        return folders_failing(rule, row, period, facts)

    def overview(self, period: ReturnPeriod, after: int | None = None) -> dict[str, Any]:
        row = self.read_models.statistical_return(period, after)
        if row is None:
            raise ReturnNotFoundError(id=str(return_id_for(period)))
        return row

    def submitted(self, period: ReturnPeriod, after: int | None = None) -> dict[str, Any]:
        row = self.overview(period, after)
        if row["submitted_hash"] is None:
            raise NotSubmittedError(year=period.year, part=period.part)
        return row

    def verify(self, period: ReturnPeriod,
               progress: Callable[[int, int], None] | None = None) -> Verification:
        """Recount the submitted return from the event log and compare."""
        row = self.submitted(period, after=self.app.head_position())
        as_of = row["submitted_as_of"]
        started = time.perf_counter()
        counted = recount(self.app, period, row["submitted_position"], as_of, progress)
        seconds = time.perf_counter() - started
        # Recounted in the layout the return was submitted in.
        recounted = in_layout(counted.figures, row["submitted_layout"] or LEGACY_LAYOUT)
        recounted_hash = content_hash(recounted)
        return Verification(
            equal=recounted_hash == row["submitted_hash"], submitted_hash=row["submitted_hash"],
            recounted_hash=recounted_hash, position=row["submitted_position"], as_of=as_of,
            events_read=counted.events, seconds=seconds,
            differences=differences(row["submitted_figures"], recounted))

    def changes_since_submission(self, period: ReturnPeriod,
                                 as_of: datetime | None = None) -> dict[str, Any]:
        """What a correction would change: the submitted figures against those as of now."""
        row = self.submitted(period, after=self.app.head_position())
        now = self.live(period, as_of)
        return {"submitted_as_of": row["submitted_as_of"].isoformat(),
                "as_of": now.as_of.isoformat(), "submitted_hash": row["submitted_hash"],
                "content_hash": now.content_hash,
                "differences": differences_in_layout(
                    row["submitted_figures"], now.figures,
                    (row["submitted_layout"] or LEGACY_LAYOUT) == now.layout)}

    def difference(self, period: ReturnPeriod, before: datetime,
                   after: datetime) -> list[dict[str, Any]]:
        """The figures that changed between two recorded times."""
        return differences(self.live(period, before).figures, self.live(period, after).figures)

    def for_export(self, period: ReturnPeriod, source: str) -> dict[str, Any]:
        """What an export lays out: the submitted return, or the figures now ("live")."""
        if source == "live":
            return self.live(period).as_dict() | {"submitted": False}
        row = self.submitted(period)
        return {"year": period.year, "part": period.part, "figures": row["submitted_figures"],
                "content_hash": row["submitted_hash"], "position": row["submitted_position"],
                "as_of": row["submitted_as_of"].isoformat(), "submitted": True,
                "layout": row["submitted_layout"] or LEGACY_LAYOUT}

    def document(self, period: ReturnPeriod) -> dict[str, Any]:
        """The submitted return as it is sent to the voivode: aggregates only."""
        row = self.submitted(period, after=self.app.head_position())
        if not self.settings.unit_teryt or not self.settings.unit_name:
            raise UnitNotConfiguredError()
        return {
            "form": FORM_NAME, "schema": SCHEMA,
            "unit": {"level": "municipality", "teryt": self.settings.unit_teryt,
                     "name": self.settings.unit_name},
            "period": {"year": period.year, "part": period.part},
            "submitted_at": row["submitted_at"].isoformat(),
            "as_of": row["submitted_as_of"].isoformat(),
            "position": row["submitted_position"],
            "figures": row["submitted_figures"],
            "content_hash": row["submitted_hash"],
            # The rows the figures have: the voivode's sum leaves out (and names) a unit whose
            # return is in another layout (domain/federation.py).
            "layout": row["submitted_layout"] or LEGACY_LAYOUT,
        }
