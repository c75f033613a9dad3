"""Given a service order at MCUS, when the coordinator acts on it, then events or errors."""

from datetime import date, time
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.care_visits import (
    EmptyScheduleError,
    InvalidSlotMinutesError,
    InvalidSlotStartError,
    InvalidSlotWeekdayError,
    OverlappingSlotsError,
    ScheduleExceedsDayError,
    ScheduleExceedsHoursError,
    ScheduleSlot,
    SlotCrossesMidnightError,
    SlotOnUnorderedDayError,
)
from domain.handoff import HandoffFieldRequiredError, HandoffTextTooLongError, InvalidPhoneError
from domain.service_order import (
    CaregiverAlreadyAssignedError,
    ChangeBeforePreviousError,
    NoCaregiverError,
    NoChangeToAcknowledgeError,
    NotACareFormError,
    OrderAlreadyAcceptedError,
    OrderDateBeforePlacedError,
    OrderEndedError,
    OrderNotAcceptedError,
    OrderNotSuspendedError,
    OrderReasonRequiredError,
    OrderSuspendedError,
    OrderVisitOpenError,
    ProviderMismatchError,
    ResumeBeforeSuspensionError,
    ServiceOrder,
    TermsUnchangedError,
)
from tests.domain.care_givens import (
    MONDAY_WEDNESDAY_FRIDAY,
    PLACED_ON,
    at,
    changed_terms,
    make_care_terms,
    make_handoff,
    place_order,
)

COORDINATOR = uuid4()


def test_placing_an_order_hands_the_client_over_to_the_provider():
    terms, handoff = make_care_terms(), make_handoff()

    order = ServiceOrder.place(
        order_id=uuid4(),
        provider_id="MCUS",
        proceeding_id=uuid4(),
        decision_id=uuid4(),
        folder_id=uuid4(),
        person_id=uuid4(),
        case_reference="ZTPS1.5111.42.2025",
        form="care_services",
        terms=terms,
        handoff=handoff,
        placed_on=PLACED_ON,
    )

    [placed] = order.collect_events()
    assert isinstance(placed, ServiceOrder.ServiceOrderPlaced)
    assert (placed.terms, placed.handoff) == (terms, handoff)
    assert (order.status, order.changed) == ("awaiting_acceptance", False)


def test_only_a_care_form_is_ordered_from_a_provider():
    with pytest.raises(NotACareFormError) as raised:
        place_order(form="periodic_allowance")
    assert raised.value.code == "order.not_a_care_form"


def test_an_order_goes_to_the_provider_its_terms_name():
    with pytest.raises(ProviderMismatchError) as raised:
        place_order(provider_id="OTHER")
    assert raised.value.code == "order.provider_mismatch"


@pytest.mark.parametrize(
    ("overrides", "error", "code"),
    [
        ({"client_name": " "}, HandoffFieldRequiredError, "handoff.field_required"),
        ({"health_notes": None}, HandoffFieldRequiredError, "handoff.field_required"),
        ({"family_notes": "x" * 4001}, HandoffTextTooLongError, "handoff.text_too_long"),
        ({"contact_phone": "call me"}, InvalidPhoneError, "handoff.invalid_phone"),
    ],
)
def test_a_handoff_that_breaks_a_rule_is_refused(overrides, error, code):
    with pytest.raises(error) as raised:
        make_handoff(**overrides)
    assert raised.value.code == code


def test_the_coordinator_accepts_the_order(order):
    order.accept(date(2025, 3, 24), COORDINATOR)

    [accepted] = order.collect_events()
    assert isinstance(accepted, ServiceOrder.ServiceOrderAccepted)
    assert (order.status, order.coordinator_id) == ("accepted", COORDINATOR)


def test_an_order_is_accepted_once_and_not_before_it_was_placed(order):
    with pytest.raises(OrderDateBeforePlacedError) as raised:
        order.accept(date(2025, 3, 20), COORDINATOR)
    assert raised.value.code == "order.date_before_placed"
    order.accept(PLACED_ON, COORDINATOR)
    with pytest.raises(OrderAlreadyAcceptedError) as raised:
        order.accept(PLACED_ON, COORDINATOR)
    assert raised.value.code == "order.already_accepted"


