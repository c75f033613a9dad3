"""Income criteria and fee-share tables are data an admin keeps, not code. One handler per
command (services/care/commands.py), each reading load → act; `handle` saves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from eventsourcing.application import AggregateNotFoundError as LibraryNotFound

from domain.fees import fee_share_percent
from domain.parameters import PARAMETERS_ID, FeeParameters
from services.application import CommandApplication
from services.care.commands import AddFeeShareTable, AddIncomeCriterion
from services.commands import AggregateNotFoundError, CommandContext
from services.scope import NotPermittedError, may_change_parameters
from services.work import Work, handles


def _always(ctx: CommandContext, parameters: FeeParameters) -> bool:
    return True  # the permission is the role's, asked before anything is read


def parameters_to_change(work: Work) -> FeeParameters:
    """The installation's parameters, for an admin only (else 403); the statutory defaults
    recorded first if none are yet."""
    if not may_change_parameters(work.ctx):
        raise NotPermittedError()
    try:
        current = work.read(FeeParameters, PARAMETERS_ID)
    except AggregateNotFoundError:
        return work.create(FeeParameters.start())
    # No version was seen by the sender: the one read now is the precondition, so a
    # concurrent admin's change is refused as stale (409 `version.stale`), never merged.
    return work.change(FeeParameters, PARAMETERS_ID, current.version, in_scope=_always,
                       not_found=AggregateNotFoundError)


class FeeParameterUseCases(CommandApplication):
    def fee_parameters(self) -> FeeParameters:
        """The parameters in force: the recorded ones, or the statutory defaults."""
        try:
            return self.repository.get(PARAMETERS_ID)
        except LibraryNotFound:
            return FeeParameters.start()

    @handles
    def add_income_criterion(self, command: AddIncomeCriterion, work: Work) -> None:
        """Add an income criterion valid from a date (art. 8, verified by regulation)."""
        parameters_to_change(work).add_income_criterion(command.criterion)

    @handles
    def add_fee_share_table(self, command: AddFeeShareTable, work: Work) -> None:
        """Add a fee-share table valid from a date (a council resolution)."""
        parameters_to_change(work).add_fee_share_table(command.table)

    def fee_share_for(self, income_per_person: Decimal, household_size: int,
                      on: date) -> Decimal:
        """The client's fee share in percent, from the tables valid on the service date."""
        parameters = self.fee_parameters()
        return fee_share_percent(income_per_person, household_size, on,
                                 parameters.criteria, parameters.tables)
