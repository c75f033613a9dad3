"""A manager on the tablet reads the access log: a worker's read of a client view is there;
the manager's own reading of the log is logged too, and listed only when asked for."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from services.users.commands import RegisterUser
from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from services.commands import CommandContext
from tests.e2e.conftest import PASSWORD, TEAM, Client, Server, sign_in
from tests.e2e.conftest import Person as TabletPerson

pytestmark = pytest.mark.postgres

MANAGER = TabletPerson("e2e.kierowniczka", "Maria Wiśniewska", "manager", TEAM)
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def test_the_manager_sees_reads_of_the_log_itself_only_when_asked(
    server: Server, client_folder: Client, new_tablet
):
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    server.system.app.handle(admin, RegisterUser(
        username=MANAGER.username, display_name=MANAGER.display_name, role=MANAGER.role,
        unit=MANAGER.unit, password=PASSWORD))
    with server.http() as http:  # the worker opens the client's folder
        http.get(client_folder.folder.path,
                 params={"after": client_folder.folder.position}).raise_for_status()
    server.system.read_models.access_entries(after=server.system.app.head_position())

    page = new_tablet()
    sign_in(page, MANAGER)
    log = page.get_by_test_id("access-log")
    expect(log.locator('[data-testid="access-row"][data-view="client_view"]')).not_to_have_count(0)
    expect(log.locator('[data-testid="access-row"][data-view="access_log"]')).to_have_count(0)

    # That reading is in the log now; asked for, it is listed, as the manager's own.
    server.system.read_models.access_entries(after=server.system.app.head_position())
    page.get_by_test_id("access-include-log-reads").check()
    own = log.locator('[data-testid="access-row"][data-view="access_log"]')
    expect(own.first).to_contain_text(MANAGER.display_name)
    expect(own.first).to_contain_text("audit")

    ARTIFACTS.mkdir(exist_ok=True)
    log.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "manager-access-log.png"))
