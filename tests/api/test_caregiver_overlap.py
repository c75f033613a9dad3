"""One caregiver cannot be in two homes at once: the check-in rule sees every visit already
started, also one just saved (no read model holds it yet) and one earlier in the same sync."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from domain.user import Role
from tests.api import expect, given
from tests.api.care_givens import Care, granted_order
from tests.api.conftest import PASSWORD
from tests.support.builders import new_id

START = date.today() - timedelta(days=10)
STARTED = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=2)
_caregivers = itertools.count(1)


@dataclass
class Caregiver:
    user_id: str
    token: str
    base_url: str

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=15,
                            headers={"Authorization": f"Bearer {self.token}"})


@pytest.fixture
def caregiver(api) -> Caregiver:
    """A caregiver of her own for each test: her visits meet no other test's."""
    username = f"overlap{next(_caregivers)}"
    signed = given.signed_up(api.system, api.base_url, username, Role.CAREGIVER, "MCUS",
                             PASSWORD)
    return Caregiver(signed["user"]["id"], signed["access_token"], api.base_url)


def two_orders(api, caregiver: Caregiver) -> tuple[Care, Care]:
    """Two clients of the caregiver. A coordinator assigns a caregiver days before her
    visits, so the handoff read model (which the rule asks which orders are hers) is waited
    on here; the visits themselves are never waited on."""
    first, second = (granted_order(api, START, caregiver_id=caregiver.user_id) for _ in range(2))
    with api.client("coordinator") as coordinator:
        for care in (first, second):
            assert coordinator.get(f"/api/handoff/orders/{care.order_id}",
                                   params={"after": care.order_position}).status_code == 200
    return first, second


def check_in(care: Care, visit_id: str, at: datetime, version: int | None = None) -> tuple:
    return (f"/api/caregiver/orders/{care.order_id}/visits",
            {"command_id": new_id(), "visit_id": visit_id, "started_at": at.isoformat(),
             "expected_version": care.order_version if version is None else version})


def check_out(care: Care, visit_id: str, at: datetime, version: int) -> tuple:
    return (f"/api/caregiver/orders/{care.order_id}/visits/{visit_id}/completion",
            {"command_id": new_id(), "ended_at": at.isoformat(), "tasks_done": ["meals"],
             "expected_version": version})


