"""Issue #17's whole chain on the tablet, in a real browser against a real API on PostgreSQL:
search → not found → open the folder from the search's link → add a member (and correct the
day she joined) → file an application signed on the screen → conduct the due interview (the
overdue badge clears) → the decision maker sees the proceeding pending. Then the same without
signal, where the member's PESEL turns out at sync to be in another team's household: the
conflict screen names only that team and folder, the other household lets her go, she is sent
again and nothing is lost. And a homeless person's folder opened from the new-folder form."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import Page, expect

from domain.user import Role
from tests.api import given
from tests.e2e.conftest import (
    DECIDER,
    FIRST_CONTACT,
    PASSWORD,
    TEAM,
    Server,
    is_sync_of,
    sign_in,
    synced,
)
from tests.e2e.test_intake import draw_signature
from tests.support.builders import member_body, new_id, schedule_interview_body, valid_pesel

pytestmark = pytest.mark.postgres

TODAY = date.today()
OTHER_TEAM = "ZTPS-2"


@pytest.fixture(scope="module")
def other_team(server: Server) -> Iterator[httpx.Client]:
    """A social worker of another team, over HTTP (as her own tablet would be)."""
    token = given.signed_up(server.system, server.base_url, "e2e.chain.ztps2", Role.SOCIAL_WORKER,
                            OTHER_TEAM, PASSWORD)["access_token"]
    with httpx.Client(base_url=server.base_url, timeout=15,
                      headers={"Authorization": f"Bearer {token}"}) as http:
        yield http


def search_nobody(page: Page, pesel: str, name: str) -> None:
    """The city-wide search finds nobody; its link opens the new folder's form filled in."""
    page.goto("/#/")
    page.get_by_test_id("open-search").click()
    page.get_by_test_id("search-pesel").fill(pesel)
    page.get_by_test_id("search-name").fill(name)
    page.get_by_test_id("search-submit").click()
    expect(page.get_by_test_id("search-none")).to_have_text("Nie znaleziono.")
    page.get_by_test_id("search-new-folder").click()
    expect(page.get_by_test_id("nf-pesel")).to_have_value(pesel)
    expect(page.get_by_test_id("nf-last_name")).to_have_value(name.split()[-1])


def fill_address(page: Page) -> None:
    page.get_by_test_id("nf-street").fill("Legnicka")
    page.get_by_test_id("nf-building").fill("40")
    page.get_by_test_id("nf-flat").fill("5")
    page.get_by_test_id("nf-postal_code").fill("54-203")


def fill_member(page: Page, first: str, last: str, pesel: str, joined_on: date) -> None:
    expect(page.get_by_test_id("new-member-form")).to_be_visible()
    page.get_by_test_id("nm-first_name").fill(first)
    page.get_by_test_id("nm-last_name").fill(last)
    page.get_by_test_id("nm-pesel").fill(pesel)
    page.get_by_test_id("nm-relation").select_option("child")
    page.get_by_test_id("nm-joined_on").fill(joined_on.isoformat())


def fill_application(page: Page, case_reference: str) -> None:
    expect(page.get_by_test_id("application-form")).to_be_visible()
    page.get_by_test_id("app-form").select_option("purpose_allowance")
    page.get_by_test_id("app-case-reference").fill(case_reference)
    draw_signature(page)


def schedule_overdue_interview(server: Server, folder_id: str, after: int) -> None:
    """An interview due since the application came in (scheduled on another tablet), its 14
    days long past. `after`: the position of the tablet's last command, which the folder read
    must include (its version is the one the scheduling command expects)."""
    with server.http() as http:
        view = http.get(f"/api/folders/{folder_id}", params={"after": after}).json()
        answer = http.post(f"/api/folders/{folder_id}/interviews", json=schedule_interview_body(
            view["version"], trigger_date=TODAY - timedelta(days=28)))
        assert answer.status_code == 201, answer.text
        http.get("/api/caseload", params={"after": answer.json()["position"]}).raise_for_status()


