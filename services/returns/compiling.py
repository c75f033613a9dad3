"""Use cases of a period's statistical return: compile the figures, submit (freeze) them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.returns import ReturnPeriod
from domain.statistical_return import StatisticalReturn, return_id_for
from services.application import CommandApplication
from services.commands import AggregateNotFoundError, CommandContext, CommandResult
from services.scope import NotPermittedError, may_work_on_returns


class ReturnNotFoundError(AggregateNotFoundError):
    code = "return.not_found"


class StatisticalReturnUseCases(CommandApplication):
    def compile_return(
        self, ctx: CommandContext, period: ReturnPeriod, *, figures: dict[str, Any],
        position: int, as_of: datetime,
    ) -> CommandResult:
        """Record the figures computed at a log position for the manager to review."""
        if not may_work_on_returns(ctx):
            raise NotPermittedError()
        return_id = return_id_for(period)
        payload = {"period": period.key, "figures": figures, "position": position,
                   "as_of": as_of}

        def compiled(statistical_return: StatisticalReturn) -> StatisticalReturn:
            statistical_return.compile(figures=figures, position=position, as_of=as_of)
            return statistical_return

        if return_id in self.repository:
            version = self.repository.get(return_id).version
            return self.execute(ctx, "compile_return", payload, compiled,
                                load=(StatisticalReturn, return_id, version),
                                not_found=ReturnNotFoundError)
        return self.execute(ctx, "compile_return", payload,
                            lambda: compiled(StatisticalReturn.open(period)))

    def submit_return(
        self, ctx: CommandContext, period: ReturnPeriod, expected_version: int, *,
        reviewed_hash: str, submitted_on: date,
    ) -> CommandResult:
        """Freeze the reviewed figures: the return as sent to the voivode."""

        def submitted(statistical_return: StatisticalReturn) -> StatisticalReturn:
            statistical_return.submit(reviewed_hash=reviewed_hash, submitted_on=submitted_on)
            return statistical_return

        def in_scope(statistical_return: StatisticalReturn) -> None:
            if not may_work_on_returns(ctx):
                raise ReturnNotFoundError(id=str(statistical_return.id))

        payload = {"period": period.key, "reviewed_hash": reviewed_hash,
                   "submitted_on": submitted_on}
        return self.execute(ctx, "submit_return", payload, submitted,
                            load=(StatisticalReturn, return_id_for(period), expected_version),
                            not_found=ReturnNotFoundError, may_act=in_scope)
