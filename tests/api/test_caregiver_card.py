"""The caregiver's card keeps a finished visit: after the check-out it says what was done."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from domain.office_day import POLAND
from tests.api.care_givens import care_terms, filed_proceeding, granted_order, post
from tests.support.builders import new_id


def _scheduled_every_day(api) -> tuple[str, int, int]:
    """An order granted ten days ago for every day of the week, her visit every day at 10:00
    (so one is today): the order, its version and the schedule's log position."""
    start = date.today() - timedelta(days=10)
    care = filed_proceeding(api, start)
    with api.client("decision_maker") as decider:
        decided = post(decider, f"/api/proceedings/{care.proceeding_id}/decision", {
            "expected_version": care.proceeding_version, "decision_id": new_id(),
            "outcome": "grant", "reasons": ["5"], "legal_basis": "art. 50 ust. 1",
            "signatory": "z up. Prezydenta Wrocławia, Jan Dec", "issued_on": start.isoformat(),
            "care": care_terms(start, weekdays=list(range(1, 8)))})
    with api.client("coordinator") as coordinator:
        queue = coordinator.get("/api/handoff/queue", params={"after": decided["position"]})
        order = next(o for o in queue.json() if o["folder_id"] == care.folder_id)
        v = post(coordinator, f"/api/handoff/orders/{order['order_id']}/acceptance",
                 {"expected_version": order["version"], "on": start.isoformat()})["version"]
        v = post(coordinator, f"/api/handoff/orders/{order['order_id']}/caregiver",
                 {"expected_version": v, "caregiver_id": api.user_ids["caregiver"]})["version"]
        scheduled = post(coordinator, f"/api/handoff/orders/{order['order_id']}/schedule", {
            "expected_version": v,
            "slots": [{"weekday": d, "start": "10:00", "minutes": 60} for d in range(1, 8)],
        })
    return order["order_id"], scheduled["version"], scheduled["position"]


def _today_of(visits: list[dict], order_id: str) -> dict:
    return next(v for v in visits
                if v["order_id"] == order_id and v["day"] == date.today().isoformat())


def test_a_checked_out_visit_stays_on_the_caregivers_card_as_finished(api):
    order_id, version, position = _scheduled_every_day(api)
    with api.client("caregiver") as caregiver:
        # After the schedule: the card is read from a projection that may still be behind.
        before = caregiver.get("/api/caregiver/visits", params={"after": position}).json()
        assert _today_of(before, order_id)["finished_visits"] == []

        # In Poland's time, as her tablet sends it (a visit's day is the tablet's local day):
        # an hour ago, or from midnight if that was yesterday, for up to 50 minutes.
        visit_id = new_id()
        now = datetime.now(POLAND).replace(microsecond=0)
        started = max(now - timedelta(hours=1), now.replace(hour=0, minute=0, second=0))
        minutes = min(50, int((now - started).total_seconds() // 60))
        v = post(caregiver, f"/api/caregiver/orders/{order_id}/visits", {
            "expected_version": version, "visit_id": visit_id,
            "started_at": started.isoformat()})["version"]
        done = post(caregiver, f"/api/caregiver/orders/{order_id}/visits/{visit_id}/completion", {
            "expected_version": v, "ended_at": (started + timedelta(minutes=minutes)).isoformat(),
            "tasks_done": ["meals"]})

        after = caregiver.get("/api/caregiver/visits", params={"after": done["position"]}).json()
    card = _today_of(after, order_id)
    assert card["open_visit_id"] is None
    [finished] = card["finished_visits"]
    assert finished["visit_id"] == visit_id
    assert finished["minutes"] == minutes
    assert finished["tasks_done"] == ["meals"]
    assert datetime.fromisoformat(finished["started_at"]) == started
    assert datetime.fromisoformat(finished["ended_at"]) == started + timedelta(minutes=minutes)


def test_the_caseload_names_the_social_worker(api):
    # Registered at first contact and assigned to the worker by the manager: an assignment
    # on the timeline.
    care = granted_order(api, date.today() - timedelta(days=3), scheduled=False, assigned=True)
    head = {"after": api.system.app.head_position()}
    with api.client("worker") as worker:
        caseload = worker.get("/api/caseload", params=head).json()
        view = worker.get(f"/api/folders/{care.folder_id}", params=head).json()
    mine = next(f for f in caseload if f["folder_id"] == care.folder_id)
    assert mine["worker_name"] == "Worker1"
    assert view["worker_name"] == "Worker1"
    assert view["orders"][0]["caregiver_name"] is None  # no caregiver yet: no name
    # the timeline's assignment names the worker too; entries naming nobody have no name
    assigned = [e for e in view["timeline"] if e["kind"] == "assigned"]
    assert assigned and all(e["worker_name"] == "Worker1" for e in assigned)
    assert all(e["worker_name"] is None for e in view["timeline"] if e["kind"] != "assigned")