def sent(http, command: tuple) -> dict[str, Any]:
    path, body = command
    answer = http.post(path, json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()


def synced(http, *commands: tuple, chained: tuple[int, ...] = ()) -> dict[str, Any]:
    queued = [{"command_id": body["command_id"], "method": "POST", "path": path, "body": body,
               "chain": index in chained} for index, (path, body) in enumerate(commands)]
    answer = http.post("/api/sync", json={"commands": queued})
    assert answer.status_code == 200, answer.text
    return answer.json()


def outcomes(result: dict[str, Any]) -> list[tuple[str, int]]:
    return [(r["outcome"], r["status"]) for r in result["results"]]


def order_row(api, care: Care, after: int) -> dict[str, Any]:
    """The order in the handoff queue and its visits in the care-delivery read model, once
    both include position `after`."""
    path = f"/api/handoff/orders/{care.order_id}"
    with api.client("coordinator") as coordinator:
        row = coordinator.get(path, params={"after": after})
        month = coordinator.get(f"{path}/months/{STARTED.year}/{STARTED.month}",
                                params={"after": after})
    assert row.status_code == 200 and month.status_code == 200, (row.text, month.text)
    visits = {v["visit_id"]: v["ended_at"] for v in month.json()["visits"]}
    return row.json() | {"visits": visits}


def test_a_check_in_sent_right_after_one_in_another_home_is_refused(api, caregiver):
    first, second = two_orders(api, caregiver)
    started, visit_id = STARTED, new_id()
    with caregiver.client() as http:
        done = sent(http, check_in(first, visit_id, started))
        # At once, without waiting for any read model to hold the first visit.
        path, body = check_in(second, new_id(), started + timedelta(minutes=10))
        with expect.nothing_written(api):
            answer = http.post(path, json=body)
        expect.refused(answer, 409, "care_visit.caregiver_busy")
        sent(http, check_out(first, visit_id, started + timedelta(minutes=20),
                                  done["version"]))


def test_two_check_ins_synced_in_one_request_keep_only_the_first(api, caregiver):
    first, second = two_orders(api, caregiver)
    started, first_visit, second_visit = STARTED, new_id(), new_id()
    with caregiver.client() as http:
        result = synced(http, check_in(first, first_visit, started),
                        check_in(second, second_visit, started + timedelta(minutes=10)))

    assert outcomes(result) == [("applied", 201), ("refused", 409)]
    assert result["results"][1]["body"]["error"]["code"] == "care_visit.caregiver_busy"
    position = result["results"][0]["body"]["position"]
    assert order_row(api, first, position)["visits"] == {first_visit: None}  # open
    untouched = order_row(api, second, position)
    assert untouched["visits"] == {}
    assert untouched["version"] == second.order_version
    with caregiver.client() as http:
        sent(http, check_out(first, first_visit, started + timedelta(minutes=20),
                                  result["results"][0]["body"]["version"]))


def test_a_visit_ended_before_the_next_check_in_does_not_block_it(api, caregiver):
    first, second = two_orders(api, caregiver)
    started, first_visit, second_visit = STARTED, new_id(), new_id()
    ended = started + timedelta(minutes=20)
    with caregiver.client() as http:
        v = sent(http, check_in(first, first_visit, started))["version"]
        sent(http, check_out(first, first_visit, ended, v))
        # The next check-in at the very minute the first visit ended: not an overlap.
        v = sent(http, check_in(second, second_visit, ended))["version"]
        sent(http, check_out(second, second_visit, ended + timedelta(minutes=20), v))


def test_a_visit_ended_earlier_in_the_same_sync_does_not_block_the_next_check_in(api, caregiver):
    first, second = two_orders(api, caregiver)
    started, first_visit, second_visit = STARTED, new_id(), new_id()
    ended = started + timedelta(minutes=20)
    with caregiver.client() as http:
        result = synced(http,
                        check_in(first, first_visit, started),
                        check_out(first, first_visit, ended, 0),
                        check_in(second, second_visit, ended),
                        check_out(second, second_visit, ended + timedelta(minutes=20), 0),
                        chained=(1, 3))

    assert outcomes(result) == [("applied", 201)] * 4
    position = result["results"][-1]["body"]["position"]
    for care, visit_id in ((first, first_visit), (second, second_visit)):
        visits = order_row(api, care, position)["visits"]
        assert list(visits) == [visit_id] and visits[visit_id] is not None  # checked out


def test_a_check_in_inside_a_visit_already_ended_is_refused(api, caregiver):
    first, second = two_orders(api, caregiver)
    started, first_visit = STARTED, new_id()
    with caregiver.client() as http:
        v = sent(http, check_in(first, first_visit, started))["version"]
        sent(http, check_out(first, first_visit, started + timedelta(minutes=40), v))
        # The tablet queued a check-in dated within that visit: she was in the other home.
        path, body = check_in(second, new_id(), started + timedelta(minutes=15))
        with expect.nothing_written(api):
            answer = http.post(path, json=body)
    expect.refused(answer, 409, "care_visit.caregiver_busy")


def test_a_check_in_at_the_very_moment_another_visit_began_is_refused(api, caregiver):
    first, second = two_orders(api, caregiver)
    with caregiver.client() as http:
        sent(http, check_in(first, new_id(), STARTED))
        path, body = check_in(second, new_id(), STARTED)
        with expect.nothing_written(api):
            answer = http.post(path, json=body)
    expect.refused(answer, 409, "care_visit.caregiver_busy")
