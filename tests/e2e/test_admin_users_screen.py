"""IT's accounts screen in a real browser against a real API on PostgreSQL: an analyst's
account works at once, a caregiver's waits for a manager of MCUS, a move and a closure take
effect — and closing an account signs the person out."""

from __future__ import annotations

import uuid

import pytest

from services.users.commands import RegisterUser
from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

import httpx
from playwright.sync_api import expect

from services.commands import CommandContext
from tests.e2e.conftest import ARTIFACTS, PASSWORD, Person, Server, sign_in

pytestmark = pytest.mark.postgres

IT = Person("e2e.it", "Igor Informatyk", "admin", "IT")


def _login(server: Server, username: str) -> httpx.Response:
    return httpx.post(f"{server.base_url}/api/auth/login",
                      json={"username": username, "password": PASSWORD})


def _create(page, username: str, name: str, role: str, unit: str) -> None:
    page.get_by_test_id("user-username").fill(username)
    page.get_by_test_id("user-name-input").fill(name)
    page.get_by_test_id("new-user-role").select_option(role)
    page.get_by_test_id("user-unit").fill(unit)
    page.get_by_test_id("user-password").fill(PASSWORD)
    page.get_by_test_id("user-create").click()


def test_it_creates_moves_and_closes_accounts_on_the_tablet(server: Server, new_tablet):
    operator = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                              unit="IT")
    server.system.app.handle(operator, RegisterUser(
        username=IT.username, display_name=IT.display_name, role=IT.role, unit=IT.unit,
        password=PASSWORD))
    page = new_tablet()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, IT)
    expect(page.get_by_test_id("user-list")).to_be_visible()

    _create(page, "e2e.analityk", "Alicja Analityk", "voivodeship_analyst", "WPS-02")
    analyst = page.locator('[data-testid="user-row"][data-username="e2e.analityk"]')
    expect(analyst.get_by_test_id("user-state")).to_have_text("aktywne")
    _create(page, "e2e.nowa.opiekunka", "Olga Opiekunka", "caregiver", "MCUS")
    carer = page.locator('[data-testid="user-row"][data-username="e2e.nowa.opiekunka"]')
    expect(carer.get_by_test_id("user-state")).to_have_text(
        "czeka na potwierdzenie kierownika: opiekun — MCUS")
    expect(carer.get_by_test_id("user-close")).to_have_count(0)
    assert _login(server, "e2e.nowa.opiekunka").status_code == 401
    signed_in = _login(server, "e2e.analityk").json()

    def move_to_it() -> None:
        analyst.get_by_test_id("user-move").click()
        analyst.get_by_test_id("move-role-e2e.analityk").select_option("admin")
        analyst.get_by_test_id("move-unit").fill("IT")
        analyst.get_by_test_id("move-save").click()

    # Her sign-in moved the account's version since the list was read: refused as stale,
    # the list is read again, and the second try names the current version.
    move_to_it()
    expect(page.get_by_test_id("notice")).to_contain_text("zmieniona przez kogoś innego")
    move_to_it()
    expect(analyst).to_contain_text("administrator — IT")
    # Into the ignored artifacts folder, as every browser test's screenshots; the copy in
    # docs/screenshots/admin-users.png is refreshed from there by hand.
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # the sticky top bar where it belongs
    page.screenshot(path=str(ARTIFACTS / "admin-users.png"), full_page=True)

    analyst.get_by_test_id("user-close").click()
    expect(analyst.get_by_test_id("user-state")).to_have_text("zamknięte")
    assert _login(server, "e2e.analityk").status_code == 401
    me = httpx.get(f"{server.base_url}/api/me",
                   headers={"Authorization": f"Bearer {signed_in['access_token']}"})
    assert me.status_code == 401 and me.json()["error"]["code"] == "auth.session_ended"
