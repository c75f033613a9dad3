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
from domain.documents import DocumentKind, decision_kind
from domain.interview_rules import interview_for_proceeding, lead_days_on
from domain.proceeding import Proceeding
from services.application import CommandApplication
from services.commands import AggregateNotFoundError, CommandContext, FolderNotFoundError
from services.documents.issuing import issue_document
from services.holidays import polish_holidays
from services.proceedings import handoff
from services.proceedings.benefits import (
    check_changed_amount,
    check_granted_amount,
    check_granted_terms,
)
from services.proceedings.commands import (
    AmendDecision,
    CareNotes,
    ChangeOnAppeal,
    DiscontinueProceeding,
    FileAppeal,
    FileApplication,
    IssueDecision,
    IssueDelayNotice,
    MarkComplicated,
    MarkFinal,
    ProceedingCommand,
    RecordDelivery,
    ResolveAppeal,
    ResumeProceeding,
    RevokeDecision,
    SuspendProceeding,
    WaiveAppeal,
    WithdrawApplication,
)
from services.providers.directory import chosen_provider
from services.scope import may_change_proceeding, may_file_application
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

    @staticmethod
    def _folder_of(work: Work, proceeding: Proceeding) -> CaseFolder:
        """The folder naming the party a document is addressed to."""
        return work.read(CaseFolder, proceeding.folder_id, FolderNotFoundError)

    @handles
    def file_application(self, command: FileApplication, work: Work) -> None:
        """Register an application (art. 102), or open a proceeding ex officio (no applicant)."""
        folder = work.read(CaseFolder, command.folder_id, FolderNotFoundError)
        if not may_file_application(work.ctx, folder):
            raise FolderNotFoundError(id=str(command.folder_id))
        if folder.is_closed:
            raise FolderClosedError(folder_id=command.folder_id)
        if command.person_id not in folder.members:
            raise MemberNotFoundError(member_id=command.person_id)
        if command.applicant is None:
            proceeding = work.create(Proceeding.open_ex_officio(
                proceeding_id=command.proceeding_id, folder_id=command.folder_id,
                person_id=command.person_id, form=command.form, opened_on=command.filed_on,
                case_reference=command.case_reference))
        else:
            proceeding = work.create(Proceeding.file_application(
                proceeding_id=command.proceeding_id, folder_id=command.folder_id,
                person_id=command.person_id, form=command.form, applicant=command.applicant,
                filed_on=command.filed_on, case_reference=command.case_reference))
        if command.signature is not None:  # ex officio: refused, nobody applied to sign
            proceeding.sign_application(command.signature)

    @handles
    def issue_decision(self, command: IssueDecision, work: Work) -> None:
        """Issue the decision; a granted care form places the order with the provider, who
        must be in the directory, active and offering the form."""
        proceeding = self._proceeding_to_change(work, command)
        folder = work.read(CaseFolder, proceeding.folder_id, FolderNotFoundError)
        if folder.is_closed:
            raise FolderClosedError(folder_id=folder.id)
        if command.care is not None:  # no order is ever placed to nowhere
            chosen_provider(work, command.care.provider_id, proceeding.form)
        proceeding.issue_decision(
            decision_id=command.decision_id, outcome=command.outcome, reasons=command.reasons,
            legal_basis=command.legal_basis, signatory=command.signatory,
            issued_on=command.issued_on,
            interview_conducted_on=_interview_for(folder, proceeding, command.issued_on),
            care=command.care, cash=command.cash, interview_refused=command.interview_refused,
            amount_justification=command.amount_justification,
            days=command.days, dps_fee=command.dps_fee,
        )
        # The domain's refusals speak first (no decision without its interview, art. 106
        # ust. 4 pomocy społecznej), then the amount's rules; a refused amount still writes
        # nothing (the unit of work is not saved), as for an amendment.
        check_granted_amount(self, folder, proceeding, command.outcome,
                             command.cash.amount if command.cash else None,
                             command.amount_justification)
        check_granted_terms(self, folder, proceeding, command.outcome, command.care,
                            command.days, command.dps_fee)
        if proceeding.decision is not None:  # just issued: its document (art. 107 KPA)
            issue_document(work, proceeding, folder, decision_kind(proceeding.decision))
        handoff.on_decision_issued(work, proceeding, folder, command.notes or CareNotes())

    @handles
    def amend_decision(self, command: AmendDecision, work: Work) -> None:
        """Amend the decision; a running care order changes with it, flagged for MCUS."""
        proceeding = self._proceeding_to_change(work, command, changes_decision=True)
        current = proceeding.care_terms
        if command.care is not None and (
                current is None or command.care.provider_id != current.provider_id):
            # A new provider is chosen as a decision chooses one; the same one stays, even
            # if since deactivated (its running order goes on).
            chosen_provider(work, command.care.provider_id, proceeding.form)
        proceeding.amend_decision(amended_on=command.amended_on, reason=command.reason,
                                  care=command.care, cash=command.cash)
        folder = self._folder_of(work, proceeding)
        # The domain's refusals (not a grant, revoked, before the decision) speak first; a
        # refused amount still writes nothing (the unit of work is not saved).
        check_changed_amount(self, folder, proceeding, command.cash, command.reason,
                             command.care)
        issue_document(work, proceeding, folder, DocumentKind.DECISION_AMENDMENT)
        handoff.on_decision_amended(work, proceeding, command.care, command.amended_on)
        handoff.on_permanent_help_changed(work, proceeding, command.amended_on)

    @handles
    def revoke_decision(self, command: RevokeDecision, work: Work) -> None:
        """Revoke the decision; its care order ends the same moment."""
        proceeding = self._proceeding_to_change(work, command, changes_decision=True)
        proceeding.revoke_decision(revoked_on=command.revoked_on, reason=command.reason)
        issue_document(work, proceeding, self._folder_of(work, proceeding),
                       DocumentKind.DECISION_REVOCATION)
        handoff.on_decision_revoked(work, proceeding, command.revoked_on, command.reason)
        handoff.on_permanent_help_changed(work, proceeding, command.revoked_on)

    @handles
    def record_delivery(self, command: RecordDelivery, work: Work) -> None:
        """Record that the decision was delivered to the party."""
        self._proceeding_to_change(work, command).record_delivery(command.delivered_on)

    @handles
    def file_appeal(self, command: FileAppeal, work: Work) -> None:
        """Record an appeal to the SKO (within 14 days of delivery)."""
        holidays = _holidays_around(command.posted_on or command.filed_on)
        self._proceeding_to_change(work, command).file_appeal(
            command.filed_on, holidays, posted_on=command.posted_on)

    @handles
    def resolve_appeal(self, command: ResolveAppeal, work: Work) -> None:
        """Record the appeal board's ruling; a decision set aside ends its care order and its
        permanent form."""
        proceeding = self._proceeding_to_change(work, command)
        proceeding.resolve_appeal(resolved_on=command.resolved_on,
                                  decision_upheld=command.decision_upheld)
        if not command.decision_upheld:
            handoff.on_decision_set_aside(work, proceeding, command.resolved_on)
        handoff.on_permanent_help_changed(work, proceeding, command.resolved_on)

    @handles
    def change_on_appeal(self, command: ChangeOnAppeal, work: Work) -> None:
        """Record the SKO's change of the decision; a running care order and a permanent form
        change with it."""
        proceeding = self._proceeding_to_change(work, command)
        proceeding.change_on_appeal(resolved_on=command.resolved_on, reason=command.reason,
                                    care=command.care, cash=command.cash)
        check_changed_amount(self, self._folder_of(work, proceeding), proceeding,
                             command.cash, command.reason, command.care)
        handoff.on_decision_amended(work, proceeding, command.care, command.resolved_on)
        handoff.on_permanent_help_changed(work, proceeding, command.resolved_on)

    @handles
    def mark_final(self, command: MarkFinal, work: Work) -> None:
        """Record that the decision became final."""
        holidays = _holidays_around(command.final_on)
        self._proceeding_to_change(work, command).mark_final(command.final_on, holidays)

    # -- the course of the procedure (KPA) ------------------------------------------------

    @handles
    def mark_complicated(self, command: MarkComplicated, work: Work) -> None:
        """Mark the case particularly complicated (two months, KPA art. 35 § 3)."""
        self._proceeding_to_change(work, command).mark_complicated(
            marked_on=command.marked_on, reason=command.reason)

    @handles
    def issue_delay_notice(self, command: IssueDelayNotice, work: Work) -> None:
        """Notify the party of a delay, its reason and the new date (KPA art. 36)."""
        proceeding = self._proceeding_to_change(work, command)
        proceeding.issue_delay_notice(
            issued_on=command.issued_on, reason=command.reason, new_date=command.new_date)
        issue_document(work, proceeding, self._folder_of(work, proceeding),
                       DocumentKind.DELAY_NOTICE)

    @handles
    def suspend_proceeding(self, command: SuspendProceeding, work: Work) -> None:
        """Suspend the proceeding; the term stops (KPA art. 35 § 5)."""
        self._proceeding_to_change(work, command).suspend(
            suspended_on=command.suspended_on, reason=command.reason)

    @handles
    def resume_proceeding(self, command: ResumeProceeding, work: Work) -> None:
        """Resume the suspended proceeding; the term runs on."""
        self._proceeding_to_change(work, command).resume(resumed_on=command.resumed_on)

    @handles
    def discontinue_proceeding(self, command: DiscontinueProceeding, work: Work) -> None:
        """Discontinue the proceeding as groundless (KPA art. 105 § 1)."""
        self._proceeding_to_change(work, command).discontinue(
            discontinued_on=command.discontinued_on, reason=command.reason)

    @handles
    def withdraw_application(self, command: WithdrawApplication, work: Work) -> None:
        """Record that the party withdrew the application (KPA art. 105 § 2)."""
        self._proceeding_to_change(work, command).withdraw(withdrawn_on=command.withdrawn_on)

    @handles
    def waive_appeal(self, command: WaiveAppeal, work: Work) -> None:
        """Record the party's waiver of the appeal: final at once (KPA art. 127a)."""
        self._proceeding_to_change(work, command).waive_appeal(waived_on=command.waived_on)


def _interview_for(folder: CaseFolder, proceeding: Proceeding, on: date) -> date | None:
    """The latest environmental interview (or its update) made for the proceeding: on or
    after its application, or at most N days before (domain/interview_rules.py)."""
    done = [d for record in folder.interviews.values()
            for d in (record.conducted_on, *record.updates) if d is not None]
    filed_on = proceeding.opened_on
    return interview_for_proceeding(done, filed_on=filed_on, decided_on=on,
                                    lead_days=lead_days_on(filed_on))
