"""Issue #21, items 5 and 6 on both stores: a team manager's workload (weeks, caseload,
the drill-down to a worker's folders, logged, and reassigning from there), and the MOPS
management's figures per team and per district — counts only, never a name, PESEL, address
or id."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest

from domain.user import Role
from projections import tracking
from tests.api import given
from tests.api.care_givens import post
from tests.api.conftest import PASSWORD
from tests.support.builders import (
    address_body,
    assignment_body,
    change_address_body,
    interview_body,
    member_body,
    new_id,
    open_folder_body,
    visit_body,
)

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
    assert found["families_norm"] == 50 and found["by_district"] is True
    fabryczna = _district(found, "0264029")  # the builders' address
    assert fabryczna["name"] == "Fabryczna" and fabryczna["families"] >= 1
    assert fabryczna["minutes_by_activity"]["home_visit"] >= 45
    assert "workers" not in fabryczna and "families_per_worker" not in fabryczna

    personal = {folder.id, other.id, folder.head_id, body["head"]["pesel"],
                body["head"]["first_name"], body["head"]["last_name"],
                body["address"]["street"], body["address"]["postal_code"],
                *api.user_ids.values()}
    assert _strings(found) & personal == set()
    assert not any(body["head"]["last_name"] in s or body["head"]["pesel"] in s
                   for s in _strings(found))


COUNTED = ("families", "visits", "minutes", "pending_proceedings", "overdue_proceedings")


def _district(found: dict[str, Any], code: str | None) -> dict[str, Any]:
    """The district's row, or zeros where it is not listed (nothing counted in it)."""
    rows = [d for d in found["districts"] if d["teryt"] == code]
    assert len(rows) <= 1
    return rows[0] if rows else {"teryt": code, **dict.fromkeys(COUNTED, 0),
                                 "minutes_by_activity": {}}


def _figures(http: Any, position: int) -> dict[str, Any]:
    answer = http.get("/api/management/teams", params={"after": position})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_folder_and_its_visits_and_proceedings_count_in_its_district_now(api):
    psie_pole, stare_miasto = "0264049", "0264059"
    long_ago = (TODAY - timedelta(days=60)).isoformat()
    with api.client("worker") as worker, api.client("management") as management:
        # The city as a whole, no district: a homeless person's last municipality.
        homeless = given.open_folder(worker, address={
            "city": "Wrocław", "teryt": "0264011", "no_fixed_address": True,
            "meeting_place": "Noclegownia przy Bogedaina"})
        before = _figures(management, homeless.position)
        assert _district(before, None)["families"] >= 1
        assert [d["teryt"] for d in before["districts"]][-1] is None  # listed last
        assert _district(before, None)["name"] is None

        body = open_folder_body(opened_on=long_ago, address=address_body(
            street="Kiełczowska", postal_code="51-315", teryt=psie_pole))
        folder = given.open_folder(worker, **body)
        given.command(worker, folder, "/visits", visit_body(folder.version))
        given.command(worker, folder, f"/interviews/{new_id()}/conducted", interview_body(
            folder.version, conducted_on=(TODAY - timedelta(days=46)).isoformat()))
        # Filed 45 days ago: past the KPA month, so pending and overdue.
        filed = post(worker, f"{folder.path}/proceedings", {
            "proceeding_id": new_id(), "person_id": body["head"]["member_id"],
            "form": "care_services", "applicant": "person",
            "on": (TODAY - timedelta(days=45)).isoformat(),
            "case_reference": f"ZTPS1.8210.{uuid4().int % 10_000}.2026"})
        opened = _figures(management, filed["position"])

        moved = given.command(worker, folder, "/address", change_address_body(
            folder.version, address={"street": "Ruska", "postal_code": "50-079",
                                     "teryt": stare_miasto}))
        after = _figures(management, moved["position"])

    grown = {"families": 1, "visits": 1, "minutes": 45, "pending_proceedings": 1,
             "overdue_proceedings": 1}
    for key, step in grown.items():
        assert _district(opened, psie_pole)[key] == _district(before, psie_pole)[key] + step
        assert _district(opened, stare_miasto)[key] == _district(before, stare_miasto)[key]
        # Moved: it counts in the new district only, with its visit and its proceeding.
        assert _district(after, psie_pole)[key] == _district(before, psie_pole)[key], key
        assert _district(after, stare_miasto)[key] == _district(before, stare_miasto)[key] + step
    assert _district(after, stare_miasto)["name"] == "Stare Miasto"
    assert _district(after, stare_miasto)["minutes_by_activity"]["home_visit"] >= 45
    # Teams and districts are two splits of one centre.
    for key in COUNTED:
        assert sum(d[key] for d in after["districts"]) == after["total"][key], key
    assert not {body["address"]["street"], "Ruska", folder.id, homeless.id} & _strings(after)

    # The worker activity rebuilt from the log puts every folder where it was.
    generation = api.system.rebuild("worker_activity")
    deadline = time.monotonic() + 30
    while True:
        with api.system.engine.connect() as conn:
            if tracking.active_generation(conn, "worker_activity").generation == generation:
                break
        assert time.monotonic() < deadline, "worker_activity did not rebuild"
        time.sleep(0.05)
    with api.client("management") as management:
        assert _figures(management, moved["position"])["districts"] == after["districts"]


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
