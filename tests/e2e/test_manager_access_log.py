"""A manager on the tablet reads the access log (issue #21): in Warsaw time, in Polish, one
line with ×10 for ten reads of a folder in a row, the client named; the manager's own reading
of the log is logged too, and listed only when asked for; and, for a data subject's request,
finds the person and sees every read of their data, by anyone of any unit."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from domain.access import AccessRecord
from services.users.commands import RegisterUser
from tests.support.pdf import pdf_text
from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from services.commands import CommandContext
from tests.e2e.conftest import COORDINATOR, PASSWORD, TEAM, VIEWPORT, Client, Server, sign_in
from tests.e2e.conftest import Person as TabletPerson

pytestmark = pytest.mark.postgres

MANAGER = TabletPerson("e2e.kierowniczka", "Maria Wiśniewska", "manager", TEAM)
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture(scope="module")
def manager(server: Server) -> TabletPerson:
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    server.system.app.handle(admin, RegisterUser(
        username=MANAGER.username, display_name=MANAGER.display_name, role=MANAGER.role,
        unit=MANAGER.unit, password=PASSWORD))
    return MANAGER


def _settled(server: Server) -> None:
    server.system.read_models.access_entries(after=server.system.app.head_position())


def test_the_manager_sees_reads_of_the_log_itself_only_when_asked(
    server: Server, manager: TabletPerson, client_folder: Client, new_tablet
):
    with server.http() as http:  # the worker opens the client's folder
        http.get(client_folder.folder.path,
                 params={"after": client_folder.folder.position}).raise_for_status()
    _settled(server)

    page = new_tablet()
    sign_in(page, manager)
    log = page.get_by_test_id("access-log")
    expect(log.locator('[data-testid="access-row"][data-view="client_view"]')).not_to_have_count(0)
    expect(log.locator('[data-testid="access-row"][data-view="access_log"]')).to_have_count(0)

    # That reading is in the log now; asked for, it is listed, as the manager's own.
    _settled(server)
    page.get_by_test_id("access-include-log-reads").check()
    own = log.locator('[data-testid="access-row"][data-view="access_log"]')
    expect(own.first).to_contain_text(manager.display_name)
    expect(own.first).to_contain_text("kontrola rejestru")  # the purpose, in Polish


def test_ten_reloads_of_a_folder_are_one_line_with_x10_naming_the_client(
    server: Server, manager: TabletPerson, client_folder: Client, new_tablet
):
    with server.http() as http:  # the worker's screen, reloaded ten times
        for _ in range(10):
            http.get(client_folder.folder.path,
                     params={"after": client_folder.folder.position}).raise_for_status()
    _settled(server)

    page = new_tablet()
    sign_in(page, manager)
    log = page.get_by_test_id("access-log")
    line = log.locator(f'[data-testid="access-row"][data-view="client_view"]'
                       f'[data-folder-id="{client_folder.folder.id}"]')
    expect(line).to_have_count(1)
    expect(line).to_contain_text(client_folder.head_name)
    expect(line).to_have_attribute("data-count", "10")
    expect(line.get_by_test_id("access-count")).to_have_text("×10")
    expect(line).to_contain_text("teczka klienta")  # the view, in Polish
    expect(line).to_contain_text("praca socjalna")  # the purpose, in Polish
    expect(line).to_contain_text("Anna Nowak")

    # The client's name filters the log to that folder.
    line.get_by_test_id("access-folder").click()
    expect(page.get_by_test_id("access-clear-folder")).to_be_visible()
    expect(log.locator(f'[data-testid="access-row"]'
                       f':not([data-folder-id="{client_folder.folder.id}"])')).to_have_count(0)
    expect(log.locator('[data-testid="access-row"][data-view="client_view"]')).to_have_count(1)

    # The letter to that person (art. 15) lists the reads made a moment ago, without names.
    with page.expect_download() as download:
        page.get_by_test_id("access-letter").click()
    letter = pdf_text(Path(download.value.path()).read_bytes())
    assert datetime.now(WARSAW).strftime("%d.%m.%Y") in letter
    assert "praca socjalna" in letter and "pracownik socjalny" in letter
    assert client_folder.head_name in letter and "Anna Nowak" not in letter

    ARTIFACTS.mkdir(exist_ok=True)
    page.get_by_test_id("access-clear-folder").click()
    log.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "manager-access-log.png"))


def test_an_access_at_noon_in_warsaw_reads_12_00_even_on_a_tablet_set_to_utc(
    server: Server, manager: TabletPerson, client_folder: Client, browser
):
    # Yesterday's noon: today's may not have come yet when the test runs.
    yesterday = date.today() - timedelta(days=1)
    noon = datetime.combine(yesterday, time(12, 0), WARSAW).astimezone(UTC)
    worker = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(server.worker_id),
                            role="social_worker", unit=TEAM)
    record = AccessRecord.record(
        viewer_id=uuid.UUID(server.worker_id), viewer_role="social_worker", viewer_unit=TEAM,
        folder_id=uuid.UUID(client_folder.folder.id), person_id=None, view="client_view",
        purpose="case_work", viewed_at=noon)
    server.system.app.save_stamped_each([(worker, record.collect_events())])
    _settled(server)

    # The office's time is Warsaw's whatever zone the device is set to.
    context = browser.new_context(base_url=server.base_url, viewport=VIEWPORT, locale="pl-PL",
                                  timezone_id="UTC")
    try:
        page = context.new_page()
        sign_in(page, manager)
        log = page.get_by_test_id("access-log")
        line = log.locator(f'[data-testid="access-row"][data-view="client_view"]'
                           f'[data-folder-id="{client_folder.folder.id}"]')
        expect(line.get_by_test_id("access-time")).to_contain_text("12:00")
    finally:
        context.close()


def test_who_viewed_a_persons_data_found_by_name_with_reads_of_every_unit(
    server: Server, manager: TabletPerson, client_folder: Client, new_tablet
):
    folder_id = client_folder.folder.id
    with server.http() as http:  # the worker reads the folder twice in a row
        for _ in range(2):
            http.get(client_folder.folder.path,
                     params={"after": client_folder.folder.position}).raise_for_status()
    # ... and MCUS's coordinator read it through a care order (another unit's read).
    coordinator = CommandContext(command_id=uuid.uuid4(),
                                 actor_id=uuid.UUID(server.ids[COORDINATOR.username]),
                                 role=COORDINATOR.role, unit=COORDINATOR.unit)
    record = AccessRecord.record(
        viewer_id=coordinator.actor_id, viewer_role=COORDINATOR.role,
        viewer_unit=COORDINATOR.unit, folder_id=uuid.UUID(folder_id), person_id=None,
        view="service_order", purpose="care_coordination", viewed_at=datetime.now(UTC))
    server.system.app.save_stamped_each([(coordinator, record.collect_events())])
    _settled(server)

    page = new_tablet()
    sign_in(page, manager)
    page.get_by_test_id("nav-who-viewed").click()
    page.get_by_test_id("who-search").fill("K")
    page.get_by_test_id("who-search-submit").click()
    expect(page.get_by_role("alert")).to_contain_text("co najmniej 2 znaki")
    expect(page.get_by_test_id("who-hits")).to_have_count(0)

    last_name = client_folder.head_name.split()[-1]
    page.get_by_test_id("who-search").fill(last_name)
    page.get_by_test_id("who-search-submit").click()
    page.locator(f'[data-testid="who-hit"][data-folder-id="{folder_id}"]').click()
    report = page.get_by_test_id("who-report")
    expect(report).to_contain_text(client_folder.head_name)
    theirs = report.locator('[data-testid="who-row"][data-unit="MCUS"]')
    expect(theirs).to_have_count(1)
    expect(theirs).to_contain_text(COORDINATOR.display_name)
    expect(theirs).to_contain_text("koordynacja usług")
    expect(theirs).to_contain_text("zlecenie usług")
    ours = report.locator(f'[data-testid="who-row"][data-unit="{TEAM}"][data-view="client_view"]')
    expect(ours).to_have_count(1)
    expect(ours).to_have_attribute("data-count", "2")
    expect(ours).to_contain_text("Anna Nowak")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "manager-who-viewed.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_test_id("who-letter").click()
    letter = pdf_text(Path(download.value.path()).read_bytes())
    assert "MCUS" in letter and "koordynacja usług" in letter
    assert COORDINATOR.display_name not in letter  # roles and units, not the staff's names

    # The search and the report are themselves reads of her data, in the log.
    _settled(server)
    entries = server.system.read_models.access_entries(
        after=server.system.app.head_position(), folder_id=uuid.UUID(folder_id))
    views = {(e["view"], str(e["viewer_id"])) for e in entries}
    manager_id = next(str(e["viewer_id"]) for e in entries if e["viewer_role"] == "manager")
    assert {("search", manager_id), ("access_report", manager_id)} <= views
