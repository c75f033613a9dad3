"""Request and response shapes of proceedings and decisions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from api.schemas.bounds import RecordDate
from api.schemas.commands import CommandIn, Strict
from domain.care import CareTerms, CashTerms
from domain.errors import InvalidValueError
from services.proceedings import CareNotes

Short = Annotated[str, StringConstraints(max_length=200)]


class FeeShareInputsMissingError(InvalidValueError):
    """Give the fee share, or the income and household size to compute it from."""

    code = "care_terms.fee_share_inputs_missing"
Note = Annotated[str, StringConstraints(max_length=4000)]


class VersionedIn(CommandIn):
    expected_version: int = Field(ge=1, description="The version the client last saw")


class FileApplicationIn(CommandIn):
    proceeding_id: UUID
    person_id: UUID = Field(description="The household member the help is for")
    form: Annotated[str, StringConstraints(max_length=40)]
    applicant: Literal["person", "representative", "other_with_consent"] | None = Field(
        None, description="Who applied (art. 102); omit for a proceeding opened ex officio")
    on: RecordDate
    case_reference: Annotated[str, StringConstraints(max_length=80)]


class CareTermsIn(Strict):
    tasks: list[Annotated[str, StringConstraints(max_length=40)]] = Field(max_length=20)
    hours_per_day: Decimal = Field(max_digits=5, decimal_places=2)
    hours_per_week: Decimal = Field(max_digits=5, decimal_places=2)
    weekdays: list[int] = Field(max_length=7)
    period_from: RecordDate
    period_to: RecordDate
    place: Short
    provider_id: Annotated[str, StringConstraints(max_length=32)]
    hourly_cost: Decimal = Field(max_digits=8, decimal_places=2)
    fee_share_percent: Decimal | None = Field(
        None, max_digits=5, decimal_places=2,
        description="Omit to compute it from income_per_person and household_size with the "
                    "tables valid on period_from")
    income_per_person: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    household_size: int | None = Field(None, ge=1, le=30)

    def to_domain(self, fee_share: Callable[[Decimal, int, date], Decimal]) -> CareTerms:
        percent = self.fee_share_percent
        if percent is None:
            if self.income_per_person is None or self.household_size is None:
                raise FeeShareInputsMissingError()
            percent = fee_share(self.income_per_person, self.household_size, self.period_from)
        return CareTerms(
            tasks=tuple(self.tasks), hours_per_day=self.hours_per_day,
            hours_per_week=self.hours_per_week, weekdays=tuple(self.weekdays),
            period_from=self.period_from, period_to=self.period_to, place=self.place,
            provider_id=self.provider_id, hourly_cost=self.hourly_cost,
            fee_share_percent=percent,
        )


class CashTermsIn(Strict):
    amount: Decimal = Field(max_digits=10, decimal_places=2)
    period_from: RecordDate
    period_to: RecordDate | None = None
    installments: int = Field(1, ge=0, le=120)

    def to_domain(self) -> CashTerms:
        return CashTerms(amount=self.amount, period_from=self.period_from,
                         period_to=self.period_to, installments=self.installments)


class CareNotesIn(Strict):
    """What the provider should know to start care (sent with the order)."""

    contact_phone: Annotated[str, StringConstraints(max_length=30)] | None = None
    access_notes: Note = ""
    health_notes: Note = ""
    family_notes: Note = ""
    social_worker_phone: Annotated[str, StringConstraints(max_length=30)] | None = None

    def to_domain(self) -> CareNotes:
        return CareNotes(**self.model_dump())


class IssueDecisionIn(VersionedIn):
    decision_id: UUID
    outcome: Literal["grant", "refuse"]
    reasons: list[Annotated[str, StringConstraints(max_length=4)]] = Field(max_length=16)
    legal_basis: Short
    signatory: Short = Field(description='e.g. "z up. Prezydenta Wrocławia, Jan Dec"')
    issued_on: RecordDate
    care: CareTermsIn | None = None
    cash: CashTermsIn | None = None
    notes: CareNotesIn | None = None


class AmendDecisionIn(VersionedIn):
    amended_on: RecordDate
    reason: Note
    care: CareTermsIn | None = None
    cash: CashTermsIn | None = None


class RevokeDecisionIn(VersionedIn):
    revoked_on: RecordDate
    reason: Note


class DatedIn(VersionedIn):
    on: RecordDate


class AppealResolutionIn(VersionedIn):
    on: RecordDate
    decision_upheld: bool
