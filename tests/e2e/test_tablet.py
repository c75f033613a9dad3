"""The tablet app in a real browser against a real API on PostgreSQL: what a social worker sees,
and what the server recorded, when she works without signal and when two tablets collide."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import Page, Response, expect

from tests.api import given
from tests.e2e.conftest import Client, Server, is_sync_of, sign_in, synced
from tests.support.builders import visit_body

pytestmark = pytest.mark.postgres


# --- what a person does -------------------------------------------------------------------


def caseload_row(page: Page, client: Client) -> Any:
    return page.locator(f'[data-testid="caseload-row"][data-folder-id="{client.folder.id}"]')


def open_client(page: Page, client: Client) -> None:
    """From the caseload, open the client's folder."""
    row = caseload_row(page, client)
    expect(row).to_contain_text(client.head_name)
    row.click()
    expect(page.get_by_test_id("folder-view")).to_have_attribute("data-folder-id", client.folder.id)
    expect(page.get_by_test_id("folder-address")).to_contain_text("Legnicka 12/3")


def record_visit(page: Page, notes: str, minutes: int = 45) -> None:
    page.get_by_test_id("record-visit-button").click()
    page.get_by_test_id("visit-minutes").fill(str(minutes))
    page.get_by_test_id("visit-activity").select_option("home_visit")
    page.get_by_test_id("visit-place").fill("mieszkanie klientki")
    page.get_by_test_id("visit-notes").fill(notes)
    page.get_by_test_id("visit-submit").click()
    expect(page.get_by_test_id("folder-view")).to_be_visible()


def pending_item(page: Page, notes: str) -> Any:
    return page.locator('[data-testid="timeline-item"][data-status]', has_text=notes)


def is_visit_post(folder_id: str) -> Any:
    """The outbox's POST /api/sync that carries a visit on the folder."""
    return is_sync_of(f"/api/folders/{folder_id}/visits")


def synced_visit(response: Response, status: int) -> tuple[dict, dict]:
    """The visit command of a sync request (as the server ran it) and its answer's body."""
    return synced(response, "/visits", status)


# --- what the server recorded -------------------------------------------------------------


def server_visits(server: Server, client: Client, after: int) -> list[dict]:
    with server.http() as http:
        answer = http.get(client.folder.path, params={"after": after})
    assert answer.status_code == 200, answer.text
    return [item for item in answer.json()["timeline"] if item["kind"] == "visit"]


# --- the tests ----------------------------------------------------------------------------


def test_a_visit_recorded_offline_is_sent_once_when_the_tablet_is_back_online(
    server: Server, client_folder: Client, new_tablet, shot
):
    page = new_tablet()
    page.goto("/")
    expect(page.get_by_test_id("login-form")).to_be_visible()
    shot(page, "01-login")
    sign_in(page)
    expect(page.get_by_test_id("caseload-list")).to_be_visible()
    expect(page.get_by_test_id("online-status")).to_have_attribute("data-state", "online")
    shot(page, "02-caseload")
    open_client(page, client_folder)

    page.context.set_offline(True)
    expect(page.get_by_test_id("online-status")).to_have_attribute("data-state", "offline")
    notes = "Bez zasięgu. Klientka prosi o pomoc w zakupach; lodówka pusta."
    record_visit(page, notes)

    # Seen at once, marked as waiting to be sent.
    waiting = pending_item(page, notes)
    expect(waiting).to_have_count(1)
    expect(waiting).to_have_attribute("data-status", re.compile("^(pending|sending)$"))
    expect(waiting.get_by_test_id("pending-badge")).to_have_text("oczekuje na wysłanie")
    expect(page.get_by_test_id("outbox-count")).to_be_visible()
    # the outbox's notice tells the truth: saved here, sent when there is signal
    notice = page.get_by_test_id("outbox-notice")
    expect(notice).to_have_attribute("data-state", "waiting")
    expect(notice).to_contain_text("Zostanie wysłane, gdy będzie połączenie")
    page.get_by_test_id("timeline").scroll_into_view_if_needed()
    shot(page, "03-client-view-pending-visit")

    with page.expect_response(is_visit_post(client_folder.folder.id)) as sent:
        page.context.set_offline(False)
    request, answer = synced_visit(sent.value, 201)
    visit_id = request["visit"]["visit_id"]

    # The outbox drains: no waiting line, no count in the top bar.
    expect(page.get_by_test_id("online-status")).to_have_attribute("data-state", "online")
    expect(page.locator('[data-testid="timeline-item"][data-status]')).to_have_count(0)
    expect(page.get_by_test_id("outbox-count")).to_have_count(0)
    expect(page.get_by_test_id("pending-badge")).to_have_count(0)
    # ... and the notice is gone once it is sent (it does not stay behind)
    expect(page.get_by_test_id("outbox-notice")).to_have_count(0)

    visits = server_visits(server, client_folder, answer["position"])
    assert [v["details"]["visit_id"] for v in visits] == [visit_id]
    assert visits[0]["details"]["notes"] == notes
    assert visits[0]["details"]["minutes"] == 45
    assert answer["version"] == client_folder.folder.version + 1


