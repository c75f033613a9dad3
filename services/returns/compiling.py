"""Use cases of a period's statistical return: compile the figures, submit (freeze) them.
One handler per command (services/returns/commands.py); the counting rules are the form's
own, in domain/mrpips03.py."""

from __future__ import annotations

from domain.statistical_return import StatisticalReturn, return_id_for
from services.application import CommandApplication
from services.commands import AggregateNotFoundError, CommandContext
from services.returns.commands import CompileReturn, SubmitReturn
from services.scope import NotPermittedError, may_work_on_returns
from services.work import Work, handles


class ReturnNotFoundError(AggregateNotFoundError):
    code = "return.not_found"


def _anyone(ctx: CommandContext, statistical_return: StatisticalReturn) -> bool:
    return True


def _a_manager(ctx: CommandContext, statistical_return: StatisticalReturn) -> bool:
    return may_work_on_returns(ctx)


class StatisticalReturnUseCases(CommandApplication):
    @handles
    def compile_return(self, command: CompileReturn, work: Work) -> None:
        """Record the figures computed at a log position for the manager to review."""
        if not may_work_on_returns(work.ctx):
            raise NotPermittedError()
        return_id = return_id_for(command.period)
        if return_id in self.repository:
            # A draft compiled again: on the return as it stands (a manager's, checked above).
            version: int = self.repository.get(return_id).version
            statistical_return = work.change(StatisticalReturn, return_id, version,
                                             in_scope=_anyone, not_found=ReturnNotFoundError)
        else:
            statistical_return = work.create(StatisticalReturn.open(command.period))
        statistical_return.compile(figures=command.figures, position=command.position,
                                   as_of=command.as_of)

    @handles
    def submit_return(self, command: SubmitReturn, work: Work) -> None:
        """Freeze the reviewed figures: the return as sent to the voivode."""
        statistical_return = work.change(
            StatisticalReturn, return_id_for(command.period), command.expected_version,
            in_scope=_a_manager, not_found=ReturnNotFoundError)
        statistical_return.submit(reviewed_hash=command.reviewed_hash,
                                  submitted_on=command.submitted_on)
