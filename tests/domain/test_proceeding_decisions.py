"""Given a proceeding, when a decision is issued, amended or revoked, then events or errors."""

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.decision import (
    CareTermsRequiredError,
    CashTermsRequiredError,
    ChangeReasonRequiredError,
    DateBeforeIssueError,
    DecisionAlreadyIssuedError,
    DecisionAlreadyRevokedError,
    DecisionBeforeApplicationError,
    DecisionBeforeInterviewError,
    DecisionNotAmendableError,
    DecisionNotIssuedError,
    DecisionNotNeededError,
    DecisionRevokedError,
    DuplicateDecisionError,
    InterviewForProceedingRequiredError,
    InvalidOutcomeError,
    LegalBasisRequiredError,
    NothingToAmendError,
    SignatoryRequiredError,
    TermsNotApplicableError,
)
from domain.help import InvalidCaseReferenceError, RepealedReasonError, UnknownFormError
from domain.proceeding import InvalidApplicantError, Proceeding
from tests.domain.care_givens import (
    FILED_ON,
    INTERVIEW_ON,
    ISSUED_ON,
    SIGNATORY,
    changed_terms,
    decide,
    file_application,
    make_care_terms,
    make_cash_terms,
)


def test_filing_an_application_opens_a_pending_proceeding():
    folder_id, person_id = uuid4(), uuid4()

    proceeding = Proceeding.file_application(
        proceeding_id=uuid4(),
        folder_id=folder_id,
        person_id=person_id,
        form="care_services",
        applicant="representative",
        filed_on=FILED_ON,
        case_reference="ztps1.5111.42.2025",
    )

    [filed] = proceeding.collect_events()
    assert isinstance(filed, Proceeding.ApplicationFiled)
    assert (filed.applicant, filed.case_reference) == ("representative", "ZTPS1.5111.42.2025")
    assert (proceeding.folder_id, proceeding.person_id) == (folder_id, person_id)
    assert (proceeding.status, proceeding.is_pending) == ("filed", True)
    assert proceeding.opened_on == FILED_ON


def test_a_proceeding_can_be_opened_ex_officio():
    proceeding = Proceeding.open_ex_officio(
        proceeding_id=uuid4(),
        folder_id=uuid4(),
        person_id=uuid4(),
        form="residential_care_home",
        opened_on=date(2025, 2, 1),
        case_reference="ZTPS1.5111.43.2025",
    )

    [opened] = proceeding.collect_events()
    assert isinstance(opened, Proceeding.ProceedingOpenedExOfficio)
    assert (proceeding.applicant, proceeding.opened_on) == (None, date(2025, 2, 1))
    assert proceeding.is_pending


@pytest.mark.parametrize(
    ("overrides", "error", "code"),
    [
        ({"form": "lottery_ticket"}, UnknownFormError, "help.unknown_form"),
        ({"applicant": "neighbour"}, InvalidApplicantError, "proceeding.invalid_applicant"),
        ({"case_reference": "42/2025"}, InvalidCaseReferenceError, "case_reference.invalid"),
    ],
)
def test_an_application_that_breaks_a_rule_is_refused(overrides, error, code):
    with pytest.raises(error) as raised:
        file_application(**overrides)
    assert raised.value.code == code


def test_issuing_a_grant_records_the_decision_and_places_a_service_order(filed_proceeding):
    decision_id = uuid4()
    terms = make_care_terms()

    decide(filed_proceeding, decision_id=decision_id, reasons=["6", "5"], care=terms)

    [issued] = filed_proceeding.collect_events()
    assert isinstance(issued, Proceeding.DecisionIssued)
    assert (issued.form, issued.outcome, issued.reasons) == ("care_services", "grant", ("5", "6"))
    assert (issued.signatory, issued.care) == (SIGNATORY, terms)
    assert (filed_proceeding.status, filed_proceeding.outcome) == ("decided", "grant")
    assert filed_proceeding.care_terms == terms
    assert filed_proceeding.places_service_order
    assert not filed_proceeding.is_pending