def test_a_stale_tablet_sees_the_conflict_and_applies_its_visit_on_top(
    server: Server, client_folder: Client, new_tablet, shot
):
    tablet_a, tablet_b = new_tablet(), new_tablet()
    for tablet in (tablet_a, tablet_b):
        sign_in(tablet)
        open_client(tablet, client_folder)
    seen_version = client_folder.folder.version

    # Tablet B loses signal, then tablet A's visit goes through.
    tablet_b.context.set_offline(True)
    notes_a = "Tablet A: rozmowa z córką o opiece na weekendy."
    with tablet_a.expect_response(is_visit_post(client_folder.folder.id)) as sent_a:
        record_visit(tablet_a, notes_a)
    assert synced_visit(sent_a.value, 201)[1]["version"] == seen_version + 1
    expect(tablet_a.get_by_test_id("pending-badge")).to_have_count(0)

    # Tablet B records its own visit on the version it saw, and comes back online: 409.
    notes_b = "Tablet B: klientka zgłasza ból kolana, umówiona wizyta u lekarza."
    record_visit(tablet_b, notes_b, minutes=30)
    expect(pending_item(tablet_b, notes_b).get_by_test_id("pending-badge")).to_be_visible()
    with tablet_b.expect_response(is_visit_post(client_folder.folder.id)) as refused:
        tablet_b.context.set_offline(False)
    stale, refusal = synced_visit(refused.value, 409)
    assert stale["expected_version"] == seen_version
    assert refusal["error"]["code"] == "version.stale"

    conflicted = pending_item(tablet_b, notes_b)
    expect(conflicted).to_have_attribute("data-status", "conflict")
    expect(conflicted.get_by_test_id("conflict-badge")).to_be_visible()
    conflicted.get_by_test_id("conflict-resolve").click()

    panel = tablet_b.get_by_test_id("conflict-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("conflict-mine")).to_contain_text(notes_b)
    expect(panel.get_by_test_id("conflict-server-version")).to_contain_text(str(seen_version + 1))
    expect(panel.get_by_test_id("conflict-theirs")).to_contain_text("Wizyta")
    # The "saved on the tablet, it will be sent" notice of the refused visit is gone.
    expect(tablet_b.get_by_test_id("notice")).to_be_empty()
    shot(tablet_b, "04-conflict-panel")

    with tablet_b.expect_response(is_visit_post(client_folder.folder.id)) as sent_b:
        panel.get_by_test_id("conflict-apply").click()
    resent, resent_answer = synced_visit(sent_b.value, 201)
    assert resent["expected_version"] == seen_version + 1
    assert resent["command_id"] != stale["command_id"]

    expect(tablet_b.get_by_test_id("folder-view")).to_be_visible()
    expect(tablet_b.locator('[data-testid="timeline-item"][data-status]')).to_have_count(0)
    visits = server_visits(server, client_folder, resent_answer["position"])
    assert sorted(v["details"]["notes"] for v in visits) == sorted([notes_a, notes_b])


def test_the_app_shell_opens_without_signal_after_a_first_visit(
    server: Server, client_folder: Client, new_tablet
):
    page = new_tablet()
    sign_in(page)
    expect(caseload_row(page, client_folder)).to_contain_text(client_folder.head_name)
    # The service worker is active once it has precached the shell (it does not claim this
    # first page; the next navigation goes through it).
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => r.active !== null)")

    page.context.set_offline(True)
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null"), "not served by the SW"
    assert page.evaluate("fetch('/api/health').then(() => 'reached', () => 'no network')") \
        == "no network"

    expect(page.get_by_test_id("online-status")).to_have_attribute("data-state", "offline")
    expect(caseload_row(page, client_folder)).to_contain_text(client_folder.head_name)



