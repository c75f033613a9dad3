"""The commands of a period's statistical return (MRPiPS-03, domain/mrpips03.py), as a
manager would say them: one frozen dataclass each.

`CompileReturn` is built by `ReturnsService.compile` (services/returns/figures.py) from the
figures it computed; `SubmitReturn` by its request schema (`api/routes/returns.py`). Both are
handled by `StatisticalReturnUseCases` (services/returns/compiling.py); their receipts keep
the names the use cases had. The period was digested by its key ("2026-H1") until 2026-12:
`legacy_payload` says it so again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.mrpips03 import ReturnPeriod
from services.commands import ChangeCommand, Command


@dataclass(frozen=True, kw_only=True)
class CompileReturn(Command):
    """Record the figures computed at a log position for the manager to review."""

    period: ReturnPeriod
    figures: dict[str, Any]
    position: int
    as_of: datetime

    def legacy_payload(self) -> dict[str, Any]:
        return {"period": self.period.key, "figures": self.figures, "position": self.position,
                "as_of": self.as_of}


@dataclass(frozen=True, kw_only=True)
class SubmitReturn(ChangeCommand):
    """Freeze the reviewed figures: the return as sent to the voivode."""

    period: ReturnPeriod
    reviewed_hash: str
    submitted_on: date

    def legacy_payload(self) -> dict[str, Any]:
        return {"period": self.period.key, "reviewed_hash": self.reviewed_hash,
                "submitted_on": self.submitted_on}
