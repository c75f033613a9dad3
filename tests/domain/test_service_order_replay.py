"""Any sequence of commands, replayed from the events it recorded, gives the same order."""

import functools
from datetime import time, timedelta
from decimal import Decimal
from uuid import UUID

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from domain.care import CARE_TASKS
from domain.care_visits import ObservationKind, ScheduleSlot
from domain.errors import DomainError
from domain.service_order import ServiceOrder
from tests.domain.care_givens import (
    CASE_REFERENCE,
    PLACED_ON,
    PROVIDER,
    at,
    make_care_terms,
    make_handoff,
)
from tests.support.depth import examples

# Small pools of ids and values, so that repeats and refusals happen often.
ids = st.sampled_from([UUID(int=n) for n in range(1, 6)])
caregivers = st.sampled_from([UUID(int=100), UUID(int=101)])
days = st.integers(min_value=-3, max_value=100).map(lambda n: PLACED_ON + timedelta(days=n))
hours = st.integers(min_value=6, max_value=20)
texts = st.text(alphabet="ab ", max_size=4)
terms = st.builds(
    make_care_terms,
    tasks=st.lists(st.sampled_from(CARE_TASKS[:4]), min_size=1, max_size=3),
    weekdays=st.sampled_from([(1, 3, 5), (1, 2, 3, 4, 5), (2, 4)]),
    hours_per_day=st.just(Decimal(3)),
    hours_per_week=st.sampled_from([Decimal(6), Decimal("4.5")]),
    fee_share_percent=st.sampled_from([Decimal(0), Decimal(10), Decimal("12.5")]),
)
# Slots name the n-th ordered weekday (or, rarely, any weekday) so that most schedules fit.
slots = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=4) | st.integers(min_value=1, max_value=7).map(str),
        st.sampled_from([time(8), time(9, 30), time(13)]),
        st.sampled_from([30, 60, 90]),
    ),
    max_size=4,
)


def snapshot_state(order: ServiceOrder) -> dict[str, object]:
    """Everything an order knows, from its public attributes."""
    return {
        **{k: v for k, v in vars(order).items() if not k.startswith("_")},
        "id": order.id,
        "version": order.version,
        "status": order.status,
        "terms_since": list(order.terms_since),
        "visits": dict(order.visits),
        "observations": dict(order.observations),
        "settlements": dict(order.settlements),
        "april_delivered": order.delivered_hours(2025, 4),
        "april_billable": order.billable_hours(2025, 4),
    }


def pick(choices: list[UUID], which: int) -> UUID | None:
    return choices[which % len(choices)] if choices else None


