"""The commands of case work, as a social worker would say them: one frozen dataclass each.

Each is built by its request schema (`api/schemas/commands.py`, `to_command`) and handled by
one method of `CaseFolderUseCases` (services/casework/folders.py) or
`SocialContractUseCases` (services/casework/contracts.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from domain.household import Address, Member
from domain.identifiers import IdentityDocument
from domain.social_work import AssetDeclaration, PersonStatement, Visit
from services.commands import ChangeCommand, Command


@dataclass(frozen=True, kw_only=True)
class FolderCommand(ChangeCommand):
    """A command on a case folder that exists: its answer names the folder."""

    answers_folder: ClassVar[bool] = True
    folder_id: UUID


@dataclass(frozen=True, kw_only=True)
class OpenFolder(Command):
    """`team_id`: the worker's own team; at first contact None routes the folder to the team
    responsible for the address (services/casework/team_areas.py)."""

    answers_folder: ClassVar[bool] = True
    folder_id: UUID
    team_id: str | None
    address: Address
    head: Member
    opened_on: date


@dataclass(frozen=True, kw_only=True)
class AddMember(FolderCommand):
    """A person joins the household on `joined_on` (None: the day it happened as sent, the
    tablet's `occurred_at`, else today)."""

    member: Member
    joined_on: date | None = None

    def _digested(self) -> dict[str, Any]:
        # Receipts from before the field existed digested the command without it.
        digested = super()._digested()
        if self.joined_on is None:
            digested.pop("joined_on")
        return digested


@dataclass(frozen=True, kw_only=True)
class MemberLeaves(FolderCommand):
    """A member leaves the household on `left_on`; the head names `new_head_id`."""

    member_id: UUID
    left_on: date
    reason: str
    new_head_id: UUID | None = None
    previous_head_relation: str = "other_relative"


@dataclass(frozen=True, kw_only=True)
class RecordMemberDeath(FolderCommand):
    """A member died on `died_on`; the head's death names `new_head_id`."""

    member_id: UUID
    died_on: date
    new_head_id: UUID | None = None
    previous_head_relation: str = "other_relative"


@dataclass(frozen=True, kw_only=True)
class CorrectMembership(FolderCommand):
    """Correct the day a member joined, or left or died (None: as recorded)."""

    member_id: UUID
    joined_on: date | None = None
    ended_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class ChangeHead(FolderCommand):
    """Another member becomes the head from `changed_on`; the previous head stays as
    `previous_head_relation`."""

    new_head_id: UUID
    changed_on: date
    previous_head_relation: str


@dataclass(frozen=True, kw_only=True)
class CorrectMemberDetails(FolderCommand):
    """Only the details given change (None: as recorded)."""

    member_id: UUID
    first_name: str | None = None
    last_name: str | None = None
    pesel: str | None = None
    document: IdentityDocument | None = None
    birth_date: date | None = None
    relation: str | None = None

    def corrections(self) -> dict[str, Any]:
        return {name: value for name, value in self.fields().items()
                if name in CORRECTABLE and value is not None}

    def legacy_payload(self) -> dict[str, Any]:
        return {"folder_id": self.folder_id, "member_id": self.member_id, **self.corrections()}


CORRECTABLE = ("first_name", "last_name", "pesel", "document", "birth_date", "relation")


@dataclass(frozen=True, kw_only=True)
class ChangeAddress(FolderCommand):
    address: Address
    changed_on: date


@dataclass(frozen=True, kw_only=True)
class UpdateCareNotes(FolderCommand):
    """What the care provider should know now of the client's health and access."""

    health_notes: str
    access_notes: str


@dataclass(frozen=True, kw_only=True)
class AssignFolder(FolderCommand):
    worker_id: UUID


@dataclass(frozen=True, kw_only=True)
class TransferFolder(FolderCommand):
    team_id: str


@dataclass(frozen=True, kw_only=True)
class RecordVisit(FolderCommand):
    visit: Visit


@dataclass(frozen=True, kw_only=True)
class ScheduleInterview(FolderCommand):
    interview_id: UUID
    trigger_date: date
    urgent: bool


@dataclass(frozen=True, kw_only=True)
class ConductInterview(FolderCommand):
    interview_id: UUID
    conducted_on: date
    sections: dict[str, str]
    statement: PersonStatement | None = None
    assets: AssetDeclaration | None = None

    def _digested(self) -> dict[str, Any]:
        # Receipts from before the parts existed digested the command without them.
        return {name: value for name, value in super()._digested().items()
                if value is not None or name not in ("statement", "assets")}


@dataclass(frozen=True, kw_only=True)
class UpdateInterview(FolderCommand):
    interview_id: UUID
    updated_on: date
    sections: dict[str, str]


@dataclass(frozen=True, kw_only=True)
class DeclareIncome(FolderCommand):
    """A member's net income for a month (art. 8 ust. 3), stated during the interview."""

    member_id: UUID
    month: date
    net_income: Decimal


@dataclass(frozen=True, kw_only=True)
class RecordBankAccount(FolderCommand):
    """The account a member's cash benefits are paid to (IBAN), or None: paid in cash."""

    member_id: UUID
    iban: str | None


@dataclass(frozen=True, kw_only=True)
class CloseFolder(FolderCommand):
    closed_on: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class SignSocialContract(Command):
    contract_id: UUID
    folder_id: UUID
    member_id: UUID
    signed_on: date
    ends_on: date
    goals: str


@dataclass(frozen=True, kw_only=True)
class CloseSocialContract(ChangeCommand):
    contract_id: UUID
    closed_on: date
    outcome: str
