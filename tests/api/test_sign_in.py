"""Signing in over HTTP on both stores: one answer for every refusal, a growing wait instead
of a lockout, and an allowance per address that fits an office behind one NAT."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.api import expect
from tests.api.conftest import PASSWORD
from tests.api.test_sessions import _addresses, client, login, new_user
from tests.support.builders import new_id

WRONG = "to-nie-jest-haslo"


@pytest.fixture
def clock(api) -> Iterator[list[float]]:
    """The sign-in throttle's clock, moved by hand: [seconds ahead of now]."""
    ahead = [0.0]
    throttle = api.system.sign_in_throttle
    throttle.clock = lambda: time.time() + ahead[0]
    try:
        yield ahead
    finally:
        throttle.clock = time.time


def fail(api, username: str, times: int, address: str, clock=None, every_s: float = 0):
    for _ in range(times):
        expect.refused(login(api, username, WRONG, address=address), 401,
                       "auth.invalid_credentials")
        if clock is not None:
            clock[0] += every_s


def test_unknown_wrong_unconfirmed_and_closed_accounts_get_one_answer(api):
    closed = new_user(api)
    user_id = uuid.UUID(login(api, closed).json()["user"]["id"])
    with api.client("admin") as admin:
        admin.post(f"/api/admin/users/{user_id}/deactivation", json={
            "command_id": new_id(), "expected_version": api.system.app.user(user_id).version})
        pending = f"czeka.{new_id()[:8]}"
        admin.post("/api/admin/users", json={
            "command_id": new_id(), "username": pending, "display_name": "Czeka",
            "role": "social_worker", "unit": "ZTPS-1", "password": PASSWORD})

    answers = [login(api, f"nikt.{new_id()[:8]}"), login(api, new_user(api), WRONG),
               login(api, pending), login(api, closed)]

    for answer in answers:
        expect.refused(answer, 401, "auth.invalid_credentials")
    assert len({a.text for a in answers}) == 1


def test_failures_make_the_next_attempt_wait_longer_never_lock_and_say_the_same_for_anyone(
        api, clock):
    known, unknown = new_user(api), f"nikt.{new_id()[:8]}"
    refusals = {}
    for username in (known, unknown):
        address = next(_addresses)
        fail(api, username, 5, address)
        # Even the right password waits: a guesser learns nothing by trying it now.
        refusals[username] = login(api, username, address=address)
    for answer in refusals.values():
        error = expect.refused(answer, 429, "auth.sign_in_delayed")
        assert answer.headers["retry-after"] == "1" and error["details"]["retry_after_s"] == 1
    assert refusals[known].text == refusals[unknown].text

    address = next(_addresses)
    waits = []
    for _ in range(9):
        clock[0] += 61
        fail(api, known, 1, address)
        waits.append(int(login(api, known, address=address).headers["retry-after"]))
    assert waits == [2, 4, 8, 16, 32, 60, 60, 60, 60]  # doubling, up to the cap

    clock[0] += 60
    assert login(api, known, address=address).status_code == 200  # no lockout
    fail(api, known, 5, address)  # and a success starts the count again


def test_a_guesser_elsewhere_cannot_keep_a_person_out_at_her_usual_address(api, clock):
    username = new_user(api)
    office, elsewhere = next(_addresses), next(_addresses)
    assert login(api, username, address=office).status_code == 200

    fail(api, username, 30, elsewhere, clock, every_s=61)
    fail(api, username, 1, elsewhere)
    held = login(api, username, address=elsewhere)
    expect.refused(held, 429, "auth.sign_in_delayed")
    assert held.headers["retry-after"] == "60"

    assert login(api, username, address=office).status_code == 200


def test_an_office_behind_one_address_signs_in_together_typos_and_all(api):
    office = next(_addresses)
    people = [new_user(api) for _ in range(60)]

    for n, username in enumerate(people):
        if n % 4 == 0:
            fail(api, username, 1, office)
        answer = login(api, username, address=office)
        assert answer.status_code == 200, (n, answer.text)


def test_one_address_guessing_across_accounts_is_held_back(api, clock):
    address = next(_addresses)
    # 300 points in 10 minutes, a failure costing 3: a hundred failures. The clock stands
    # still meanwhile: on a busy machine the 101 requests took long enough for the
    # allowance to refill by a failure's worth.
    now = time.time()
    api.system.sign_in_throttle.clock = lambda: now + clock[0]
    with client(api, address=address) as http:
        answers = [http.post("/api/auth/login", json={"username": f"nikt{n}.{new_id()[:6]}",
                                                      "password": WRONG})
                   for n in range(101)]

    assert {a.status_code for a in answers[:100]} == {401}
    error = expect.refused(answers[100], 429, "auth.too_many_attempts")
    assert 1 <= error["details"]["retry_after_s"] == int(answers[100].headers["retry-after"])
    assert login(api, new_user(api)).status_code == 200  # another address is not held back


def test_attempts_sent_together_cannot_slip_past_the_wait_together(api, clock):
    username, address = new_user(api), next(_addresses)
    fail(api, username, 5, address)
    clock[0] += 2

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: login(api, username, WRONG, address=address),
                                range(8)))

    assert sorted(a.status_code for a in answers) == [401] + [429] * 7


def test_wrong_passwords_for_an_unknown_username_write_nothing(api):
    with expect.nothing_written(api):
        answers = [login(api, "nikogo-takiego", PASSWORD) for _ in range(5)]

    for answer in answers:
        expect.refused(answer, 401, "auth.invalid_credentials")
