"""Commands on case folders: each route a docstring and the command its body builds."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.commanding import command
from api.deps import FolderStaff, Manager, Registrar, SocialWorker
from api.schemas.commands import (
    AddMemberIn,
    AssignIn,
    CareNotesUpdateIn,
    ChangeAddressIn,
    ChangeHeadIn,
    CloseFolderIn,
    ConductInterviewIn,
    CorrectMemberIn,
    CorrectMembershipIn,
    DeclareIncomeIn,
    MemberDiedIn,
    MemberLeavesIn,
    OpenFolderIn,
    RecordBankAccountIn,
    RecordVisitIn,
    ScheduleInterviewIn,
    TransferIn,
    UpdateInterviewIn,
)
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

router = APIRouter(prefix="/api/folders", tags=["case folders"])


@command(router, "")
def open_folder(body: OpenFolderIn, user: Registrar) -> OpenFolder:
    """Open a case folder for a household: a social worker's, in her team and her caseload;
    first contact's, in the team responsible for the address."""
    return body.to_command()


@command(router, "/{folder_id}/members")
def add_member(folder_id: UUID, body: AddMemberIn, user: SocialWorker) -> AddMember:
    """Add a member to the household."""
    return body.to_command(folder_id)


@command(router, "/{folder_id}/members/{member_id}/corrections")
def correct_member(folder_id: UUID, member_id: UUID, body: CorrectMemberIn,
                   user: SocialWorker) -> CorrectMemberDetails:
    """Correct a member's personal details."""
    return body.to_command(folder_id, member_id)


@command(router, "/{folder_id}/members/{member_id}/departure")
def member_leaves(folder_id: UUID, member_id: UUID, body: MemberLeavesIn,
                  user: SocialWorker) -> MemberLeaves:
    """A member leaves the household on the day stated (the head only with a new head)."""
    return body.to_command(folder_id, member_id)


@command(router, "/{folder_id}/members/{member_id}/death")
def member_died(folder_id: UUID, member_id: UUID, body: MemberDiedIn,
                user: SocialWorker) -> RecordMemberDeath:
    """Record a member's death on the day stated (the head's names a new head)."""
    return body.to_command(folder_id, member_id)


@command(router, "/{folder_id}/members/{member_id}/membership-corrections")
def correct_membership(folder_id: UUID, member_id: UUID, body: CorrectMembershipIn,
                       user: SocialWorker) -> CorrectMembership:
    """Correct the day a member joined, or left or died."""
    return body.to_command(folder_id, member_id)


@command(router, "/{folder_id}/head")
def change_head(folder_id: UUID, body: ChangeHeadIn, user: SocialWorker) -> ChangeHead:
    """Another member becomes the head of the household from the day stated."""
    return body.to_command(folder_id)


@command(router, "/{folder_id}/care-notes")
def update_care_notes(folder_id: UUID, body: CareNotesUpdateIn,
                      user: SocialWorker) -> UpdateCareNotes:
    """Tell the care provider what its carers should know now (health, access)."""
    return body.to_command(folder_id)


@command(router, "/{folder_id}/address")
def change_address(folder_id: UUID, body: ChangeAddressIn, user: SocialWorker) -> ChangeAddress:
    """Record the household's new address."""
    return body.to_command(folder_id)


@command(router, "/{folder_id}/assignment")
def assign_folder(folder_id: UUID, body: AssignIn, user: FolderStaff) -> AssignFolder:
    """Assign the folder to a social worker of the team."""
    return body.to_command(folder_id)


@command(router, "/{folder_id}/transfer")
def transfer_folder(folder_id: UUID, body: TransferIn, user: Manager) -> TransferFolder:
    """Transfer the folder to another team."""
    return body.to_command(folder_id)


@command(router, "/{folder_id}/visits")
def record_visit(folder_id: UUID, body: RecordVisitIn, user: SocialWorker) -> RecordVisit:
    """Record a visit or other social-work contact."""
    return body.to_command(folder_id)


@command(router, "/{folder_id}/interviews")
def schedule_interview(folder_id: UUID, body: ScheduleInterviewIn,
                       user: SocialWorker) -> ScheduleInterview:
    """Schedule an environmental interview (due in 14 working days, 2 if urgent)."""
    return body.to_command(folder_id)


@command(router, "/{folder_id}/interviews/{interview_id}/conducted")
def conduct_interview(folder_id: UUID, interview_id: UUID, body: ConductInterviewIn,
                      user: SocialWorker) -> ConductInterview:
    """Record an environmental interview conducted at the person's home (sections A–J)."""
    return body.to_command(folder_id, interview_id)


@command(router, "/{folder_id}/interviews/{interview_id}/updates")
def update_interview(folder_id: UUID, interview_id: UUID, body: UpdateInterviewIn,
                     user: SocialWorker) -> UpdateInterview:
    """Record an update of the environmental interview (part IV)."""
    return body.to_command(folder_id, interview_id)


@command(router, "/{folder_id}/incomes")
def declare_income(folder_id: UUID, body: DeclareIncomeIn, user: SocialWorker) -> DeclareIncome:
    """Record a household member's net income for a month (art. 8 ust. 3), from the
    interview; a second one for the same member and month corrects the first."""
    return body.to_command(folder_id)


@command(router, "/{folder_id}/bank-accounts")
def record_bank_account(folder_id: UUID, body: RecordBankAccountIn,
                        user: SocialWorker) -> RecordBankAccount:
    """Record the account a member's cash benefits are paid to (IBAN, checked by its
    mod-97 checksum), or none: paid in cash."""
    return body.to_command(folder_id)


@command(router, "/{folder_id}/closure")
def close_folder(folder_id: UUID, body: CloseFolderIn, user: FolderStaff) -> CloseFolder:
    """Close the case folder."""
    return body.to_command(folder_id)
