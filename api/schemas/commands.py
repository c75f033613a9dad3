"""Request and response shapes of commands."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.schemas.bounds import BirthDate, OccurredAt, RecordDate
from domain.household import Address, Member
from domain.identifiers import IdentityDocument
from domain.social_work import Visit

Text = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]


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
    street: Text
    building: Annotated[str, StringConstraints(max_length=20)]
    flat: Annotated[str, StringConstraints(max_length=20)] | None = None
    postal_code: Annotated[str, StringConstraints(max_length=10)]
    city: Text
    teryt: Annotated[str, StringConstraints(max_length=7)]

    def to_domain(self) -> Address:
        return Address.create(**self.model_dump())


class DocumentIn(Strict):
    kind: Annotated[str, StringConstraints(max_length=20)]
    number: Annotated[str, StringConstraints(max_length=30)]

    def to_domain(self) -> IdentityDocument:
        return IdentityDocument.parse(self.kind, self.number)


class MemberIn(Strict):
    member_id: UUID
    first_name: Annotated[str, StringConstraints(max_length=120)]
    last_name: Annotated[str, StringConstraints(max_length=120)]
    pesel: Annotated[str, StringConstraints(max_length=20)] | None = None
    document: DocumentIn | None = None
    birth_date: BirthDate | None = None
    relation: Annotated[str, StringConstraints(max_length=20)]

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
    team_id: Annotated[str, StringConstraints(max_length=32)]
    opened_on: RecordDate | None = None
    address: AddressIn
    head: MemberIn


class AddMemberIn(FolderCommandIn):
    member: MemberIn


class CorrectMemberIn(FolderCommandIn):
    first_name: Annotated[str, StringConstraints(max_length=120)] | None = None
    last_name: Annotated[str, StringConstraints(max_length=120)] | None = None
    pesel: Annotated[str, StringConstraints(max_length=20)] | None = None
    document: DocumentIn | None = None
    birth_date: BirthDate | None = None
    relation: Annotated[str, StringConstraints(max_length=20)] | None = None

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
    team_id: Annotated[str, StringConstraints(max_length=32)]


class VisitIn(Strict):
    visit_id: UUID
    visited_on: RecordDate
    minutes: int
    activity: Annotated[str, StringConstraints(max_length=40)]
    place: Annotated[str, StringConstraints(max_length=300)] = ""
    notes: Annotated[str, StringConstraints(max_length=20_000)] = ""

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
    sections: dict[Annotated[str, StringConstraints(max_length=2)], LongText]


class UpdateInterviewIn(FolderCommandIn):
    updated_on: RecordDate
    sections: dict[Annotated[str, StringConstraints(max_length=2)], LongText]


class CloseFolderIn(FolderCommandIn):
    closed_on: RecordDate
    reason: Annotated[str, StringConstraints(max_length=2000)]
