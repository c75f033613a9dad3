"""The access log for people (issue #21): consecutive reads grouped into one line with their
count, the folder's team and client named, filters checked, the CSV export streamed and
itself logged; every read is still its own entry."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from tests.support.builders import member_body, open_folder_body


def _folder(api, last_name: str) -> tuple[str, int]:
    with api.client("worker") as http:
        opened = http.post("/api/folders", json=open_folder_body(
            head=member_body(first_name="Halina", last_name=last_name))).json()
    return opened["folder_id"], opened["position"]


def _read(api, folder: str, position: int, times: int) -> None:
    with api.client("worker") as http:
        for _ in range(times):
            assert http.get(f"/api/folders/{folder}", params={"after": position}).status_code == 200


def test_ten_reads_of_a_folder_in_a_row_are_one_line_counted_ten_and_ten_entries(api):
    folder, position = _folder(api, "Grupowana")
    _read(api, folder, position, 10)
    head = api.system.app.head_position()
    with api.client("manager") as http:
        lines = http.get("/api/audit/access/lines",
                         params={"folder_id": folder, "after": head})
        entries = http.get("/api/audit/access", params={"folder_id": folder, "after": head})
    assert lines.status_code == 200, lines.text
    [line] = lines.json()
    assert line["count"] == 10
    assert line["view"] == "client_view" and line["purpose"] == "case_work"
    assert line["viewer_name"] == "Worker1"
    assert line["client_name"] == "Halina Grupowana" and line["folder_team"] == "ZTPS-1"
    assert line["first_at"] <= line["last_at"] and line["last_at"].endswith(("Z", "+00:00"))
    assert len(entries.json()) == 10  # every read is still its own entry


def test_a_read_of_another_folder_in_between_starts_a_new_line(api):
    first, position = _folder(api, "Pierwsza")
    second, position = _folder(api, "Druga")
    _read(api, first, position, 2)
    _read(api, second, position, 1)
    _read(api, first, position, 3)
    head = api.system.app.head_position()
    with api.client("manager") as http:
        lines = http.get("/api/audit/access/lines", params={
            "viewer_id": api.user_ids["worker"], "after": head}).json()
    ours = [(line["client_name"], line["count"]) for line in lines
            if line["folder_id"] in (first, second)]
    assert ours[:3] == [("Halina Pierwsza", 3), ("Halina Druga", 1), ("Halina Pierwsza", 2)]


def test_the_managers_reads_of_the_log_are_logged_and_left_out_unless_asked(api):
    folder, position = _folder(api, "Audytowana")
    _read(api, folder, position, 1)
    head = api.system.app.head_position()
    with api.client("manager") as http:
        http.get("/api/audit/access/lines", params={"after": head}).raise_for_status()
        head = api.system.app.head_position()
        default = http.get("/api/audit/access/lines", params={"after": head}).json()
        asked = http.get("/api/audit/access/lines",
                         params={"after": head, "include_log_reads": True}).json()
    assert "access_log" not in {line["view"] for line in default}
    own = [line for line in asked if line["view"] == "access_log"]
    assert own and own[0]["viewer_id"] == api.user_ids["manager"]
    assert own[0]["purpose"] == "audit"


def test_filters_by_purpose_and_by_a_worker_of_another_unit(api):
    folder, position = _folder(api, "Filtrowana")
    _read(api, folder, position, 1)
    head = api.system.app.head_position()
    with api.client("manager") as http:
        by_purpose = http.get("/api/audit/access/lines", params={
            "folder_id": folder, "purpose": "supervision", "after": head}).json()
        case_work = http.get("/api/audit/access/lines", params={
            "folder_id": folder, "purpose": "case_work", "after": head}).json()
        other_unit = http.get("/api/audit/access/lines", params={
            "viewer_id": api.user_ids["worker_other_team"], "after": head})
    assert by_purpose == [] and len(case_work) == 1
    # Naming another unit's worker shows nothing of that unit.
    assert other_unit.status_code == 200 and other_unit.json() == []


def test_a_reversed_or_longer_than_two_years_period_is_refused(api):
    today = date.today()
    with api.client("manager") as http:
        for path in ("/api/audit/access/lines", "/api/audit/access/export.csv"):
            reversed_ = http.get(path, params={"since": today.isoformat(),
                                               "until": (today - timedelta(days=1)).isoformat()})
            assert reversed_.status_code == 422, reversed_.text
            assert reversed_.json()["error"]["code"] == "audit.period_reversed"
            long = http.get(path, params={"since": (today - timedelta(days=800)).isoformat(),
                                          "until": today.isoformat()})
            assert long.status_code == 422
            assert long.json()["error"]["code"] == "audit.period_too_long"
            assert long.json()["error"]["message"]
        raw = http.get("/api/audit/access", params={"since": "2026-02-01T00:00:00Z",
                                                    "until": "2026-01-01T00:00:00Z"})
        assert raw.status_code == 422 and raw.json()["error"]["code"] == "audit.period_reversed"


def test_the_csv_export_lists_every_read_in_warsaw_time_and_is_logged(api):
    folder, position = _folder(api, "Eksportowana")
    _read(api, folder, position, 3)
    head = api.system.app.head_position()
    with api.client("manager") as http:
        http.get("/api/audit/access", params={"after": head}).raise_for_status()
        export = http.get("/api/audit/access/export.csv", params={"folder_id": folder})
        assert export.status_code == 200, export.text
        assert export.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(export.text)))
        head = api.system.app.head_position()
        logged = http.get("/api/audit/access", params={
            "folder_id": folder, "include_log_reads": True, "after": head}).json()
    assert len(rows) == 3
    assert {r["client_name"] for r in rows} == {"Halina Eksportowana"}
    assert all(r["viewed_at_warsaw"].endswith(("+01:00", "+02:00")) for r in rows)
    assert "access_log_export" in {e["view"] for e in logged}
