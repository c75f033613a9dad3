"""Request and response shapes of proceedings and decisions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import ConfigDict, Field, StringConstraints

from api.schemas import examples as ex
from api.schemas.bounds import RecordDate
from api.schemas.commands import CommandIn, Strict
from api.schemas.limits import longest, stated_range
from domain.benefit_terms import (
    MAX_FAMILY_PAYERS,
    MAX_HOME_COST,
    MAX_PAYER_NAME,
    MAX_RELATIONSHIP,
    MAX_UNIT_COST,
    MAX_UNITS,
    DaysTerms,
    DpsFee,
    FamilyPayer,
)
from domain.benefits import MAX_JUSTIFICATION_LENGTH, MAX_MONTHLY_INCOME
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
from domain.signature import MAX_SIGNATURE_BYTES, MAX_SIGNATURE_TEXT, Signature
from domain.user import MAX_UNIT_LENGTH
from services.care.commands import AcknowledgeChange, ResumeOrder
from services.proceedings.commands import (
    AmendDecision,
    CareNotes,
    FileApplication,
    IssueDecision,
    MarkFinal,
    RecordDelivery,
    ResolveAppeal,
    RevokeDecision,
)

# The client's fee share in percent from the income per person, the household's size and the
# day (the tables valid then): the application's `fee_share_for`.
FeeShare = Callable[[Decimal, int, date], Decimal]


class FeeShareInputsMissingError(InvalidValueError):
    """Give the fee share, or the income and household size to compute it from."""

    code = "care_terms.fee_share_inputs_missing"
Note = Annotated[str, StringConstraints(max_length=MAX_NOTES_LENGTH)]
ChangeReason = Annotated[str, StringConstraints(max_length=MAX_CHANGE_REASON_LENGTH)]
Phone = Annotated[str, StringConstraints(max_length=MAX_PHONE_LENGTH)]
CareTask = Annotated[str, StringConstraints(max_length=longest(CARE_TASKS))]


class VersionedIn(CommandIn):
    expected_version: int = Field(ge=1, description="The version the client last saw")

    # Alone (no other field) it is the body of one command: a changed order seen by MCUS.
    def to_change_acknowledgement(self, order_id: UUID) -> AcknowledgeChange:
        return AcknowledgeChange(order_id=order_id, expected_version=self.expected_version)


class FileApplicationIn(CommandIn):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.FILE_APPLICATION))

    proceeding_id: UUID
    person_id: UUID = Field(description="The household member the help is for")
    form: Annotated[str, StringConstraints(max_length=longest(FormOfHelp))]
    applicant: Literal["person", "representative", "other_with_consent"] | None = Field(
        None, description="Who applied (art. 102); omit for a proceeding opened ex officio")
    on: RecordDate = Field(description="The day the application was received")
    case_reference: Annotated[
        str, StringConstraints(max_length=CASE_REFERENCE_TYPED_MAX_LENGTH)]
    signature: str | None = Field(
        None, max_length=MAX_SIGNATURE_TEXT,
        description="The applicant's signature drawn on the screen: a PNG or WebP image of at "
        f"most {MAX_SIGNATURE_BYTES} bytes, base64 or a data URL (its type is read from its "
        "bytes)")

    def to_command(self, folder_id: UUID) -> FileApplication:
        return FileApplication(
            proceeding_id=self.proceeding_id, folder_id=folder_id, person_id=self.person_id,
            form=self.form, applicant=self.applicant, filed_on=self.on,
            case_reference=self.case_reference,
            signature=Signature.from_base64(self.signature) if self.signature else None)


class CareTermsIn(Strict):
    tasks: list[CareTask] = Field(max_length=20)
    hours_per_day: Decimal = Field(max_digits=5, decimal_places=2,
                                   **stated_range(above=0, maximum=MAX_HOURS_PER_DAY))
    # At most the day's hours on each of the seven days (the domain: on each ordered day).
    hours_per_week: Decimal = Field(max_digits=5, decimal_places=2,
                                    **stated_range(above=0, maximum=MAX_HOURS_PER_DAY * 7))
    weekdays: list[Annotated[int, Field(**stated_range(minimum=1, maximum=7))]] = Field(
        max_length=7)
    period_from: RecordDate
    period_to: RecordDate
    place: Annotated[str, StringConstraints(max_length=CARE_TERMS_MAX_LENGTHS["place"])]
    provider_id: Annotated[str, StringConstraints(max_length=MAX_UNIT_LENGTH)]
    hourly_cost: Decimal = Field(max_digits=8, decimal_places=2, **stated_range(above=0))
    fee_share_percent: Decimal | None = Field(
        None, max_digits=5, decimal_places=2, **stated_range(minimum=0, maximum=100),
        description="Omit to compute it from income_per_person and household_size with the "
                    "tables valid on period_from")
    income_per_person: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    household_size: int | None = Field(
        None, **stated_range(minimum=1, maximum=MAX_HOUSEHOLD_SIZE))

    def to_domain(self, fee_share: FeeShare) -> CareTerms:
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


class DaysTermsIn(Strict):
    """Meals or shelter (art. 48a–48b): the amount must be days × unit cost."""

    days: int = Field(description="Days of shelter, or meals", **stated_range(
        minimum=1, maximum=MAX_UNITS))
    unit_cost: Decimal = Field(max_digits=8, decimal_places=2, **stated_range(
        above=0, maximum=MAX_UNIT_COST))
    amount: Decimal = Field(max_digits=10, decimal_places=2, **stated_range(above=0),
                            description="days × unit_cost, as the decision states it")
    period_from: RecordDate
    period_to: RecordDate | None = None

    def to_domain(self) -> DaysTerms:
        return DaysTerms(days=self.days, unit_cost=self.unit_cost, amount=self.amount,
                         period_from=self.period_from, period_to=self.period_to)


class FamilyPayerIn(Strict):
    name: Annotated[str, StringConstraints(max_length=MAX_PAYER_NAME)]
    relationship: Annotated[str, StringConstraints(max_length=MAX_RELATIONSHIP)] = Field(
        description='e.g. "córka", "syn", "małżonek"')
    amount: Decimal = Field(max_digits=10, decimal_places=2, **stated_range(
        above=0, maximum=MAX_HOME_COST))
    basis: Literal["agreement", "decision"]

    def to_domain(self) -> FamilyPayer:
        return FamilyPayer(name=self.name, relationship=self.relationship, amount=self.amount,
                           basis=self.basis)


class DpsFeeIn(Strict):
    """A residential care home's monthly fee split (art. 61): the resident's part must be 70%
    of income (at most the cost), the family's parts fit in the rest, the municipality's is
    what remains of the home's average monthly cost."""

    resident_income: Decimal = Field(max_digits=10, decimal_places=2, **stated_range(
        minimum=0, maximum=MAX_MONTHLY_INCOME))
    home_cost: Decimal = Field(max_digits=10, decimal_places=2, **stated_range(
        above=0, maximum=MAX_HOME_COST), description="The home's published average monthly cost")
    family: list[FamilyPayerIn] = Field([], max_length=MAX_FAMILY_PAYERS)
    resident: Decimal = Field(max_digits=10, decimal_places=2, **stated_range(minimum=0))
    municipality: Decimal = Field(max_digits=10, decimal_places=2, **stated_range(minimum=0))

    def to_domain(self) -> DpsFee:
        return DpsFee(resident_income=self.resident_income, home_cost=self.home_cost,
                      family=tuple(p.to_domain() for p in self.family),
                      resident=self.resident, municipality=self.municipality)


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
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.ISSUE_DECISION))

    decision_id: UUID
    outcome: Literal["grant", "refuse"]
    reasons: list[Annotated[str, StringConstraints(max_length=longest(Reason))]] = Field(
        max_length=16)
    legal_basis: Annotated[str, StringConstraints(max_length=MAX_LEGAL_BASIS_LENGTH)]
    signatory: Annotated[str, StringConstraints(max_length=MAX_SIGNATORY_LENGTH)] = Field(
        description='e.g. "z up. Prezydenta Wrocławia, Jan Dec"')
    issued_on: RecordDate
    care: CareTermsIn | None = None
    cash: CashTermsIn | None = None
    notes: CareNotesIn | None = None
    interview_refused: bool = Field(
        False, description="A refusal because the person refused the environmental interview "
        "(art. 107 ust. 4a): no interview is needed for it")
    amount_justification: Annotated[
        str, StringConstraints(max_length=MAX_JUSTIFICATION_LENGTH)] = Field(
        "", description="Why a cash amount the law bounds (rather than computes) is what it "
                        "is: the stated need, or the reason for less than the maximum")
    days: DaysTermsIn | None = Field(None, description="A grant of meals or shelter")
    dps_fee: DpsFeeIn | None = Field(
        None, description="A residential care home's fee split (art. 61), if it establishes one")

    def to_command(self, proceeding_id: UUID, fee_share: FeeShare) -> IssueDecision:
        return IssueDecision(
            proceeding_id=proceeding_id, expected_version=self.expected_version,
            decision_id=self.decision_id, outcome=self.outcome, reasons=tuple(self.reasons),
            legal_basis=self.legal_basis, signatory=self.signatory, issued_on=self.issued_on,
            care=self.care.to_domain(fee_share) if self.care else None,
            cash=self.cash.to_domain() if self.cash else None,
            notes=self.notes.to_domain() if self.notes else None,
            interview_refused=self.interview_refused,
            amount_justification=self.amount_justification,
            days=self.days.to_domain() if self.days else None,
            dps_fee=self.dps_fee.to_domain() if self.dps_fee else None)