def conduct_due_interview(page: Page) -> None:
    page.get_by_test_id("conduct-interview-button").click()
    for key, text in {"A": "Rodzina dwuosobowa.", "H": "Oczekuje zasiłku celowego.",
                      "I": "Brak środków na opał.", "J": "Zasiłek celowy na opał."}.items():
        page.get_by_test_id(f"interview-section-{key}").fill(text)


def pending_for_decision(new_tablet: Any, party: str) -> Any:
    """The decision maker's pending list on her own tablet: the proceeding's row."""
    decider = new_tablet()
    sign_in(decider, DECIDER)
    row = decider.locator('[data-testid="proceeding-row"]', has_text=party)
    expect(row.get_by_test_id("row-party")).to_have_text(party)
    return row


def test_the_whole_chain_from_search_to_the_decision_makers_list(
        server: Server, new_tablet: Any, shot: Any) -> None:
    page = new_tablet()
    sign_in(page)
    head_pesel, child_pesel = valid_pesel(date(1971, 2, 3)), valid_pesel(date(2012, 6, 7))
    search_nobody(page, head_pesel, "Grażyna Łukasiewicz")
    expect(page.get_by_test_id("nf-first_name")).to_have_value("Grażyna")
    fill_address(page)
    with page.expect_response(is_sync_of("/api/folders")) as sent:
        page.get_by_test_id("new-folder-submit").click()
    body, _ = synced(sent.value, "/api/folders", 201)
    folder_id = body["folder_id"]

    page.locator(f'a[data-testid="caseload-row"][data-folder-id="{folder_id}"]').click()
    expect(page.get_by_test_id("folder-view")).to_have_attribute("data-folder-id", folder_id)
    page.get_by_test_id("add-member-button").click()
    fill_member(page, "Kacper", "Łukasiewicz", child_pesel, TODAY - timedelta(days=3))
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "tablet-new-member")
    with page.expect_response(is_sync_of("/members")) as sent:
        page.get_by_test_id("nm-submit").click()
    member, _ = synced(sent.value, "/members", 201)
    expect(page.get_by_test_id("household-size")).to_contain_text("2")

    # The day he joined was typed wrongly: corrected on his screen.
    kacper = page.locator(
        f'[data-testid="member-item"][data-member-id="{member["member"]["member_id"]}"]')
    kacper.get_by_test_id("member-change-button").click()
    corrected_on = (TODAY - timedelta(days=5)).isoformat()
    page.get_by_test_id("correct-joined-on").fill(corrected_on)
    page.get_by_test_id("correction-form").scroll_into_view_if_needed()
    shot(page, "household-membership-correction")
    with page.expect_response(is_sync_of("/membership-corrections")) as sent:
        page.get_by_test_id("correct-submit").click()
    correction, _ = synced(sent.value, "/membership-corrections", 201)
    assert correction["joined_on"] == corrected_on and "ended_on" not in correction

    page.get_by_test_id("file-application-button").click()
    fill_application(page, "ZTPS1.5111.71.2026")
    with page.expect_response(is_sync_of("/proceedings")) as sent:
        page.get_by_test_id("application-submit").click()
    application, filed = synced(sent.value, "/proceedings", 201)
    assert application["signature"].startswith("data:image/png;base64,")

    schedule_overdue_interview(server, folder_id, after=filed["position"])
    page.goto(f"/#/folder/{folder_id}")
    page.reload()
    expect(page.get_by_test_id("overdue-badge")).to_be_visible()
    conduct_due_interview(page)
    with page.expect_response(is_sync_of("/conducted")) as sent:
        page.get_by_test_id("interview-submit").click()
    synced(sent.value, "/conducted", 201)
    expect(page.get_by_test_id("folder-view")).to_be_visible()
    expect(page.get_by_test_id("overdue-badge")).to_have_count(0)

    row = pending_for_decision(new_tablet, "Grażyna Łukasiewicz")
    expect(row).to_have_attribute("data-proceeding-id", application["proceeding_id"])
    with server.http() as http:
        view = http.get(f"/api/folders/{folder_id}").json()
    kacper_now = next(m for m in view["members"] if m["first_name"] == "Kacper")
    assert kacper_now["joined_on"] == corrected_on
    assert view["worker_id"] == server.worker_id


