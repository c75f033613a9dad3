"""Use cases of a social worker's case folder, as the worker would name them: one handler per
command (services/casework/commands.py), each reading load → act; `handle` saves."""

from __future__ import annotations

from functools import cached_property

from domain.bounds import check_date
from domain.calendar import interview_due_on
from domain.case_folder import CaseFolder, InvalidTeamError
from domain.errors import InvalidValueError
from domain.office_day import POLAND, today_in_poland
from domain.user import Role, User
from services.application import CommandApplication
from services.casework.claims import (
    OpenFoldersHolding,
    PeselClaims,
    claim_members,
    claim_pesel,
    release_pesel,
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
    FolderCommand,
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
from services.casework.team_areas import team_areas_from
from services.commands import FolderNotFoundError
from services.errors import OutsideTeamError
from services.holidays import polish_holidays
from services.scope import TEAM_SCOPED_ROLES, NotPermittedError, may_change_folder
from services.work import Work, handles


class NotATeamWorkerError(InvalidValueError):
    """A folder is assigned to a social worker of the team it belongs to."""

    code = "case_folder.not_a_team_worker"


def folder_to_change(work: Work, command: FolderCommand) -> CaseFolder:
    """The folder the command is on, in the person's team (else 404), at the version seen."""
    return work.change(CaseFolder, command.folder_id, command.expected_version,
                       in_scope=may_change_folder, not_found=FolderNotFoundError)


class CaseFolderUseCases(CommandApplication):
    # Set by the system (services/system.py): folders opened before PESELs were claimed, found
    # in the person index. None: only claims count (the synthetic city, whose read models are
    # not built while it writes).
    open_folders_holding: OpenFoldersHolding | None = None

    @cached_property
    def pesel_claims(self) -> PeselClaims:
        """One person, one open folder: the keyed ids of PESELs' claims (claims.py)."""
        return PeselClaims(self.settings.personal_data_master_key())

    @handles
    def open_folder(self, command: OpenFolder, work: Work) -> None:
        """Open a case folder: a social worker's in her own team, hers from the start; first
        contact's in the team responsible for the address, for its manager to assign."""
        ctx = work.ctx
        if ctx.role == Role.FIRST_CONTACT.value:
            work.create(CaseFolder.open(
                folder_id=command.folder_id, team_id=self._team_at_first_contact(command),
                address=command.address, head=command.head, opened_on=command.opened_on,
                registered_by=ctx.actor_id))
        else:
            if ctx.role not in TEAM_SCOPED_ROLES:
                raise NotPermittedError()
            if command.team_id is None:
                raise InvalidTeamError(team_id=None)
            if command.team_id != ctx.unit:
                raise OutsideTeamError(team_id=command.team_id)
            opener = ctx.actor_id if ctx.role == Role.SOCIAL_WORKER.value else None
            work.create(CaseFolder.open(folder_id=command.folder_id, team_id=command.team_id,
                                        address=command.address, head=command.head,
                                        opened_on=command.opened_on, worker_id=opener))
        # One person, one open folder, whoever registers it.
        claim_members(work, self.pesel_claims, command.folder_id, command.head,
                      holding=self.open_folders_holding)

    def _team_at_first_contact(self, command: OpenFolder) -> str:
        """The team named (one the table in force knows), else the address's area's team."""
        check_date(command.opened_on, "opened_on")
        areas = team_areas_from(self.settings.team_areas_file)
        if command.team_id is not None:
            return areas.check_team(command.team_id, command.opened_on)
        return areas.team_for(command.address, command.opened_on)

    @handles
    def add_member(self, command: AddMember, work: Work) -> None:
        """A person joins the household on the day stated (else the day it happened); not one
        another open household holds."""
        today = today_in_poland()
        occurred = work.ctx.occurred_at
        joined_on = command.joined_on or (
            occurred.astimezone(POLAND).date() if occurred is not None else today)
        folder_to_change(work, command).join_member(command.member, joined_on, today)
        claim_members(work, self.pesel_claims, command.folder_id, command.member,
                      holding=self.open_folders_holding)

    @handles
    def member_leaves(self, command: MemberLeaves, work: Work) -> None:
        """A member leaves the household on the day stated, for the reason given."""
        folder = folder_to_change(work, command)
        folder.member_leaves(
            command.member_id, command.left_on, command.reason, today_in_poland(),
            new_head_id=command.new_head_id,
            previous_head_relation=command.previous_head_relation)
        # Gone from this household: the person may be in another open one.
        release_pesel(work, self.pesel_claims, command.folder_id,
                      folder.members[command.member_id].pesel)

    @handles
    def record_member_death(self, command: RecordMemberDeath, work: Work) -> None:
        """Record a member's death on the day stated."""
        folder = folder_to_change(work, command)
        folder.member_died(
            command.member_id, command.died_on, today_in_poland(),
            new_head_id=command.new_head_id,
            previous_head_relation=command.previous_head_relation)
        release_pesel(work, self.pesel_claims, command.folder_id,
                      folder.members[command.member_id].pesel)

    @handles
    def correct_membership(self, command: CorrectMembership, work: Work) -> None:
        """Correct the day a member joined, or left or died."""
        folder_to_change(work, command).correct_membership(
            command.member_id, today_in_poland(), joined_on=command.joined_on,
            ended_on=command.ended_on)

    @handles
    def change_head(self, command: ChangeHead, work: Work) -> None:
        """Another member becomes the head of the household from the day stated."""
        folder_to_change(work, command).change_head(
            command.new_head_id, command.changed_on, today_in_poland(),
            command.previous_head_relation)

    @handles
    def correct_member_details(self, command: CorrectMemberDetails, work: Work) -> None:
        """Correct a member's personal details (name, PESEL, document, birth date, relation)."""
        folder = folder_to_change(work, command)
        before = folder.members.get(command.member_id)
        folder.correct_member_details(command.member_id, **command.corrections())
        after = folder.members[command.member_id]
        if before is not None and after.pesel is not None and after.pesel != before.pesel:
            # The corrected PESEL is claimed (refused if another open folder holds it); the
            # mistyped one is let go.
            claim_pesel(work, self.pesel_claims, command.folder_id, after.pesel,
                        holding=self.open_folders_holding)
            release_pesel(work, self.pesel_claims, command.folder_id, before.pesel)

    @handles
    def change_address(self, command: ChangeAddress, work: Work) -> None:
        """Record that the household moved."""
        folder_to_change(work, command).change_address(command.address, command.changed_on)

    @handles
    def update_care_notes(self, command: UpdateCareNotes, work: Work) -> None:
        """Tell the care provider what its carers should know now (health, access)."""
        folder_to_change(work, command).update_care_notes(command.health_notes,
                                                          command.access_notes)

    @handles
    def assign_folder(self, command: AssignFolder, work: Work) -> None:
        """Assign the folder to a social worker of its team."""
        folder = folder_to_change(work, command)
        try:
            worker = work.read(User, command.worker_id, FolderNotFoundError)
        except FolderNotFoundError:
            raise NotATeamWorkerError(worker_id=str(command.worker_id)) from None
        if worker.role != Role.SOCIAL_WORKER.value or worker.unit != folder.team_id:
            raise NotATeamWorkerError(worker_id=str(command.worker_id))
        folder.assign_to_worker(command.worker_id)

    @handles
    def transfer_folder(self, command: TransferFolder, work: Work) -> None:
        """Transfer the folder to another team."""
        folder_to_change(work, command).transfer_to_team(command.team_id)

    @handles
    def record_visit(self, command: RecordVisit, work: Work) -> None:
        """Record a visit or other social-work contact."""
        folder_to_change(work, command).record_visit(command.visit, today=today_in_poland())

    @handles
    def schedule_interview(self, command: ScheduleInterview, work: Work) -> None:
        """Schedule an environmental interview, due in 14 working days (2 if urgent)."""
        # Bounded before the due day is counted from it (domain/bounds.py).
        check_date(command.trigger_date, "trigger_date")
        due_on = interview_due_on(command.trigger_date, command.urgent,
                                  polish_holidays(command.trigger_date.year))
        folder_to_change(work, command).schedule_interview(
            command.interview_id, command.trigger_date, command.urgent, due_on)

    @handles
    def conduct_interview(self, command: ConductInterview, work: Work) -> None:
        """Record an environmental interview conducted at the person's home."""
        folder_to_change(work, command).conduct_interview(
            command.interview_id, command.conducted_on, command.sections,
            today=today_in_poland(), statement=command.statement, assets=command.assets)

    @handles
    def update_interview(self, command: UpdateInterview, work: Work) -> None:
        """Record an update of the interview (part IV)."""
        folder_to_change(work, command).update_interview(
            command.interview_id, command.updated_on, command.sections,
            today=today_in_poland())

    @handles
    def declare_income(self, command: DeclareIncome, work: Work) -> None:
        """Record a member's net income for a month (art. 8 ust. 3)."""
        folder_to_change(work, command).declare_income(
            command.member_id, command.month, command.net_income)

    @handles
    def record_bank_account(self, command: RecordBankAccount, work: Work) -> None:
        """Record the account a member's cash benefits are paid to, or cash."""
        folder_to_change(work, command).record_bank_account(command.member_id, command.iban)

    @handles
    def close_folder(self, command: CloseFolder, work: Work) -> None:
        """Close the case folder; it refuses changes afterwards."""
        folder = folder_to_change(work, command)
        folder.close(command.closed_on, command.reason)
        # A closed folder holds nobody: its people may be opened elsewhere.
        for member in folder.members.values():
            release_pesel(work, self.pesel_claims, command.folder_id, member.pesel)