def test_a_refusal_needs_no_terms_nor_reasons(filed_proceeding):
    decide(filed_proceeding, outcome="refuse", reasons=(), care=None)

    assert filed_proceeding.outcome == "refuse"
    assert filed_proceeding.decision.reasons == ()
    assert not filed_proceeding.places_service_order


def test_a_cash_grant_carries_its_cash_terms():
    proceeding = file_application(form="periodic_allowance")
    cash = make_cash_terms()

    decide(proceeding, care=None, cash=cash, reasons=("1", "4"))

    assert proceeding.cash_terms == cash
    assert not proceeding.places_service_order


def test_social_work_needs_no_decision():
    proceeding = file_application(form="social_work")

    assert not proceeding.is_pending
    with pytest.raises(DecisionNotNeededError) as raised:
        decide(proceeding, care=None)
    assert raised.value.code == "decision.not_needed"


@pytest.mark.parametrize(
    ("overrides", "error", "code"),
    [
        ({"outcome": "maybe"}, InvalidOutcomeError, "decision.invalid_outcome"),
        ({"reasons": ("10",)}, RepealedReasonError, "help.repealed_reason"),
        ({"legal_basis": " "}, LegalBasisRequiredError, "decision.legal_basis_required"),
        ({"signatory": ""}, SignatoryRequiredError, "decision.signatory_required"),
        (
            {"issued_on": date(2025, 3, 2), "interview_conducted_on": date(2025, 3, 1)},
            DecisionBeforeApplicationError,
            "decision.before_application",
        ),
        ({"interview_conducted_on": None}, InterviewForProceedingRequiredError,
         "decision.interview_for_proceeding_required"),
        (
            {"interview_conducted_on": date(2025, 3, 21)},
            DecisionBeforeInterviewError,
            "decision.before_interview",
        ),
        ({"care": None}, CareTermsRequiredError, "decision.care_terms_required"),
        ({"cash": make_cash_terms()}, TermsNotApplicableError, "decision.terms_not_applicable"),
        (
            {"outcome": "refuse", "reasons": ()},
            TermsNotApplicableError,
            "decision.terms_not_applicable",
        ),
    ],
)
def test_a_decision_that_breaks_a_rule_is_refused(filed_proceeding, overrides, error, code):
    with pytest.raises(error) as raised:
        decide(filed_proceeding, **overrides)
    assert raised.value.code == code
    assert filed_proceeding.collect_events() == []


def test_a_decision_may_be_issued_on_the_day_of_the_interview(filed_proceeding):
    decide(filed_proceeding, issued_on=INTERVIEW_ON, interview_conducted_on=INTERVIEW_ON)

    assert filed_proceeding.decision.issued_on == INTERVIEW_ON


def test_a_cash_grant_needs_cash_terms():
    with pytest.raises(CashTermsRequiredError) as raised:
        decide(file_application(form="purpose_allowance"), care=None)
    assert raised.value.code == "decision.cash_terms_required"


def test_a_proceeding_has_one_standing_decision(decided_proceeding):
    with pytest.raises(DecisionAlreadyIssuedError) as raised:
        decide(decided_proceeding)
    assert raised.value.code == "decision.already_issued"


def test_after_a_revocation_a_new_decision_may_be_issued_under_a_new_id(decided_proceeding):
    first_id = decided_proceeding.decision_id
    decided_proceeding.revoke_decision(revoked_on=date(2025, 4, 1), reason="Zmiana sytuacji.")

    with pytest.raises(DuplicateDecisionError) as raised:
        decide(decided_proceeding, decision_id=first_id)
    assert raised.value.code == "decision.duplicate_id"

    decide(decided_proceeding, issued_on=date(2025, 4, 2))
    assert decided_proceeding.decision_id != first_id
    assert decided_proceeding.status == "decided"