def test_a_visit_on_the_server_shows_its_notes_in_the_timeline(
    server: Server, client_folder: Client, new_tablet
):
    body = visit_body(client_folder.folder.version)
    with server.http() as http:
        given.command(http, client_folder.folder, "/visits", body)
        given.view(http, client_folder.folder)
    page = new_tablet()
    sign_in(page)
    open_client(page, client_folder)

    expect(page.get_by_test_id("timeline")).to_contain_text(body["visit"]["notes"], timeout=3000)


def test_interview_text_survives_going_back_and_the_folder_names_its_worker(
    server: Server, client_folder: Client, new_tablet, shot
):
    page = new_tablet()
    sign_in(page)
    open_client(page, client_folder)
    # the social worker by name, never her id
    expect(page.get_by_test_id("folder-worker")).to_have_text("Anna Nowak")
    page.get_by_test_id("folder-worker").scroll_into_view_if_needed()
    shot(page, "i17-folder-worker-name")

    page.get_by_test_id("conduct-interview-button").click()
    typed = "Klientka mieszka sama na III piętrze bez windy; syn odwiedza raz w tygodniu."
    page.get_by_test_id("interview-section-A").fill(typed)
    page.get_by_test_id("interview-section-H").fill("pomoc w zakupach")
    expect(page.get_by_test_id("draft-note")).to_be_visible()
    page.get_by_text("← Wróć").click()
    expect(page.get_by_test_id("folder-view")).to_be_visible()

    page.get_by_test_id("conduct-interview-button").click()
    expect(page.get_by_test_id("interview-section-A")).to_have_value(typed)
    expect(page.get_by_test_id("interview-section-H")).to_have_value("pomoc w zakupach")
    expect(page.get_by_test_id("draft-note")).to_have_attribute("data-restored", "true")
    shot(page, "i17-interview-draft-restored")

    # a reload (the app closed and opened again) loses nothing either
    page.reload()
    expect(page.get_by_test_id("interview-section-A")).to_have_value(typed)

    page.get_by_test_id("draft-discard").click()
    expect(page.get_by_test_id("interview-section-A")).to_have_value("")
    expect(page.get_by_test_id("draft-note")).to_have_count(0)


def test_the_timeline_names_whom_the_folder_was_assigned_to(
    server: Server, assigned_folder: Client, new_tablet, shot
):
    page = new_tablet()
    sign_in(page)
    open_client(page, assigned_folder)
    timeline = page.get_by_test_id("timeline")
    # the assignment by the worker's name (the staff directory's), never her id
    expect(timeline).to_contain_text("Przydzielenie pracownikowi")
    expect(timeline).to_contain_text("Pracownik: Anna Nowak")
    expect(timeline).not_to_contain_text(str(server.worker_id))
    timeline.scroll_into_view_if_needed()
    shot(page, "i17-timeline-worker-name")