class AmendDecisionIn(VersionedIn):
    amended_on: RecordDate
    reason: ChangeReason
    care: CareTermsIn | None = None
    cash: CashTermsIn | None = None

    def to_command(self, proceeding_id: UUID, fee_share: FeeShare) -> AmendDecision:
        return AmendDecision(
            proceeding_id=proceeding_id, expected_version=self.expected_version,
            amended_on=self.amended_on, reason=self.reason,
            care=self.care.to_domain(fee_share) if self.care else None,
            cash=self.cash.to_domain() if self.cash else None)


class RevokeDecisionIn(VersionedIn):
    revoked_on: RecordDate
    reason: ChangeReason

    def to_command(self, proceeding_id: UUID) -> RevokeDecision:
        return RevokeDecision(proceeding_id=proceeding_id,
                              expected_version=self.expected_version,
                              revoked_on=self.revoked_on, reason=self.reason)


class DatedIn(VersionedIn):
    on: RecordDate

    # One body, two commands of a proceeding, each naming what happened on the day (the
    # appeal's body, which may name a posting date, is api/schemas/procedure.py's AppealIn).
    def to_delivery(self, proceeding_id: UUID) -> RecordDelivery:
        return RecordDelivery(proceeding_id=proceeding_id,
                              expected_version=self.expected_version, delivered_on=self.on)

    def to_finality(self, proceeding_id: UUID) -> MarkFinal:
        return MarkFinal(proceeding_id=proceeding_id, expected_version=self.expected_version,
                         final_on=self.on)

    # And one of a service order's: care resumed on the day.
    def to_resumption(self, order_id: UUID) -> ResumeOrder:
        return ResumeOrder(order_id=order_id, expected_version=self.expected_version,
                           resumed_on=self.on)


class AppealResolutionIn(VersionedIn):
    on: RecordDate
    decision_upheld: bool

    def to_command(self, proceeding_id: UUID) -> ResolveAppeal:
        return ResolveAppeal(proceeding_id=proceeding_id,
                             expected_version=self.expected_version, resolved_on=self.on,
                             decision_upheld=self.decision_upheld)
