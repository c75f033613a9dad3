"""Request and response shapes of proceedings and decisions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from api.schemas.bounds import RecordDate
from api.schemas.commands import CommandIn, Strict
from api.schemas.limits import longest, stated_range, text
from domain.care import (
    CARE_TASKS,
    CARE_TERMS_MAX_LENGTHS,
    MAX_HOURS_PER_DAY,
    MAX_INSTALLMENTS,
    CareTerms,
    CashTerms,
)
from domain.decision import (
    MAX_CHANGE_REASON_LENGTH,
    MAX_LEGAL_BASIS_LENGTH,
    MAX_SIGNATORY_LENGTH,
)
from domain.errors import InvalidValueError
from domain.fees import MAX_HOUSEHOLD_SIZE
from domain.handoff import MAX_NOTES_LENGTH, MAX_PHONE_LENGTH
from domain.help import CASE_REFERENCE_TYPED_MAX_LENGTH, FormOfHelp, Reason
from domain.user import MAX_UNIT_LENGTH
from services.proceedings.procedure import CareNotes


class FeeShareInputsMissingError(InvalidValueError):
    """Give the fee share, or the income and household size to compute it from."""

    code = "care_terms.fee_share_inputs_missing"
Note = text(MAX_NOTES_LENGTH)
ChangeReason = text(MAX_CHANGE_REASON_LENGTH)
Phone = text(MAX_PHONE_LENGTH)


class VersionedIn(CommandIn):
    expected_version: int = Field(ge=1, description="The version the client last saw")


class FileApplicationIn(CommandIn):
    proceeding_id: UUID
    person_id: UUID = Field(description="The household member the help is for")
    form: text(longest(FormOfHelp))
    applicant: Literal["person", "representative", "other_with_consent"] | None = Field(
        None, description="Who applied (art. 102); omit for a proceeding opened ex officio")
    on: RecordDate
    case_reference: text(CASE_REFERENCE_TYPED_MAX_LENGTH)


class CareTermsIn(Strict):
    tasks: list[text(longest(CARE_TASKS))] = Field(max_length=20)
    hours_per_day: Decimal = Field(max_digits=5, decimal_places=2,
                                   **stated_range(above=0, maximum=MAX_HOURS_PER_DAY))
    # At most the day's hours on each of the seven days (the domain: on each ordered day).
    hours_per_week: Decimal = Field(max_digits=5, decimal_places=2,
                                    **stated_range(above=0, maximum=MAX_HOURS_PER_DAY * 7))
    weekdays: list[Annotated[int, Field(**stated_range(minimum=1, maximum=7))]] = Field(
        max_length=7)
    period_from: RecordDate
    period_to: RecordDate
    place: text(CARE_TERMS_MAX_LENGTHS["place"])
    provider_id: text(MAX_UNIT_LENGTH)
    hourly_cost: Decimal = Field(max_digits=8, decimal_places=2, **stated_range(above=0))
    fee_share_percent: Decimal | None = Field(
        None, max_digits=5, decimal_places=2, **stated_range(minimum=0, maximum=100),
        description="Omit to compute it from income_per_person and household_size with the "
                    "tables valid on period_from")
    income_per_person: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    household_size: int | None = Field(
        None, **stated_range(minimum=1, maximum=MAX_HOUSEHOLD_SIZE))

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
    amount: Decimal = Field(max_digits=10, decimal_places=2, **stated_range(above=0))
    period_from: RecordDate
    period_to: RecordDate | None = None
    installments: int = Field(1, **stated_range(minimum=1, maximum=MAX_INSTALLMENTS))

    def to_domain(self) -> CashTerms:
        return CashTerms(amount=self.amount, period_from=self.period_from,
                         period_to=self.period_to, installments=self.installments)


class CareNotesIn(Strict):
    """What the provider should know to start care (sent with the order)."""

    contact_phone: Phone | None = None
    access_notes: Note = ""
    health_notes: Note = ""
    family_notes: Note = ""
    social_worker_phone: Phone | None = None

    def to_domain(self) -> CareNotes:
        return CareNotes(**self.model_dump())


class IssueDecisionIn(VersionedIn):
    decision_id: UUID
    outcome: Literal["grant", "refuse"]
    reasons: list[text(longest(Reason))] = Field(max_length=16)
    legal_basis: text(MAX_LEGAL_BASIS_LENGTH)
    signatory: text(MAX_SIGNATORY_LENGTH) = Field(
        description='e.g. "z up. Prezydenta Wrocławia, Jan Dec"')
    issued_on: RecordDate
    care: CareTermsIn | None = None
    cash: CashTermsIn | None = None
    notes: CareNotesIn | None = None


class AmendDecisionIn(VersionedIn):
    amended_on: RecordDate
    reason: ChangeReason
    care: CareTermsIn | None = None
    cash: CashTermsIn | None = None


class RevokeDecisionIn(VersionedIn):
    revoked_on: RecordDate
    reason: ChangeReason


class DatedIn(VersionedIn):
    on: RecordDate


class AppealResolutionIn(VersionedIn):
    on: RecordDate
    decision_upheld: bool
