"""How reads of lists and streams are logged: one entry per read naming each subject shown,
once per order on a stream connection, and the manager's reads of the log itself."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from domain.access import ListAccessRecord
from tests.api.care_givens import granted_order, post
from tests.api.test_care_chain import SseReader
from tests.support.builders import new_id, open_folder_body

LISTED_TOPIC = "domain.access:ListAccessRecord.PersonalDataListed"


def _entries(api, who: str, **filters) -> list[dict]:
    return api.system.read_models.access_entries(
        after=api.system.app.head_position(), viewer_id=UUID(api.user_ids[who]), **filters)


def _events_since(api, head: int) -> list:
    """The events saved after position `head`, decoded."""
    app = api.system.app
    found = app.recorder.select_notifications(start=head + 1, limit=1000)
    return [app.mapper.to_domain_event(n) for n in found]


def test_a_list_read_is_one_event_and_an_entry_for_each_folder_shown(api):
    with api.client("worker") as http:
        folders = []
        for _ in range(3):  # opened by the worker, so hers (issue #17)
            folders.append(post(http, "/api/folders", open_folder_body())["folder_id"])
        head = api.system.app.head_position()
        caseload = http.get("/api/caseload", params={"after": head})
    assert caseload.status_code == 200, caseload.text
    shown = {row["folder_id"] for row in caseload.json()}
    assert set(folders) <= shown

    saved = _events_since(api, head)
    assert [type(e).__name__ for e in saved] == ["PersonalDataListed"]
    assert isinstance(saved[0], ListAccessRecord.PersonalDataListed)
    assert {str(s.folder_id) for s in saved[0].subjects} == shown
    assert saved[0].purpose == "case_work"
    rows = [e for e in _entries(api, "worker") if e["view"] == "caseload"]
    assert sorted(str(e["folder_id"]) for e in rows) == sorted(shown)


def test_an_empty_list_records_nothing(api):
    with api.client("worker") as http:
        head = api.system.app.head_position()
        hits = http.get("/api/persons", params={"q": "Nikogotakiego"})
    assert hits.status_code == 200 and hits.json() == []
    assert _events_since(api, head) == []


def test_each_person_found_by_a_search_is_logged_with_their_folder(api):
    body = open_folder_body()
    body["head"] |= {"first_name": "Wiesława", "last_name": "Szukana"}
    with api.client("worker") as http:
        opened = post(http, "/api/folders", body)
        hits = http.get("/api/persons", params={"q": "Szukana", "after": opened["position"]})
    assert [h["member_id"] for h in hits.json()] == [body["head"]["member_id"]]
    entries = _entries(api, "worker", folder_id=UUID(opened["folder_id"]))
    assert [(e["view"], str(e["person_id"])) for e in entries] == [
        ("search", body["head"]["member_id"])]


def test_a_manager_finding_a_data_subject_logs_the_search_for_that_purpose_only_she_may_name(
        api):
    body = open_folder_body()
    body["head"] |= {"first_name": "Genowefa", "last_name": "Wnioskująca"}
    with api.client("worker") as http:
        opened = post(http, "/api/folders", body)
    folder = UUID(opened["folder_id"])
    asked = {"q": "Wnioskująca", "after": opened["position"]}
    with api.client("manager") as http:
        hits = http.get("/api/persons", params=asked | {"purpose": "data_subject_request"})
        wrong = http.get("/api/persons", params=asked | {"purpose": "case_work"})
    with api.client("worker") as http:
        not_hers = http.get("/api/persons", params=asked | {"purpose": "data_subject_request"})
    assert [h["member_id"] for h in hits.json()] == [body["head"]["member_id"]]
    assert wrong.status_code == 422 and not_hers.status_code == 403
    assert [(e["view"], e["purpose"]) for e in _entries(api, "manager", folder_id=folder)] == [
        ("search", "data_subject_request")]
    assert [e["view"] for e in _entries(api, "worker", folder_id=folder)] == []


def test_a_stream_logs_each_order_once_per_connection(api):
    start = date.today() - timedelta(days=3)
    stream = SseReader(api, "coordinator")
    try:
        care = granted_order(api, start, scheduled=False)
        placed = stream.next_for(care.order_id, status="awaiting_acceptance")
        with api.client("coordinator") as coordinator:
            accepted = post(coordinator, f"/api/handoff/orders/{care.order_id}/acceptance",
                            {"expected_version": placed["version"], "on": start.isoformat()})
        stream.next_for(care.order_id, status="accepted")
    finally:
        stream.close()

    def streamed() -> list[dict]:
        return [e for e in _entries(api, "coordinator", folder_id=UUID(care.folder_id))
                if e["view"] == "handoff_stream"]

    once = streamed()
    assert [(str(e["person_id"]), e["purpose"]) for e in once] == [
        (care.person_id, "care_coordination")]

    again = SseReader(api, "coordinator")  # a new connection shows the order anew
    try:
        with api.client("coordinator") as coordinator:
            post(coordinator, f"/api/handoff/orders/{care.order_id}/caregiver", {
                "expected_version": accepted["version"],
                "caregiver_id": api.user_ids["caregiver"]})
        again.next_for(care.order_id, status="caregiver_assigned")
    finally:
        again.close()
    assert len(streamed()) == 2


def test_the_managers_reads_of_the_log_are_logged_and_listed_only_when_asked(api):
    with api.client("worker") as http:
        opened = post(http, "/api/folders", open_folder_body())
        http.get(f"/api/folders/{opened['folder_id']}",
                 params={"after": opened["position"]}).raise_for_status()
    with api.client("manager") as http:
        head = api.system.app.head_position()
        first = http.get("/api/audit/access", params={"after": head})
        assert first.status_code == 200, first.text
        listed = {e["folder_id"] for e in first.json()}
        assert opened["folder_id"] in listed
        head = api.system.app.head_position()
        plain = http.get("/api/audit/access", params={"after": head}).json()
        head = api.system.app.head_position()
        everything = http.get("/api/audit/access",
                              params={"after": head, "include_log_reads": "true"}).json()
    assert "access_log" not in {e["view"] for e in plain}
    log_reads = [e for e in everything if e["view"] == "access_log"]
    assert {e["viewer_id"] for e in log_reads} == {api.user_ids["manager"]}
    assert {e["purpose"] for e in log_reads} == {"audit"}
    assert listed <= {e["folder_id"] for e in log_reads}


def test_the_caregivers_visits_are_one_entry_naming_each_client(api):
    care = granted_order(api, date.today() - timedelta(days=3))
    with api.client("caregiver") as http:
        head = api.system.app.head_position()
        visits = http.get("/api/caregiver/visits", params={"after": care.order_position})
    assert care.order_id in {v["order_id"] for v in visits.json()}
    listed = [e for e in _events_since(api, head) if type(e).__name__ == "PersonalDataListed"]
    assert len(listed) == 1
    assert (UUID(care.folder_id), UUID(care.person_id)) in {
        (s.folder_id, s.person_id) for s in listed[0].subjects}
    assert listed[0].view == "care_visit" and listed[0].purpose == "care_delivery"


def test_a_refused_read_records_nothing(api):
    body = open_folder_body(team_id="ZTPS-2")
    with api.client("worker_other_team") as other:
        opened = post(other, "/api/folders", body)
        proceeding_id = new_id()
        filed = post(other, f"/api/folders/{opened['folder_id']}/proceedings", {
            "proceeding_id": proceeding_id, "person_id": body["head"]["member_id"],
            "form": "periodic_allowance", "applicant": "person",
            "on": date.today().isoformat(), "case_reference": "ZTPS2.8210.77.2026"})
    with api.client("worker") as http:  # of ZTPS-1: neither is theirs to read
        head = api.system.app.head_position()
        assert http.get("/api/teams/ZTPS-2/folders",
                        params={"after": filed["position"]}).status_code == 403
        assert http.get(f"/api/proceedings/{proceeding_id}",
                        params={"after": filed["position"]}).status_code == 404
    assert _events_since(api, head) == []
