"""A proceeding for one form of help for one person: application, decision, delivery, appeal."""

from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.appeal import NO_HOLIDAYS, AppealBeforeDeliveryError
from domain.benefit_terms import DaysTerms, DpsFee
from domain.benefits import MAX_JUSTIFICATION_LENGTH
from domain.bounds import check_date
from domain.care import CareTerms, CashTerms
from domain.decision import (
    MAX_CHANGE_REASON_LENGTH,
    ChangeReasonRequiredError,
    DecisionAlreadyFinalError,
    DecisionAlreadyIssuedError,
    DecisionAlreadyRevokedError,
    DecisionNotDeliveredError,
    DecisionNotIssuedError,
    DecisionRecord,
    DecisionRevokedError,
    DuplicateDecisionError,
    required_text,
)
from domain.documents import Authority, DocumentKind, DuplicateDocumentError, IssuedDocument
from domain.errors import DomainConflictError, DomainError, InvalidValueError
from domain.help import CaseReference, form_info
from domain.kpa import (
    AlreadyComplicatedError,
    AlreadyDecidedError,
    DateBeforeOpeningError,
    NewDateNotLaterError,
    NoApplicantError,
    PostedAfterFilingError,
    ProceedingClosedError,
    ProceedingNotSuspendedError,
    ProceedingSuspendedError,
    ReasonRequiredError,
    ResumedBeforeSuspendedError,
    WaiverAfterAppealError,
)
from domain.reclaim import (
    MAX_SIGNATORY,
    MAX_SUMMONS_PLACE,
    Reclaim,
    ReclaimAbovePaidError,
    ReclaimBasis,
    ReclaimBasisInvalidError,
    ReclaimDuplicateError,
    ReclaimNotFoundError,
    ReclaimPeriodInvalidError,
    RepaymentInvalidError,
    RepaymentMethod,
    SummonsInvalidError,
    SummonsPurpose,
    money,
    reason_text,
    summons_due,
    summons_text,
)
from domain.reclaim import check_terms as check_repayment_terms
from domain.signature import Signature
from domain.text import within


class ProceedingError(DomainError):
    code = "proceeding.error"


class InvalidApplicantError(ProceedingError, InvalidValueError):
    code = "proceeding.invalid_applicant"


class SignatureWithoutApplicantError(ProceedingError, InvalidValueError):
    """A proceeding opened ex officio has no applicant to sign it."""

    code = "proceeding.signature_without_applicant"


class AlreadySignedError(ProceedingError, DomainConflictError):
    code = "proceeding.already_signed"


class Applicant(StrEnum):
    """Who filed the application (art. 102): the person, their representative, another."""

    PERSON = "person"
    REPRESENTATIVE = "representative"
    OTHER_WITH_CONSENT = "other_with_consent"


