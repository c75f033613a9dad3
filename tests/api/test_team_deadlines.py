"""A team manager's deadlines and follow-ups (issue #21), on both stores: pending proceedings
by days left to the KPA term, a delay notice due marked; overdue interviews; caregivers'
observations no visit has answered; every folder listed logged; another team refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.api.care_givens import filed_proceeding, granted_order, post
from tests.support.builders import new_id, open_folder_body

TODAY = date.today()


def _deadlines(api, after: int) -> dict:
    with api.client("manager") as http:
        answer = http.get("/api/teams/ZTPS-1/deadlines", params={"after": after})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_proceedings_are_listed_by_days_left_including_one_filed_25_days_ago(api):
    # filed_proceeding files three days before its start
    old = filed_proceeding(api, TODAY - timedelta(days=22))
    recent = filed_proceeding(api, TODAY + timedelta(days=3))
    other_team = open_folder_body(team_id="ZTPS-2")
    with api.client("worker_other_team") as http:
        hidden = post(http, "/api/folders", other_team)
    found = _deadlines(api, max(recent.proceeding_version, hidden["position"],
                                api.system.app.head_position()))
    by_id = {p["proceeding_id"]: p for p in found["proceedings"]}
    shown = by_id[old.proceeding_id]
    assert shown["opened_on"] == (TODAY - timedelta(days=25)).isoformat()
    assert shown["client_name"] and shown["folder_id"] == old.folder_id
    assert shown["days_left"] < by_id[recent.proceeding_id]["days_left"]
    # A month's term filed 25 days ago ends within the week: the delay notice is due.
    assert shown["delay_notice_due"] is True
    assert by_id[recent.proceeding_id]["delay_notice_due"] is False
    days = [p["days_left"] for p in found["proceedings"] if p["days_left"] is not None]
    assert days == sorted(days)
    teams = {p["folder_id"] for p in found["proceedings"]}
    assert hidden["folder_id"] not in teams


def test_an_observation_no_visit_followed_is_listed_until_a_visit_answers_it(api):
    care = granted_order(api, TODAY - timedelta(days=30))
    raised = datetime.now(UTC) - timedelta(days=5)
    with api.client("caregiver") as caregiver:
        o = post(caregiver, f"/api/caregiver/orders/{care.order_id}/observations", {
            "expected_version": care.order_version, "observation_id": new_id(),
            "kind": "fall", "note": "Upadła w łazience.", "raised_at": raised.isoformat()})
    found = _deadlines(api, o["position"])
    [mine] = [x for x in found["observations"] if x["folder_id"] == care.folder_id]
    assert mine["kind"] == "fall" and mine["days_open"] == 5 and mine["head_name"]

    with api.client("worker") as worker:  # the worker visits: the observation is answered
        version = worker.get(f"/api/folders/{care.folder_id}",
                             params={"after": o["position"]}).json()["version"]
        visit = post(worker, f"/api/folders/{care.folder_id}/visits", {
            "command_id": new_id(), "expected_version": version,
            "visit": {"visit_id": new_id(), "visited_on": TODAY.isoformat(), "minutes": 30,
                      "activity": "home_visit", "place": "mieszkanie", "notes": "Po upadku."}})
    again = _deadlines(api, visit["position"])
    assert care.folder_id not in {x["folder_id"] for x in again["observations"]}


def test_the_deadlines_read_is_logged_and_another_team_is_refused(api):
    care = filed_proceeding(api, TODAY - timedelta(days=10))
    _deadlines(api, api.system.app.head_position())
    head = api.system.app.head_position()
    with api.client("manager") as http:
        entries = http.get("/api/audit/access", params={
            "folder_id": care.folder_id, "include_log_reads": True, "after": head}).json()
        assert "deadlines" in {e["view"] for e in entries}
        assert http.get("/api/teams/ZTPS-2/deadlines").status_code == 403
