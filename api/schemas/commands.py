"""Request and response shapes of commands."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.schemas import examples as ex
from api.schemas.bounds import BirthDate, OccurredAt, RecordDate
from api.schemas.limits import ascii_only, longest, stated_range
from domain.bank_account import MAX_IBAN_INPUT_LENGTH
from domain.benefits import MAX_MONTHLY_INCOME
from domain.case_folder import MAX_CLOSE_REASON_LENGTH
from domain.handoff import MAX_NOTES_LENGTH as MAX_HANDOFF_NOTES_LENGTH
from domain.household import (
    ADDRESS_MAX_LENGTHS,
    MAX_LEAVE_REASON_LENGTH,
    MAX_MEETING_PLACE_LENGTH,
    MAX_NAME_LENGTH,
    Address,
    Member,
    Relation,
)
from domain.identifiers import (
    DOCUMENT_NUMBER_TYPED_MAX_LENGTH,
    PESEL_TYPED_MAX_LENGTH,
    POSTAL_CODE_TYPED_MAX_LENGTH,
    TERYT_TYPED_MAX_LENGTH,
    DocumentKind,
    IdentityDocument,
)
from domain.office_day import today_in_poland
from domain.social_work import (
    MAX_NOTES_LENGTH,
    MAX_PART_LENGTH,
    MAX_PLACE_LENGTH,
    MAX_SECTION_LENGTH,
    MAX_VISIT_MINUTES,
    SECTIONS,
    ActivityKind,
    AssetDeclaration,
    PersonStatement,
    Visit,
)
from domain.user import MAX_UNIT_LENGTH
from services.casework.commands import (
    AddMember,
    AssignFolder,
    ChangeAddress,
    ChangeHead,
    CloseFolder,
    ConductInterview,
    CorrectMemberDetails,
    CorrectMembership,
    DeclareIncome,
    MemberLeaves,
    OpenFolder,
    RecordBankAccount,
    RecordMemberDeath,
    RecordVisit,
    ScheduleInterview,
    TransferFolder,
    UpdateCareNotes,
    UpdateInterview,
)

LongText = Annotated[str, StringConstraints(max_length=MAX_SECTION_LENGTH)]
Name = Annotated[str, StringConstraints(max_length=MAX_NAME_LENGTH)]
Pesel = Annotated[str, ascii_only("pesel"), StringConstraints(max_length=PESEL_TYPED_MAX_LENGTH)]
PostalCode = Annotated[str, ascii_only("postal_code"),
                       StringConstraints(max_length=POSTAL_CODE_TYPED_MAX_LENGTH)]
Teryt = Annotated[str, ascii_only("teryt"), StringConstraints(max_length=TERYT_TYPED_MAX_LENGTH)]
DocumentNumber = Annotated[str, ascii_only("document_number"),
                           StringConstraints(max_length=DOCUMENT_NUMBER_TYPED_MAX_LENGTH)]
RelationText = Annotated[str, StringConstraints(max_length=longest(Relation))]
TeamId = Annotated[str, StringConstraints(max_length=MAX_UNIT_LENGTH)]
SectionKey = Annotated[str, StringConstraints(max_length=longest(SECTIONS))]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CommandIn(Strict):
    command_id: UUID = Field(description="Made by the client; reuse it when retrying")
    occurred_at: OccurredAt | None = None


class FolderCommandIn(CommandIn):
    expected_version: int = Field(ge=1, description="The folder version the client last saw")


class CommandOut(BaseModel):
    command_id: UUID
    folder_id: UUID | None = None
    aggregate_id: UUID
    version: int
    position: int = Field(description="Pass as ?after= to read your own write")
    duplicate: bool


class AddressIn(Strict):
    """A fixed address, or (``no_fixed_address``) a homeless person's: the municipality of
    the last permanent residence (``city``, ``teryt``; art. 101 ust. 2) and where the person
    can be met, without street, building or postal code."""

    street: Annotated[str, StringConstraints(max_length=ADDRESS_MAX_LENGTHS["street"])] | None = (
        None)
    building: Annotated[
        str, StringConstraints(max_length=ADDRESS_MAX_LENGTHS["building"])] | None = None
    flat: Annotated[str, StringConstraints(max_length=ADDRESS_MAX_LENGTHS["flat"])] | None = None
    postal_code: PostalCode | None = None
    city: Annotated[str, StringConstraints(max_length=ADDRESS_MAX_LENGTHS["city"])]
    teryt: Teryt
    no_fixed_address: bool = False
    meeting_place: Annotated[str, StringConstraints(max_length=MAX_MEETING_PLACE_LENGTH)] | None = (
        None)

    def to_domain(self) -> Address:
        return Address.create(**self.model_dump())


class DocumentIn(Strict):
    kind: Annotated[str, StringConstraints(max_length=longest(DocumentKind))]
    number: DocumentNumber

    def to_domain(self) -> IdentityDocument:
        return IdentityDocument.parse(self.kind, self.number)


class MemberIn(Strict):
    member_id: UUID
    first_name: Name
    last_name: Name
    pesel: Pesel | None = None
    document: DocumentIn | None = None
    birth_date: BirthDate | None = None
    relation: RelationText

    def to_domain(self) -> Member:
        return Member.create(
            member_id=self.member_id,
            first_name=self.first_name,
            last_name=self.last_name,
            relation=self.relation,
            pesel=self.pesel,
            document=self.document.to_domain() if self.document else None,
            birth_date=self.birth_date,
        )


class OpenFolderIn(CommandIn):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.OPEN_FOLDER))

    folder_id: UUID
    team_id: TeamId | None = Field(
        None, description="The worker's own team (required for her); first contact may leave "
        "it out, and the team responsible for the address is chosen")
    opened_on: RecordDate | None = Field(None, description="Default: today")
    address: AddressIn
    head: MemberIn

    def to_command(self) -> OpenFolder:
        return OpenFolder(folder_id=self.folder_id, team_id=self.team_id,
                          address=self.address.to_domain(), head=self.head.to_domain(),
                          opened_on=self.opened_on or today_in_poland())


class AddMemberIn(FolderCommandIn):
    member: MemberIn
    joined_on: RecordDate | None = Field(
        None, description="The day the person joined the household (may be before today or "
        "before the folder was opened; not after today). Default: the day of occurred_at, "
        "else today")

    def to_command(self, folder_id: UUID) -> AddMember:
        return AddMember(folder_id=folder_id, expected_version=self.expected_version,
                         member=self.member.to_domain(), joined_on=self.joined_on)


class HeadChangeFields(Strict):
    new_head_id: UUID | None = Field(
        None, description="Required when the head leaves or dies: a member who stays")
    previous_head_relation: RelationText = Field(
        "other_relative", description="The previous head's relation to the new head")


class MemberLeavesIn(FolderCommandIn, HeadChangeFields):
    left_on: RecordDate = Field(description="The day the member left (not after today)")
    reason: Annotated[str, StringConstraints(max_length=MAX_LEAVE_REASON_LENGTH)]

    def to_command(self, folder_id: UUID, member_id: UUID) -> MemberLeaves:
        return MemberLeaves(folder_id=folder_id, expected_version=self.expected_version,
                            member_id=member_id, left_on=self.left_on, reason=self.reason,
                            new_head_id=self.new_head_id,
                            previous_head_relation=self.previous_head_relation)


class MemberDiedIn(FolderCommandIn, HeadChangeFields):
    died_on: RecordDate = Field(description="The day of death (not after today)")

    def to_command(self, folder_id: UUID, member_id: UUID) -> RecordMemberDeath:
        return RecordMemberDeath(folder_id=folder_id, expected_version=self.expected_version,
                                 member_id=member_id, died_on=self.died_on,
                                 new_head_id=self.new_head_id,
                                 previous_head_relation=self.previous_head_relation)


class CorrectMembershipIn(FolderCommandIn):
    joined_on: RecordDate | None = Field(None, description="The right day the member joined")
    ended_on: RecordDate | None = Field(
        None, description="The right day the member left or died")

    def to_command(self, folder_id: UUID, member_id: UUID) -> CorrectMembership:
        return CorrectMembership(folder_id=folder_id, expected_version=self.expected_version,
                                 member_id=member_id, joined_on=self.joined_on,
                                 ended_on=self.ended_on)


class ChangeHeadIn(FolderCommandIn):
    new_head_id: UUID
    changed_on: RecordDate = Field(description="From when (not after today)")
    previous_head_relation: RelationText = Field(
        description="The previous head's relation to the new head")

    def to_command(self, folder_id: UUID) -> ChangeHead:
        return ChangeHead(folder_id=folder_id, expected_version=self.expected_version,
                          new_head_id=self.new_head_id, changed_on=self.changed_on,
                          previous_head_relation=self.previous_head_relation)


class CorrectMemberIn(FolderCommandIn):
    first_name: Name | None = None
    last_name: Name | None = None
    pesel: Pesel | None = None
    document: DocumentIn | None = None
    birth_date: BirthDate | None = None
    relation: RelationText | None = None

    def to_command(self, folder_id: UUID, member_id: UUID) -> CorrectMemberDetails:
        return CorrectMemberDetails(
            folder_id=folder_id, expected_version=self.expected_version, member_id=member_id,
            first_name=self.first_name, last_name=self.last_name, pesel=self.pesel,
            document=self.document.to_domain() if self.document else None,
            birth_date=self.birth_date, relation=self.relation)


class ChangeAddressIn(FolderCommandIn):
    address: AddressIn
    changed_on: RecordDate

    def to_command(self, folder_id: UUID) -> ChangeAddress:
        return ChangeAddress(folder_id=folder_id, expected_version=self.expected_version,
                             address=self.address.to_domain(), changed_on=self.changed_on)


class CareNotesUpdateIn(FolderCommandIn):
    """What the care provider's carers should know now (replaces the earlier notes)."""

    health_notes: Annotated[str, StringConstraints(max_length=MAX_HANDOFF_NOTES_LENGTH)]
    access_notes: Annotated[str, StringConstraints(max_length=MAX_HANDOFF_NOTES_LENGTH)]

    def to_command(self, folder_id: UUID) -> UpdateCareNotes:
        return UpdateCareNotes(folder_id=folder_id, expected_version=self.expected_version,
                               health_notes=self.health_notes, access_notes=self.access_notes)


