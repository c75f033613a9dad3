"""Use cases of a social worker's case folder, as the worker would name them: one handler per
command (services/casework/commands.py), each reading load → act; `handle` saves."""

from __future__ import annotations

from domain.bounds import check_date
from domain.calendar import interview_due_on
from domain.case_folder import CaseFolder, InvalidTeamError
from domain.errors import InvalidValueError
from domain.user import Role, User
from services.application import CommandApplication
from services.casework.commands import (
    AddMember,
    AssignFolder,
    ChangeAddress,
    CloseFolder,
    ConductInterview,
    CorrectMemberDetails,
    DeclareIncome,
    FolderCommand,
    OpenFolder,
    RecordVisit,
    ScheduleInterview,
    TransferFolder,
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
            return
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

    def _team_at_first_contact(self, command: OpenFolder) -> str:
        """The team named (one the table in force knows), else the address's area's team."""
        check_date(command.opened_on, "opened_on")
        areas = team_areas_from(self.settings.team_areas_file)
        if command.team_id is not None:
            return areas.check_team(command.team_id, command.opened_on)
        return areas.team_for(command.address, command.opened_on)

    @handles
    def add_member(self, command: AddMember, work: Work) -> None:
        """Add a member to the household."""
        folder_to_change(work, command).add_member(command.member)

    @handles
    def correct_member_details(self, command: CorrectMemberDetails, work: Work) -> None:
        """Correct a member's personal details (name, PESEL, document, birth date, relation)."""
        folder_to_change(work, command).correct_member_details(command.member_id,
                                                               **command.corrections())

    @handles
    def change_address(self, command: ChangeAddress, work: Work) -> None:
        """Record that the household moved."""
        folder_to_change(work, command).change_address(command.address, command.changed_on)

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
        folder_to_change(work, command).record_visit(command.visit)

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
            command.interview_id, command.conducted_on, command.sections)

    @handles
    def update_interview(self, command: UpdateInterview, work: Work) -> None:
        """Record an update of the interview (part IV)."""
        folder_to_change(work, command).update_interview(
            command.interview_id, command.updated_on, command.sections)

    @handles
    def declare_income(self, command: DeclareIncome, work: Work) -> None:
        """Record a member's net income for a month (art. 8 ust. 3)."""
        folder_to_change(work, command).declare_income(
            command.member_id, command.month, command.net_income)

    @handles
    def close_folder(self, command: CloseFolder, work: Work) -> None:
        """Close the case folder; it refuses changes afterwards."""
        folder_to_change(work, command).close(command.closed_on, command.reason)
