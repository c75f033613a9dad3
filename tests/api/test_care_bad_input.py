"""Bad input in proceedings and care gets a clear 4xx and writes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.api.care_givens import care_terms, filed_proceeding, granted_order, post
from tests.support.builders import new_id

START = date.today() - timedelta(days=10)


def _refused(api, who: str, path: str, body: dict, status: int, code: str) -> None:
    head = api.system.app.head_position()
    with api.client(who) as http:
        answer = http.post(path, json={"command_id": new_id(), **body})
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["code"] == code
    assert error["message"]["pl"] and error["message"]["en"]
    assert api.system.app.head_position() == head


def _decision(given, **overrides) -> dict:
    return {"expected_version": given.proceeding_version, "decision_id": new_id(),
            "outcome": "grant", "reasons": ["5"], "legal_basis": "art. 50 ust. 1",
            "signatory": "z up. Prezydenta, Jan Dec", "issued_on": START.isoformat(),
            "care": care_terms(START)} | overrides


def test_a_decision_on_a_closed_folder_is_refused(api):
    care = filed_proceeding(api, START)
    with api.client("worker") as worker:
        post(worker, f"/api/folders/{care.folder_id}/closure", {
            "expected_version": care.folder_version, "closed_on": date.today().isoformat(),
            "reason": "przeprowadzka"})
    _refused(api, "decision_maker", f"/api/proceedings/{care.proceeding_id}/decision",
             _decision(care), 409, "case_folder.closed")


def test_a_care_decision_without_hours_is_refused(api):
    care = filed_proceeding(api, START)
    _refused(api, "decision_maker", f"/api/proceedings/{care.proceeding_id}/decision",
             _decision(care, care=care_terms(START, hours_per_day="0.00")), 422,
             "care_terms.no_hours")
    _refused(api, "decision_maker", f"/api/proceedings/{care.proceeding_id}/decision",
             _decision(care, care=None), 422, "decision.care_terms_required")


def test_a_check_out_before_the_check_in_is_refused(api):
    care = granted_order(api, START)
    started = datetime.now(UTC) - timedelta(hours=1)
    with api.client("caregiver") as caregiver:
        visit_id = new_id()
        v = post(caregiver, f"/api/caregiver/orders/{care.order_id}/visits", {
            "expected_version": care.order_version, "visit_id": visit_id,
            "started_at": started.isoformat()})["version"]
    checkout = f"/api/caregiver/orders/{care.order_id}/visits/{visit_id}/completion"
    _refused(api, "caregiver", checkout,
             {"expected_version": v, "ended_at": (started - timedelta(minutes=5)).isoformat(),
              "tasks_done": ["meals"]}, 422, "care_visit.ends_before_start")
    with api.client("caregiver") as caregiver:  # the visit ends properly: she is free again
        post(caregiver, checkout, {"expected_version": v,
                                   "ended_at": (started + timedelta(minutes=30)).isoformat(),
                                   "tasks_done": ["meals"]})


def test_one_caregiver_cannot_be_in_two_homes_at_once(api):
    first, second = granted_order(api, START), granted_order(api, START)
    started = datetime.now(UTC) - timedelta(minutes=30)
    visit_id = new_id()
    with api.client("caregiver") as caregiver:
        done = post(caregiver, f"/api/caregiver/orders/{first.order_id}/visits", {
            "expected_version": first.order_version, "visit_id": visit_id,
            "started_at": started.isoformat()})
    # At once: the overlap rule reads the first visit from its order, not a read model.
    _refused(api, "caregiver", f"/api/caregiver/orders/{second.order_id}/visits",
             {"expected_version": second.order_version, "visit_id": new_id(),
              "started_at": (started + timedelta(minutes=10)).isoformat()},
             409, "care_visit.caregiver_busy")
    with api.client("caregiver") as caregiver:
        post(caregiver, f"/api/caregiver/orders/{first.order_id}/visits/{visit_id}/completion",
             {"expected_version": done["version"],
              "ended_at": (started + timedelta(minutes=20)).isoformat(), "tasks_done": []})


def test_an_amendment_of_a_revoked_decision_is_refused(api):
    care = granted_order(api, START, scheduled=False)
    with api.client("decision_maker") as decider:
        revoked = post(decider, f"/api/proceedings/{care.proceeding_id}/revocation", {
            "expected_version": care.proceeding_version, "revoked_on": date.today().isoformat(),
            "reason": "Zgon"})
        v = revoked["version"]
        # Revoked, the proceeding is no longer open: the decision maker's scope ends with it.
        assert decider.get(f"/api/proceedings/{care.proceeding_id}",
                           params={"after": revoked["position"]}).status_code == 404
    with api.client("coordinator") as coordinator:
        row = coordinator.get(f"/api/handoff/orders/{care.order_id}",
                              params={"after": revoked["position"]}).json()
        assert row["status"] == "ended" and row["changed"] is True
    _refused(api, "decision_maker", f"/api/proceedings/{care.proceeding_id}/amendment",
             {"expected_version": v, "amended_on": date.today().isoformat(), "reason": "x",
              "care": care_terms(START, hours_per_week="8.00")}, 409, "decision.revoked")


def test_a_coordinator_of_another_provider_and_other_roles_cannot_touch_the_order(api):
    care = granted_order(api, START, scheduled=False)
    for who in ("worker", "caregiver", "decision_maker", "admin"):
        with api.client(who) as http:
            answer = http.post(f"/api/handoff/orders/{care.order_id}/acceptance", json={
                "command_id": new_id(), "expected_version": care.order_version,
                "on": START.isoformat()})
        assert answer.status_code == 403, who


def test_a_caregiver_cannot_act_on_or_see_a_client_who_is_not_theirs(api):
    care = granted_order(api, START, scheduled=False)  # no caregiver assigned to it
    _refused(api, "caregiver", f"/api/caregiver/orders/{care.order_id}/visits",
             {"expected_version": care.order_version, "visit_id": new_id(),
              "started_at": datetime.now(UTC).isoformat()}, 404, "order.not_found")
    with api.client("caregiver") as caregiver:
        visits = caregiver.get("/api/caregiver/visits").json()
    assert care.order_id not in {v["order_id"] for v in visits}
