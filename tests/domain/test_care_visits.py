"""Given a scheduled order, when the caregiver checks in and out or raises an observation."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.care_visits import (
    CareVisitNotFoundError,
    DuplicateCareVisitError,
    DuplicateObservationError,
    InvalidObservationKindError,
    MonthClosedError,
    NaiveObservationTimeError,
    NaiveVisitTimeError,
    NotAssignedCaregiverError,
    ObservationByOtherCaregiverError,
    ObservationNoteRequiredError,
    ObservationNoteTooLongError,
    TaskNotOrderedError,
    VisitAlreadyCompletedError,
    VisitAlreadyOpenError,
    VisitEndsBeforeStartError,
    VisitTooLongError,
)
from domain.service_order import OrderNotScheduledError, OrderSuspendedError, ServiceOrder
from tests.domain.care_givens import (
    PLACED_ON,
    at,
    make_care_terms,
    place_order,
    scheduled_order,
    visit,
)

MONDAY = date(2025, 4, 7)
TUESDAY = date(2025, 4, 8)


def start(order, caregiver_id, day=MONDAY, hour=9, visit_id=None):
    visit_id = visit_id or uuid4()
    order.start_visit(visit_id=visit_id, caregiver_id=caregiver_id, started_at=at(day, hour))
    return visit_id


def test_the_caregiver_checks_in_and_the_order_runs(scheduled, caregiver_id):
    visit_id = start(scheduled, caregiver_id)

    [started] = scheduled.collect_events()
    assert isinstance(started, ServiceOrder.CareVisitStarted)
    assert started.started_at == at(MONDAY, 9)
    assert scheduled.status == "running"
    assert scheduled.open_visit.visit_id == visit_id


def test_only_the_assigned_caregiver_checks_in(scheduled):
    with pytest.raises(NotAssignedCaregiverError) as raised:
        start(scheduled, uuid4())
    assert raised.value.code == "care_visit.not_assigned_caregiver"


def test_no_visit_before_the_order_is_scheduled(caregiver_id):
    order = place_order()
    order.accept(PLACED_ON, uuid4())
    order.assign_caregiver(caregiver_id)

    with pytest.raises(OrderNotScheduledError) as raised:
        start(order, caregiver_id)
    assert raised.value.code == "order.not_scheduled"


def test_no_visit_while_the_order_is_suspended(scheduled, caregiver_id):
    scheduled.suspend(date(2025, 4, 5), "Szpital.")

    with pytest.raises(OrderSuspendedError):
        start(scheduled, caregiver_id)


def test_one_open_visit_at_a_time(scheduled, caregiver_id):
    start(scheduled, caregiver_id)

    with pytest.raises(VisitAlreadyOpenError) as raised:
        start(scheduled, caregiver_id, hour=12)
    assert raised.value.code == "care_visit.already_open"


def test_a_visit_is_started_once(scheduled, caregiver_id):
    visit_id = visit(scheduled, caregiver_id, MONDAY)

    with pytest.raises(DuplicateCareVisitError) as raised:
        start(scheduled, caregiver_id, day=date(2025, 4, 9), visit_id=visit_id)
    assert raised.value.code == "care_visit.duplicate"


def test_visit_times_carry_their_time_zone(scheduled, caregiver_id):
    with pytest.raises(NaiveVisitTimeError) as raised:
        scheduled.start_visit(
            visit_id=uuid4(), caregiver_id=caregiver_id, started_at=datetime(2025, 4, 7, 9)
        )
    assert raised.value.code == "care_visit.naive_time"


def test_checking_out_records_the_tasks_and_the_hours(scheduled, caregiver_id):
    visit_id = start(scheduled, caregiver_id)

    scheduled.complete_visit(
        visit_id=visit_id, ended_at=at(MONDAY, 10, 50), tasks_done=["meals", "cleaning", "meals"]
    )

    completed = scheduled.collect_events()[-1]
    assert isinstance(completed, ServiceOrder.CareVisitCompleted)
    assert (completed.tasks_done, completed.minutes, completed.flags) == (
        ("meals", "cleaning"),
        110,
        (),
    )
    assert scheduled.open_visit is None
    assert scheduled.delivered_hours(2025, 4) == Decimal("1.83")


def test_an_unknown_visit_cannot_be_completed(scheduled):
    with pytest.raises(CareVisitNotFoundError) as raised:
        scheduled.complete_visit(visit_id=uuid4(), ended_at=at(MONDAY, 11), tasks_done=())
    assert raised.value.code == "care_visit.not_found"


def test_a_visit_is_completed_once(scheduled, caregiver_id):
    visit_id = visit(scheduled, caregiver_id, MONDAY)

    with pytest.raises(VisitAlreadyCompletedError) as raised:
        scheduled.complete_visit(visit_id=visit_id, ended_at=at(MONDAY, 12), tasks_done=())
    assert raised.value.code == "care_visit.already_completed"


@pytest.mark.parametrize(
    ("ended_at", "tasks", "error", "code"),
    [
        (at(MONDAY, 9), (), VisitEndsBeforeStartError, "care_visit.ends_before_start"),
        (at(MONDAY, 8), (), VisitEndsBeforeStartError, "care_visit.ends_before_start"),
        (at(MONDAY, 21, 1), (), VisitTooLongError, "care_visit.too_long"),
        (
            at(MONDAY, 11),
            ("meals", "medication"),
            TaskNotOrderedError,
            "care_visit.task_not_ordered",
        ),
        (datetime(2025, 4, 7, 11), (), NaiveVisitTimeError, "care_visit.naive_time"),
    ],
)
def test_a_check_out_that_breaks_a_rule_is_refused(
    scheduled, caregiver_id, ended_at, tasks, error, code
):
    visit_id = start(scheduled, caregiver_id)

    with pytest.raises(error) as raised:
        scheduled.complete_visit(visit_id=visit_id, ended_at=ended_at, tasks_done=tasks)
    assert raised.value.code == code
    assert scheduled.open_visit.visit_id == visit_id


def flags_of(order, visit_id):
    return order.visits[visit_id].flags


def test_a_visit_before_the_period_is_accepted_but_flagged_and_not_billed(scheduled, caregiver_id):
    visit_id = visit(scheduled, caregiver_id, date(2025, 3, 31))  # a Monday

    assert flags_of(scheduled, visit_id) == ("outside_period",)
    assert scheduled.delivered_hours(2025, 3) == Decimal(2)
    assert scheduled.billable_hours(2025, 3) == Decimal(0)


def test_a_visit_on_an_unordered_weekday_is_accepted_but_flagged(scheduled, caregiver_id):
    visit_id = visit(scheduled, caregiver_id, TUESDAY)

    assert flags_of(scheduled, visit_id) == ("unordered_weekday",)
    assert scheduled.billable_hours(2025, 4) == Decimal(2)


def test_a_visit_above_the_months_ordered_hours_is_accepted_but_flagged(caregiver_id):
    # 2-9 April: Wed 2, Fri 4, Mon 7, Wed 9 -> 8 ordered hours.
    order = scheduled_order(caregiver_id, make_care_terms(period_to=date(2025, 4, 9)))
    days = (date(2025, 4, 2), date(2025, 4, 4), date(2025, 4, 7), date(2025, 4, 9))
    within = [visit(order, caregiver_id, day) for day in days]

    extra = start(order, caregiver_id, day=date(2025, 4, 9), hour=15)
    order.complete_visit(visit_id=extra, ended_at=at(date(2025, 4, 9), 15, 1), tasks_done=())

    assert [flags_of(order, visit_id) for visit_id in within] == [()] * 4
    assert flags_of(order, extra) == ("above_ordered_hours",)
    assert order.delivered_hours(2025, 4) == Decimal("8.02")


def test_a_check_out_too_short_for_the_tasks_ticked_is_flagged_not_refused(scheduled,
                                                                          caregiver_id):
    # Meals and shopping take at least 25 minutes (MIN_TASK_MINUTES); 4 minutes is flagged.
    short = start(scheduled, caregiver_id, day=date(2025, 4, 2), hour=9)
    scheduled.complete_visit(visit_id=short, ended_at=at(date(2025, 4, 2), 9, 4),
                             tasks_done=("meals", "shopping"))
    enough = start(scheduled, caregiver_id, day=date(2025, 4, 4), hour=9)
    scheduled.complete_visit(visit_id=enough, ended_at=at(date(2025, 4, 4), 9, 25),
                             tasks_done=("meals", "shopping"))

    assert flags_of(scheduled, short) == ("implausibly_short",)
    assert flags_of(scheduled, enough) == ()
    assert scheduled.delivered_hours(2025, 4) == Decimal("0.48")  # both counted


def test_visits_of_a_closed_month_are_refused(scheduled, caregiver_id):
    scheduled.close_month(year=2025, month=4, closed_on=date(2025, 5, 2))

    with pytest.raises(MonthClosedError) as raised:
        start(scheduled, caregiver_id, day=date(2025, 4, 30))
    assert raised.value.code == "care_visit.month_closed"


def test_visits_overlap_only_when_they_share_time():
    nine, ten, eleven = (at(MONDAY, hour) for hour in (9, 10, 11))

    assert ServiceOrder.overlaps(nine, eleven, ten, eleven + timedelta(hours=1))
    assert not ServiceOrder.overlaps(nine, ten, ten, eleven)


def observe(order, assigned_caregiver_id, **overrides):
    values = {
        "observation_id": uuid4(),
        "caregiver_id": assigned_caregiver_id,
        "kind": "no_food",
        "note": "Pusta lodówka, klientka nie jadła od wczoraj.",
        "raised_at": at(MONDAY, 10),
    }
    values.update(overrides)
    order.raise_observation(**values)
    return values["observation_id"]


def test_a_caregivers_observation_flows_back_to_the_social_worker(scheduled, caregiver_id):
    observation_id = observe(scheduled, caregiver_id)

    [raised] = scheduled.collect_events()
    assert isinstance(raised, ServiceOrder.CaregiverObservationRaised)
    assert (raised.kind, raised.caregiver_id) == ("no_food", caregiver_id)
    assert scheduled.observations[observation_id].note.startswith("Pusta lodówka")


@pytest.mark.parametrize(
    ("overrides", "error", "code"),
    [
        ({"kind": "gossip"}, InvalidObservationKindError, "observation.invalid_kind"),
        ({"note": "  "}, ObservationNoteRequiredError, "observation.note_required"),
        ({"note": "x" * 2001}, ObservationNoteTooLongError, "observation.note_too_long"),
        (
            {"raised_at": datetime(2025, 4, 7, 10)},
            NaiveObservationTimeError,
            "observation.naive_time",
        ),
        (
            {"caregiver_id": uuid4()},
            ObservationByOtherCaregiverError,
            "observation.not_assigned_caregiver",
        ),
    ],
)
def test_an_observation_that_breaks_a_rule_is_refused(
    scheduled, caregiver_id, overrides, error, code
):
    with pytest.raises(error) as raised:
        observe(scheduled, caregiver_id, **overrides)
    assert raised.value.code == code


def test_an_observation_is_raised_once(scheduled, caregiver_id):
    observation_id = observe(scheduled, caregiver_id)

    with pytest.raises(DuplicateObservationError) as raised:
        observe(scheduled, caregiver_id, observation_id=observation_id)
    assert raised.value.code == "observation.duplicate"
