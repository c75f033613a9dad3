"""A provider's places per service: orders beyond them wait in its queue, first come first
served, and a freed place goes to the first waiting; the expected start of each waiting."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.provider import (
    FormNotOfferedError,
    InvalidCapacityError,
    OrderWaitingError,
    Provider,
)
from domain.waiting import expected_starts


def mcus(places: int | None = 2) -> Provider:
    provider = Provider.register(code="MCUS", name="MCUS", address="ul. Sempołowskiej 52",
                                 services=("care_services", "day_care_home"), capacity=None)
    if places is not None:
        provider.set_capacity("care_services", places)
    return provider


def test_orders_beyond_the_places_wait_in_the_order_they_came():
    provider = mcus(places=2)
    first, second, third, fourth = (uuid4() for _ in range(4))

    assert [provider.admit(o, "care_services") for o in (first, second, third, fourth)] == [
        True, True, False, False]
    assert provider.holding["care_services"] == [first, second]
    assert provider.waiting["care_services"] == [third, fourth]
    with pytest.raises(OrderWaitingError):
        provider.refuse_if_waiting(third)
    provider.refuse_if_waiting(first)


def test_a_freed_place_goes_to_the_first_waiting_and_a_waiting_order_that_ends_leaves():
    provider = mcus(places=1)
    holder, waiting, later = uuid4(), uuid4(), uuid4()
    for order in (holder, waiting, later):
        provider.admit(order, "care_services")

    assert provider.release(later) == ()  # it ended while waiting: it only leaves the queue
    assert provider.release(holder) == (waiting,)
    assert provider.holding["care_services"] == [waiting]
    assert provider.waiting["care_services"] == []
    kinds = [type(e).__name__ for e in provider.collect_events()]
    assert kinds[-3:] == ["LeftQueue", "PlaceFreed", "PlaceTaken"]


def test_asking_twice_changes_nothing_and_a_service_without_places_counts_nothing():
    provider = mcus(places=1)
    order = uuid4()
    provider.admit(order, "care_services")
    provider.collect_events()

    assert provider.admit(order, "care_services") is True
    assert provider.admit(uuid4(), "day_care_home") is True  # no places set: no limit
    assert provider.collect_events() == []


def test_raising_the_places_lets_the_first_waiting_in_and_lowering_them_keeps_the_holders():
    provider = mcus(places=1)
    orders = [uuid4() for _ in range(4)]
    for order in orders:
        provider.admit(order, "care_services")

    provider.set_capacity("care_services", 3)
    assert provider.holding["care_services"] == orders[:3]
    provider.set_capacity("care_services", 0)
    assert provider.holding["care_services"] == orders[:3]
    assert provider.release(orders[0]) == ()
    assert provider.waiting["care_services"] == [orders[3]]


@pytest.mark.parametrize(("form", "places", "error"), [
    ("care_services", -1, InvalidCapacityError),
    ("care_services", 100_001, InvalidCapacityError),
    ("care_services", True, InvalidCapacityError),
    ("care_services", "3", InvalidCapacityError),
    ("meal", 3, FormNotOfferedError),
])
def test_places_below_zero_too_many_or_for_a_service_not_offered_are_refused(form, places, error):
    provider = mcus(places=None)
    with pytest.raises(error):
        provider.set_capacity(form, places)
    assert provider.places == {}


def test_the_expected_start_follows_the_places_freeing_in_the_order_of_the_queue():
    today = date(2026, 3, 1)
    ends = [date(2026, 3, 31), date(2026, 3, 10)]

    assert expected_starts(2, ends, [30, 30, 30], today) == [
        date(2026, 3, 11), date(2026, 4, 1), date(2026, 4, 10)]
    assert expected_starts(3, ends, [30], today) == [today]
    assert expected_starts(0, ends, [30], today) == [None]
    # A holder whose period is over frees its place today at the earliest, not in the past.
    assert expected_starts(1, [date(2026, 2, 1)], [10], today) == [today]
