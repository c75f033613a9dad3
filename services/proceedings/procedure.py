"""Use cases of administrative proceedings: application → decision → delivery → final.

The handoff policy lives here too: a granting care decision places the service order with
the provider in the same transaction as the decision, an amendment changes the order, a
revocation ends it — MCUS learns of it the moment it is decided, not weeks later on paper.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from domain.bounds import check_date
from domain.care import CareTerms, CashTerms
from domain.case_folder import CaseFolder, FolderClosedError, MemberNotFoundError
from domain.handoff import Handoff
from domain.help import form_info
from domain.proceeding import Proceeding
from domain.service_order import ServiceOrder
from domain.user import User
from services.application import CommandApplication
from services.commands import (
    AggregateNotFoundError,
    CommandContext,
    CommandResult,
    FolderNotFoundError,
)
from services.holidays import polish_holidays
from services.scope import may_change_folder, may_change_proceeding

ORDER_NAMESPACE = UUID("a3c1e0f2-5b6d-4e7f-8a9b-0c1d2e3f4a5b")


class ProceedingNotFoundError(AggregateNotFoundError):
    code = "proceeding.not_found"


@dataclass(frozen=True)
class CareNotes:
    """What the social worker tells the provider beyond the decision (handoff)."""

    contact_phone: str | None = None
    access_notes: str = ""
    health_notes: str = ""
    family_notes: str = ""
    social_worker_phone: str | None = None


def order_id_for(decision_id: UUID) -> UUID:
    """The service order a care decision places (one per decision)."""
    return uuid5(ORDER_NAMESPACE, str(decision_id))


def _age(born: date | None, on: date) -> str:
    if born is None:
        return "wiek nieznany"
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return f"{years} l."


def household_summary(folder: CaseFolder, on: date) -> str:
    members = sorted(folder.members.values(), key=lambda m: m.relation != "head")
    parts = [f"{m.relation} ({_age(m.birth_date, on)})" for m in members]
    return f"{len(members)} os.: " + ", ".join(parts)


class ProceedingUseCases(CommandApplication):
    def _folder_in_scope(self, ctx: CommandContext, folder_id: UUID) -> CaseFolder:
        folder = self.load(CaseFolder, folder_id, FolderNotFoundError)
        if not may_change_folder(ctx, folder):
            raise FolderNotFoundError(id=str(folder_id))
        return folder

    def _proceeding(self, ctx: CommandContext, name: str, payload: dict[str, Any],
                    proceeding_id: UUID, expected_version: int, act, *,
                    changes_decision: bool = False) -> CommandResult:
        def in_scope(proceeding: Proceeding) -> None:
            # The proceeding's folder says whose team it is in (after a transfer, the new
            # team's); out of scope it answers as if it did not exist.
            folder = self.load(CaseFolder, proceeding.folder_id, FolderNotFoundError,
                                read_only=True)
            if not may_change_proceeding(ctx, proceeding, folder,
                                         changes_decision=changes_decision):
                raise ProceedingNotFoundError(id=str(proceeding_id))

        return self.execute(ctx, name, payload, act,
                            load=(Proceeding, proceeding_id, expected_version),
                            not_found=ProceedingNotFoundError, may_act=in_scope)

    def file_application(
        self, ctx: CommandContext, *, proceeding_id: UUID, folder_id: UUID, person_id: UUID,
        form: str, applicant: str | None, on: date, case_reference: str,
    ) -> CommandResult:
        """Register an application (art. 102), or open a proceeding ex officio (no applicant)."""
        folder = self._folder_in_scope(ctx, folder_id)
        if folder.is_closed:
            raise FolderClosedError(folder_id=folder_id)
        if person_id not in folder.members:
            raise MemberNotFoundError(member_id=person_id)
        payload = {"proceeding_id": proceeding_id, "folder_id": folder_id,
                   "person_id": person_id, "form": form, "applicant": applicant, "on": on,
                   "case_reference": case_reference}

        def act() -> Proceeding:
            if applicant is None:
                return Proceeding.open_ex_officio(
                    proceeding_id=proceeding_id, folder_id=folder_id, person_id=person_id,
                    form=form, opened_on=on, case_reference=case_reference)
            return Proceeding.file_application(
                proceeding_id=proceeding_id, folder_id=folder_id, person_id=person_id,
                form=form, applicant=applicant, filed_on=on, case_reference=case_reference)

        return self.execute(ctx, "file_application", payload, act)

    def issue_decision(
        self, ctx: CommandContext, proceeding_id: UUID, expected_version: int, *,
        decision_id: UUID, outcome: str, reasons: tuple[str, ...], legal_basis: str,
        signatory: str, issued_on: date, care: CareTerms | None = None,
        cash: CashTerms | None = None, notes: CareNotes | None = None,
    ) -> CommandResult:
        """Issue the decision; a granted care form places the order with the provider."""
        payload = {"proceeding_id": proceeding_id, "decision_id": decision_id,
                   "outcome": outcome, "reasons": reasons, "legal_basis": legal_basis,
                   "signatory": signatory, "issued_on": issued_on, "care": care,
                   "cash": cash, "notes": notes}

        def act(proceeding: Proceeding):
            folder = self.load(CaseFolder, proceeding.folder_id, FolderNotFoundError)
            if folder.is_closed:
                raise FolderClosedError(folder_id=folder.id)
            proceeding.issue_decision(
                decision_id=decision_id, outcome=outcome, reasons=reasons,
                legal_basis=legal_basis, signatory=signatory, issued_on=issued_on,
                interview_conducted_on=_interview_before(folder, issued_on),
                care=care, cash=cash,
            )
            changed: list[Any] = [proceeding]
            if proceeding.places_service_order:
                changed.append(self._place_order(proceeding, folder, decision_id, issued_on,
                                                 notes or CareNotes()))
            if (outcome == "grant" and form_info(proceeding.form).permanent
                    and not folder.permanent_help and not folder.is_closed):
                # Art. 107 ust. 4: permanent help → the interview is updated every 6 months.
                folder.note_permanent_help(True)
                changed.append(folder)
            return tuple(changed)

        return self._proceeding(ctx, "issue_decision", payload, proceeding_id,
                                expected_version, act)

    def _place_order(self, proceeding: Proceeding, folder: CaseFolder, decision_id: UUID,
                     on: date, notes: CareNotes) -> ServiceOrder:
        terms = proceeding.care_terms
        person = folder.members[proceeding.person_id]
        worker_name = "—"
        if folder.worker_id is not None:
            with contextlib.suppress(AggregateNotFoundError):
                worker = self.load(User, folder.worker_id, AggregateNotFoundError)
                worker_name = worker.display_name
        handoff = Handoff(
            client_name=person.full_name, address_line=folder.address.line,
            contact_phone=notes.contact_phone, access_notes=notes.access_notes,
            household_summary=household_summary(folder, on), health_notes=notes.health_notes,
            family_notes=notes.family_notes,
            social_worker_id=folder.worker_id or UUID(int=0), social_worker_name=worker_name,
            social_worker_phone=notes.social_worker_phone,
        )
        return ServiceOrder.place(
            order_id=order_id_for(decision_id), provider_id=terms.provider_id,
            proceeding_id=proceeding.id, decision_id=decision_id, folder_id=folder.id,
            person_id=proceeding.person_id, case_reference=proceeding.case_reference,
            form=proceeding.form, terms=terms, handoff=handoff, placed_on=on,
        )

    def _order_of(self, proceeding: Proceeding) -> ServiceOrder | None:
        if proceeding.decision is None:
            return None
        try:
            return self.load(ServiceOrder, order_id_for(proceeding.decision.decision_id),
                              AggregateNotFoundError)
        except AggregateNotFoundError:
            return None

    def amend_decision(
        self, ctx: CommandContext, proceeding_id: UUID, expected_version: int, *,
        amended_on: date, reason: str, care: CareTerms | None, cash: CashTerms | None,
    ) -> CommandResult:
        """Amend the decision; a running care order changes with it, flagged for MCUS."""
        payload = {"proceeding_id": proceeding_id, "amended_on": amended_on, "reason": reason,
                   "care": care, "cash": cash}

        def act(proceeding: Proceeding):
            proceeding.amend_decision(amended_on=amended_on, reason=reason, care=care, cash=cash)
            order = self._order_of(proceeding)
            if order is not None and care is not None and order.ended_on is None:
                order.change_terms(care, amended_on)
                return proceeding, order
            return proceeding

        return self._proceeding(ctx, "amend_decision", payload, proceeding_id,
                                expected_version, act, changes_decision=True)

    def revoke_decision(
        self, ctx: CommandContext, proceeding_id: UUID, expected_version: int, *,
        revoked_on: date, reason: str,
    ) -> CommandResult:
        """Revoke the decision; its care order ends the same moment."""
        payload = {"proceeding_id": proceeding_id, "revoked_on": revoked_on, "reason": reason}

        def act(proceeding: Proceeding):
            order = self._order_of(proceeding)
            proceeding.revoke_decision(revoked_on=revoked_on, reason=reason)
            if order is not None and order.ended_on is None:
                order.end(revoked_on, f"Decyzja uchylona: {reason}")
                return proceeding, order
            return proceeding

        return self._proceeding(ctx, "revoke_decision", payload, proceeding_id,
                                expected_version, act, changes_decision=True)

    def record_delivery(self, ctx: CommandContext, proceeding_id: UUID, expected_version: int,
                        delivered_on: date) -> CommandResult:
        """Record that the decision was delivered to the party."""
        return self._proceeding(
            ctx, "record_delivery", {"proceeding_id": proceeding_id, "on": delivered_on},
            proceeding_id, expected_version,
            lambda p: (p.record_delivery(delivered_on), p)[1])

    def file_appeal(self, ctx: CommandContext, proceeding_id: UUID, expected_version: int,
                    filed_on: date) -> CommandResult:
        """Record an appeal to the SKO (within 14 days of delivery)."""
        holidays = polish_holidays(check_date(filed_on, "on").year - 1, 3)
        return self._proceeding(
            ctx, "file_appeal", {"proceeding_id": proceeding_id, "on": filed_on},
            proceeding_id, expected_version,
            lambda p: (p.file_appeal(filed_on, holidays), p)[1])

    def resolve_appeal(self, ctx: CommandContext, proceeding_id: UUID, expected_version: int,
                       resolved_on: date, decision_upheld: bool) -> CommandResult:
        """Record the appeal board's ruling."""
        return self._proceeding(
            ctx, "resolve_appeal",
            {"proceeding_id": proceeding_id, "on": resolved_on, "upheld": decision_upheld},
            proceeding_id, expected_version,
            lambda p: (p.resolve_appeal(resolved_on=resolved_on,
                                        decision_upheld=decision_upheld), p)[1])

    def mark_final(self, ctx: CommandContext, proceeding_id: UUID, expected_version: int,
                   final_on: date) -> CommandResult:
        """Record that the decision became final."""
        holidays = polish_holidays(check_date(final_on, "on").year - 1, 3)
        return self._proceeding(
            ctx, "mark_final", {"proceeding_id": proceeding_id, "on": final_on},
            proceeding_id, expected_version,
            lambda p: (p.mark_final(final_on, holidays), p)[1])


def _interview_before(folder: CaseFolder, on: date) -> date | None:
    """The latest environmental interview (or its update) conducted on or before `on`."""
    done = [d for record in folder.interviews.values()
            for d in (record.conducted_on, *record.updates) if d is not None and d <= on]
    return max(done, default=None)
