"""Given a proceeding, when the authority delays, suspends, discontinues, or the party
withdraws or waives the appeal, or the SKO changes the decision: then events or errors."""

from datetime import date

import pytest

from domain.appeal import AppealTooLateError
from domain.decision import DecisionNotDeliveredError
from domain.kpa import (
    AlreadyDecidedError,
    DateBeforeOpeningError,
    NewDateNotLaterError,
    NoApplicantError,
    ProceedingClosedError,
    ProceedingNotSuspendedError,
    ProceedingSuspendedError,
    ReasonRequiredError,
    ResumedBeforeSuspendedError,
    WaiverAfterAppealError,
)
from domain.proceeding import Proceeding
from tests.domain.care_givens import FILED_ON, decide, file_application, make_care_terms

DELIVERED_ON = date(2025, 3, 24)  # a Monday; the appeal term ends Monday 7 April


@pytest.fixture
def delivered(decided_proceeding):
    decided_proceeding.record_delivery(DELIVERED_ON)
    decided_proceeding.collect_events()
    return decided_proceeding


def test_marking_a_case_complicated_is_an_event(filed_proceeding):
    filed_proceeding.mark_complicated(marked_on=date(2025, 3, 5), reason="Biegły lekarz.")

    [marked] = filed_proceeding.collect_events()
    assert isinstance(marked, Proceeding.ProceedingMarkedComplicated)
    assert filed_proceeding.complicated


def test_a_delay_notice_names_its_reason_and_new_date(filed_proceeding):
    filed_proceeding.issue_delay_notice(issued_on=date(2025, 4, 1), reason="Czekamy na ZUS.",
                                        new_date=date(2025, 4, 30))

    [notice] = filed_proceeding.collect_events()
    assert isinstance(notice, Proceeding.DelayNoticeIssued)
    assert (notice.reason, notice.new_date) == ("Czekamy na ZUS.", date(2025, 4, 30))
    assert filed_proceeding.delayed_to == date(2025, 4, 30)


@pytest.mark.parametrize(("reason", "new_date", "error"), [
    ("  ", date(2025, 4, 30), ReasonRequiredError),
    ("Czekamy na ZUS.", date(2025, 4, 1), NewDateNotLaterError),
])
def test_a_delay_notice_needs_a_reason_and_a_later_date(filed_proceeding, reason, new_date,
                                                        error):
    with pytest.raises(error):
        filed_proceeding.issue_delay_notice(issued_on=date(2025, 4, 1), reason=reason,
                                            new_date=new_date)
    assert filed_proceeding.collect_events() == []


def test_a_step_before_the_proceeding_began_is_refused(filed_proceeding):
    with pytest.raises(DateBeforeOpeningError):
        filed_proceeding.suspend(suspended_on=date(2025, 3, 1), reason="Sprawa sądowa.")


def test_suspension_stops_the_case_and_resumption_counts_its_days(filed_proceeding):
    filed_proceeding.suspend(suspended_on=date(2025, 3, 10), reason="Sprawa sądowa.")
    assert filed_proceeding.status == "suspended"
    with pytest.raises(ProceedingSuspendedError):
        decide(filed_proceeding)
    with pytest.raises(ResumedBeforeSuspendedError):
        filed_proceeding.resume(resumed_on=date(2025, 3, 9))

    filed_proceeding.resume(resumed_on=date(2025, 3, 20))

    events = filed_proceeding.collect_events()
    assert [type(e) for e in events] == [Proceeding.ProceedingSuspended,
                                         Proceeding.ProceedingResumed]
    assert (filed_proceeding.status, filed_proceeding.suspended_days) == ("filed", 10)
    with pytest.raises(ProceedingNotSuspendedError):
        filed_proceeding.resume(resumed_on=date(2025, 3, 21))


def test_a_discontinued_proceeding_takes_no_decision(filed_proceeding):
    filed_proceeding.discontinue(discontinued_on=date(2025, 3, 12), reason="Strona zmarła.")

    [ended] = filed_proceeding.collect_events()
    assert isinstance(ended, Proceeding.ProceedingDiscontinued)
    assert filed_proceeding.status == "discontinued"
    assert not filed_proceeding.is_pending
    with pytest.raises(ProceedingClosedError):
        decide(filed_proceeding)
    with pytest.raises(ProceedingClosedError):
        filed_proceeding.withdraw(withdrawn_on=date(2025, 3, 13))


def test_the_party_withdraws_its_application(filed_proceeding):
    filed_proceeding.withdraw(withdrawn_on=date(2025, 3, 12))

    [withdrawn] = filed_proceeding.collect_events()
    assert isinstance(withdrawn, Proceeding.ProceedingWithdrawn)
    assert filed_proceeding.status == "withdrawn"


def test_a_proceeding_opened_ex_officio_has_no_application_to_withdraw():
    proceeding = Proceeding.open_ex_officio(
        proceeding_id=file_application().id, folder_id=file_application().folder_id,
        person_id=file_application().person_id, form="care_services", opened_on=FILED_ON,
        case_reference="ZTPS1.5111.42.2025")
    with pytest.raises(NoApplicantError):
        proceeding.withdraw(withdrawn_on=date(2025, 3, 12))


def test_a_decided_case_is_not_suspended_nor_withdrawn(decided_proceeding):
    with pytest.raises(AlreadyDecidedError):
        decided_proceeding.suspend(suspended_on=date(2025, 3, 21), reason="x")
    with pytest.raises(AlreadyDecidedError):
        decided_proceeding.withdraw(withdrawn_on=date(2025, 3, 21))


def test_waiving_the_appeal_makes_the_decision_final_that_day(delivered):
    delivered.waive_appeal(waived_on=date(2025, 3, 25))

    waived, final = delivered.collect_events()
    assert isinstance(waived, Proceeding.AppealWaived)
    assert isinstance(final, Proceeding.DecisionFinal)
    assert final.final_on == date(2025, 3, 25)
    assert delivered.status == "final"


def test_an_appeal_is_not_waived_before_delivery_nor_after_it_was_filed(decided_proceeding):
    with pytest.raises(DecisionNotDeliveredError):
        decided_proceeding.waive_appeal(waived_on=date(2025, 3, 25))
    decided_proceeding.record_delivery(DELIVERED_ON)
    decided_proceeding.file_appeal(date(2025, 3, 28))
    with pytest.raises(WaiverAfterAppealError):
        decided_proceeding.waive_appeal(waived_on=date(2025, 3, 29))


def test_an_appeal_by_post_counts_from_its_posting_date(delivered):
    # Posted on the last day (7 April), received two days later: in time (art. 57 § 5).
    delivered.file_appeal(date(2025, 4, 9), posted_on=date(2025, 4, 7))

    [appealed] = delivered.collect_events()
    assert (appealed.filed_on, appealed.posted_on) == (date(2025, 4, 9), date(2025, 4, 7))


def test_an_appeal_posted_after_the_term_is_too_late(delivered):
    with pytest.raises(AppealTooLateError):
        delivered.file_appeal(date(2025, 4, 10), posted_on=date(2025, 4, 8))


def test_the_sko_may_change_the_decision_which_then_stands(delivered):
    delivered.file_appeal(date(2025, 3, 28))
    delivered.collect_events()
    more_hours = make_care_terms(hours_per_day=3)

    delivered.change_on_appeal(resolved_on=date(2025, 4, 20), reason="SKO: 3 godziny.",
                               care=more_hours)

    [changed] = delivered.collect_events()
    assert isinstance(changed, Proceeding.DecisionChangedOnAppeal)
    assert delivered.care_terms == more_hours
    assert delivered.status == "delivered"  # stands, to become final
