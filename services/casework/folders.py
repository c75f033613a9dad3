"""Use cases of a social worker's case folder, as the worker would name them."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.bounds import check_date
from domain.calendar import interview_due_on
from domain.case_folder import CaseFolder
from domain.errors import InvalidValueError
from domain.household import Address, Member
from domain.social_work import Visit
from domain.user import Role, User
from services.application import CommandApplication
from services.commands import CommandContext, CommandResult, FolderNotFoundError
from services.errors import OutsideTeamError
from services.holidays import polish_holidays
from services.scope import TEAM_SCOPED_ROLES, NotPermittedError, may_change_folder


class NotATeamWorkerError(InvalidValueError):
    """A folder is assigned to a social worker of the team it belongs to."""

    code = "case_folder.not_a_team_worker"


class CaseFolderUseCases(CommandApplication):
    def _change_folder(
        self,
        ctx: CommandContext,
        name: str,
        payload: dict[str, Any],
        folder_id: UUID,
        expected_version: int,
        act: Any,
    ) -> CommandResult:
        def in_scope(folder: CaseFolder) -> None:
            if not may_change_folder(ctx, folder):
                # Outside the person's scope a folder answers as if it did not exist.
                raise FolderNotFoundError(id=str(folder_id))

        def changed(folder: CaseFolder) -> CaseFolder:
            act(folder)
            return folder

        return self.execute(
            ctx,
            name,
            payload,
            changed,
            load=(CaseFolder, folder_id, expected_version),
            not_found=FolderNotFoundError,
            may_act=in_scope,
        )

    def open_folder(
        self,
        ctx: CommandContext,
        *,
        folder_id: UUID,
        team_id: str,
        address: Address,
        head: Member,
        opened_on: date,
    ) -> CommandResult:
        """Open a case folder for a household in a team's area."""
        if ctx.role not in TEAM_SCOPED_ROLES:
            raise NotPermittedError()
        if team_id != ctx.unit:
            raise OutsideTeamError(team_id=team_id)
        payload = {"folder_id": folder_id, "team_id": team_id, "address": address, "head": head,
                   "opened_on": opened_on}
        return self.execute(
            ctx,
            "open_folder",
            payload,
            lambda: CaseFolder.open(
                folder_id=folder_id,
                team_id=team_id,
                address=address,
                head=head,
                opened_on=opened_on,
            ),
        )

    def add_member(
        self, ctx: CommandContext, folder_id: UUID, expected_version: int, member: Member
    ) -> CommandResult:
        """Add a member to the household."""
        return self._change_folder(
            ctx, "add_member", {"folder_id": folder_id, "member": member},
            folder_id, expected_version, lambda f: f.add_member(member),
        )

    def correct_member_details(
        self,
        ctx: CommandContext,
        folder_id: UUID,
        expected_version: int,
        member_id: UUID,
        corrections: dict[str, Any],
    ) -> CommandResult:
        """Correct a member's personal details (name, PESEL, document, birth date, relation)."""
        return self._change_folder(
            ctx, "correct_member_details",
            {"folder_id": folder_id, "member_id": member_id, **corrections},
            folder_id, expected_version,
            lambda f: f.correct_member_details(member_id, **corrections),
        )

    def change_address(
        self,
        ctx: CommandContext,
        folder_id: UUID,
        expected_version: int,
        address: Address,
        changed_on: date,
    ) -> CommandResult:
        """Record that the household moved."""
        return self._change_folder(
            ctx, "change_address",
            {"folder_id": folder_id, "address": address, "changed_on": changed_on},
            folder_id, expected_version, lambda f: f.change_address(address, changed_on),
        )

    def assign_folder(
        self, ctx: CommandContext, folder_id: UUID, expected_version: int, worker_id: UUID
    ) -> CommandResult:
        """Assign the folder to a social worker of its team."""

        def assign(folder: CaseFolder) -> None:
            try:
                worker = self._load(User, worker_id, FolderNotFoundError)
            except FolderNotFoundError:
                raise NotATeamWorkerError(worker_id=str(worker_id)) from None
            if worker.role != Role.SOCIAL_WORKER.value or worker.unit != folder.team_id:
                raise NotATeamWorkerError(worker_id=str(worker_id))
            folder.assign_to_worker(worker_id)

        return self._change_folder(
            ctx, "assign_folder", {"folder_id": folder_id, "worker_id": worker_id},
            folder_id, expected_version, assign,
        )

    def transfer_folder(
        self, ctx: CommandContext, folder_id: UUID, expected_version: int, team_id: str
    ) -> CommandResult:
        """Transfer the folder to another team."""
        return self._change_folder(
            ctx, "transfer_folder", {"folder_id": folder_id, "team_id": team_id},
            folder_id, expected_version, lambda f: f.transfer_to_team(team_id),
        )

    def record_visit(
        self, ctx: CommandContext, folder_id: UUID, expected_version: int, visit: Visit
    ) -> CommandResult:
        """Record a visit or other social-work contact."""
        return self._change_folder(
            ctx, "record_visit", {"folder_id": folder_id, "visit": visit},
            folder_id, expected_version, lambda f: f.record_visit(visit),
        )

    def schedule_interview(
        self,
        ctx: CommandContext,
        folder_id: UUID,
        expected_version: int,
        interview_id: UUID,
        trigger_date: date,
        urgent: bool,
    ) -> CommandResult:
        """Schedule an environmental interview, due in 14 working days (2 if urgent)."""
        # Bounded before the due day is counted from it (domain/bounds.py).
        check_date(trigger_date, "trigger_date")
        due_on = interview_due_on(trigger_date, urgent, polish_holidays(trigger_date.year))
        return self._change_folder(
            ctx, "schedule_interview",
            {"folder_id": folder_id, "interview_id": interview_id,
             "trigger_date": trigger_date, "urgent": urgent},
            folder_id, expected_version,
            lambda f: f.schedule_interview(interview_id, trigger_date, urgent, due_on),
        )

    def conduct_interview(
        self,
        ctx: CommandContext,
        folder_id: UUID,
        expected_version: int,
        interview_id: UUID,
        conducted_on: date,
        sections: dict[str, str],
    ) -> CommandResult:
        """Record an environmental interview conducted at the person's home."""
        return self._change_folder(
            ctx, "conduct_interview",
            {"folder_id": folder_id, "interview_id": interview_id,
             "conducted_on": conducted_on, "sections": sections},
            folder_id, expected_version,
            lambda f: f.conduct_interview(interview_id, conducted_on, sections),
        )

    def update_interview(
        self,
        ctx: CommandContext,
        folder_id: UUID,
        expected_version: int,
        interview_id: UUID,
        updated_on: date,
        sections: dict[str, str],
    ) -> CommandResult:
        """Record an update of the interview (part IV)."""
        return self._change_folder(
            ctx, "update_interview",
            {"folder_id": folder_id, "interview_id": interview_id,
             "updated_on": updated_on, "sections": sections},
            folder_id, expected_version,
            lambda f: f.update_interview(interview_id, updated_on, sections),
        )

    def close_folder(
        self,
        ctx: CommandContext,
        folder_id: UUID,
        expected_version: int,
        closed_on: date,
        reason: str,
    ) -> CommandResult:
        """Close the case folder; it refuses changes afterwards."""
        return self._change_folder(
            ctx, "close_folder",
            {"folder_id": folder_id, "closed_on": closed_on, "reason": reason},
            folder_id, expected_version, lambda f: f.close(closed_on, reason),
        )
