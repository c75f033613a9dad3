"""Income criteria and fee-share tables are data an admin keeps, not code."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from eventsourcing.application import AggregateNotFoundError as LibraryNotFound

from domain.fees import FeeShareTable, IncomeCriterion, fee_share_percent
from domain.parameters import PARAMETERS_ID, FeeParameters
from services.application import CommandApplication
from services.commands import CommandContext, CommandResult
from services.scope import NotPermittedError, may_change_parameters


class FeeParameterUseCases(CommandApplication):
    def fee_parameters(self) -> FeeParameters:
        """The parameters in force: the recorded ones, or the statutory defaults."""
        try:
            return self.repository.get(PARAMETERS_ID)
        except LibraryNotFound:
            return FeeParameters.start()

    def _change_parameters(self, ctx: CommandContext, name: str, payload: dict, act):
        if not may_change_parameters(ctx):
            raise NotPermittedError()

        def changed() -> FeeParameters:
            parameters = self.fee_parameters()
            act(parameters)
            return parameters

        return self.execute(ctx, name, payload, changed)

    def add_income_criterion(self, ctx: CommandContext,
                             criterion: IncomeCriterion) -> CommandResult:
        """Add an income criterion valid from a date (art. 8, verified by regulation)."""
        return self._change_parameters(ctx, "add_income_criterion", {"criterion": criterion},
                                       lambda p: p.add_income_criterion(criterion))

    def add_fee_share_table(self, ctx: CommandContext, table: FeeShareTable) -> CommandResult:
        """Add a fee-share table valid from a date (a council resolution)."""
        return self._change_parameters(ctx, "add_fee_share_table", {"table": table},
                                       lambda p: p.add_fee_share_table(table))

    def fee_share_for(self, income_per_person: Decimal, household_size: int,
                      on: date) -> Decimal:
        """The client's fee share in percent, from the tables valid on the service date."""
        parameters = self.fee_parameters()
        return fee_share_percent(income_per_person, household_size, on,
                                 parameters.criteria, parameters.tables)
