"""The social worker's city-wide search on the tablet (issue #17 items 1 and 2), against a real
server on PostgreSQL: a name typed without diacritics and with a typo finds her team's person;
another team's person shows only the team and the folder number; nobody found offers a new
folder with the PESEL filled in; opening a second folder for a PESEL answers 409
`person.has_open_folder`; a folder opened on the tablet that meets a duplicate at sync waits on
the conflict screen and nothing is lost."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from domain.user import Role
from tests.api import given
from tests.e2e.conftest import PASSWORD, TEAM, sign_in
from tests.support.builders import member_body, open_folder_body, valid_pesel


@pytest.fixture(scope="module")
def people(server):
    """Her team's Łucja Grzegorzewska and another team's Szczepańska, each with a folder."""
    other = given.signed_up(server.system, server.base_url, "e2e.ztps2", Role.SOCIAL_WORKER,
                            "ZTPS-2", PASSWORD)["access_token"]
    own_pesel, other_pesel = valid_pesel(date(1979, 5, 2)), valid_pesel(date(1950, 8, 30))
    with server.http() as http:
        own = given.open_folder(http, team_id=TEAM, head=member_body(
            first_name="Łucja", last_name="Grzegorzewska", pesel=own_pesel))
    with httpx.Client(base_url=server.base_url, timeout=15,
                      headers={"Authorization": f"Bearer {other}"}) as http:
        theirs = given.open_folder(http, team_id="ZTPS-2", head=member_body(
            first_name="Bożena", last_name="Szczepańska", pesel=other_pesel))
        http.get("/api/caseload", params={"after": theirs.position})
    return {"own": own, "theirs": theirs, "other_pesel": other_pesel}


def _search(page, **fields: str) -> None:
    for name in ("pesel", "name", "birth_date", "address"):
        page.get_by_test_id(f"search-{name}").fill(fields.get(name, ""))
    page.get_by_test_id("search-submit").click()


def test_search_finds_her_team_by_a_name_with_a_typo_and_no_diacritics(server, people,
                                                                       new_tablet, shot):
    page = new_tablet()
    sign_in(page)
    page.get_by_test_id("open-search").click()
    expect(page.get_by_test_id("search-form")).to_be_visible()
    _search(page, name="lucja grzegozewska")
    hit = page.get_by_test_id("search-hit-own")
    expect(hit).to_contain_text("Łucja Grzegorzewska")
    expect(hit.locator("a")).to_have_attribute("href", f"#/folder/{people['own'].id}")
    shot(page, "person-search-own-team")
    hit.locator("a").click()
    expect(page.get_by_test_id("folder-address")).to_be_visible()


def test_another_teams_person_shows_only_the_team_and_folder_number(server, people,
                                                                    new_tablet, shot):
    page = new_tablet()
    sign_in(page)
    page.goto("/#/search")
    _search(page, pesel=people["other_pesel"])
    other = page.get_by_test_id("search-hit-other")
    expect(other).to_contain_text(f"Ma teczkę w zespole ZTPS-2 (nr {people['theirs'].id})")
    expect(page.locator("main")).not_to_contain_text("Szczepańska")
    expect(page.get_by_test_id("search-new-folder")).to_have_count(0)
    shot(page, "person-search-other-team")


def test_nobody_found_offers_a_new_folder_with_the_pesel(server, people, new_tablet, shot):
    page = new_tablet()
    sign_in(page)
    page.goto("/#/search")
    pesel = valid_pesel(date(1990, 1, 17))
    _search(page, pesel=pesel, name="Jan Nieznany")
    expect(page.get_by_test_id("search-none")).to_have_text("Nie znaleziono.")
    expect(page.get_by_test_id("search-new-folder")).to_have_attribute(
        "href", f"#/folders/new?pesel={pesel}&first_name=Jan&last_name=Nieznany")
    shot(page, "person-search-not-found")
    # ... and the new folder's form opens with what was searched for.
    page.get_by_test_id("search-new-folder").click()
    expect(page.get_by_test_id("nf-pesel")).to_have_value(pesel)
    expect(page.get_by_test_id("nf-first_name")).to_have_value("Jan")
    expect(page.get_by_test_id("nf-last_name")).to_have_value("Nieznany")


def test_opening_a_second_folder_for_the_pesel_is_refused_with_the_folder_named(server, people):
    with server.http() as http:
        answer = http.post("/api/folders", json=open_folder_body(
            team_id=TEAM, head=member_body(pesel=people["other_pesel"])))
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "person.has_open_folder"
    assert answer.json()["error"]["details"] == {"team_id": "ZTPS-2",
                                                 "folder_id": people["theirs"].id}


def test_a_folder_opened_on_the_tablet_meeting_a_duplicate_at_sync_waits_on_the_conflict_screen(
        server, people, new_tablet, shot):
    page = new_tablet()
    sign_in(page)
    command_id = str(uuid.uuid4())
    body = open_folder_body(team_id=TEAM, command_id=command_id, head=member_body(
        first_name="Bożena", last_name="Szczepańska", pesel=people["other_pesel"]))
    # A folder opened offline on this tablet (the outbox as the new-folder screen fills it),
    # sent when the app starts again.
    page.evaluate("""([entry]) => new Promise((resolve, reject) => {
        const open = indexedDB.open('teczka');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
            const tx = open.result.transaction('outbox', 'readwrite');
            tx.objectStore('outbox').put(entry);
            tx.oncomplete = () => { open.result.close(); resolve(null); };
            tx.onerror = () => reject(tx.error);
        };
    })""", [{
        "command_id": command_id, "user": server.worker_id, "folder_id": body["folder_id"],
        "method": "POST", "path": "/api/folders", "body": body,
        "created_at": "2026-12-07T08:00:00Z", "seq": 1, "attempts": 0, "next_attempt_at": 0,
        "status": "pending", "last_error": None, "kind": "folder_opened",
    }])
    page.reload()
    expect(page.get_by_test_id("attention-banner")).to_be_visible()
    page.get_by_test_id("attention-banner").locator("a").click()
    expect(page.get_by_test_id("duplicate-where")).to_contain_text(
        f"w zespole ZTPS-2 (nr {people['theirs'].id})")
    expect(page.get_by_test_id("conflict-mine")).to_contain_text("Bożena Szczepańska")
    shot(page, "duplicate-at-sync")
    # Nothing is lost: the change still waits on the tablet until she decides.
    waiting = page.evaluate("""(id) => new Promise((resolve) => {
        const open = indexedDB.open('teczka');
        open.onsuccess = () => {
            const get = open.result.transaction('outbox').objectStore('outbox').get(id);
            get.onsuccess = () => {
                resolve(get.result && get.result.status);
                open.result.close();
            };
        };
    })""", command_id)
    assert waiting == "conflict"
