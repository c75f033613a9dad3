"""Dated fee parameters: everyone on staff reads them, admins add new rows (each command
route a docstring and the command its body builds)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.commanding import command
from api.deps import Admin, CurrentUser, SystemDep
from api.schemas.bounds import DATE_BOUNDS, BoundedDate, RecordDate
from api.schemas.commands import CommandIn
from api.schemas.limits import stated_range
from domain.fees import (
    FeeBracket,
    FeeShareTable,
    IncomeCriterion,
    NoCriterionError,
    NoTableError,
)
from services.care.commands import AddFeeShareTable, AddIncomeCriterion

router = APIRouter(prefix="/api", tags=["fee parameters"])


class CriterionIO(BaseModel):
    valid_from: date
    single: Decimal = Field(max_digits=8, decimal_places=2, **stated_range(above=0))
    per_person_in_family: Decimal = Field(max_digits=8, decimal_places=2,
                                          **stated_range(above=0))


class BracketIO(BaseModel):
    up_to_percent: Decimal | None = Field(max_digits=6, decimal_places=2,
                                          **stated_range(above=0))
    single_percent: Decimal = Field(max_digits=5, decimal_places=2,
                                    **stated_range(minimum=0, maximum=100))
    family_percent: Decimal = Field(max_digits=5, decimal_places=2,
                                    **stated_range(minimum=0, maximum=100))


class TableIO(BaseModel):
    valid_from: date
    brackets: list[BracketIO] = Field(min_length=1, max_length=30)


class ParametersOut(BaseModel):
    criteria: list[CriterionIO]
    tables: list[TableIO]


class AddCriterionIn(CommandIn, CriterionIO):
    valid_from: RecordDate

    def to_command(self) -> AddIncomeCriterion:
        return AddIncomeCriterion(criterion=IncomeCriterion(
            valid_from=self.valid_from, single=self.single,
            per_person_in_family=self.per_person_in_family))


class AddTableIn(CommandIn, TableIO):
    valid_from: RecordDate

    def to_command(self) -> AddFeeShareTable:
        return AddFeeShareTable(table=FeeShareTable(valid_from=self.valid_from, brackets=tuple(
            FeeBracket(up_to_percent=b.up_to_percent, single_percent=b.single_percent,
                       family_percent=b.family_percent) for b in self.brackets)))


class FeeShareOut(BaseModel):
    fee_share_percent: Decimal
    on: date


@router.get("/fees")
def fee_parameters(user: CurrentUser, system: SystemDep) -> ParametersOut:
    """Income criteria and fee-share tables, each with the date it is valid from."""
    p = system.app.fee_parameters()
    return ParametersOut(
        criteria=[CriterionIO.model_validate(c, from_attributes=True) for c in p.criteria],
        tables=[TableIO(valid_from=t.valid_from,
                        brackets=[BracketIO.model_validate(b, from_attributes=True)
                                  for b in t.brackets]) for t in p.tables],
    )


@router.get("/fees/fee-share", responses={
    409: {"description": "No income criterion or fee-share table is in force on that day",
          "x-error-codes": [NoCriterionError.code, NoTableError.code]}})
def fee_share(
    user: CurrentUser, system: SystemDep,
    income_per_person: Annotated[Decimal, Query(ge=0, max_digits=10, decimal_places=2)],
    household_size: Annotated[int, Query(ge=1, le=30)],
    on: Annotated[BoundedDate, Query(json_schema_extra=DATE_BOUNDS)],
) -> FeeShareOut:
    """The client's fee share for care services, from the tables valid on `on`."""
    percent = system.app.fee_share_for(income_per_person, household_size, on)
    return FeeShareOut(fee_share_percent=percent, on=on)


@command(router, "/admin/fees/criteria")
def add_criterion(body: AddCriterionIn, user: Admin) -> AddIncomeCriterion:
    """Add an income criterion valid from a date."""
    return body.to_command()


@command(router, "/admin/fees/tables")
def add_table(body: AddTableIn, user: Admin) -> AddFeeShareTable:
    """Add a fee-share table valid from a date (a council resolution)."""
    return body.to_command()
