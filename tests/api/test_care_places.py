"""A provider's places per service over HTTP, on both stores: an order beyond them waits in
a visible queue with its position and expected start, a freed place goes to the first
waiting, coordinators and managers see demand against capacity; bad input changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

from tests.api import expect
from tests.api.care_givens import granted_order, post
from tests.support.builders import new_id

# Recent, so that the queue's expected starts (never before today) follow the periods.
START = date.today() - timedelta(days=10)
CAPACITY = "/api/admin/providers/MCUS/capacity"


def provider_version(api) -> int:
    with api.client("admin") as admin:
        listed = admin.get("/api/providers",
                           params={"after": api.system.app.head_position()}).json()
    return next(p for p in listed if p["provider_id"] == "MCUS")["version"]


def set_places(api, places: int, form: str = "care_services") -> dict:
    with api.client("admin") as admin:
        return post(admin, CAPACITY, {"expected_version": provider_version(api),
                                      "form": form, "places": places})


def order_row(api, order_id: str, after: int) -> dict:
    with api.client("coordinator") as coordinator:
        answer = coordinator.get(f"/api/handoff/orders/{order_id}", params={"after": after})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_capacity_bad_input_and_roles_are_refused_and_write_nothing(api):
    version = provider_version(api)
    body = {"expected_version": version, "form": "care_services", "places": 3}
    with api.client("admin") as admin, expect.nothing_written(api):
        for bad, status, code in (
                (body | {"places": -1}, 422, "provider.invalid_capacity"),
                (body | {"places": 100_001}, 422, "provider.invalid_capacity"),
                (body | {"form": "meal"}, 422, "provider.form_not_offered"),
                (body | {"expected_version": version + 5}, 409, "version.stale")):
            expect.refused(admin.post(CAPACITY, json={"command_id": new_id(), **bad}),
                           status, code)
        expect.refused(admin.post("/api/admin/providers/NOPE-1/capacity",
                                  json={"command_id": new_id(), **body}),
                       404, "provider.not_found")
    for who in ("coordinator", "worker", "manager", "decision_maker"):
        with api.client(who) as http, expect.nothing_written(api):
            expect.refused(http.post(CAPACITY, json={"command_id": new_id(), **body}),
                           403, "auth.forbidden")
    for who in ("worker", "caregiver", "decision_maker", "admin"):
        with api.client(who) as http:
            expect.refused(http.get("/api/handoff/capacity"), 403, "auth.forbidden")


def test_orders_beyond_the_places_wait_with_their_position_and_a_freed_place_is_offered(api):
    set_places(api, 1)
    first = granted_order(api, START, scheduled=False)
    second = granted_order(api, START + timedelta(days=1), scheduled=False)
    third = granted_order(api, START + timedelta(days=2), scheduled=False)
    position = api.system.app.head_position()

    rows = {care.order_id: order_row(api, care.order_id, position)
            for care in (first, second, third)}
    assert rows[first.order_id]["status"] == "awaiting_acceptance"
    assert rows[first.order_id]["waiting_position"] is None
    assert [(rows[c.order_id]["status"], rows[c.order_id]["waiting_position"])
            for c in (second, third)] == [("waiting", 1), ("waiting", 2)]
    # The first's period (90 days) ends, then the second's runs 90 days more.
    first_end = START + timedelta(days=90)
    assert rows[second.order_id]["expected_start"] == (first_end + timedelta(days=1)).isoformat()
    assert rows[third.order_id]["expected_start"] == (
        first_end + timedelta(days=1) + timedelta(days=91)).isoformat()

    with api.client("coordinator") as coordinator:
        queue = coordinator.get("/api/handoff/queue", params={"after": position}).json()
        waiting = [o["order_id"] for o in queue if o["status"] == "waiting"]
        assert waiting[-2:] == [second.order_id, third.order_id]  # last, in the queue's order
        with expect.nothing_written(api):
            expect.refused(coordinator.post(
                f"/api/handoff/orders/{second.order_id}/acceptance",
                json={"command_id": new_id(), "expected_version": rows[second.order_id]["version"],
                      "on": START.isoformat()}), 409, "provider.order_waiting")
        demand = coordinator.get("/api/handoff/capacity", params={"after": position}).json()
    row = next(r for r in demand["services"] if r["form"] == "care_services")
    assert (row["provider_id"], row["places"], row["waiting"]) == ("MCUS", 1, 2)
    assert row["in_care"] >= 1
    fabryczna = next(r for r in demand["districts"]
                     if r["form"] == "care_services" and r["teryt"] == "0264029")
    assert fabryczna["waiting"] == 2

    with api.client("decision_maker") as decider:
        revoked = post(decider, f"/api/proceedings/{first.proceeding_id}/revocation", {
            "expected_version": first.proceeding_version, "revoked_on": START.isoformat(),
            "reason": "Rezygnacja"})
    after = revoked["position"]
    assert order_row(api, first.order_id, after)["status"] == "ended"
    offered = order_row(api, second.order_id, after)
    assert (offered["status"], offered["waiting_position"]) == ("awaiting_acceptance", None)
    assert order_row(api, third.order_id, after)["waiting_position"] == 1
    with api.client("coordinator") as coordinator:
        post(coordinator, f"/api/handoff/orders/{second.order_id}/acceptance",
             {"expected_version": offered["version"],
              "on": (START + timedelta(days=1)).isoformat()})
    with api.client("manager") as manager:
        seen = manager.get("/api/handoff/capacity", params={"after": after}).json()
    assert next(r for r in seen["services"]
                if (r["provider_id"], r["form"]) == ("MCUS", "care_services"))["waiting"] == 1

    # More places let the first waiting in at once.
    raised = set_places(api, 5)
    assert order_row(api, third.order_id, raised["position"])["status"] == "awaiting_acceptance"


def test_the_queue_and_the_places_are_rebuilt_from_the_log_as_they_were(api):
    expect.rebuilds_the_same(api, "handoff_queue")
    expect.rebuilds_the_same(api, "providers")
