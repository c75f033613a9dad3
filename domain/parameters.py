"""Dated parameters a municipality keeps as data: income criteria and fee-share tables."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.bounds import check_date
from domain.errors import DomainConflictError, DomainError
from domain.fees import EXAMPLE_FEE_SHARE_TABLES, INCOME_CRITERIA, FeeShareTable, IncomeCriterion

# One set of parameters per installation (a municipality).
PARAMETERS_ID = UUID("5b0d7c1e-4a7b-4e7e-9c55-7a3c4a0f2d11")


class ParametersError(DomainError):
    code = "parameters.error"


class DuplicateValidFromError(ParametersError, DomainConflictError):
    code = "parameters.duplicate_valid_from"


class FeeParameters(Aggregate):
    """Income criteria (art. 8) and the municipal fee-share table, each valid from a date."""

    @classmethod
    def start(cls) -> FeeParameters:
        """Start with the statutory criteria and the example resolution table."""
        return cls._create(cls.Started, id=PARAMETERS_ID, criteria=INCOME_CRITERIA,
                           tables=EXAMPLE_FEE_SHARE_TABLES)

    class Started(Aggregate.Created):
        criteria: tuple[IncomeCriterion, ...]
        tables: tuple[FeeShareTable, ...]

    @event(Started)
    def __init__(self, *, criteria: tuple[IncomeCriterion, ...],
                 tables: tuple[FeeShareTable, ...]) -> None:
        self.criteria = tuple(criteria)
        self.tables = tuple(tables)

    def add_income_criterion(self, criterion: IncomeCriterion) -> None:
        """Add a criterion valid from a date (e.g. after a verification by regulation)."""
        check_date(criterion.valid_from, "valid_from")
        if any(c.valid_from == criterion.valid_from for c in self.criteria):
            raise DuplicateValidFromError(valid_from=criterion.valid_from)
        self._income_criterion_added(criterion=criterion)

    class IncomeCriterionAdded(Aggregate.Event):
        criterion: IncomeCriterion

    @event(IncomeCriterionAdded)
    def _income_criterion_added(self, criterion: IncomeCriterion) -> None:
        self.criteria = (*self.criteria, criterion)

    def add_fee_share_table(self, table: FeeShareTable) -> None:
        """Add a fee-share table valid from a date (a new council resolution)."""
        check_date(table.valid_from, "valid_from")
        if any(t.valid_from == table.valid_from for t in self.tables):
            raise DuplicateValidFromError(valid_from=table.valid_from)
        self._fee_share_table_added(table=table)

    class FeeShareTableAdded(Aggregate.Event):
        table: FeeShareTable

    @event(FeeShareTableAdded)
    def _fee_share_table_added(self, table: FeeShareTable) -> None:
        self.tables = (*self.tables, table)