class AssignIn(FolderCommandIn):
    worker_id: UUID

    def to_command(self, folder_id: UUID) -> AssignFolder:
        return AssignFolder(folder_id=folder_id, expected_version=self.expected_version,
                            worker_id=self.worker_id)


class TransferIn(FolderCommandIn):
    team_id: TeamId

    def to_command(self, folder_id: UUID) -> TransferFolder:
        return TransferFolder(folder_id=folder_id, expected_version=self.expected_version,
                              team_id=self.team_id)


class VisitIn(Strict):
    visit_id: UUID
    visited_on: RecordDate
    minutes: int = Field(**stated_range(minimum=1, maximum=MAX_VISIT_MINUTES))
    activity: Annotated[str, StringConstraints(max_length=longest(ActivityKind))]
    place: Annotated[str, StringConstraints(max_length=MAX_PLACE_LENGTH)] = ""
    notes: Annotated[str, StringConstraints(max_length=MAX_NOTES_LENGTH)] = ""

    def to_domain(self) -> Visit:
        return Visit(**self.model_dump())


class RecordVisitIn(FolderCommandIn):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.RECORD_VISIT))

    visit: VisitIn

    def to_command(self, folder_id: UUID) -> RecordVisit:
        return RecordVisit(folder_id=folder_id, expected_version=self.expected_version,
                           visit=self.visit.to_domain())


