"""Issue #17 on the tablet, in a real browser against a real API on PostgreSQL: a member
leaves and the household shrinks from that date; a homeless person's folder; "Przeprowadź
wywiad" conducts the overdue interview and the badge clears."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import Page, expect

from tests.api import given
from tests.e2e.conftest import TEAM, Client, Server, is_sync_of, sign_in, synced
from tests.support.builders import (
    add_member_body,
    member_body,
    new_id,
    schedule_interview_body,
)

pytestmark = pytest.mark.postgres

TODAY = date.today()


def open_folder(page: Page, folder_id: str) -> None:
    row = page.locator(f'[data-testid="caseload-row"][data-folder-id="{folder_id}"]')
    row.click()
    expect(page.get_by_test_id("folder-view")).to_have_attribute("data-folder-id", folder_id)


def server_view(server: Server, folder: given.Folder, after: int) -> dict:
    with server.http() as http:
        return given.view(http, given.Folder(folder.id, folder.version, after, folder.head_id,
                                             folder.team_id))


def test_a_member_leaves_and_the_household_shrinks_from_that_date(
    server: Server, client_folder: Client, new_tablet, shot
):
    folder = client_folder.folder
    child = member_body("child", first_name="Ola", last_name="Kowalczyk")
    with server.http() as http:
        given.command(http, folder, "/members", add_member_body(
            folder.version, member=child, joined_on=(TODAY - timedelta(days=60)).isoformat()))
        http.get("/api/caseload", params={"after": folder.position}).raise_for_status()
    left_on = (TODAY - timedelta(days=10)).isoformat()

    page = new_tablet()
    sign_in(page)
    open_folder(page, folder.id)
    expect(page.get_by_test_id("household-size")).to_contain_text("2")
    page.locator(f'[data-testid="member-item"][data-member-id="{child["member_id"]}"]') \
        .get_by_test_id("member-change-button").click()
    expect(page.get_by_test_id("member-form")).to_be_visible()
    page.get_by_test_id("member-change-leaves").check()
    page.get_by_test_id("member-on").fill(left_on)
    page.get_by_test_id("member-reason").fill("Wyprowadzka do internatu")
    shot(page, "household-member-leaves")
    with page.expect_response(is_sync_of("/departure")) as sent:
        page.get_by_test_id("member-submit").click()
    _, result = synced(sent.value, "/departure", 201)

    gone = page.locator(f'[data-testid="member-item"][data-member-id="{child["member_id"]}"]')
    expect(gone).to_have_attribute("data-left", "true")
    expect(gone.get_by_test_id("member-ended")).to_contain_text("odeszła/odszedł")
    expect(page.get_by_test_id("household-size")).to_contain_text("1")
    page.get_by_test_id("household-size").scroll_into_view_if_needed()
    shot(page, "household-after-leaving")

    view = server_view(server, folder, result["position"])
    assert view["household_size"] == 1
    ola = next(m for m in view["members"] if m["member_id"] == child["member_id"])
    assert (ola["left_on"], ola["end_reason"]) == (left_on, "Wyprowadzka do internatu")


def test_a_homeless_persons_folder_shows_the_municipality_and_the_meeting_place(
    server: Server, new_tablet, shot
):
    with server.http() as http:
        folder = given.open_folder(http, team_id=TEAM, head=member_body(
            first_name="Marek", last_name="Bezdomny"), address={
                "city": "Wrocław", "teryt": "0264011", "no_fixed_address": True,
                "meeting_place": "Noclegownia, ul. Bogedaina 5"})
        # Opened by the worker: hers from the start, on her caseload.
        http.get("/api/caseload", params={"after": folder.position}).raise_for_status()

    page = new_tablet()
    sign_in(page)
    open_folder(page, folder.id)
    address = page.get_by_test_id("folder-address")
    expect(address).to_have_attribute("data-no-fixed-address", "true")
    expect(address).to_contain_text("Bez stałego adresu")
    expect(address).to_contain_text("Noclegownia, ul. Bogedaina 5 (Wrocław)")
    shot(page, "homeless-folder")


def test_conducting_the_due_interview_closes_it_and_the_overdue_badge_clears(
    server: Server, client_folder: Client, new_tablet, shot
):
    folder = client_folder.folder
    interview_id = new_id()
    with server.http() as http:
        given.command(http, folder, "/interviews", schedule_interview_body(
            folder.version, interview_id=interview_id,
            trigger_date=TODAY - timedelta(days=28)))
        http.get("/api/caseload", params={"after": folder.position}).raise_for_status()

    page = new_tablet()
    sign_in(page)
    open_folder(page, folder.id)
    expect(page.get_by_test_id("overdue-badge")).to_be_visible()
    shot(page, "interview-overdue-folder")
    page.get_by_test_id("conduct-interview-button").click()
    for key, text in {"A": "Rodzina jednoosobowa.", "H": "Oczekuje pomocy w domu.",
                      "I": "Niesamodzielna.", "J": "Usługi opiekuńcze."}.items():
        page.get_by_test_id(f"interview-section-{key}").fill(text)
    page.get_by_test_id("interview-statement-text").fill("Oświadczam, że dane są prawdziwe.")
    page.get_by_test_id("interview-assets-savings").fill("1 200 zł")
    page.get_by_test_id("interview-assets").evaluate("el => el.scrollIntoView({block: 'end'})")
    shot(page, "interview-statement-and-assets")
    with page.expect_response(is_sync_of("/conducted")) as sent:
        page.get_by_test_id("interview-submit").click()
    _, result = synced(sent.value, "/conducted", 201)
    assert f"/interviews/{interview_id}/conducted" in sent.value.request.post_data

    expect(page.get_by_test_id("folder-view")).to_be_visible()
    expect(page.get_by_test_id("overdue-badge")).to_have_count(0)
    shot(page, "interview-due-conducted")

    view = server_view(server, folder, result["position"])
    assert [i["interview_id"] for i in view["interviews"]] == [interview_id]
    assert view["interviews"][0]["conducted_on"] == TODAY.isoformat()
    assert view["interview"]["overdue"] is False
    assert view["interviews"][0]["statement"]["text"] == "Oświadczam, że dane są prawdziwe."
    assert view["interviews"][0]["assets"]["savings"] == "1 200 zł"
