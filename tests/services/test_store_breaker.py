"""The store breaker: after a failure, requests are refused at once; a probe, at most once a
cooldown and one at a time, lets them through again when the store answers."""

from __future__ import annotations

import threading

from services.store.breaker import StoreBreaker, breaker_for
from tests.support.stores import sqlite_settings


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Store:
    """The outside world as the probe sees it: up or down, and how often it was asked."""

    def __init__(self) -> None:
        self.up = False
        self.probes = 0

    def probe(self) -> None:
        self.probes += 1
        if not self.up:
            raise OSError("connection refused")


def test_requests_go_to_the_store_until_it_fails():
    store = Store()
    breaker = StoreBreaker(store.probe, clock=Clock())

    assert breaker.allows() and not breaker.is_open
    assert store.probes == 0


def test_after_a_failure_requests_are_refused_without_asking_the_store_until_the_cooldown():
    store, clock = Store(), Clock()
    breaker = StoreBreaker(store.probe, cooldown_s=1.0, clock=clock)
    breaker.trip()

    clock.now += 0.5
    assert not breaker.allows()
    assert store.probes == 0


def test_a_probe_that_fails_keeps_it_open_and_one_that_succeeds_closes_it():
    store, clock = Store(), Clock()
    breaker = StoreBreaker(store.probe, cooldown_s=1.0, clock=clock)
    breaker.trip()

    clock.now += 1.0
    assert not breaker.allows()
    assert breaker.allows() is False  # the failed probe started a new cooldown
    assert store.probes == 1

    store.up = True
    clock.now += 1.0
    assert breaker.allows()
    assert not breaker.is_open
    assert store.probes == 2


def test_only_one_request_probes_at_a_time():
    clock, entered, release = Clock(), threading.Event(), threading.Event()

    def slow_probe() -> None:
        entered.set()
        release.wait(5)

    breaker = StoreBreaker(slow_probe, cooldown_s=1.0, clock=clock)
    breaker.trip()
    clock.now += 1.0
    first = threading.Thread(target=breaker.allows)
    first.start()
    entered.wait(5)

    assert not breaker.allows()  # refused at once while the first one probes
    release.set()
    first.join(5)
    assert not breaker.is_open


def test_on_sqlite_a_failure_holds_no_request_back(tmp_path):
    breaker = breaker_for(sqlite_settings(tmp_path))
    breaker.trip()

    assert breaker.allows()
    assert not breaker.is_open
