"""The letter to a data subject (GDPR art. 15, issue #21), on both stores: it lists a read
made a minute earlier by date and time (Warsaw), purpose, role and unit, without the staff's
names (CJEU C-579/21) unless the DPO set otherwise; producing it is logged; another team's
folder is not found."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from services.privacy.access_report import access_report_facts
from services.settings import Settings
from tests.support.builders import member_body, open_folder_body
from tests.support.pdf import pdf_text


def test_the_letter_lists_a_read_a_minute_ago_without_staff_names_and_is_logged(api):
    with api.client("worker") as http:
        opened = http.post("/api/folders", json=open_folder_body(
            head=member_body(first_name="Genowefa", last_name="Pytająca"))).json()
        folder = opened["folder_id"]
        http.get(f"/api/folders/{folder}", params={"after": opened["position"]}).raise_for_status()
    read_at = datetime.now(ZoneInfo("Europe/Warsaw"))
    head = api.system.app.head_position()
    with api.client("manager") as http:
        letter = http.get(f"/api/folders/{folder}/access-report.pdf", params={"after": head})
        assert letter.status_code == 200, letter.text
        assert letter.headers["content-type"] == "application/pdf"
        text = pdf_text(letter.content)
        head = api.system.app.head_position()
        logged = http.get("/api/audit/access", params={
            "folder_id": folder, "include_log_reads": True, "after": head}).json()
        assert http.get(f"/api/folders/{folder}/access-report.pdf",
                        headers={"Authorization": f"Bearer {api.tokens['worker']}"}
                        ).status_code == 403
    assert "Genowefa Pytająca" in text
    assert read_at.strftime("%d.%m.%Y") in text and read_at.strftime("%H:") in text
    assert "praca socjalna" in text and "pracownik socjalny" in text and "ZTPS-1" in text
    assert "Worker1" not in text  # no staff names (C-579/21)
    assert "C‑579/21" in text or "C-579/21" in text
    assert "access_report" in {e["view"] for e in logged}


def test_a_manager_of_another_team_gets_no_letter(api):
    with api.client("worker_other_team") as http:
        opened = http.post("/api/folders", json=open_folder_body(team_id="ZTPS-2")).json()
    with api.client("manager") as http:
        answer = http.get(f"/api/folders/{opened['folder_id']}/access-report.pdf",
                          params={"after": opened["position"]})
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "case_folder.not_found"


def test_the_dpo_may_have_the_letter_name_the_staff(tmp_path):
    entry = {"viewed_at": datetime(2026, 7, 1, 10, 0, tzinfo=UTC), "purpose": "case_work",
             "viewer_role": "social_worker", "viewer_unit": "ZTPS-1", "viewer_name": "Anna N."}
    common = dict(party_name="X", party_address="Y", reference="R", produced_on=date(2026, 7, 2))
    without = access_report_facts([entry], settings=Settings(data_dir=tmp_path), **common)
    named = access_report_facts([entry], settings=Settings(
        data_dir=tmp_path, access_report_names_staff=True), **common)
    assert without["entries"] == [{"at": "01.07.2026 12:00", "purpose": "case_work",
                                   "role": "social_worker", "unit": "ZTPS-1"}]
    assert named["entries"][0]["name"] == "Anna N." and named["names_staff"] is True
