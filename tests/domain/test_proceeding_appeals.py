"""Given a decision, when it is delivered, appealed and becomes final, then events or errors."""

from datetime import date

import pytest

from domain.appeal import (
    AppealAlreadyFiledError,
    AppealBeforeDeliveryError,
    AppealNotDeliveredError,
    AppealNotFiledError,
    AppealTooLateError,
    ResolutionBeforeAppealError,
    appeal_deadline,
)
from domain.decision import (
    AppealPendingError,
    DateBeforeIssueError,
    DecisionAlreadyDeliveredError,
    DecisionAlreadyFinalError,
    DecisionNotDeliveredError,
    DecisionNotYetFinalError,
    DecisionRevokedError,
)
from domain.proceeding import Proceeding
from tests.domain.care_givens import decide

DELIVERED_ON = date(2025, 3, 24)  # a Monday; 14 days later is Monday 7 April


@pytest.fixture
def delivered(decided_proceeding):
    decided_proceeding.record_delivery(DELIVERED_ON)
    decided_proceeding.collect_events()
    return decided_proceeding


def test_recording_the_delivery_starts_the_appeal_term(decided_proceeding):
    decided_proceeding.record_delivery(DELIVERED_ON)

    [delivered] = decided_proceeding.collect_events()
    assert isinstance(delivered, Proceeding.DecisionDelivered)
    assert decided_proceeding.status == "delivered"


def test_a_decision_is_delivered_once(delivered):
    with pytest.raises(DecisionAlreadyDeliveredError) as raised:
        delivered.record_delivery(DELIVERED_ON)
    assert raised.value.code == "decision.already_delivered"


def test_a_decision_cannot_be_delivered_before_it_was_issued(decided_proceeding):
    with pytest.raises(DateBeforeIssueError):
        decided_proceeding.record_delivery(date(2025, 3, 19))


def test_a_revoked_decision_is_not_delivered(decided_proceeding):
    decided_proceeding.revoke_decision(revoked_on=date(2025, 3, 21), reason="Pomyłka.")

    with pytest.raises(DecisionRevokedError):
        decided_proceeding.record_delivery(DELIVERED_ON)


def test_the_appeal_term_is_14_days_moved_past_weekends_and_holidays():
    assert appeal_deadline(date(2025, 3, 24)) == date(2025, 4, 7)
    assert appeal_deadline(date(2025, 3, 22)) == date(2025, 4, 7)  # ends on a Saturday
    assert appeal_deadline(date(2025, 3, 24), holidays={date(2025, 4, 7)}) == date(2025, 4, 8)


def test_an_appeal_on_the_last_day_is_in_time(delivered):
    delivered.file_appeal(date(2025, 4, 7))

    [appealed] = delivered.collect_events()
    assert isinstance(appealed, Proceeding.AppealFiled)
    assert delivered.status == "appealed"


def test_an_appeal_after_the_term_is_too_late(delivered):
    with pytest.raises(AppealTooLateError) as raised:
        delivered.file_appeal(date(2025, 4, 8))
    assert raised.value.code == "appeal.too_late"


def test_an_appeal_needs_a_delivered_decision(decided_proceeding):
    with pytest.raises(AppealNotDeliveredError) as raised:
        decided_proceeding.file_appeal(date(2025, 3, 25))
    assert raised.value.code == "appeal.not_delivered"


def test_an_appeal_cannot_be_dated_before_the_delivery(delivered):
    with pytest.raises(AppealBeforeDeliveryError) as raised:
        delivered.file_appeal(date(2025, 3, 23))
    assert raised.value.code == "appeal.before_delivery"


def test_an_appeal_is_filed_once(delivered):
    delivered.file_appeal(date(2025, 3, 30))

    with pytest.raises(AppealAlreadyFiledError) as raised:
        delivered.file_appeal(date(2025, 3, 31))
    assert raised.value.code == "appeal.already_filed"


def test_a_decision_not_appealed_in_time_becomes_final_the_day_after_the_term(delivered):
    with pytest.raises(DecisionNotYetFinalError) as raised:
        delivered.mark_final(date(2025, 4, 7))
    assert raised.value.code == "decision.not_yet_final"

    delivered.mark_final(date(2025, 4, 8))

    [final] = delivered.collect_events()
    assert isinstance(final, Proceeding.DecisionFinal)
    assert delivered.status == "final"


def test_a_final_decision_is_marked_once_and_not_appealed_after(delivered):
    delivered.mark_final(date(2025, 4, 8))

    with pytest.raises(DecisionAlreadyFinalError) as raised:
        delivered.mark_final(date(2025, 4, 9))
    assert raised.value.code == "decision.already_final"
    with pytest.raises(AppealTooLateError):
        delivered.file_appeal(date(2025, 4, 7))


def test_an_undelivered_decision_is_not_final(decided_proceeding):
    with pytest.raises(DecisionNotDeliveredError) as raised:
        decided_proceeding.mark_final(date(2025, 6, 1))
    assert raised.value.code == "decision.not_delivered"


def test_a_decision_under_appeal_is_not_final(delivered):
    delivered.file_appeal(date(2025, 3, 30))

    with pytest.raises(AppealPendingError) as raised:
        delivered.mark_final(date(2025, 6, 1))
    assert raised.value.code == "decision.appeal_pending"


def test_a_decision_upheld_on_appeal_becomes_final(delivered):
    delivered.file_appeal(date(2025, 3, 30))
    delivered.resolve_appeal(resolved_on=date(2025, 5, 5), decision_upheld=True)

    delivered.mark_final(date(2025, 5, 5))

    assert delivered.status == "final"
    assert delivered.places_service_order


def test_a_decision_set_aside_on_appeal_waits_for_a_new_one(delivered):
    delivered.file_appeal(date(2025, 3, 30))

    delivered.resolve_appeal(resolved_on=date(2025, 5, 5), decision_upheld=False)

    assert [type(e) for e in delivered.collect_events()][-1] is Proceeding.AppealResolved
    assert (delivered.status, delivered.is_pending) == ("filed", True)
    assert not delivered.places_service_order
    decide(delivered, issued_on=date(2025, 5, 20))
    assert delivered.status == "decided"


def test_only_a_pending_appeal_is_resolved(delivered):
    with pytest.raises(AppealNotFiledError) as raised:
        delivered.resolve_appeal(resolved_on=date(2025, 5, 5), decision_upheld=True)
    assert raised.value.code == "appeal.not_filed"


def test_an_appeal_is_not_resolved_before_it_was_filed(delivered):
    delivered.file_appeal(date(2025, 3, 30))

    with pytest.raises(ResolutionBeforeAppealError) as raised:
        delivered.resolve_appeal(resolved_on=date(2025, 3, 29), decision_upheld=True)
    assert raised.value.code == "appeal.resolved_before_filed"
