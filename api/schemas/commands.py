"""Request and response shapes of commands."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.bounds import BirthDate, OccurredAt, RecordDate
from api.schemas.limits import identifier, longest, stated_range, text
from domain.case_folder import MAX_CLOSE_REASON_LENGTH
from domain.household import ADDRESS_MAX_LENGTHS, MAX_NAME_LENGTH, Address, Member, Relation
from domain.identifiers import (
    DOCUMENT_NUMBER_TYPED_MAX_LENGTH,
    PESEL_TYPED_MAX_LENGTH,
    POSTAL_CODE_TYPED_MAX_LENGTH,
    TERYT_TYPED_MAX_LENGTH,
    DocumentKind,
    IdentityDocument,
)
from domain.social_work import (
    MAX_NOTES_LENGTH,
    MAX_PLACE_LENGTH,
    MAX_SECTION_LENGTH,
    MAX_VISIT_MINUTES,
    SECTIONS,
    ActivityKind,
    Visit,
)
from domain.user import MAX_UNIT_LENGTH

LongText = text(MAX_SECTION_LENGTH)
Name = text(MAX_NAME_LENGTH)
Pesel = identifier("pesel", PESEL_TYPED_MAX_LENGTH)
RelationText = text(longest(Relation))
TeamId = text(MAX_UNIT_LENGTH)
SectionKey = text(longest(SECTIONS))


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
    street: text(ADDRESS_MAX_LENGTHS["street"])
    building: text(ADDRESS_MAX_LENGTHS["building"])
    flat: text(ADDRESS_MAX_LENGTHS["flat"]) | None = None
    postal_code: identifier("postal_code", POSTAL_CODE_TYPED_MAX_LENGTH)
    city: text(ADDRESS_MAX_LENGTHS["city"])
    teryt: identifier("teryt", TERYT_TYPED_MAX_LENGTH)

    def to_domain(self) -> Address:
        return Address.create(**self.model_dump())


class DocumentIn(Strict):
    kind: text(longest(DocumentKind))
    number: identifier("document_number", DOCUMENT_NUMBER_TYPED_MAX_LENGTH)

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
    folder_id: UUID
    team_id: TeamId
    opened_on: RecordDate | None = None
    address: AddressIn
    head: MemberIn


class AddMemberIn(FolderCommandIn):
    member: MemberIn


class CorrectMemberIn(FolderCommandIn):
    first_name: Name | None = None
    last_name: Name | None = None
    pesel: Pesel | None = None
    document: DocumentIn | None = None
    birth_date: BirthDate | None = None
    relation: RelationText | None = None

    def corrections(self) -> dict[str, Any]:
        fields = ("first_name", "last_name", "pesel", "document", "birth_date", "relation")
        found = {name: getattr(self, name) for name in fields if getattr(self, name) is not None}
        if self.document is not None:
            found["document"] = self.document.to_domain()
        return found


class ChangeAddressIn(FolderCommandIn):
    address: AddressIn
    changed_on: RecordDate


class AssignIn(FolderCommandIn):
    worker_id: UUID


class TransferIn(FolderCommandIn):
    team_id: TeamId


class VisitIn(Strict):
    visit_id: UUID
    visited_on: RecordDate
    minutes: int = Field(**stated_range(minimum=1, maximum=MAX_VISIT_MINUTES))
    activity: text(longest(ActivityKind))
    place: text(MAX_PLACE_LENGTH) = ""
    notes: text(MAX_NOTES_LENGTH) = ""

    def to_domain(self) -> Visit:
        return Visit(**self.model_dump())


class RecordVisitIn(FolderCommandIn):
    visit: VisitIn


class ScheduleInterviewIn(FolderCommandIn):
    interview_id: UUID
    trigger_date: RecordDate
    urgent: bool = False


class ConductInterviewIn(FolderCommandIn):
    conducted_on: RecordDate
    sections: dict[SectionKey, LongText]


class UpdateInterviewIn(FolderCommandIn):
    updated_on: RecordDate
    sections: dict[SectionKey, LongText]


class CloseFolderIn(FolderCommandIn):
    closed_on: RecordDate
    reason: text(MAX_CLOSE_REASON_LENGTH)
