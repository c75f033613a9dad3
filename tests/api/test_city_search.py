"""The city-wide person search: by PESEL, name (no diacritics or case, a typo on PostgreSQL),
birth date and address; the searcher's own team in full, another team's open folder only as
its team and reference, every hit logged with the search's purpose."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import httpx

from tests.api.given import command, open_folder
from tests.api.test_views import unique_surname
from tests.support.builders import (
    address_body,
    closure_body,
    member_body,
    new_id,
    valid_pesel,
)


def found(http: httpx.Client, after: int, **params) -> list[dict]:
    answer = http.get("/api/persons/city",
                      params={"purpose": "duplicate_check", "after": after} | params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_person_of_her_own_team_is_found_by_pesel_in_full(api):
    pesel, surname = valid_pesel(), unique_surname("Żółć")
    with api.client("worker") as http:
        folder = open_folder(http, head=member_body(pesel=pesel, last_name=surname))
        [hit] = found(http, folder.position, pesel=pesel)
    assert hit["own_team"] is True and hit["match"] == "pesel" and hit["warning"] is False
    assert hit["folder_id"] == folder.id and hit["team_id"] == "ZTPS-1"
    assert hit["person"]["last_name"] == surname and hit["person"]["pesel"] == pesel
    assert hit["person"]["address"] == "Legnicka 12/3, Wrocław"


def test_a_name_is_found_without_diacritics_or_case(api):
    surname = unique_surname("Żółć")
    with api.client("worker") as http:
        folder = open_folder(http, head=member_body(first_name="Łucja", last_name=surname))
        typed = "lucja " + surname.replace("Żółć", "ZOLC")
        hits = found(http, folder.position, name=typed)
        by_prefix = found(http, folder.position, name=surname.replace("Żółć", "zolc")[:-2])
    assert [h["folder_id"] for h in hits] == [folder.id]
    assert [h["folder_id"] for h in by_prefix] == [folder.id]


def test_a_typo_in_the_name_still_finds_the_person_on_postgresql(api):
    if not api.system.settings.is_postgres:
        return  # SQLite's FTS5 matches prefixes only (docs/search.md)
    surname = unique_surname("Kowalczyk")
    with api.client("worker") as http:
        folder = open_folder(http, head=member_body(last_name=surname))
        hits = found(http, folder.position, name=surname.replace("czyk", "cyk"))
    assert [h["folder_id"] for h in hits] == [folder.id]


def test_birth_date_and_address_narrow_the_search(api):
    surname = unique_surname("Nowak")
    born = date(1961, 4, 9)
    street = unique_surname("Ślężna")
    with api.client("worker") as http:
        folder = open_folder(http, head=member_body(pesel=valid_pesel(born), last_name=surname),
                             address=address_body(street=street, building="7", flat=None))
        other = open_folder(http, head=member_body(pesel=valid_pesel(date(1970, 1, 1)),
                                                   last_name=surname))
        by_date = found(http, other.position, name=surname, birth_date=born.isoformat())
        by_address = found(http, other.position, address=street.replace("Ślężna", "slezna"))
    assert [h["folder_id"] for h in by_date] == [folder.id]
    assert [h["folder_id"] for h in by_address] == [folder.id]
    assert by_address[0]["person"]["address"] == f"{street} 7, Wrocław"


def test_another_teams_person_shows_only_the_team_and_folder_and_is_logged(api):
    pesel, surname = valid_pesel(), unique_surname("Zaniewska")
    with api.client("worker_other_team") as http:
        theirs = open_folder(http, team_id="ZTPS-2",
                             head=member_body(pesel=pesel, last_name=surname))
        command(http, theirs, "/members", {
            "command_id": new_id(),
            "expected_version": theirs.version,
            "member": member_body("child", pesel=valid_pesel(), last_name=surname)})
    with api.client("worker") as http:
        by_pesel = found(http, theirs.position, pesel=pesel)
        by_name = found(http, theirs.position, name=surname)
    expected = {"team_id": "ZTPS-2", "folder_id": theirs.id, "own_team": False,
                "folder_open": True, "person": None}
    assert [{k: h[k] for k in expected} for h in by_pesel] == [expected]
    # Two members of one folder: one answer, naming nobody.
    assert [{k: h[k] for k in expected} for h in by_name] == [expected]
    assert surname not in str(by_name) and pesel not in str(by_pesel)
    entries = [e for e in api.system.read_models.access_entries(
        after=api.system.app.head_position(), viewer_id=UUID(api.user_ids["worker"]),
        folder_id=UUID(theirs.id)) if e["view"] == "city_search"]
    assert len(entries) == 2
    assert {e["purpose"] for e in entries} == {"duplicate_check"}


def test_another_teams_closed_folder_is_not_shown(api):
    pesel = valid_pesel()
    with api.client("worker_other_team") as http:
        theirs = open_folder(http, team_id="ZTPS-2", head=member_body(pesel=pesel))
        command(http, theirs, "/closure", closure_body(theirs.version))
    with api.client("worker") as http:
        assert found(http, theirs.position, pesel=pesel) == []


def test_a_person_without_pesel_is_found_by_name_and_birth_date_as_a_warning(api):
    surname, born = unique_surname("Petrenko"), date(1983, 11, 2)
    head = member_body(pesel=None, last_name=surname, birth_date=born.isoformat(),
                       document={"kind": "passport", "number": "FX1234567"})
    with api.client("worker") as http:
        folder = open_folder(http, head=head)
        [hit] = found(http, folder.position, pesel=valid_pesel(born), name=surname,
                      birth_date=born.isoformat())
    assert hit["folder_id"] == folder.id
    assert hit["match"] == "details" and hit["warning"] is True


def test_bad_searches_are_refused_with_a_code(api):
    with api.client("worker") as http:
        none = http.get("/api/persons/city", params={"purpose": "case_work"})
        bad_pesel = http.get("/api/persons/city",
                             params={"purpose": "case_work", "pesel": "44051401459"})
        no_purpose = http.get("/api/persons/city", params={"name": "Nowak"})
    assert (none.status_code, none.json()["error"]["code"]) == (422, "search.no_criteria")
    assert (bad_pesel.status_code, bad_pesel.json()["error"]["code"]) \
        == (422, "pesel.invalid_checksum")
    assert no_purpose.status_code == 422


def test_roles_without_case_work_are_refused(api):
    for who in ("decision_maker", "coordinator", "caregiver", "analyst", "admin"):
        with api.client(who) as http:
            answer = http.get("/api/persons/city",
                              params={"purpose": "case_work", "name": "Nowak"})
        assert answer.status_code == 403, who