def test_a_caregiver_is_assigned_after_acceptance(order, caregiver_id):
    with pytest.raises(OrderNotAcceptedError) as raised:
        order.assign_caregiver(caregiver_id)
    assert raised.value.code == "order.not_accepted"

    order.accept(PLACED_ON, COORDINATOR)
    order.assign_caregiver(caregiver_id)

    assert isinstance(order.collect_events()[-1], ServiceOrder.CaregiverAssigned)
    assert (order.status, order.caregiver_id) == ("caregiver_assigned", caregiver_id)
    with pytest.raises(CaregiverAlreadyAssignedError) as raised:
        order.assign_caregiver(caregiver_id)
    assert raised.value.code == "order.caregiver_already_assigned"


def test_the_weekly_schedule_is_set_in_order_of_day_and_time(scheduled):
    slots = (ScheduleSlot(5, time(13), 120), ScheduleSlot(1, time(9), 60))

    scheduled.set_schedule(slots)

    [schedule_set] = scheduled.collect_events()
    assert isinstance(schedule_set, ServiceOrder.WeeklyScheduleSet)
    assert scheduled.schedule == (slots[1], slots[0])
    assert scheduled.status == "scheduled"


def test_a_schedule_needs_a_caregiver(order):
    order.accept(PLACED_ON, COORDINATOR)

    with pytest.raises(NoCaregiverError) as raised:
        order.set_schedule(MONDAY_WEDNESDAY_FRIDAY)
    assert raised.value.code == "order.no_caregiver"


@pytest.mark.parametrize(
    ("slots", "error", "code"),
    [
        ((), EmptyScheduleError, "order.empty_schedule"),
        ((ScheduleSlot(2, time(9), 60),), SlotOnUnorderedDayError, "order.slot_on_unordered_day"),
        (
            (ScheduleSlot(1, time(9), 60), ScheduleSlot(1, time(9, 30), 30)),
            OverlappingSlotsError,
            "order.overlapping_slots",
        ),
        ((ScheduleSlot(1, time(9), 150),), ScheduleExceedsDayError, "order.schedule_exceeds_day"),
    ],
)
def test_a_schedule_stays_within_the_ordered_days_and_hours(scheduled, slots, error, code):
    with pytest.raises(error) as raised:
        scheduled.set_schedule(slots)
    assert raised.value.code == code


def test_a_schedule_stays_within_the_hours_per_week(caregiver_id):
    order = place_order(make_care_terms(hours_per_week=Decimal(5)))
    order.accept(PLACED_ON, COORDINATOR)
    order.assign_caregiver(caregiver_id)

    with pytest.raises(ScheduleExceedsHoursError) as raised:
        order.set_schedule(MONDAY_WEDNESDAY_FRIDAY)  # 3 x 2 h
    assert raised.value.code == "order.schedule_exceeds_hours"


def test_slots_touching_end_to_start_do_not_overlap(scheduled):
    scheduled.set_schedule((ScheduleSlot(1, time(9), 60), ScheduleSlot(1, time(10), 60)))

    assert len(scheduled.schedule) == 2


@pytest.mark.parametrize(
    ("values", "error", "code"),
    [
        ((0, time(9), 60), InvalidSlotWeekdayError, "schedule_slot.invalid_weekday"),
        ((1, "09:00", 60), InvalidSlotStartError, "schedule_slot.invalid_start"),
        ((1, time(9), 0), InvalidSlotMinutesError, "schedule_slot.invalid_minutes"),
        ((1, time(23), 61), SlotCrossesMidnightError, "schedule_slot.crosses_midnight"),
    ],
)
def test_a_slot_that_breaks_a_rule_is_refused(values, error, code):
    with pytest.raises(error) as raised:
        ScheduleSlot(*values)
    assert raised.value.code == code


def test_changed_terms_wait_for_the_coordinator_to_acknowledge(scheduled):
    more = changed_terms(scheduled.terms, hours_per_day=Decimal(3), hours_per_week=Decimal(9))

    scheduled.change_terms(more, date(2025, 5, 5))

    [changed] = scheduled.collect_events()
    assert isinstance(changed, ServiceOrder.ServiceOrderChanged)
    assert (scheduled.terms, scheduled.changed) == (more, True)
    assert scheduled.terms_on(date(2025, 5, 4)).hours_per_day == 2
    assert scheduled.terms_on(date(2025, 5, 5)).hours_per_day == 3

    scheduled.acknowledge_change()

    assert isinstance(scheduled.collect_events()[-1], ServiceOrder.OrderChangeAcknowledged)
    assert scheduled.changed is False
    with pytest.raises(NoChangeToAcknowledgeError) as raised:
        scheduled.acknowledge_change()
    assert raised.value.code == "order.no_change_to_acknowledge"


