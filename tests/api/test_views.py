"""What workers and managers see: caseload, team folders, person search, the client view."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import httpx

from domain.identifiers import Pesel
from tests.api import given
from tests.support.builders import (
    change_address_body,
    closure_body,
    correction_body,
    interview_body,
    member_body,
    open_folder_body,
    schedule_interview_body,
    transfer_body,
    visit_body,
)

FORTY_DAYS_AGO = date.today() - timedelta(days=40)


def unique_surname(stem: str) -> str:
    """A surname no other test uses, so searches find only this test's people."""
    return stem + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:8])


def rows(http: httpx.Client, path: str, after: int, **params) -> dict[str, dict]:
    answer = http.get(path, params={"after": after} | params)
    assert answer.status_code == 200, answer.text
    return {row["folder_id"]: row for row in answer.json()}


def hits(http: httpx.Client, q: str, after: int) -> list[dict]:
    answer = http.get("/api/persons", params={"q": q, "after": after})
    assert answer.status_code == 200, answer.text
    return answer.json()


def assigned_to_me(api, http: httpx.Client, **overrides) -> given.Folder:
    """A folder the worker opened: hers from the start (issue #17)."""
    folder = given.open_folder(http, **overrides)
    return folder


def registered_for_the_team(api) -> given.Folder:
    """A ZTPS-1 folder registered at first contact: the team's, nobody's caseload yet."""
    body = open_folder_body()
    with api.client("first_contact") as http:
        result = given.applied(http.post("/api/folders", json=body))
    return given.Folder(result["folder_id"], result["version"], result["position"],
                        body["head"]["member_id"], body["team_id"])


def test_the_caseload_lists_the_folders_assigned_to_the_worker(api):
    with api.client("worker") as http:
        mine = assigned_to_me(api, http)
        not_mine = registered_for_the_team(api)

        caseload = rows(http, "/api/caseload", not_mine.position)

        assert mine.id in caseload
        assert not_mine.id not in caseload
        assert caseload[mine.id]["head_name"] == "Halina Kowalczyk"
        assert caseload[mine.id]["address_line"] == "Legnicka 12/3, 54-203 Wrocław"
        assert caseload[mine.id]["version"] == mine.version == 1


def test_the_caseload_flags_an_interview_triggered_40_days_ago_and_not_conducted(api):
    with api.client("worker") as http:
        overdue = assigned_to_me(api, http)
        given.command(http, overdue, "/interviews",
                      schedule_interview_body(overdue.version, FORTY_DAYS_AGO))
        fresh = assigned_to_me(api, http)
        given.command(http, fresh, "/interviews", schedule_interview_body(fresh.version))

        caseload = rows(http, "/api/caseload", fresh.position)

        assert caseload[overdue.id]["interview_overdue"] is True
        assert date.fromisoformat(caseload[overdue.id]["interview_due_on"]) < date.today()
        assert caseload[fresh.id]["interview_overdue"] is False
        assert date.fromisoformat(caseload[fresh.id]["interview_due_on"]) > date.today()
        assert given.view(http, overdue)["interview"]["overdue"] is True


def test_conducting_the_overdue_interview_clears_the_flag(api):
    with api.client("worker") as http:
        folder = assigned_to_me(api, http)
        schedule = schedule_interview_body(folder.version, FORTY_DAYS_AGO)
        given.command(http, folder, "/interviews", schedule)
        given.command(http, folder, f"/interviews/{schedule['interview_id']}/conducted",
                      interview_body(folder.version))

        row = rows(http, "/api/caseload", folder.position)[folder.id]

        assert row["interview_overdue"] is False
        assert row["interview_due_on"] is None


def test_the_team_list_shows_every_open_folder_of_the_team(api):
    unassigned = registered_for_the_team(api)
    with api.client("worker") as http:
        assigned = assigned_to_me(api, http)
    with api.client("manager") as http:
        team = rows(http, "/api/teams/ZTPS-1/folders", assigned.position)

    assert {unassigned.id, assigned.id} <= set(team)
    assert team[unassigned.id]["worker_id"] is None
    assert team[assigned.id]["worker_id"] == api.user_ids["worker"]
    assert {row["team_id"] for row in team.values()} == {"ZTPS-1"}


def test_a_person_is_found_by_name_typed_without_polish_letters(api):
    surname = unique_surname("Żółć")
    with api.client("worker") as http:
        folder = given.open_folder(http, head=member_body(first_name="Łukasz", last_name=surname))

        found = hits(http, f"lukasz {surname.replace('Żółć', 'zolc')}", folder.position)

    assert [(h["folder_id"], h["member_id"], h["name"]) for h in found] == [
        (folder.id, folder.head_id, f"Łukasz {surname}")]