class ScheduleInterviewIn(FolderCommandIn):
    interview_id: UUID
    trigger_date: RecordDate
    urgent: bool = False

    def to_command(self, folder_id: UUID) -> ScheduleInterview:
        return ScheduleInterview(folder_id=folder_id, expected_version=self.expected_version,
                                 interview_id=self.interview_id,
                                 trigger_date=self.trigger_date, urgent=self.urgent)


PartText = Annotated[str, StringConstraints(max_length=MAX_PART_LENGTH)]


class StatementIn(Strict):
    """The statement of the person interviewed, signed (or noted as not signed)."""

    text: PartText
    signed_on: RecordDate
    refused_to_sign: bool = False

    def to_domain(self) -> PersonStatement:
        return PersonStatement(**self.model_dump())


class AssetDeclarationIn(Strict):
    """The declaration of assets (art. 107 ust. 5b): empty text where the person has none."""

    real_estate: PartText = ""
    movable_property: PartText = ""
    savings: PartText = ""
    other: PartText = ""
    declared_on: RecordDate

    def to_domain(self) -> AssetDeclaration:
        return AssetDeclaration(**self.model_dump())


class ConductInterviewIn(FolderCommandIn):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.CONDUCT_INTERVIEW))

    conducted_on: RecordDate
    sections: dict[SectionKey, LongText]
    statement: StatementIn | None = None
    assets: AssetDeclarationIn | None = None

    def to_command(self, folder_id: UUID, interview_id: UUID) -> ConductInterview:
        return ConductInterview(folder_id=folder_id, expected_version=self.expected_version,
                                interview_id=interview_id, conducted_on=self.conducted_on,
                                sections=self.sections,
                                statement=self.statement.to_domain() if self.statement else None,
                                assets=self.assets.to_domain() if self.assets else None)


