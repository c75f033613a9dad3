"""Managers see the access log, a data subject's "who viewed my file" report, and activity."""

from __future__ import annotations

from datetime import date, timedelta

from tests.support.builders import interview_body, new_id, open_folder_body, visit_body


def _folder_with_work(api) -> tuple[str, int]:
    with api.client("worker") as http:
        opened = http.post("/api/folders", json=open_folder_body()).json()
        # The opener is the folder's worker (issue #17): no assignment needed.
        folder, version = opened["folder_id"], opened["version"]
        version = http.post(f"/api/folders/{folder}/visits",
                            json=visit_body(version)).json()["version"]
        done = http.post(f"/api/folders/{folder}/interviews/{new_id()}/conducted",
                         json=interview_body(version)).json()
        return folder, done["position"]


def _settle(api) -> int:
    """The log position that includes every answered read's access-log entry (a read is
    answered only once its entry is saved: no waiting here)."""
    return api.system.app.head_position()


def test_each_read_of_a_client_view_leaves_one_access_log_entry(api):
    folder, position = _folder_with_work(api)
    with api.client("worker") as http:
        for _ in range(3):
            assert http.get(f"/api/folders/{folder}", params={"after": position}).status_code == 200
    head = _settle(api)
    with api.client("manager") as http:
        log = http.get("/api/audit/access", params={"folder_id": folder, "after": head})
    assert log.status_code == 200, log.text
    entries = log.json()
    assert len(entries) == 3
    assert {e["viewer_id"] for e in entries} == {api.user_ids["worker"]}
    assert {e["view"] for e in entries} == {"client_view"}
    assert entries[0]["viewer_name"] == "Worker1"


def test_the_data_subject_report_lists_who_viewed_the_file_and_logs_itself(api):
    folder, position = _folder_with_work(api)
    with api.client("worker") as http:
        http.get(f"/api/folders/{folder}", params={"after": position}).raise_for_status()
    with api.client("manager") as http:
        http.get(f"/api/folders/{folder}", params={"after": position}).raise_for_status()
        head = _settle(api)
        report = http.get(f"/api/folders/{folder}/access-report", params={"after": head})
        assert report.status_code == 200, report.text
        viewers = sorted(e["viewer_role"] for e in report.json()["entries"])
        assert viewers == ["manager", "social_worker"]
        head = _settle(api)
        again = http.get(f"/api/folders/{folder}/access-report", params={"after": head}).json()
    assert "access_report" in {e["view"] for e in again["entries"]}


def test_a_failed_read_leaves_no_access_log_entry(api):
    with api.client("worker_other_team") as http:
        folder, position = _folder_with_work(api)
        assert http.get(f"/api/folders/{folder}", params={"after": position}).status_code == 404
    head = _settle(api)
    with api.client("manager") as http:
        entries = http.get("/api/folders/" + folder + "/access-report",
                           params={"after": head}).json()["entries"]
    assert all(e["viewer_id"] != api.user_ids["worker_other_team"] for e in entries)


def test_the_manager_sees_the_team_activity_of_each_worker(api):
    with api.client("manager") as http:
        before = http.get("/api/teams/ZTPS-1/activity").json()["workers"]
    mine = next(w for w in before if w["worker_id"] == api.user_ids["worker"])
    _folder, position = _folder_with_work(api)
    with api.client("manager") as http:
        after = http.get("/api/teams/ZTPS-1/activity", params={
            "after": position, "since": (date.today() - timedelta(days=7)).isoformat()}).json()
    now = next(w for w in after["workers"] if w["worker_id"] == api.user_ids["worker"])
    assert now["visits"] == mine["visits"] + 1
    assert now["minutes_by_activity"]["home_visit"] >= 45
    assert now["interviews_conducted"] == mine["interviews_conducted"] + 1
    assert now["caseload"] == mine["caseload"] + 1
    assert after["families_norm"] == 50  # art. 110 ust. 11


def test_the_team_activity_counts_applications_filed_and_decisions_in_a_workers_folders(api):
    from tests.api.care_givens import granted_order

    with api.client("manager") as http:
        rows = http.get("/api/teams/ZTPS-1/activity").json()["workers"]
        before = {w["worker_id"]: w for w in rows}
    # The worker opened the folder, so it is hers (issue #17).
    granted_order(api, date.today() - timedelta(days=3), scheduled=False)
    head = api.system.app.head_position()
    with api.client("manager") as http:
        after = {w["worker_id"]: w for w in http.get(
            "/api/teams/ZTPS-1/activity", params={"after": head}).json()["workers"]}
    me = api.user_ids["worker"]
    assert after[me]["applications_filed"] == before[me]["applications_filed"] + 1
    assert after[me]["decisions"] == before[me]["decisions"] + 1


def test_a_manager_of_another_team_gets_no_activity_and_no_report(api):
    folder, _position = _folder_with_work(api)
    with api.client("manager") as http:
        assert http.get("/api/teams/ZTPS-2/activity").status_code == 403
    with api.client("worker") as http:
        assert http.get("/api/audit/access").status_code == 403
        assert http.get(f"/api/folders/{folder}/access-report").status_code == 403