class ServiceOrderCommands(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.order = ServiceOrder.place(
            order_id=UUID(int=99),
            provider_id=PROVIDER,
            proceeding_id=UUID(int=98),
            decision_id=UUID(int=97),
            folder_id=UUID(int=96),
            person_id=UUID(int=95),
            case_reference=CASE_REFERENCE,
            form="care_services",
            terms=make_care_terms(),
            handoff=make_handoff(),
            placed_on=PLACED_ON,
        )
        self.events = list(self.order.collect_events())

    @initialize(ready=st.booleans())
    def maybe_get_ready_for_visits(self, ready):
        # Half the runs start from an order with a caregiver and a schedule, so that
        # visits, flags and settlements of delivered hours are explored as well.
        if ready:
            self.accept(on=PLACED_ON, coordinator_id=UUID(int=1))
            self.assign_caregiver(caregiver_id=UUID(int=100))
            self.set_schedule(given=[(0, time(9, 30), 90), (1, time(8), 60)])

    def attempt(self, command, *args, **kwargs) -> None:
        """Run a command; a refused one must leave the order as it was."""
        before = snapshot_state(self.order)
        try:
            command(*args, **kwargs)
        except DomainError:
            assert snapshot_state(self.order) == before
            assert self.order.collect_events() == []
        self.events.extend(self.order.collect_events())

    @rule(on=days, coordinator_id=ids)
    def accept(self, on, coordinator_id):
        self.attempt(self.order.accept, on, coordinator_id)

    @rule(caregiver_id=caregivers)
    def assign_caregiver(self, caregiver_id):
        self.attempt(self.order.assign_caregiver, caregiver_id)

    @rule(given=slots)
    def set_schedule(self, given):
        weekdays = self.order.terms.weekdays
        self.attempt(
            self.order.set_schedule,
            [
                ScheduleSlot(
                    int(day) if isinstance(day, str) else weekdays[day % len(weekdays)],
                    start,
                    minutes,
                )
                for day, start, minutes in given
            ],
        )

    @rule(new_terms=terms, on=days)
    def change_terms(self, new_terms, on):
        self.attempt(self.order.change_terms, new_terms, on)

    @rule()
    def acknowledge_change(self):
        self.attempt(self.order.acknowledge_change)

    @rule(on=days, reason=texts)
    def suspend(self, on, reason):
        self.attempt(self.order.suspend, on, reason)

    @rule(on=days)
    def resume(self, on):
        self.attempt(self.order.resume, on)

    @precondition(lambda self: len(self.events) > 25)  # late, or little else would happen
    @rule(on=days, reason=texts)
    def end(self, on, reason):
        self.attempt(self.order.end, on, reason)

    @rule(visit_id=ids, other=st.none() | caregivers, day=days, hour=hours)
    def start_visit(self, visit_id, other, day, hour):
        self.attempt(
            self.order.start_visit,
            visit_id=visit_id,
            caregiver_id=other or self.order.caregiver_id or UUID(int=100),
            started_at=at(day, hour),
        )

    @rule(
        which=st.integers(min_value=0),
        minutes=st.integers(min_value=-30, max_value=800),
        tasks=st.lists(st.sampled_from(CARE_TASKS[:5]), max_size=3),
    )
    def complete_visit(self, which, minutes, tasks):
        visit_id = pick(list(self.order.visits), which) or UUID(int=7)
        visit = self.order.visits.get(visit_id)
        started = visit.started_at if visit else at(PLACED_ON, 9)
        self.attempt(
            self.order.complete_visit,
            visit_id=visit_id,
            ended_at=started + timedelta(minutes=minutes),
            tasks_done=tasks,
        )

    @rule(
        observation_id=ids,
        other=st.none() | caregivers,
        kind=st.sampled_from([*ObservationKind, "gossip"]),
        note=texts,
        day=days,
    )
    def raise_observation(self, observation_id, other, kind, note, day):
        self.attempt(
            self.order.raise_observation,
            observation_id=observation_id,
            caregiver_id=other or self.order.caregiver_id or UUID(int=100),
            kind=kind,
            note=note,
            raised_at=at(day, 12),
        )

    @rule(month=st.integers(min_value=2, max_value=7), closed_on=days)
    def close_month(self, month, closed_on):
        self.attempt(self.order.close_month, year=2025, month=month, closed_on=closed_on)

    @invariant()
    def rebuilt_from_its_events_the_order_is_the_same(self):
        rebuilt = functools.reduce(lambda agg, event: event.mutate(agg), self.events, None)
        assert snapshot_state(rebuilt) == snapshot_state(self.order)
        assert rebuilt == self.order

    @invariant()
    def at_most_one_visit_is_open(self):
        assert sum(visit.is_open for visit in self.order.visits.values()) <= 1

    @invariant()
    def every_settlement_adds_up(self):
        for settled in self.order.settlements.values():
            assert settled.client_pays + settled.municipality_pays == settled.total


# `make reliability` searches ten times as many sequences (tests/support/depth.py).
pytestmark = pytest.mark.deep
ServiceOrderCommands.TestCase.settings = settings(
    max_examples=examples(suite=50, deep=500), stateful_step_count=40, deadline=None
)
test_any_commands_replayed_from_their_events_give_the_same_order = ServiceOrderCommands.TestCase