def test_changed_terms_must_change_something_for_the_same_provider(scheduled):
    with pytest.raises(TermsUnchangedError) as raised:
        scheduled.change_terms(scheduled.terms, date(2025, 5, 5))
    assert raised.value.code == "order.terms_unchanged"
    with pytest.raises(ProviderMismatchError):
        scheduled.change_terms(changed_terms(scheduled.terms, provider_id="X"), date(2025, 5, 5))


def test_changes_come_in_date_order(scheduled):
    scheduled.change_terms(changed_terms(scheduled.terms, tasks=("meals",)), date(2025, 5, 5))

    with pytest.raises(ChangeBeforePreviousError) as raised:
        scheduled.change_terms(
            changed_terms(scheduled.terms, tasks=("cleaning",)), date(2025, 5, 4)
        )
    assert raised.value.code == "order.change_before_previous"


def test_suspending_and_resuming_care(scheduled):
    scheduled.suspend(date(2025, 4, 10), "Pobyt w szpitalu.")

    assert scheduled.status == "suspended"
    with pytest.raises(OrderSuspendedError) as raised:
        scheduled.suspend(date(2025, 4, 11), "Znowu.")
    assert raised.value.code == "order.suspended"
    with pytest.raises(ResumeBeforeSuspensionError) as raised:
        scheduled.resume(date(2025, 4, 9))
    assert raised.value.code == "order.resume_before_suspension"

    scheduled.resume(date(2025, 4, 20))

    events = [type(e) for e in scheduled.collect_events()]
    assert events == [ServiceOrder.ServiceOrderSuspended, ServiceOrder.ServiceOrderResumed]
    assert scheduled.status == "scheduled"


def test_only_a_suspended_order_is_resumed(scheduled):
    with pytest.raises(OrderNotSuspendedError) as raised:
        scheduled.resume(date(2025, 4, 20))
    assert raised.value.code == "order.not_suspended"


def test_a_suspension_and_an_end_need_a_reason(scheduled):
    with pytest.raises(OrderReasonRequiredError) as raised:
        scheduled.suspend(date(2025, 4, 10), " ")
    assert raised.value.code == "order.reason_required"
    with pytest.raises(OrderReasonRequiredError):
        scheduled.end(date(2025, 4, 10), "")


def test_an_order_is_not_suspended_before_acceptance(order):
    with pytest.raises(OrderNotAcceptedError):
        order.suspend(date(2025, 4, 10), "Szpital.")


def test_an_ended_order_refuses_everything_but_settling(scheduled, caregiver_id):
    scheduled.end(date(2025, 6, 1), "Decyzja uchylona.")

    [ended] = scheduled.collect_events()
    assert isinstance(ended, ServiceOrder.ServiceOrderEnded)
    assert scheduled.status == "ended"
    for command in (
        lambda: scheduled.accept(PLACED_ON, COORDINATOR),
        lambda: scheduled.assign_caregiver(uuid4()),
        lambda: scheduled.set_schedule(MONDAY_WEDNESDAY_FRIDAY),
        lambda: scheduled.change_terms(make_care_terms(tasks=("meals",)), date(2025, 6, 2)),
        lambda: scheduled.acknowledge_change(),
        lambda: scheduled.suspend(date(2025, 6, 2), "x"),
        lambda: scheduled.resume(date(2025, 6, 2)),
        lambda: scheduled.end(date(2025, 6, 2), "x"),
        lambda: scheduled.start_visit(
            visit_id=uuid4(), caregiver_id=caregiver_id, started_at=at(date(2025, 6, 2), 9)
        ),
        lambda: scheduled.complete_visit(
            visit_id=uuid4(), ended_at=at(date(2025, 6, 2), 9), tasks_done=()
        ),
        lambda: scheduled.raise_observation(
            observation_id=uuid4(),
            caregiver_id=caregiver_id,
            kind="fall",
            note="x",
            raised_at=at(date(2025, 6, 2), 9),
        ),
    ):
        with pytest.raises(OrderEndedError) as raised:
            command()
        assert raised.value.code == "order.ended"
    scheduled.close_month(year=2025, month=5, closed_on=date(2025, 6, 2))
    assert (2025, 5) in scheduled.settlements


def test_an_order_does_not_end_during_a_visit(scheduled, caregiver_id):
    scheduled.start_visit(
        visit_id=uuid4(), caregiver_id=caregiver_id, started_at=at(date(2025, 4, 7), 9)
    )

    with pytest.raises(OrderVisitOpenError) as raised:
        scheduled.end(date(2025, 4, 7), "Koniec okresu.")
    assert raised.value.code == "order.visit_open"