def test_the_same_chain_offline_with_a_duplicate_pesel_resolved_on_the_conflict_screen(
        server: Server, other_team: httpx.Client, new_tablet: Any, shot: Any) -> None:
    page = new_tablet()
    sign_in(page)
    head_pesel, child_pesel = valid_pesel(date(1968, 9, 12)), valid_pesel(date(2009, 1, 21))
    search_nobody(page, head_pesel, "Wiesława Pietrzak")  # the search needs signal
    page.context.set_offline(True)
    page.get_by_test_id("nf-first_name").fill("Wiesława")
    fill_address(page)
    page.get_by_test_id("new-folder-submit").click()
    waiting = page.locator('[data-testid="caseload-row"][data-waiting="true"]',
                           has_text="Wiesława Pietrzak")
    expect(waiting).to_be_visible()
    folder_id = waiting.get_attribute("data-folder-id")

    waiting.get_by_test_id("waiting-add-member").click()
    fill_member(page, "Natalia", "Pietrzak", child_pesel, TODAY - timedelta(days=40))
    page.get_by_test_id("nm-submit").click()
    expect(waiting).to_be_visible()
    waiting.get_by_test_id("waiting-application").click()
    fill_application(page, "ZTPS1.5111.72.2026")
    page.get_by_test_id("application-submit").click()
    expect(page.get_by_test_id("application-form")).to_have_count(0)

    # Meanwhile another team opened a household with Natalia in it.
    theirs = given.open_folder(
        other_team, team_id=OTHER_TEAM, head=member_body(first_name="Barbara", last_name="Nowicka"),
        opened_on=(TODAY - timedelta(days=90)).isoformat())
    natalia = member_body("grandchild", first_name="Natalia", last_name="Pietrzak",
                          pesel=child_pesel)
    given.command(other_team, theirs, "/members", {
        "command_id": new_id(), "expected_version": theirs.version, "member": natalia,
        "joined_on": (TODAY - timedelta(days=60)).isoformat()})

    page.evaluate("location.hash = '#/'")
    with page.expect_response(is_sync_of("/members")) as sent:
        page.context.set_offline(False)
    synced(sent.value, "/api/folders", 201)
    _, refused = synced(sent.value, "/members", 409)
    assert refused["error"]["code"] == "person.has_open_folder"
    page.get_by_test_id("attention-banner").locator("a").click()
    expect(page.get_by_test_id("duplicate-where")).to_contain_text(
        f"w zespole {OTHER_TEAM} (nr {theirs.id})")
    expect(page.get_by_test_id("conflict-mine")).to_contain_text("Natalia Pietrzak")
    expect(page.get_by_test_id("duplicate-panel")).not_to_contain_text("Nowicka")
    shot(page, "intake-chain-duplicate-at-sync")

    # The other household lets her go (she moved to her mother's); sent again, she is added.
    given.command(other_team, theirs, f"/members/{natalia['member_id']}/departure", {
        "command_id": new_id(), "expected_version": theirs.version,
        "left_on": (TODAY - timedelta(days=41)).isoformat(), "reason": "Zamieszkała z matką"})
    with page.expect_response(is_sync_of("/members")) as sent:
        page.get_by_test_id("duplicate-send-again").click()
    _, added = synced(sent.value, "/members", 201)
    expect(page.get_by_test_id("attention-banner")).to_have_count(0)
    row = page.locator(f'a[data-testid="caseload-row"][data-folder-id="{folder_id}"]')
    expect(row).to_contain_text("Wiesława Pietrzak")

    # The due interview, conducted without signal, sent when it returns.
    schedule_overdue_interview(server, folder_id, after=added["position"])
    page.goto(f"/#/folder/{folder_id}")
    page.reload()
    expect(page.get_by_test_id("overdue-badge")).to_be_visible()
    expect(page.get_by_test_id("household-size")).to_contain_text("2")
    page.context.set_offline(True)
    conduct_due_interview(page)
    page.get_by_test_id("interview-submit").click()
    expect(page.get_by_test_id("folder-view")).to_be_visible()
    with page.expect_response(is_sync_of("/conducted")) as sent:
        page.context.set_offline(False)
    synced(sent.value, "/conducted", 201)
    expect(page.get_by_test_id("overdue-badge")).to_have_count(0)

    pending_for_decision(new_tablet, "Wiesława Pietrzak")
    with server.http() as http:
        view = http.get(f"/api/folders/{folder_id}").json()
    assert sorted(m["first_name"] for m in view["members"]) == ["Natalia", "Wiesława"]


