"""Issue #21, items 5 and 6 on both stores: a team manager's workload (weeks, caseload,
the drill-down to a worker's folders, logged, and reassigning from there), and the MOPS
management's figures per team — counts only, never a name, PESEL, address or id."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from domain.user import Role
from tests.api import given
from tests.api.conftest import PASSWORD
from tests.support.builders import assignment_body, member_body, open_folder_body, visit_body

TODAY = date.today()


def _strings(value: Any) -> set[str]:
    """Every key and value of a JSON answer, as text."""
    if isinstance(value, dict):
        return {str(k) for k in value} | {s for v in value.values() for s in _strings(v)}
    if isinstance(value, list):
        return {s for v in value for s in _strings(v)}
    return {str(value)}


@pytest.fixture
def visited(api) -> tuple[given.Folder, dict[str, Any]]:
    """A ZTPS-1 folder of worker1 with a 45-minute home visit today."""
    body = open_folder_body(head=member_body(first_name="Bożena", last_name="Zarzycka"))
    with api.client("worker") as http:
        folder = given.open_folder(http, **body)
        given.command(http, folder, "/visits", visit_body(folder.version))
    return folder, body


def test_the_management_sees_each_team_s_counts_and_nothing_personal(api, visited):
    folder, body = visited
    with api.client("worker_other_team") as http:
        other = given.open_folder(http, team_id="ZTPS-2")
    with api.client("management") as http:
        answer = http.get("/api/management/teams", params={"after": other.position})
    assert answer.status_code == 200, answer.text
    found = answer.json()
    teams = {t["team_id"]: t for t in found["teams"]}
    ztps1 = teams["ZTPS-1"]
    assert ztps1["families"] >= 1 and ztps1["workers"] >= 1 and ztps1["visits"] >= 1
    assert ztps1["minutes_by_activity"]["home_visit"] >= 45
    assert teams["ZTPS-2"]["families"] >= 1
    assert found["total"]["families"] == sum(t["families"] for t in found["teams"])
    assert found["families_norm"] == 50 and found["by_district"] is False

    personal = {folder.id, other.id, folder.head_id, body["head"]["pesel"],
                body["head"]["first_name"], body["head"]["last_name"],
                body["address"]["street"], *api.user_ids.values()}
    assert _strings(found) & personal == set()
    assert not any(body["head"]["last_name"] in s or body["head"]["pesel"] in s
                   for s in _strings(found))


@pytest.mark.parametrize(("since", "until", "code"), [
    (TODAY, TODAY - timedelta(days=1), "audit.period_reversed"),
    (TODAY - timedelta(days=800), TODAY, "audit.period_too_long"),
])
def test_a_reversed_or_too_long_period_is_refused(api, since, until, code):
    params = {"since": since.isoformat(), "until": until.isoformat()}
    with api.client("management") as management, api.client("manager") as manager:
        for answer in (management.get("/api/management/teams", params=params),
                       manager.get("/api/teams/ZTPS-1/workload", params=params)):
            assert answer.status_code == 422, answer.text
            assert answer.json()["error"]["code"] == code


def test_the_manager_sees_the_team_s_weeks_and_caseload(api, visited):
    folder, _ = visited
    with api.client("manager") as http:
        answer = http.get("/api/teams/ZTPS-1/workload", params={"after": folder.position})
    assert answer.status_code == 200, answer.text
    found = answer.json()
    monday = TODAY - timedelta(days=TODAY.weekday())
    [week] = [w for w in found["weeks"] if w["week_start"] == monday.isoformat()]
    assert week["visits"] >= 1 and week["minutes_by_activity"]["home_visit"] >= 45
    assert week["minutes"] == sum(week["minutes_by_activity"].values())
    caseload = {w["worker_id"]: w["folders"] for w in found["caseload"]}
    assert caseload[api.user_ids["worker"]] >= 1
    assert api.user_ids["worker_other_team"] not in caseload


def test_the_drill_down_is_logged_and_a_folder_is_reassigned_from_it(api, visited):
    folder, body = visited
    other = given.signed_up(api.system, api.base_url, "worker.wl", Role.SOCIAL_WORKER,
                            "ZTPS-1", PASSWORD)["user"]["id"]
    worker = api.user_ids["worker"]
    with api.client("manager") as http:
        listed = http.get(f"/api/teams/ZTPS-1/workers/{worker}/folders",
                          params={"after": folder.position})
        assert listed.status_code == 200, listed.text
        [row] = [f for f in listed.json() if f["folder_id"] == folder.id]
        assert row["head_name"] and body["head"]["last_name"] in row["head_name"]

        entries = http.get("/api/audit/access", params={
            "folder_id": folder.id, "include_log_reads": True,
            "after": api.system.app.head_position()}).json()
        [read] = [e for e in entries if e["view"] == "worker_folders"]
        assert read["purpose"] == "supervision"

        moved = given.applied(http.post(f"/api/folders/{folder.id}/assignment",
                                        json=assignment_body(row["version"], other)))
        mine = http.get(f"/api/teams/ZTPS-1/workers/{worker}/folders",
                        params={"after": moved["position"]}).json()
        theirs = http.get(f"/api/teams/ZTPS-1/workers/{other}/folders",
                          params={"after": moved["position"]}).json()
    assert folder.id not in {f["folder_id"] for f in mine}
    assert folder.id in {f["folder_id"] for f in theirs}


def test_another_team_s_worker_or_team_is_refused(api):
    with api.client("manager") as http:
        other = http.get(f"/api/teams/ZTPS-1/workers/{api.user_ids['worker_other_team']}"
                         "/folders")
        team = http.get("/api/teams/ZTPS-2/workload")
    for answer in (other, team):
        assert answer.status_code == 403 and answer.json()["error"]["code"] == "auth.forbidden"