class UpdateInterviewIn(FolderCommandIn):
    updated_on: RecordDate
    sections: dict[SectionKey, LongText]

    def to_command(self, folder_id: UUID, interview_id: UUID) -> UpdateInterview:
        return UpdateInterview(folder_id=folder_id, expected_version=self.expected_version,
                               interview_id=interview_id, updated_on=self.updated_on,
                               sections=self.sections)


class DeclareIncomeIn(FolderCommandIn):
    member_id: UUID
    month: RecordDate = Field(description="Any day of the month; the month before the "
                              "application is the one art. 8 ust. 3 counts")
    net_income: Decimal = Field(max_digits=9, decimal_places=2,
                                **stated_range(minimum=0, maximum=MAX_MONTHLY_INCOME))

    def to_command(self, folder_id: UUID) -> DeclareIncome:
        return DeclareIncome(folder_id=folder_id, expected_version=self.expected_version,
                             member_id=self.member_id, month=self.month,
                             net_income=self.net_income)


class RecordBankAccountIn(FolderCommandIn):
    member_id: UUID
    iban: str | None = Field(max_length=MAX_IBAN_INPUT_LENGTH,
                             description="IBAN (spaces allowed); null or empty: paid in cash")

    def to_command(self, folder_id: UUID) -> RecordBankAccount:
        return RecordBankAccount(folder_id=folder_id, expected_version=self.expected_version,
                                 member_id=self.member_id, iban=self.iban)


class CloseFolderIn(FolderCommandIn):
    closed_on: RecordDate
    reason: Annotated[str, StringConstraints(max_length=MAX_CLOSE_REASON_LENGTH)]

    def to_command(self, folder_id: UUID) -> CloseFolder:
        return CloseFolder(folder_id=folder_id, expected_version=self.expected_version,
                           closed_on=self.closed_on, reason=self.reason)
