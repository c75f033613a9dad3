"""The read models' health for admins, and the skip refused unless a read model is stalled
at that event (the stall itself: tests/projections/test_projection_stall.py)."""

from __future__ import annotations

from tests.api import expect
from tests.support.builders import new_id


def test_the_admin_sees_every_projection_at_the_head_and_nothing_stalled(api):
    with api.client("admin") as http:
        answer = http.get("/api/admin/projections")
    assert answer.status_code == 200, answer.text
    health = answer.json()
    names = {p["name"] for p in health["projections"]}
    assert {"client_view", "care_delivery", "worker_activity", "returns"} <= names
    assert health["stalled"] == []
    for projection in health["projections"]:
        for gen in projection["generations"]:
            assert gen["lag"] == health["head"] - gen["position"] and gen["stall"] is None


def test_a_skip_of_an_event_no_read_model_is_stalled_on_is_refused_and_writes_nothing(api):
    body = {"command_id": new_id(), "event_position": 1, "reason": "próba"}
    with api.client("admin") as http, expect.nothing_written(api):
        not_stalled = http.post("/api/admin/projections/worker_activity/skip", json=body)
        unknown = http.post("/api/admin/projections/no_such_view/skip",
                            json=body | {"command_id": new_id()})
        no_reason = http.post("/api/admin/projections/worker_activity/skip",
                              json=body | {"command_id": new_id(), "reason": "   "})
    error = expect.refused(not_stalled, 409, "projection.not_stalled")
    assert error["details"] == {"projection": "worker_activity", "event_position": 1}
    expect.refused(unknown, 404, "projection.not_found")
    expect.refused(no_reason, 409, "projection.not_stalled")  # checked before the reason


def test_health_is_ok_with_no_stall_and_names_none(api):
    with api.client(None) as http:
        health = http.get("/api/health").json()
    assert health["status"] == "ok" and health["stalled"] == []
