"""An administrative decision (art. 106): its record, the rules it obeys and its errors.

The rules live on ``DecisionRecord`` so that the ``Proceeding`` aggregate reads as a
list of use cases; the errors' codes start with ``decision.`` (``appeal.`` ones are in
``domain.appeal``).
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.appeal import (
    NO_HOLIDAYS,
    AppealAlreadyFiledError,
    AppealBeforeDeliveryError,
    AppealNotDeliveredError,
    AppealNotFiledError,
    AppealTooLateError,
    ResolutionBeforeAppealError,
    appeal_deadline,
    final_from,
)
from domain.benefit_terms import DaysTerms, DpsFee
from domain.care import CareTerms, CashTerms
from domain.errors import DomainConflictError, DomainError, InvalidValueError
from domain.help import DAYS_FORMS, DPS_FEE_FORMS, FormInfo, FormKind, parse_reasons
from domain.text import within


class DecisionError(DomainError):
    code = "decision.error"


class DecisionNotNeededError(DecisionError, DomainConflictError):
    code = "decision.not_needed"


class InvalidOutcomeError(DecisionError, InvalidValueError):
    code = "decision.invalid_outcome"


class LegalBasisRequiredError(DecisionError, InvalidValueError):
    code = "decision.legal_basis_required"


class SignatoryRequiredError(DecisionError, InvalidValueError):
    code = "decision.signatory_required"


class InterviewForProceedingRequiredError(DecisionError, DomainConflictError):
    """Art. 106 ust. 4, art. 107: each proceeding needs its own environmental interview or
    update, made for its application (an older one does not support today's decision)."""

    code = "decision.interview_for_proceeding_required"


class InterviewRefusalNotARefusalError(DecisionError, InvalidValueError):
    """Only a refusal can rest on the person's refusal of the interview (art. 107 ust. 4a)."""

    code = "decision.interview_refusal_only_refuses"


class DecisionBeforeInterviewError(DecisionError, InvalidValueError):
    code = "decision.before_interview"


class DecisionBeforeApplicationError(DecisionError, InvalidValueError):
    code = "decision.before_application"


class CareTermsRequiredError(DecisionError, InvalidValueError):
    code = "decision.care_terms_required"


class CashTermsRequiredError(DecisionError, InvalidValueError):
    code = "decision.cash_terms_required"


class DaysTermsRequiredError(DecisionError, InvalidValueError):
    code = "decision.days_terms_required"


class TermsNotApplicableError(DecisionError, InvalidValueError):
    code = "decision.terms_not_applicable"


class ChangeReasonRequiredError(DecisionError, InvalidValueError):
    code = "decision.change_reason_required"


class DateBeforeIssueError(DecisionError, InvalidValueError):
    code = "decision.date_before_issue"


class DecisionAlreadyIssuedError(DecisionError, DomainConflictError):
    code = "decision.already_issued"


class DuplicateDecisionError(DecisionError, DomainConflictError):
    code = "decision.duplicate_id"


class DecisionNotIssuedError(DecisionError, DomainConflictError):
    code = "decision.not_issued"


class DecisionNotAmendableError(DecisionError, DomainConflictError):
    code = "decision.not_amendable"


class DecisionRevokedError(DecisionError, DomainConflictError):
    code = "decision.revoked"


class NothingToAmendError(DecisionError, DomainConflictError):
    code = "decision.nothing_to_amend"


class DecisionAlreadyRevokedError(DecisionError, DomainConflictError):
    code = "decision.already_revoked"


class DecisionAlreadyDeliveredError(DecisionError, DomainConflictError):
    code = "decision.already_delivered"


class DecisionNotDeliveredError(DecisionError, DomainConflictError):
    code = "decision.not_delivered"


class AppealPendingError(DecisionError, DomainConflictError):
    code = "decision.appeal_pending"


class DecisionNotYetFinalError(DecisionError, DomainConflictError):
    code = "decision.not_yet_final"


class DecisionAlreadyFinalError(DecisionError, DomainConflictError):
    code = "decision.already_final"


class Outcome(StrEnum):
    GRANT = "grant"
    REFUSE = "refuse"


@dataclass(frozen=True)
class DecisionRecord:
    """What a proceeding knows of one decision (state, not an event payload)."""

    decision_id: UUID
    outcome: str
    reasons: tuple[str, ...]
    legal_basis: str
    signatory: str
    issued_on: date
    interview_conducted_on: date | None
    care: CareTerms | None = None
    cash: CashTerms | None = None
    # Art. 107 ust. 4a: refused because the person refused the interview (then none is needed).
    interview_refused: bool = False
    days: DaysTerms | None = None  # meals, shelter (art. 48a–48b)
    dps_fee: DpsFee | None = None  # a residential care home's fee split (art. 61)
    amended_on: tuple[date, ...] = ()
    revoked_on: date | None = None
    delivered_on: date | None = None
    appeal_filed_on: date | None = None
    appeal_resolved_on: date | None = None
    upheld_on_appeal: bool | None = None
    final_on: date | None = None

    @classmethod
    def issue(
        cls,
        info: FormInfo,
        *,
        decision_id: UUID,
        outcome: str,
        reasons: Iterable[str],
        legal_basis: str,
        signatory: str,
        issued_on: date,
        interview_conducted_on: date | None,
        opened_on: date,
        care: CareTerms | None,
        cash: CashTerms | None,
        interview_refused: bool = False,
        form: str = "",
        days: DaysTerms | None = None,
        dps_fee: DpsFee | None = None,
    ) -> "DecisionRecord":
        """A new decision for a form of help, checked against the rules of art. 106."""
        if not info.needs_decision:
            raise DecisionNotNeededError(decision_id=decision_id)
        try:
            outcome = Outcome(outcome).value
        except ValueError:
            raise InvalidOutcomeError(outcome=outcome) from None
        reasons = tuple(reasons)
        # art. 7 reasons are why help is granted; a refusal may cite them or not.
        if outcome == Outcome.GRANT or reasons:
            reasons = parse_reasons(reasons)
        if issued_on < opened_on:
            raise DecisionBeforeApplicationError(issued_on=issued_on, opened_on=opened_on)
        granted = outcome == Outcome.GRANT
        if interview_refused and granted:
            raise InterviewRefusalNotARefusalError(decision_id=decision_id)
        # art. 106 ust. 4: no decision without an environmental interview made for this
        # proceeding (the caller names the one it found: services/proceedings/procedure.py),
        # but a refusal because the person refused the interview (art. 107 ust. 4a).
        if interview_conducted_on is None and not interview_refused:
            raise InterviewForProceedingRequiredError(decision_id=decision_id)
        if interview_conducted_on is not None and interview_conducted_on > issued_on:
            raise DecisionBeforeInterviewError(
                issued_on=issued_on, interview_conducted_on=interview_conducted_on
            )
        check_terms(info, granted=granted, care=care, cash=cash)
        check_in_kind_terms(form, granted=granted, days=days, dps_fee=dps_fee)
        if granted and form in DAYS_FORMS and days is None:
            raise DaysTermsRequiredError(decision_id=decision_id)
        if granted and info.kind == FormKind.CARE and care is None:
            raise CareTermsRequiredError(decision_id=decision_id)
        if granted and info.kind == FormKind.CASH and cash is None:
            raise CashTermsRequiredError(decision_id=decision_id)
        return cls(
            decision_id=decision_id,
            outcome=outcome,
            reasons=reasons,
            legal_basis=required_text(legal_basis, LegalBasisRequiredError, "legal_basis",
                                      MAX_LEGAL_BASIS_LENGTH),
            signatory=required_text(signatory, SignatoryRequiredError, "signatory",
                                    MAX_SIGNATORY_LENGTH),
            issued_on=issued_on,
            interview_conducted_on=interview_conducted_on,
            care=care,
            cash=cash,
            interview_refused=interview_refused,
            days=days,
            dps_fee=dps_fee,
        )

    @property
    def is_grant(self) -> bool:
        return self.outcome == Outcome.GRANT

    @property
    def set_aside(self) -> bool:
        """Whether the appeals board set the decision aside (it no longer stands)."""
        return self.upheld_on_appeal is False

    @property
    def stands(self) -> bool:
        """Whether the decision is in force: neither revoked nor set aside on appeal."""
        return self.revoked_on is None and not self.set_aside

    @property
    def appeal_pending(self) -> bool:
        return self.appeal_filed_on is not None and self.appeal_resolved_on is None

    def check_amendment(
        self, info: FormInfo, on: date, care: CareTerms | None, cash: CashTerms | None
    ) -> None:
        """Refuse an amendment of a refusal, one that changes nothing or comes too early."""
        if not self.is_grant:
            raise DecisionNotAmendableError(decision_id=self.decision_id)
        check_terms(info, granted=True, care=care, cash=cash)
        if (care is None or care == self.care) and (cash is None or cash == self.cash):
            raise NothingToAmendError(decision_id=self.decision_id)
        self.check_not_before_issue(on)

    def check_not_before_issue(self, on: date) -> None:
        if on < self.issued_on:
            raise DateBeforeIssueError(on=on, issued_on=self.issued_on)

    def check_delivery(self, delivered_on: date) -> None:
        if self.delivered_on is not None:
            raise DecisionAlreadyDeliveredError(decision_id=self.decision_id)
        self.check_not_before_issue(delivered_on)

    def check_appeal(self, filed_on: date, holidays: Collection[date] = NO_HOLIDAYS) -> None:
        """An appeal comes after delivery, once, and within the term (KPA art. 129 § 2)."""
        if self.delivered_on is None:
            raise AppealNotDeliveredError(decision_id=self.decision_id)
        if self.appeal_filed_on is not None:
            raise AppealAlreadyFiledError(decision_id=self.decision_id)
        if filed_on < self.delivered_on:
            raise AppealBeforeDeliveryError(filed_on=filed_on, delivered_on=self.delivered_on)
        deadline = appeal_deadline(self.delivered_on, holidays)
        if self.final_on is not None or filed_on > deadline:
            raise AppealTooLateError(filed_on=filed_on, deadline=deadline)

    def check_resolution(self, resolved_on: date) -> None:
        if not self.appeal_pending or self.appeal_filed_on is None:
            raise AppealNotFiledError(decision_id=self.decision_id)
        if resolved_on < self.appeal_filed_on:
            raise ResolutionBeforeAppealError(
                resolved_on=resolved_on, filed_on=self.appeal_filed_on
            )

    def check_final(self, final_on: date, holidays: Collection[date] = NO_HOLIDAYS) -> None:
        """Final once delivered and not appealed in time, or upheld on appeal."""
        if self.final_on is not None:
            raise DecisionAlreadyFinalError(decision_id=self.decision_id)
        if self.delivered_on is None:
            raise DecisionNotDeliveredError(decision_id=self.decision_id)
        if self.appeal_pending:
            raise AppealPendingError(decision_id=self.decision_id)
        first_day = self.appeal_resolved_on or final_from(self.delivered_on, holidays)
        if final_on < first_day:
            raise DecisionNotYetFinalError(final_on=final_on, final_from=first_day)


def check_terms(
    info: FormInfo, *, granted: bool, care: CareTerms | None, cash: CashTerms | None
) -> None:
    """Care terms belong to a grant of a care form, cash terms to a grant of a cash form."""
    if care is not None and not (granted and info.kind == FormKind.CARE):
        raise TermsNotApplicableError(terms="care")
    if cash is not None and not (granted and info.kind == FormKind.CASH):
        raise TermsNotApplicableError(terms="cash")


def check_in_kind_terms(form: str, *, granted: bool, days: DaysTerms | None,
                        dps_fee: DpsFee | None) -> None:
    """Days × unit cost belong to a grant of meals or shelter, the fee split to a grant of a
    residential care home."""
    if days is not None and not (granted and form in DAYS_FORMS):
        raise TermsNotApplicableError(terms="days")
    if dps_fee is not None and not (granted and form in DPS_FEE_FORMS):
        raise TermsNotApplicableError(terms="dps_fee")


MAX_LEGAL_BASIS_LENGTH = 200
MAX_SIGNATORY_LENGTH = 200
# Why a decision was amended or revoked.
MAX_CHANGE_REASON_LENGTH = 4_000


def required_text(text: str, error: type[DomainError], field: str, maximum: int) -> str:
    """Trimmed text, or the given error when it is blank (TextTooLongError when too long)."""
    within(text, field, maximum)
    if not isinstance(text, str) or not text.strip():
        raise error()
    return text.strip()