def test_a_homeless_persons_folder_opened_from_the_new_folder_form(
        server: Server, new_tablet: Any, shot: Any) -> None:
    page = new_tablet()
    sign_in(page)
    page.get_by_test_id("new-folder-button").click()
    page.get_by_test_id("nf-first_name").fill("Marian")
    page.get_by_test_id("nf-last_name").fill("Wędrowny")
    page.get_by_test_id("nf-pesel").fill(valid_pesel(date(1961, 4, 30), sex="M"))
    page.get_by_test_id("nf-no-fixed").check()
    expect(page.get_by_test_id("nf-street")).to_have_count(0)
    page.get_by_test_id("nf-meeting_place").fill("Noclegownia, ul. Bogedaina 5")
    page.get_by_test_id("nf-fields").scroll_into_view_if_needed()
    shot(page, "tablet-new-folder-homeless")
    # Without a meeting place the form says so before anything is queued.
    page.get_by_test_id("nf-meeting_place").fill("")
    page.get_by_test_id("new-folder-submit").click()
    expect(page.locator("#nf-meeting_place-error")).to_be_visible()
    page.get_by_test_id("nf-meeting_place").fill("Noclegownia, ul. Bogedaina 5")
    with page.expect_response(is_sync_of("/api/folders")) as sent:
        page.get_by_test_id("new-folder-submit").click()
    body, _ = synced(sent.value, "/api/folders", 201)
    assert body["address"] == {"street": None, "building": None, "postal_code": None,
                               "city": "Wrocław", "teryt": "0264011", "no_fixed_address": True,
                               "meeting_place": "Noclegownia, ul. Bogedaina 5"}

    page.locator(f'a[data-testid="caseload-row"][data-folder-id="{body["folder_id"]}"]').click()
    address = page.get_by_test_id("folder-address")
    expect(address).to_have_attribute("data-no-fixed-address", "true")
    expect(address).to_contain_text("Noclegownia, ul. Bogedaina 5 (Wrocław)")


def test_first_contact_registers_a_homeless_person_naming_the_team(
        server: Server, new_tablet: Any, shot: Any) -> None:
    desk = new_tablet()
    sign_in(desk, FIRST_CONTACT)
    desk.get_by_test_id("register-person-button").click()
    desk.get_by_test_id("nf-first_name").fill("Zenon")
    desk.get_by_test_id("nf-last_name").fill("Bezdomny")
    desk.get_by_test_id("nf-pesel").fill(valid_pesel(date(1958, 11, 2), sex="M"))
    desk.get_by_test_id("nf-no-fixed").check()
    desk.get_by_test_id("nf-meeting_place").fill("Dworzec Główny, poczekalnia")
    # Without a street the areas table cannot choose the team: she names it.
    desk.get_by_test_id("new-folder-submit").click()
    expect(desk.locator("#nf-team_id-error")).to_be_visible()
    shot(desk, "tablet-first-contact-homeless")
    desk.get_by_test_id("nf-team_id").fill(TEAM)
    with desk.expect_response(is_sync_of("/api/folders")) as sent:
        desk.get_by_test_id("new-folder-submit").click()
    body, _ = synced(sent.value, "/api/folders", 201)
    assert body["team_id"] == TEAM and body["address"]["no_fixed_address"] is True
    expect(desk.get_by_test_id("application-form")).to_be_visible()
    expect(desk.get_by_test_id("app-person")).to_contain_text("Zenon Bezdomny")
    expect(desk.get_by_test_id("app-person")).to_contain_text("Dworzec Główny")