def test_a_person_is_found_by_the_start_of_the_pesel_which_comes_back_masked(api):
    # A birth day no other test uses, so the prefix picks out this person.
    pesel = Pesel.make(date(1931, 12, 29), 417, "M").value
    with api.client("worker") as http:
        folder = given.open_folder(http, head=member_body(pesel=pesel))

        answer = http.get("/api/persons", params={"q": pesel[:8], "after": folder.position})

    assert answer.status_code == 200, answer.text
    assert [h["member_id"] for h in answer.json()] == [folder.head_id]
    assert answer.json()[0]["pesel_masked"] == pesel[:6] + "*****"
    assert answer.json()[0]["birth_year"] == 1931
    assert pesel not in answer.text


def test_reading_with_after_shows_the_write_at_once(api):
    with api.client("worker") as http:
        folder = given.open_folder(http)
        visit = visit_body(folder.version, visit={"notes": "Zgłoszono brak opału."})
        result = given.command(http, folder, "/visits", visit)

        answer = http.get(folder.path, params={"after": result["position"]})

    assert answer.json()["version"] == 2
    assert answer.json()["timeline"][0]["details"]["notes"] == "Zgłoszono brak opału."
    assert answer.json()["last_visit_on"] == visit["visit"]["visited_on"]


def test_correcting_a_name_shows_in_the_client_view_and_in_search(api):
    old, new = unique_surname("Nowak"), unique_surname("Nowakowska")
    with api.client("worker") as http:
        folder = given.open_folder(http, head=member_body(last_name=old))
        given.command(http, folder, f"/members/{folder.head_id}/corrections",
                      correction_body(folder.version, last_name=new))

        view = given.view(http, folder)
        by_new_name = hits(http, new, folder.position)
        by_old_name = hits(http, old, folder.position)

    assert view["members"][0]["last_name"] == new
    assert view["head_name"] == f"Halina {new}"
    assert view["timeline"][0]["kind"] == "member_corrected"
    assert [h["name"] for h in by_new_name] == [f"Halina {new}"]
    assert by_old_name == []


def test_a_new_address_shows_in_the_client_view_and_the_team_list(api):
    with api.client("worker") as http:
        folder = given.open_folder(http)
        given.command(http, folder, "/address", change_address_body(folder.version))

        view = given.view(http, folder)
        team = rows(http, "/api/teams/ZTPS-1/folders", folder.position)

    assert view["address"]["street"] == "Powstańców Śląskich"
    assert view["address"]["flat"] is None
    assert view["timeline"][0]["kind"] == "address_changed"
    assert team[folder.id]["address_line"] == "Powstańców Śląskich 95, 53-332 Wrocław"


def test_a_manager_transfers_a_folder_and_the_old_team_no_longer_sees_it(api):
    surname = unique_surname("Przybylska")
    with api.client("worker") as http:
        folder = assigned_to_me(api, http, head=member_body(last_name=surname))
    with api.client("manager") as http:
        given.command(http, folder, "/transfer", transfer_body(folder.version, "ZTPS-2"))
        old_team = rows(http, "/api/teams/ZTPS-1/folders", folder.position)
    with api.client("worker") as http:
        old_view = http.get(folder.path, params={"after": folder.position})
        old_caseload = rows(http, "/api/caseload", folder.position)
        old_search = hits(http, surname, folder.position)
    with api.client("worker_other_team") as http:
        new_team = rows(http, "/api/teams/ZTPS-2/folders", folder.position)
        new_view = given.view(http, folder)
        new_search = hits(http, surname, folder.position)

    assert folder.id not in old_team
    assert old_view.status_code == 404
    assert folder.id not in old_caseload
    assert old_search == []
    assert folder.id in new_team
    assert new_view["team_id"] == "ZTPS-2"
    assert new_view["worker_id"] is None
    assert [h["folder_id"] for h in new_search] == [folder.id]


def test_a_closed_folder_leaves_the_lists_but_keeps_its_view(api):
    surname = unique_surname("Kaczmarek")
    with api.client("worker") as http:
        folder = assigned_to_me(api, http, head=member_body(last_name=surname))
        closing = closure_body(folder.version, reason="Zgon osoby samotnej.")
        given.command(http, folder, "/closure", closing)

        view = given.view(http, folder)
        caseload = rows(http, "/api/caseload", folder.position)
        team = rows(http, "/api/teams/ZTPS-1/folders", folder.position)
        found = hits(http, surname, folder.position)

    assert view["status"] == "closed"
    assert view["closed_on"] == closing["closed_on"]
    assert view["timeline"][0]["kind"] == "folder_closed"
    assert view["timeline"][0]["details"]["reason"] == "Zgon osoby samotnej."
    assert folder.id not in caseload
    assert folder.id not in team
    assert [h["folder_status"] for h in found] == ["closed"]


def test_a_folder_opened_without_an_opening_day_is_opened_today(api):
    with api.client("worker") as http:
        body = open_folder_body()
        del body["opened_on"]
        result = given.applied(http.post("/api/folders", json=body))
        folder = given.Folder(result["folder_id"], 1, result["position"],
                              body["head"]["member_id"], "ZTPS-1")

        view = given.view(http, folder)

    assert view["opened_on"] == date.today().isoformat()
    assert view["status"] == "open"
