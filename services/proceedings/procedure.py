"""Use cases of administrative proceedings: application → decision → delivery → final; one
handler per command (services/proceedings/commands.py), each reading load → act.

What a decision sets off beyond the proceeding (the service order it places, changes or ends;
permanent help noted on the folder) is the handoff policy, services/proceedings/handoff.py,
called here within the decision's own unit of work.
"""

from __future__ import annotations

from datetime import date

from domain.bounds import check_date
from domain.case_folder import CaseFolder, FolderClosedError, MemberNotFoundError
from domain.interview_rules import interview_for_proceeding, lead_days_on
from domain.proceeding import Proceeding
from services.application import CommandApplication
from services.commands import AggregateNotFoundError, CommandContext, FolderNotFoundError
from services.holidays import polish_holidays
from services.proceedings import handoff
from services.proceedings.commands import (
    AmendDecision,
    CareNotes,
    FileAppeal,
    FileApplication,
    IssueDecision,
    MarkFinal,
    ProceedingCommand,
    RecordDelivery,
    ResolveAppeal,
    RevokeDecision,
)
from services.scope import may_change_folder, may_change_proceeding
from services.work import Work, handles


class ProceedingNotFoundError(AggregateNotFoundError):
    code = "proceeding.not_found"


def _holidays_around(on: date) -> frozenset[date]:
    """Public holidays of `on`'s year and the years either side (a term counted in days may
    cross New Year); `on` is bounded first (domain/bounds.py), named as the request names it."""
    return polish_holidays(check_date(on, "on").year - 1, 3)


class ProceedingUseCases(CommandApplication):
    def _proceeding_to_change(self, work: Work, command: ProceedingCommand, *,
                              changes_decision: bool = False) -> Proceeding:
        """The proceeding the command is on, in the person's scope (else 404), at the
        version seen."""

        def in_scope(ctx: CommandContext, proceeding: Proceeding) -> bool:
            # The proceeding's folder says whose team it is in (after a transfer, the new
            # team's); out of scope it answers as if it did not exist.
            folder = self.load(CaseFolder, proceeding.folder_id, FolderNotFoundError,
                               read_only=True)
            return may_change_proceeding(ctx, proceeding, folder,
                                         changes_decision=changes_decision)

        return work.change(Proceeding, command.proceeding_id, command.expected_version,
                           in_scope=in_scope, not_found=ProceedingNotFoundError)

    @handles
    def file_application(self, command: FileApplication, work: Work) -> None:
        """Register an application (art. 102), or open a proceeding ex officio (no applicant)."""
        folder = work.read(CaseFolder, command.folder_id, FolderNotFoundError)
        if not may_change_folder(work.ctx, folder):
            raise FolderNotFoundError(id=str(command.folder_id))
        if folder.is_closed:
            raise FolderClosedError(folder_id=command.folder_id)
        if command.person_id not in folder.members:
            raise MemberNotFoundError(member_id=command.person_id)
        if command.applicant is None:
            work.create(Proceeding.open_ex_officio(
                proceeding_id=command.proceeding_id, folder_id=command.folder_id,
                person_id=command.person_id, form=command.form, opened_on=command.filed_on,
                case_reference=command.case_reference))
        else:
            work.create(Proceeding.file_application(
                proceeding_id=command.proceeding_id, folder_id=command.folder_id,
                person_id=command.person_id, form=command.form, applicant=command.applicant,
                filed_on=command.filed_on, case_reference=command.case_reference))

    @handles
    def issue_decision(self, command: IssueDecision, work: Work) -> None:
        """Issue the decision; a granted care form places the order with the provider."""
        proceeding = self._proceeding_to_change(work, command)
        folder = work.read(CaseFolder, proceeding.folder_id, FolderNotFoundError)
        if folder.is_closed:
            raise FolderClosedError(folder_id=folder.id)
        proceeding.issue_decision(
            decision_id=command.decision_id, outcome=command.outcome, reasons=command.reasons,
            legal_basis=command.legal_basis, signatory=command.signatory,
            issued_on=command.issued_on,
            interview_conducted_on=_interview_for(folder, proceeding, command.issued_on),
            care=command.care, cash=command.cash, interview_refused=command.interview_refused,
        )
        handoff.on_decision_issued(work, proceeding, folder, command.notes or CareNotes())

    @handles
    def amend_decision(self, command: AmendDecision, work: Work) -> None:
        """Amend the decision; a running care order changes with it, flagged for MCUS."""
        proceeding = self._proceeding_to_change(work, command, changes_decision=True)
        proceeding.amend_decision(amended_on=command.amended_on, reason=command.reason,
                                  care=command.care, cash=command.cash)
        handoff.on_decision_amended(work, proceeding, command.care, command.amended_on)
        handoff.on_permanent_help_changed(work, proceeding, command.amended_on)

    @handles
    def revoke_decision(self, command: RevokeDecision, work: Work) -> None:
        """Revoke the decision; its care order ends the same moment."""
        proceeding = self._proceeding_to_change(work, command, changes_decision=True)
        proceeding.revoke_decision(revoked_on=command.revoked_on, reason=command.reason)
        handoff.on_decision_revoked(work, proceeding, command.revoked_on, command.reason)
        handoff.on_permanent_help_changed(work, proceeding, command.revoked_on)

    @handles
    def record_delivery(self, command: RecordDelivery, work: Work) -> None:
        """Record that the decision was delivered to the party."""
        self._proceeding_to_change(work, command).record_delivery(command.delivered_on)

    @handles
    def file_appeal(self, command: FileAppeal, work: Work) -> None:
        """Record an appeal to the SKO (within 14 days of delivery)."""
        holidays = _holidays_around(command.filed_on)
        self._proceeding_to_change(work, command).file_appeal(command.filed_on, holidays)

    @handles
    def resolve_appeal(self, command: ResolveAppeal, work: Work) -> None:
        """Record the appeal board's ruling."""
        proceeding = self._proceeding_to_change(work, command)
        proceeding.resolve_appeal(resolved_on=command.resolved_on,
                                  decision_upheld=command.decision_upheld)
        handoff.on_permanent_help_changed(work, proceeding, command.resolved_on)

    @handles
    def mark_final(self, command: MarkFinal, work: Work) -> None:
        """Record that the decision became final."""
        holidays = _holidays_around(command.final_on)
        self._proceeding_to_change(work, command).mark_final(command.final_on, holidays)


def _interview_for(folder: CaseFolder, proceeding: Proceeding, on: date) -> date | None:
    """The latest environmental interview (or its update) made for the proceeding: on or
    after its application, or at most N days before (domain/interview_rules.py)."""
    done = [d for record in folder.interviews.values()
            for d in (record.conducted_on, *record.updates) if d is not None]
    filed_on = proceeding.opened_on
    return interview_for_proceeding(done, filed_on=filed_on, decided_on=on,
                                    lead_days=lead_days_on(filed_on))
