"""A caregiver's absence and its cover over HTTP, on both stores: the cover's schedule takes
the absent caregiver's clients on its days and hers drops them, the cover checks in there and
the absent one may not, the month's settlement counts the cover's visits, and the order shows
the cover; bad input and other roles change nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.user import Role
from tests.api import expect, given
from tests.api.care_givens import granted_order, post
from tests.api.conftest import PASSWORD
from tests.support.builders import new_id

TODAY = date.today()
LAST_MONTH_START = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
START = LAST_MONTH_START - timedelta(days=3)
ABSENT_FROM = LAST_MONTH_START + timedelta(days=9)
ABSENT_TO = TODAY + timedelta(days=2)


@pytest.fixture(scope="module")
def cover(api) -> dict:
    """A second caregiver of MCUS, who covers the first."""
    signed = given.signed_up(api.system, api.base_url, "carer2", Role.CAREGIVER, "MCUS",
                             PASSWORD)
    return {"id": signed["user"]["id"], "token": signed["access_token"]}


def absence(api, cover: dict, **overrides) -> dict:
    return {"command_id": new_id(), "absence_id": new_id(),
            "caregiver_id": api.user_ids["caregiver"], "cover_id": cover["id"],
            "date_from": ABSENT_FROM.isoformat(), "date_to": ABSENT_TO.isoformat()} | overrides


def test_the_cover_takes_the_absent_caregivers_clients_for_its_days_and_is_settled(api, cover):
    care = granted_order(api, START)
    with api.client("coordinator") as coordinator:
        recorded = coordinator.post("/api/handoff/absences", json=absence(api, cover))
        assert recorded.status_code == 201, recorded.text
        position = recorded.json()["position"]
        order = coordinator.get(f"/api/handoff/orders/{care.order_id}",
                                params={"after": position}).json()
    assert order["covers"] == [{"caregiver_id": cover["id"], "date_from": ABSENT_FROM.isoformat(),
                                "date_to": ABSENT_TO.isoformat()}]

    headers = {"Authorization": f"Bearer {cover['token']}"}
    with api.client(None) as anonymous:
        covering = anonymous.get("/api/caregiver/visits", params={"after": position},
                                 headers=headers).json()
    with api.client("caregiver") as absent:
        own = absent.get("/api/caregiver/visits", params={"after": position}).json()
    mine = [v for v in covering if v["order_id"] == care.order_id]
    assert mine and all(v["cover"] for v in mine)
    assert {v["day"] for v in mine} <= {(TODAY + timedelta(days=n)).isoformat() for n in range(3)}
    hers = [v for v in own if v["order_id"] == care.order_id]
    assert all(v["day"] > ABSENT_TO.isoformat() and not v["cover"] for v in hers)

    # A day of the absence last month: the cover visits, the absent caregiver may not.
    at = datetime.combine(ABSENT_FROM, datetime.min.time(), UTC) + timedelta(hours=9)
    version = order["version"]
    with api.client("caregiver") as absent, expect.nothing_written(api):
        expect.refused(absent.post(f"/api/caregiver/orders/{care.order_id}/visits", json={
            "command_id": new_id(), "visit_id": new_id(), "started_at": at.isoformat(),
            "expected_version": version}), 409, "care_visit.not_assigned_caregiver")
    visit_id = new_id()
    with api.client(None) as covering_tablet:
        covering_tablet.headers.update(headers)
        v = post(covering_tablet, f"/api/caregiver/orders/{care.order_id}/visits",
                 {"visit_id": visit_id, "started_at": at.isoformat(),
                  "expected_version": version})["version"]
        path = f"/api/caregiver/orders/{care.order_id}/visits/{visit_id}/completion"
        v = post(covering_tablet, path,
                 {"ended_at": (at + timedelta(hours=2)).isoformat(), "tasks_done": ["meals"],
                  "expected_version": v})["version"]
    with api.client("coordinator") as coordinator:
        closed = post(coordinator, f"/api/handoff/orders/{care.order_id}/settlements", {
            "expected_version": v, "year": LAST_MONTH_START.year,
            "month": LAST_MONTH_START.month, "closed_on": TODAY.isoformat()})
        month = coordinator.get(
            f"/api/handoff/orders/{care.order_id}/months/{LAST_MONTH_START.year}/"
            f"{LAST_MONTH_START.month}", params={"after": closed["position"]}).json()
    assert month["settlement"]["hours"] == "2.00"
    assert [visit["visit_id"] for visit in month["visits"]] == [visit_id]


def test_a_bad_absence_or_another_role_is_refused_and_writes_nothing(api, cover):
    elsewhere = given.signed_up(api.system, api.base_url, "carer-ddp", Role.CAREGIVER, "DDP-2",
                                PASSWORD)["user"]["id"]
    with api.client("coordinator") as coordinator, expect.nothing_written(api):
        for overrides, status, code in (
                ({"date_to": (ABSENT_FROM - timedelta(days=1)).isoformat()}, 422,
                 "absence.invalid_period"),
                ({"date_to": (ABSENT_FROM + timedelta(days=400)).isoformat()}, 422,
                 "absence.invalid_period"),
                ({"cover_id": api.user_ids["caregiver"]}, 422, "absence.cover_is_absent"),
                ({"cover_id": api.user_ids["worker"]}, 409, "order.not_a_caregiver"),
                ({"cover_id": new_id()}, 409, "order.not_a_caregiver"),
                # another provider's caregiver: out of the coordinator's scope
                ({"cover_id": elsewhere}, 409, "order.not_a_caregiver"),
                ({"caregiver_id": elsewhere}, 409, "order.not_a_caregiver")):
            expect.refused(coordinator.post("/api/handoff/absences",
                                            json=absence(api, cover, **overrides)), status, code)
    for who in ("worker", "caregiver", "manager", "admin"):
        with api.client(who) as http, expect.nothing_written(api):
            expect.refused(http.post("/api/handoff/absences", json=absence(api, cover)),
                           403, "auth.forbidden")


def test_the_covers_are_rebuilt_from_the_log_as_they_were(api):
    expect.rebuilds_the_same(api, "handoff_queue")
