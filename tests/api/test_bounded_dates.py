"""Far dates and times are refused with 422 and a stable code, never stored, never a 500.

Issue #15: a caregiver's check-in "at" 9999-12-31T23:59:59-05:00 was answered 201 and then
stopped every read model for good (care delivery overflowed turning it to UTC); far dates
gave 500s in interview scheduling, appeals, finality, the month routes, returns' `as_of`
and difference. Each of those, exactly, on both stores.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.api import expect
from tests.api.care_givens import granted_order, post
from tests.support.builders import new_id

START = date.today() - timedelta(days=10)
FAR = "9999-12-31T23:59:59-05:00"


def _all_at_head(api, timeout_s: float = 15.0) -> None:
    """Every read model reaches the head of the log, none stalled (as /api/health says)."""
    deadline = time.monotonic() + timeout_s
    with api.client(None) as http:
        while True:
            health = http.get("/api/health").json()
            assert health["status"] == "ok" and health["stalled"] == [], health
            if set(health["positions"].values()) == {health["head"]}:
                return
            assert time.monotonic() < deadline, health
            time.sleep(0.05)


def test_a_check_in_at_the_end_of_time_is_refused_and_every_read_model_goes_on(api):
    care = granted_order(api, START)
    with api.client("caregiver") as caregiver, expect.nothing_written(api):
        answer = caregiver.post(f"/api/caregiver/orders/{care.order_id}/visits", json={
            "command_id": new_id(), "expected_version": care.order_version,
            "visit_id": new_id(), "started_at": FAR})
    error = expect.refused(answer, 422, "date.out_of_range")
    assert expect.names_field(error, "started_at")

    # The next check-in, a real one, reaches every read model.
    with api.client("caregiver") as caregiver:
        done = post(caregiver, f"/api/caregiver/orders/{care.order_id}/visits", {
            "expected_version": care.order_version, "visit_id": new_id(),
            "started_at": (datetime.now(UTC) - timedelta(minutes=3)).isoformat()})
    with api.client("coordinator") as coordinator:
        month = coordinator.get(
            f"/api/handoff/orders/{care.order_id}/months/{date.today().year}/"
            f"{date.today().month}", params={"after": done["position"]})
    assert month.status_code == 200, month.text
    _all_at_head(api)


def test_a_check_in_later_than_the_server_clock_allows_says_so_in_polish(api):
    care = granted_order(api, START)
    ahead = (datetime.now(UTC) + timedelta(minutes=20)).isoformat()
    with api.client("caregiver") as caregiver, expect.nothing_written(api):
        answer = caregiver.post(f"/api/caregiver/orders/{care.order_id}/visits", json={
            "command_id": new_id(), "expected_version": care.order_version,
            "visit_id": new_id(), "started_at": ahead})
    error = expect.refused(answer, 422, "time.in_future")
    assert "zegar" in error["message"]["pl"]


def test_a_tablet_clock_far_ahead_is_refused_on_any_command(api):
    care = granted_order(api, START)
    with api.client("coordinator") as coordinator, expect.nothing_written(api):
        answer = coordinator.post(f"/api/handoff/orders/{care.order_id}/change-acknowledgement",
                                  json={"command_id": new_id(), "expected_version": 9,
                                        "occurred_at": FAR})
    expect.refused(answer, 422, "date.out_of_range")


@pytest.mark.parametrize("year_month", ["99999999/1", "0/1", "-1/1", "2026/0", "2026/13"])
def test_a_month_route_with_a_year_or_month_out_of_range_answers_422(api, year_month):
    care = granted_order(api, START, scheduled=False)
    with api.client("coordinator") as coordinator:
        answer = coordinator.get(f"/api/handoff/orders/{care.order_id}/months/{year_month}")
    expect.refused(answer, 422, "date.out_of_range")


@pytest.mark.parametrize("query", [
    {"as_of": FAR}, {"as_of": "0001-01-01T00:00:00+05:00"},
])
def test_a_return_as_of_a_far_time_answers_422(api, query):
    with api.client("manager") as manager:
        answer = manager.get("/api/returns/2026/H1", params=query)
    expect.refused(answer, 422, "date.out_of_range")


@pytest.mark.parametrize("which", ["from", "to"])
def test_a_difference_to_a_far_time_answers_422(api, which):
    now = datetime.now(UTC).isoformat()
    with api.client("manager") as manager:
        answer = manager.get("/api/returns/2026/H1/difference",
                             params={"from": now, "to": now} | {which: FAR})
    expect.refused(answer, 422, "date.out_of_range")


def test_far_dates_of_interviews_appeals_and_finality_are_refused(api):
    care = granted_order(api, START, scheduled=False)
    with api.client("worker") as worker, expect.nothing_written(api):
        answer = worker.post(f"/api/folders/{care.folder_id}/interviews", json={
            "command_id": new_id(), "expected_version": care.folder_version,
            "interview_id": new_id(), "trigger_date": "9999-12-31", "urgent": False})
    expect.refused(answer, 422, "date.out_of_range")
    for route in ("delivery", "appeal", "finality"):
        with api.client("decision_maker") as decider, expect.nothing_written(api):
            answer = decider.post(f"/api/proceedings/{care.proceeding_id}/{route}", json={
                "command_id": new_id(), "expected_version": care.proceeding_version,
                "on": "9999-12-31"})
        expect.refused(answer, 422, "date.out_of_range")
    _all_at_head(api)