def test_amending_a_grant_changes_its_terms(decided_proceeding):
    more_hours = changed_terms(
        decided_proceeding.care_terms, hours_per_day=Decimal(3), hours_per_week=Decimal(9)
    )

    decided_proceeding.amend_decision(
        amended_on=date(2025, 5, 5), care=more_hours, reason="Pogorszenie zdrowia."
    )

    [amended] = decided_proceeding.collect_events()
    assert isinstance(amended, Proceeding.DecisionAmended)
    assert (amended.care, amended.reason) == (more_hours, "Pogorszenie zdrowia.")
    assert decided_proceeding.care_terms == more_hours
    assert decided_proceeding.decision.amended_on == (date(2025, 5, 5),)


def test_an_amendment_must_change_something(decided_proceeding):
    with pytest.raises(NothingToAmendError) as raised:
        decided_proceeding.amend_decision(
            amended_on=date(2025, 5, 5), care=decided_proceeding.care_terms, reason="Bez zmian."
        )
    assert raised.value.code == "decision.nothing_to_amend"


def test_an_amendment_needs_a_reason_and_a_date_after_the_decision(decided_proceeding):
    more = changed_terms(decided_proceeding.care_terms, tasks=("meals", "medication"))

    with pytest.raises(ChangeReasonRequiredError) as raised:
        decided_proceeding.amend_decision(amended_on=date(2025, 5, 5), care=more, reason=" ")
    assert raised.value.code == "decision.change_reason_required"
    with pytest.raises(DateBeforeIssueError) as raised:
        decided_proceeding.amend_decision(amended_on=date(2025, 3, 1), care=more, reason="Leki.")
    assert raised.value.code == "decision.date_before_issue"


def test_a_refusal_cannot_be_amended(filed_proceeding):
    decide(filed_proceeding, outcome="refuse", reasons=(), care=None)

    with pytest.raises(DecisionNotAmendableError) as raised:
        filed_proceeding.amend_decision(
            amended_on=date(2025, 5, 5), care=make_care_terms(), reason="Jednak."
        )
    assert raised.value.code == "decision.not_amendable"


def test_without_a_decision_there_is_nothing_to_amend_or_revoke(filed_proceeding):
    with pytest.raises(DecisionNotIssuedError) as raised:
        filed_proceeding.revoke_decision(revoked_on=ISSUED_ON, reason="Zgon.")
    assert raised.value.code == "decision.not_issued"
    with pytest.raises(DecisionNotIssuedError):
        filed_proceeding.amend_decision(amended_on=ISSUED_ON, care=make_care_terms(), reason="x")


def test_revoking_a_grant_stops_the_service_order(decided_proceeding):
    decided_proceeding.revoke_decision(revoked_on=date(2025, 6, 1), reason="Zgon klientki.")

    [revoked] = decided_proceeding.collect_events()
    assert isinstance(revoked, Proceeding.DecisionRevoked)
    assert decided_proceeding.status == "revoked"
    assert not decided_proceeding.places_service_order
    assert decided_proceeding.care_terms is None


def test_a_decision_is_revoked_once(decided_proceeding):
    decided_proceeding.revoke_decision(revoked_on=date(2025, 6, 1), reason="Zgon klientki.")

    with pytest.raises(DecisionAlreadyRevokedError) as raised:
        decided_proceeding.revoke_decision(revoked_on=date(2025, 6, 2), reason="Zgon klientki.")
    assert raised.value.code == "decision.already_revoked"


def test_a_revoked_decision_cannot_be_amended(decided_proceeding):
    more = changed_terms(decided_proceeding.care_terms, tasks=("meals", "medication"))
    decided_proceeding.revoke_decision(revoked_on=date(2025, 6, 1), reason="Zgon klientki.")

    with pytest.raises(DecisionRevokedError) as raised:
        decided_proceeding.amend_decision(amended_on=date(2025, 6, 2), care=more, reason="Leki.")
    assert raised.value.code == "decision.revoked"