class Proceeding(Aggregate):
    """An administrative proceeding (art. 102-106): one person, one form of help, one file."""

    class ApplicationFiled(Aggregate.Created):
        folder_id: UUID
        person_id: UUID
        form: str
        applicant: str
        filed_on: date
        case_reference: str

    class ProceedingOpenedExOfficio(Aggregate.Created):
        folder_id: UUID
        person_id: UUID
        form: str
        opened_on: date
        case_reference: str

    @classmethod
    def file_application(
        cls,
        *,
        proceeding_id: UUID,
        folder_id: UUID,
        person_id: UUID,
        form: str,
        applicant: str,
        filed_on: date,
        case_reference: str,
    ) -> "Proceeding":
        """Register an application of the person, their representative or another (art. 102)."""
        check_date(filed_on, "on")
        form_info(form)
        try:
            applicant = Applicant(applicant).value
        except ValueError:
            raise InvalidApplicantError(applicant=applicant) from None
        return cls._create(
            cls.ApplicationFiled,
            id=proceeding_id,
            folder_id=folder_id,
            person_id=person_id,
            form=str(form),
            applicant=applicant,
            filed_on=filed_on,
            case_reference=CaseReference.parse(case_reference).text,
        )

    @classmethod
    def open_ex_officio(
        cls,
        *,
        proceeding_id: UUID,
        folder_id: UUID,
        person_id: UUID,
        form: str,
        opened_on: date,
        case_reference: str,
    ) -> "Proceeding":
        """Open a proceeding on the centre's own initiative (z urzędu)."""
        check_date(opened_on, "on")
        form_info(form)
        return cls._create(
            cls.ProceedingOpenedExOfficio,
            id=proceeding_id,
            folder_id=folder_id,
            person_id=person_id,
            form=str(form),
            opened_on=opened_on,
            case_reference=CaseReference.parse(case_reference).text,
        )

    def __init__(
        self,
        *,
        folder_id: UUID,
        person_id: UUID,
        form: str,
        case_reference: str,
        applicant: str | None = None,
        filed_on: date | None = None,
        opened_on: date | None = None,
    ) -> None:
        self.folder_id = folder_id
        self.person_id = person_id
        self.form = form
        self.case_reference = case_reference
        self.applicant = applicant  # None: opened ex officio
        self.opened_on: date = filed_on or opened_on  # type: ignore[assignment]
        self.decisions: dict[UUID, DecisionRecord] = {}
        self.decision_id: UUID | None = None
        self.signed = False
        # The course of the procedure (KPA): domain/kpa.py has its terms.
        self.complicated = False
        self.suspended_on: date | None = None
        self.suspended_days = 0
        self.delayed_to: date | None = None
        self.closed_as: str | None = None  # "discontinued" or "withdrawn"
        self.closed_on: date | None = None
        # The documents issued (art. 107 KPA), by id: domain/documents.py.
        self.documents: dict[str, IssuedDocument] = {}
        # Undue benefits reclaimed (art. 98 u.p.s.), by id: domain/reclaim.py.
        self.reclaims: dict[UUID, Reclaim] = {}

    @property
    def decision(self) -> DecisionRecord | None:
        """The latest decision, whatever became of it."""
        return self.decisions[self.decision_id] if self.decision_id is not None else None

    @property
    def status(self) -> str:
        decision = self.decision
        if self.closed_as is not None:
            return self.closed_as
        if self.suspended_on is not None:
            return "suspended"
        if decision is None or decision.set_aside:
            return "filed"
        if decision.revoked_on is not None:
            return "revoked"
        if decision.final_on is not None:
            return "final"
        if decision.appeal_pending:
            return "appealed"
        return "delivered" if decision.delivered_on is not None else "decided"

    @property
    def is_pending(self) -> bool:
        """Whether the proceeding waits for a decision (the decision makers' worklist)."""
        return self.status == "filed" and form_info(self.form).needs_decision

    @property
    def outcome(self) -> str | None:
        return self.decision.outcome if self.decision is not None else None

    @property
    def care_terms(self) -> CareTerms | None:
        decision = self.decision
        return decision.care if decision is not None and decision.stands else None

    @property
    def cash_terms(self) -> CashTerms | None:
        decision = self.decision
        return decision.cash if decision is not None and decision.stands else None

    @property
    def places_service_order(self) -> bool:
        """Whether a standing decision grants a form the provider delivers (care, DDP, DPS)."""
        decision = self.decision
        return (
            decision is not None
            and decision.stands
            and decision.is_grant
            and form_info(self.form).places_service_order
        )

    def sign_application(self, signature: Signature) -> None:
        """Record the applicant's signature, drawn on the tablet's screen when it was filed."""
        if self.applicant is None:
            raise SignatureWithoutApplicantError(proceeding_id=self.id)
        if self.signed:
            raise AlreadySignedError(proceeding_id=self.id)
        self._application_signed(member_id=self.person_id, applicant=self.applicant,
                                 media_type=signature.media_type, image=signature.image)

    class ApplicationSigned(Aggregate.Event):
        # The image is sealed with the key of the person the application is for (member_id).
        member_id: UUID
        applicant: str
        media_type: str
        image: str

    @event(ApplicationSigned)
    def _application_signed(self, member_id: UUID, applicant: str, media_type: str,
                            image: str) -> None:
        self.signed = True

    def issue_decision(
        self,
        *,
        decision_id: UUID,
        outcome: str,
        reasons: Iterable[str],
        legal_basis: str,
        signatory: str,
        issued_on: date,
        interview_conducted_on: date | None,
        care: CareTerms | None = None,
        cash: CashTerms | None = None,
        interview_refused: bool = False,
        amount_justification: str = "",
        days: DaysTerms | None = None,
        dps_fee: DpsFee | None = None,
    ) -> None:
        """Issue the decision, signed on behalf of the mayor by an authorised person.

        `amount_justification`: why a cash amount the law bounds (rather than computes) is
        what it is (services/proceedings/benefits.py checks the amount after this, so this
        method's refusals speak first; a refused amount saves nothing)."""
        check_date(issued_on, "issued_on")
        check_terms(care, cash)
        if days is not None:
            check_date(days.period_from, "days.period_from")
            if days.period_to is not None:
                check_date(days.period_to, "days.period_to")
        self._check_running()
        current = self.decision
        if current is not None and current.stands:
            raise DecisionAlreadyIssuedError(decision_id=current.decision_id)
        if decision_id in self.decisions:
            raise DuplicateDecisionError(decision_id=decision_id)
        decision = DecisionRecord.issue(
            form_info(self.form),
            decision_id=decision_id,
            outcome=outcome,
            reasons=reasons,
            legal_basis=legal_basis,
            signatory=signatory,
            issued_on=issued_on,
            interview_conducted_on=interview_conducted_on,
            opened_on=self.opened_on,
            care=care,
            cash=cash,
            interview_refused=interview_refused,
            form=self.form,
            days=days,
            dps_fee=dps_fee,
        )
        self._decision_issued(
            decision_id=decision_id,
            form=self.form,
            outcome=decision.outcome,
            reasons=decision.reasons,
            legal_basis=decision.legal_basis,
            signatory=decision.signatory,
            issued_on=issued_on,
            interview_conducted_on=decision.interview_conducted_on,
            care=care,
            cash=cash,
            interview_refused=interview_refused,
            amount_justification=_justification(amount_justification),
            days=days,
            dps_fee=dps_fee,
        )

    class DecisionIssued(Aggregate.Event):
        decision_id: UUID
        form: str
        outcome: str
        reasons: tuple[str, ...]
        legal_basis: str
        signatory: str
        issued_on: date
        # None only for a refusal because the person refused the interview (art. 107 ust. 4a).
        interview_conducted_on: date | None
        care: CareTerms | None
        cash: CashTerms | None
        # Added 2026-12 (issue #17); decisions issued before never rested on a refusal.
        interview_refused: bool = False
        # Added 2026-12 (issue #18): events stored before have none (None); sealed, since a
        # justification may tell of the person's circumstances.
        amount_justification: str | None = None
        # Added 2026-12 (issue #18): meals' and shelter's days × unit cost; a DPS fee split
        # (sealed: it names the family's payers). Events stored before have neither.
        days: DaysTerms | None = None
        dps_fee: DpsFee | None = None

    @event(DecisionIssued)
    def _decision_issued(
        self,
        decision_id: UUID,
        form: str,
        outcome: str,
        reasons: tuple[str, ...],
        legal_basis: str,
        signatory: str,
        issued_on: date,
        interview_conducted_on: date | None,
        care: CareTerms | None,
        cash: CashTerms | None,
        interview_refused: bool = False,
        amount_justification: str | None = None,
        days: DaysTerms | None = None,
        dps_fee: DpsFee | None = None,
    ) -> None:
        self.decisions[decision_id] = DecisionRecord(
            decision_id=decision_id,
            outcome=outcome,
            reasons=tuple(reasons),
            legal_basis=legal_basis,
            signatory=signatory,
            issued_on=issued_on,
            interview_conducted_on=interview_conducted_on,
            care=care,
            cash=cash,
            interview_refused=interview_refused,
            days=days,
            dps_fee=dps_fee,
        )
        self.decision_id = decision_id

    def amend_decision(
        self,
        *,
        amended_on: date,
        reason: str,
        care: CareTerms | None = None,
        cash: CashTerms | None = None,
    ) -> None:
        """Change the terms of a granting decision (e.g. more hours of care)."""
        check_date(amended_on, "amended_on")
        check_terms(care, cash)
        decision = self._standing_decision()
        decision.check_amendment(form_info(self.form), amended_on, care, cash)
        self._decision_amended(
            decision_id=decision.decision_id,
            amended_on=amended_on,
            care=care,
            cash=cash,
            reason=required_text(reason, ChangeReasonRequiredError, "reason",
                                 MAX_CHANGE_REASON_LENGTH),
        )

    class DecisionAmended(Aggregate.Event):
        decision_id: UUID
        amended_on: date
        care: CareTerms | None
        cash: CashTerms | None
        reason: str

    @event(DecisionAmended)
    def _decision_amended(
        self,
        decision_id: UUID,
        amended_on: date,
        care: CareTerms | None,
        cash: CashTerms | None,
        reason: str,
    ) -> None:
        decision = self.decisions[decision_id]
        self.decisions[decision_id] = replace(
            decision,
            care=care if care is not None else decision.care,
            cash=cash if cash is not None else decision.cash,
            amended_on=(*decision.amended_on, amended_on),
        )

    def revoke_decision(self, *, revoked_on: date, reason: str) -> None:
        """Revoke the decision (e.g. help no longer needed, the person died)."""
        check_date(revoked_on, "revoked_on")
        decision = self._latest_decision()
        if decision.revoked_on is not None:
            raise DecisionAlreadyRevokedError(decision_id=decision.decision_id)
        decision.check_not_before_issue(revoked_on)
        self._decision_revoked(
            decision_id=decision.decision_id,
            revoked_on=revoked_on,
            reason=required_text(reason, ChangeReasonRequiredError, "reason",
                                 MAX_CHANGE_REASON_LENGTH),
        )

    class DecisionRevoked(Aggregate.Event):
        decision_id: UUID
        revoked_on: date
        reason: str

    @event(DecisionRevoked)
    def _decision_revoked(self, decision_id: UUID, revoked_on: date, reason: str) -> None:
        self.decisions[decision_id] = replace(self.decisions[decision_id], revoked_on=revoked_on)

    def record_delivery(self, delivered_on: date) -> None:
        """Record the day the decision was delivered to the party; the appeal term runs."""
        check_date(delivered_on, "on")
        decision = self._standing_decision()
        decision.check_delivery(delivered_on)
        self._decision_delivered(decision_id=decision.decision_id, delivered_on=delivered_on)

    class DecisionDelivered(Aggregate.Event):
        decision_id: UUID
        delivered_on: date

    @event(DecisionDelivered)
    def _decision_delivered(self, decision_id: UUID, delivered_on: date) -> None:
        self.decisions[decision_id] = replace(
            self.decisions[decision_id], delivered_on=delivered_on
        )

    def file_appeal(self, filed_on: date, holidays: Collection[date] = NO_HOLIDAYS,
                    posted_on: date | None = None) -> None:
        """Record an appeal to the local appeals board (SKO), within 14 days of delivery; one
        sent by post counts from the day it was posted (KPA art. 57 § 5 pkt 2)."""
        check_date(filed_on, "on")
        if posted_on is not None:
            check_date(posted_on, "posted_on")
            if posted_on > filed_on:
                raise PostedAfterFilingError(posted_on=posted_on, filed_on=filed_on)
        decision = self._standing_decision()
        decision.check_appeal(posted_on or filed_on, holidays)
        self._appeal_filed(decision_id=decision.decision_id, filed_on=filed_on,
                           posted_on=posted_on)

    class AppealFiled(Aggregate.Event):
        decision_id: UUID
        filed_on: date
        # Added with the KPA procedure (issue #18): older appeals were not posted.
        posted_on: date | None = None

    @event(AppealFiled)
    def _appeal_filed(self, decision_id: UUID, filed_on: date,
                      posted_on: date | None = None) -> None:
        self.decisions[decision_id] = replace(self.decisions[decision_id], appeal_filed_on=filed_on)

    def resolve_appeal(self, *, resolved_on: date, decision_upheld: bool) -> None:
        """Record the appeals board's ruling: the decision upheld, or set aside for a new one."""
        check_date(resolved_on, "on")
        decision = self._standing_decision()
        decision.check_resolution(resolved_on)
        self._appeal_resolved(
            decision_id=decision.decision_id,
            resolved_on=resolved_on,
            decision_upheld=bool(decision_upheld),
        )

    class AppealResolved(Aggregate.Event):
        decision_id: UUID
        resolved_on: date
        decision_upheld: bool

    @event(AppealResolved)
    def _appeal_resolved(self, decision_id: UUID, resolved_on: date, decision_upheld: bool) -> None:
        self.decisions[decision_id] = replace(
            self.decisions[decision_id],
            appeal_resolved_on=resolved_on,
            upheld_on_appeal=decision_upheld,
        )

    def mark_final(self, final_on: date, holidays: Collection[date] = NO_HOLIDAYS) -> None:
        """Record that the decision became final: no appeal in time, or upheld on appeal."""
        check_date(final_on, "on")
        decision = self._standing_decision()
        decision.check_final(final_on, holidays)
        self._decision_final(decision_id=decision.decision_id, final_on=final_on)

    class DecisionFinal(Aggregate.Event):
        decision_id: UUID
        final_on: date

    @event(DecisionFinal)
    def _decision_final(self, decision_id: UUID, final_on: date) -> None:
        self.decisions[decision_id] = replace(self.decisions[decision_id], final_on=final_on)

    # -- the course of the procedure (KPA; the terms in domain/kpa.py) --------------------

    def mark_complicated(self, *, marked_on: date, reason: str) -> None:
        """Mark the case particularly complicated: two months for the decision (art. 35 § 3)."""
        self._check_awaiting_decision(marked_on, "marked_on")
        if self.complicated:
            raise AlreadyComplicatedError(proceeding_id=self.id)
        self._marked_complicated(marked_on=marked_on, reason=_reason(reason))

    class ProceedingMarkedComplicated(Aggregate.Event):
        marked_on: date
        reason: str

    @event(ProceedingMarkedComplicated)
    def _marked_complicated(self, marked_on: date, reason: str) -> None:
        self.complicated = True

    def issue_delay_notice(self, *, issued_on: date, reason: str, new_date: date) -> None:
        """Notify the party the case will not be settled in time: why, and by when (art. 36)."""
        self._check_awaiting_decision(issued_on, "issued_on")
        check_date(new_date, "new_date")
        if new_date <= issued_on:
            raise NewDateNotLaterError(new_date=new_date, issued_on=issued_on)
        self._delay_notice_issued(issued_on=issued_on, reason=_reason(reason), new_date=new_date)

    class DelayNoticeIssued(Aggregate.Event):
        issued_on: date
        reason: str
        new_date: date

    @event(DelayNoticeIssued)
    def _delay_notice_issued(self, issued_on: date, reason: str, new_date: date) -> None:
        self.delayed_to = new_date

    def suspend(self, *, suspended_on: date, reason: str) -> None:
        """Suspend the proceeding (art. 97-98); its days do not count to the term (art. 35 § 5)."""
        self._check_awaiting_decision(suspended_on, "suspended_on")
        self._suspended(suspended_on=suspended_on, reason=_reason(reason))

    class ProceedingSuspended(Aggregate.Event):
        suspended_on: date
        reason: str

    @event(ProceedingSuspended)
    def _suspended(self, suspended_on: date, reason: str) -> None:
        self.suspended_on = suspended_on

    def resume(self, *, resumed_on: date) -> None:
        """Take the suspended proceeding up again (art. 100); the term runs on."""
        check_date(resumed_on, "resumed_on")
        if self.closed_as is not None:
            raise ProceedingClosedError(proceeding_id=self.id, status=self.closed_as)
        if self.suspended_on is None:
            raise ProceedingNotSuspendedError(proceeding_id=self.id)
        if resumed_on < self.suspended_on:
            raise ResumedBeforeSuspendedError(resumed_on=resumed_on,
                                              suspended_on=self.suspended_on)
        self._resumed(resumed_on=resumed_on)

    class ProceedingResumed(Aggregate.Event):
        resumed_on: date

    @event(ProceedingResumed)
    def _resumed(self, resumed_on: date) -> None:
        if self.suspended_on is not None:  # resume() says it is
            self.suspended_days += (resumed_on - self.suspended_on).days
        self.suspended_on = None

    def discontinue(self, *, discontinued_on: date, reason: str) -> None:
        """Discontinue the proceeding as groundless (art. 105 § 1), e.g. the person died."""
        self._check_undecided_to_close(discontinued_on, "discontinued_on")
        self._discontinued(discontinued_on=discontinued_on, reason=_reason(reason))

    class ProceedingDiscontinued(Aggregate.Event):
        discontinued_on: date
        reason: str

    @event(ProceedingDiscontinued)
    def _discontinued(self, discontinued_on: date, reason: str) -> None:
        self.closed_as, self.closed_on, self.suspended_on = "discontinued", discontinued_on, None

    def withdraw(self, *, withdrawn_on: date) -> None:
        """Record that the party withdrew the application (art. 105 § 2): the case ends."""
        if self.applicant is None:
            raise NoApplicantError(proceeding_id=self.id)
        self._check_undecided_to_close(withdrawn_on, "withdrawn_on")
        self._withdrawn(withdrawn_on=withdrawn_on)

    class ProceedingWithdrawn(Aggregate.Event):
        withdrawn_on: date

    @event(ProceedingWithdrawn)
    def _withdrawn(self, withdrawn_on: date) -> None:
        self.closed_as, self.closed_on, self.suspended_on = "withdrawn", withdrawn_on, None

    def waive_appeal(self, *, waived_on: date) -> None:
        """The party waives the appeal (art. 127a): the decision is final that very day."""
        check_date(waived_on, "waived_on")
        decision = self._standing_decision()
        if decision.final_on is not None:
            raise DecisionAlreadyFinalError(decision_id=decision.decision_id)
        if decision.delivered_on is None:
            raise DecisionNotDeliveredError(decision_id=decision.decision_id)
        if decision.appeal_filed_on is not None:
            raise WaiverAfterAppealError(decision_id=decision.decision_id)
        decision.check_not_before_issue(waived_on)
        if waived_on < decision.delivered_on:
            raise AppealBeforeDeliveryError(filed_on=waived_on, delivered_on=decision.delivered_on)
        self._appeal_waived(decision_id=decision.decision_id, waived_on=waived_on)
        self._decision_final(decision_id=decision.decision_id, final_on=waived_on)

    class AppealWaived(Aggregate.Event):
        decision_id: UUID
        waived_on: date

    @event(AppealWaived)
    def _appeal_waived(self, decision_id: UUID, waived_on: date) -> None:
        pass  # the DecisionFinal recorded with it is what changes the decision

    def change_on_appeal(
        self,
        *,
        resolved_on: date,
        reason: str,
        care: CareTerms | None = None,
        cash: CashTerms | None = None,
    ) -> None:
        """Record the SKO's ruling that sets the decision aside in part and decides the case
        itself (art. 138 § 1 pkt 2): the decision stands with the board's terms."""
        check_date(resolved_on, "on")
        check_terms(care, cash)
        decision = self._standing_decision()
        decision.check_resolution(resolved_on)
        decision.check_amendment(form_info(self.form), resolved_on, care, cash)
        self._changed_on_appeal(
            decision_id=decision.decision_id, resolved_on=resolved_on, care=care, cash=cash,
            reason=required_text(reason, ChangeReasonRequiredError, "reason",
                                 MAX_CHANGE_REASON_LENGTH),
        )

    class DecisionChangedOnAppeal(Aggregate.Event):
        decision_id: UUID
        resolved_on: date
        care: CareTerms | None
        cash: CashTerms | None
        reason: str

    @event(DecisionChangedOnAppeal)
    def _changed_on_appeal(self, decision_id: UUID, resolved_on: date, care: CareTerms | None,
                           cash: CashTerms | None, reason: str) -> None:
        decision = self.decisions[decision_id]
        self.decisions[decision_id] = replace(
            decision,
            care=care if care is not None else decision.care,
            cash=cash if cash is not None else decision.cash,
            appeal_resolved_on=resolved_on,
            upheld_on_appeal=True,  # it stands, as the board changed it
        )

    # -- the documents the proceeding issues (domain/documents.py) ------------------------

    def record_document(self, *, document_id: str, kind: DocumentKind, issued_on: date,
                        sha256: str, source_version: int, folder_version: int,
                        template_version: str, renderer: str, authority: Authority) -> None:
        """Record a document issued from this proceeding's events up to `source_version`:
        its kind, the SHA-256 of its PDF and what rendered it, so it can be rendered again
        and checked."""
        if document_id in self.documents:
            raise DuplicateDocumentError(document_id=document_id)
        self._document_issued(
            document_id=document_id, kind=DocumentKind(kind).value, issued_on=issued_on,
            sha256=sha256, source_version=source_version, folder_version=folder_version,
            template_version=template_version, renderer=renderer,
            authority_name=authority.name, authority_address=authority.address,
            authority_place=authority.place, authority_signatory=authority.signatory)

    class DocumentIssued(Aggregate.Event):
        document_id: str
        kind: str
        issued_on: date
        sha256: str
        source_version: int
        folder_version: int
        template_version: str
        renderer: str
        authority_name: str
        authority_address: str
        authority_place: str
        authority_signatory: str

    @event(DocumentIssued)
    def _document_issued(self, document_id: str, kind: str, issued_on: date, sha256: str,
                         source_version: int, folder_version: int, template_version: str,
                         renderer: str, authority_name: str, authority_address: str,
                         authority_place: str, authority_signatory: str) -> None:
        self.documents[document_id] = IssuedDocument(
            document_id=document_id, kind=kind, issued_on=issued_on, sha256=sha256,
            source_version=source_version, folder_version=folder_version,
            template_version=template_version, renderer=renderer,
            authority=Authority(name=authority_name, address=authority_address,
                                place=authority_place, signatory=authority_signatory))

    # -- undue benefits (art. 98 u.p.s.) and summonses (art. 50 KPA): domain/reclaim.py ---

    def decide_reclaim(self, *, reclaim_id: UUID, issued_on: date, amount: Decimal,
                       basis: str, period_from: date, period_to: date,
                       instalments: Iterable[dict[str, Any]], reason: str, signatory: str,
                       paid: Decimal) -> None:
        """Decide that benefits paid under this proceeding's decision were undue and must be
        returned (art. 98, art. 104 ust. 3 u.p.s.): how much, for which period, why, and by
        when. `paid` is what was paid for the decision and not reversed: the amounts of all
        the proceeding's reclaims together never exceed it."""
        check_date(issued_on, "issued_on")
        decision = self._latest_decision()
        if not decision.is_grant or decision.cash is None:
            raise DecisionNotIssuedError(proceeding_id=self.id)
        if reclaim_id in self.reclaims:
            raise ReclaimDuplicateError(reclaim_id=reclaim_id)
        decision.check_not_before_issue(issued_on)
        try:
            chosen = ReclaimBasis(basis)
        except ValueError:
            raise ReclaimBasisInvalidError(basis=basis) from None
        check_date(period_from, "period_from")
        check_date(period_to, "period_to")
        if period_to < period_from or period_from < decision.cash.period_from \
                or period_from > issued_on:
            raise ReclaimPeriodInvalidError()
        amount = money(amount)
        named = sum((r.amount for r in self.reclaims.values()), Decimal("0.00"))
        if amount > paid - named:
            raise ReclaimAbovePaidError(paid=str(paid), already_reclaimed=str(named))
        self._reclaim_decided(
            reclaim_id=reclaim_id, decision_id=decision.decision_id, issued_on=issued_on,
            amount=amount, basis=chosen.value, period_from=period_from, period_to=period_to,
            instalments=check_repayment_terms(amount, instalments, issued_on),
            reason=reason_text(reason),
            signatory=required_text(signatory, SummonsInvalidError, "signatory",
                                    MAX_SIGNATORY))

    class ReclaimDecided(Aggregate.Event):
        reclaim_id: UUID
        decision_id: UUID
        issued_on: date
        amount: Decimal
        basis: str
        period_from: date
        period_to: date
        instalments: tuple[dict[str, Any], ...]
        reason: str
        signatory: str

    @event(ReclaimDecided)
    def _reclaim_decided(self, reclaim_id: UUID, decision_id: UUID, issued_on: date,
                         amount: Decimal, basis: str, period_from: date, period_to: date,
                         instalments: tuple[dict[str, Any], ...], reason: str,
                         signatory: str) -> None:
        self.reclaims[reclaim_id] = Reclaim(
            reclaim_id=reclaim_id, issued_on=issued_on, amount=amount, basis=basis,
            period_from=period_from, period_to=period_to, instalments=tuple(instalments))

    def _reclaim(self, reclaim_id: UUID) -> Reclaim:
        reclaim = self.reclaims.get(reclaim_id)
        if reclaim is None:
            raise ReclaimNotFoundError(reclaim_id=reclaim_id)
        return reclaim

    def record_repayment(self, *, reclaim_id: UUID, paid_on: date, amount: Decimal,
                         method: str) -> None:
        """Record money returned against a reclaim: never more than is still owed."""
        reclaim = self._reclaim(reclaim_id)
        try:
            how = RepaymentMethod(method)
        except ValueError:
            raise RepaymentInvalidError(field="method") from None
        self._repayment_recorded(reclaim_id=reclaim_id, paid_on=paid_on,
                                 amount=reclaim.check_repayment(amount, paid_on),
                                 method=how.value)

    class RepaymentRecorded(Aggregate.Event):
        reclaim_id: UUID
        paid_on: date
        amount: Decimal
        method: str

    @event(RepaymentRecorded)
    def _repayment_recorded(self, reclaim_id: UUID, paid_on: date, amount: Decimal,
                            method: str) -> None:
        reclaim = self.reclaims[reclaim_id]
        reclaim.repaid += amount
        reclaim.repayments.append({"paid_on": paid_on, "amount": amount, "method": method})

    def write_off_reclaim(self, *, reclaim_id: UUID, decided_on: date, kind: str,
                          amount: Decimal | None, instalments: Iterable[dict[str, Any]],
                          reason: str) -> None:
        """Decide on what is still owed (art. 104 ust. 4 u.p.s.): write it off in whole or
        in part, or defer or spread it over new instalments; with its reason."""
        reclaim = self._reclaim(reclaim_id)
        chosen, written, terms = reclaim.check_write_off(kind, amount, decided_on, instalments)
        self._reclaim_written_off(reclaim_id=reclaim_id, decided_on=decided_on,
                                  kind=chosen.value, amount=written, instalments=terms,
                                  reason=reason_text(reason))

    class ReclaimWrittenOff(Aggregate.Event):
        reclaim_id: UUID
        decided_on: date
        kind: str
        amount: Decimal
        instalments: tuple[dict[str, Any], ...]
        reason: str

    @event(ReclaimWrittenOff)
    def _reclaim_written_off(self, reclaim_id: UUID, decided_on: date, kind: str,
                             amount: Decimal, instalments: tuple[dict[str, Any], ...],
                             reason: str) -> None:
        reclaim = self.reclaims[reclaim_id]
        reclaim.written_off += amount
        if instalments:
            reclaim.instalments = tuple(instalments)

    def issue_summons(self, *, issued_on: date, purpose: str, subject: str, due_on: date,
                      place: str) -> None:
        """Summon the party to appear or to supply a document within a term of at least
        seven days (KPA art. 50 § 1, art. 64 § 2)."""
        check_date(issued_on, "issued_on")
        if self.closed_as is not None:
            raise ProceedingClosedError(proceeding_id=self.id, status=self.closed_as)
        if issued_on < self.opened_on:
            raise DateBeforeOpeningError(on=issued_on, opened_on=self.opened_on)
        try:
            chosen = SummonsPurpose(purpose)
        except ValueError:
            raise SummonsInvalidError(field="purpose") from None
        place = place.strip() if isinstance(place, str) else ""
        if chosen is SummonsPurpose.APPEAR and not place:
            raise SummonsInvalidError(field="place")
        self._summons_issued(issued_on=issued_on, purpose=chosen.value,
                             subject=summons_text(subject, "subject"),
                             due_on=summons_due(issued_on, due_on),
                             place=within(place, "place", MAX_SUMMONS_PLACE))

    class SummonsIssued(Aggregate.Event):
        issued_on: date
        purpose: str
        subject: str
        due_on: date
        place: str

    @event(SummonsIssued)
    def _summons_issued(self, issued_on: date, purpose: str, subject: str, due_on: date,
                        place: str) -> None:
        pass  # a fact for the file and its document; the proceeding's state is unchanged

    def _check_running(self) -> None:
        if self.closed_as is not None:
            raise ProceedingClosedError(proceeding_id=self.id, status=self.closed_as)
        if self.suspended_on is not None:
            raise ProceedingSuspendedError(proceeding_id=self.id)

    def _check_awaiting_decision(self, on: date, field: str) -> None:
        """A step of a running proceeding with no decision yet, dated on or after its start."""
        check_date(on, field)
        self._check_running()
        decision = self.decision
        if decision is not None and not decision.set_aside:
            raise AlreadyDecidedError(proceeding_id=self.id)
        if on < self.opened_on:
            raise DateBeforeOpeningError(on=on, opened_on=self.opened_on)

    def _check_undecided_to_close(self, on: date, field: str) -> None:
        """Discontinued or withdrawn before a decision (a suspended case too)."""
        check_date(on, field)
        if self.closed_as is not None:
            raise ProceedingClosedError(proceeding_id=self.id, status=self.closed_as)
        decision = self.decision
        if decision is not None and not decision.set_aside:
            raise AlreadyDecidedError(proceeding_id=self.id)
        if on < self.opened_on:
            raise DateBeforeOpeningError(on=on, opened_on=self.opened_on)

    def _latest_decision(self) -> DecisionRecord:
        decision = self.decision
        if decision is None or decision.set_aside:
            raise DecisionNotIssuedError(proceeding_id=self.id)
        return decision

    def _standing_decision(self) -> DecisionRecord:
        decision = self._latest_decision()
        if decision.revoked_on is not None:
            raise DecisionRevokedError(decision_id=decision.decision_id)
        return decision


def _reason(text: str) -> str:
    return required_text(text, ReasonRequiredError, "reason", MAX_CHANGE_REASON_LENGTH)


def check_terms(care: CareTerms | None, cash: CashTerms | None) -> None:
    """The periods a decision sets lie within the bounds (domain/bounds.py)."""
    if care is not None:
        check_date(care.period_from, "care.period_from")
        check_date(care.period_to, "care.period_to")
    if cash is not None:
        check_date(cash.period_from, "cash.period_from")
        if cash.period_to is not None:
            check_date(cash.period_to, "cash.period_to")


def _justification(text: str) -> str | None:
    """A cash amount's justification, trimmed; None when there is none."""
    if not isinstance(text, str):
        return None
    return within(text, "amount_justification", MAX_JUSTIFICATION_LENGTH).strip() or None
