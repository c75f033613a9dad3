"""Use cases of undue benefits (art. 98 u.p.s.) and summonses (art. 50 KPA): one handler per
command (services/receivables/commands.py), each load → act, on the proceeding.

Who: a reclaim decision, its write-off or new terms — decision makers, on any proceeding of
theirs that granted cash (the authority decides after the grant became final, as for an
amendment); a repayment — a manager of the folder's team or a decision maker; a summons — a
decision maker, or the social worker of the folder's team. The routes name the roles; the
scope here is `may_change_proceeding` (services/scope.py).
"""

from __future__ import annotations

from domain.case_folder import CaseFolder
from domain.documents import DocumentKind
from domain.proceeding import Proceeding
from services.application import CommandApplication
from services.commands import CommandContext, FolderNotFoundError
from services.documents.issuing import issue_document
from services.proceedings.commands import ProceedingCommand
from services.proceedings.procedure import ProceedingNotFoundError
from services.receivables.commands import (
    DecideReclaim,
    IssueSummons,
    RecordRepayment,
    WriteOffReclaim,
)
from services.scope import may_change_proceeding
from services.work import Work, handles


class ReclaimUseCases(CommandApplication):
    def _on(self, work: Work, command: ProceedingCommand) -> Proceeding:
        """The proceeding, in the person's scope (else 404), at the version seen. Reclaims
        and summonses come after the grant, often once it is final: in a decision maker's
        scope as an amendment is (`changes_decision`)."""

        def in_scope(ctx: CommandContext, proceeding: Proceeding) -> bool:
            folder = self.load(CaseFolder, proceeding.folder_id, FolderNotFoundError,
                               read_only=True)
            return may_change_proceeding(ctx, proceeding, folder, changes_decision=True)

        return work.change(Proceeding, command.proceeding_id, command.expected_version,
                           in_scope=in_scope, not_found=ProceedingNotFoundError)

    @staticmethod
    def _folder_of(work: Work, proceeding: Proceeding) -> CaseFolder:
        return work.read(CaseFolder, proceeding.folder_id, FolderNotFoundError)

    @handles
    def decide_reclaim(self, command: DecideReclaim, work: Work) -> None:
        """Decide that paid benefits were undue, and how they are returned; its document."""
        proceeding = self._on(work, command)
        proceeding.decide_reclaim(
            reclaim_id=command.reclaim_id, issued_on=command.issued_on,
            amount=command.amount, basis=command.basis, period_from=command.period_from,
            period_to=command.period_to,
            instalments=[term.as_dict() for term in command.instalments],
            reason=command.reason, signatory=command.signatory, paid=command.paid)
        issue_document(work, proceeding, self._folder_of(work, proceeding),
                       DocumentKind.RECLAIM)

    @handles
    def record_repayment(self, command: RecordRepayment, work: Work) -> None:
        """Record money returned against a reclaim, never more than is owed."""
        self._on(work, command).record_repayment(
            reclaim_id=command.reclaim_id, paid_on=command.paid_on, amount=command.amount,
            method=command.method)

    @handles
    def write_off_reclaim(self, command: WriteOffReclaim, work: Work) -> None:
        """Write off, defer or spread what is owed (art. 104 ust. 4 u.p.s.)."""
        self._on(work, command).write_off_reclaim(
            reclaim_id=command.reclaim_id, decided_on=command.decided_on, kind=command.kind,
            amount=command.amount, instalments=[t.as_dict() for t in command.instalments],
            reason=command.reason)

    @handles
    def issue_summons(self, command: IssueSummons, work: Work) -> None:
        """Summon the party (KPA art. 50); its document."""
        proceeding = self._on(work, command)
        proceeding.issue_summons(issued_on=command.issued_on, purpose=command.purpose,
                                 subject=command.subject, due_on=command.due_on,
                                 place=command.place)
        issue_document(work, proceeding, self._folder_of(work, proceeding),
                       DocumentKind.SUMMONS)
