"""Two people for powerful changes, in a real browser against a real API on PostgreSQL: IT
asks for a social worker and a caregiver's move into the team; the team's manager sees both
waiting on the tablet, confirms one and refuses the other; the person confirmed can sign
in, the refused change never took effect, and both steps are in the manager's history."""

from __future__ import annotations

import uuid

import pytest

from services.users.commands import RegisterUser
from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

import httpx
from playwright.sync_api import expect

from domain.user import User
from services.commands import CommandContext
from tests.e2e.conftest import ARTIFACTS, PASSWORD, TEAM, Person, Server, sign_in

pytestmark = pytest.mark.postgres

MANAGER = Person("e2e.kierownik", "Maria Wiśniewska", "manager", TEAM)
ADMIN = Person("e2e.admin", "Adam Informatyk", "admin", "IT")


def _operator_creates(server: Server, person: Person) -> None:
    operator = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                              unit="IT")
    server.system.app.handle(operator, RegisterUser(
        username=person.username, display_name=person.display_name, role=person.role,
        unit=person.unit, password=PASSWORD))


def _login(server: Server, username: str) -> httpx.Response:
    return httpx.post(f"{server.base_url}/api/auth/login",
                      json={"username": username, "password": PASSWORD})


def test_a_manager_confirms_a_new_social_worker_and_refuses_a_move_on_the_tablet(
        server: Server, new_tablet):
    _operator_creates(server, MANAGER)
    _operator_creates(server, ADMIN)
    _operator_creates(server, Person("e2e.przenoszona", "Ewa Przenoszona", "voivodeship_analyst",
                                     "WPS-02"))
    admin_token = _login(server, ADMIN.username).json()["access_token"]
    with httpx.Client(base_url=server.base_url, timeout=15,
                      headers={"Authorization": f"Bearer {admin_token}"}) as it:
        asked = it.post("/api/admin/users", json={
            "command_id": str(uuid.uuid4()), "username": "e2e.nowa", "role": "social_worker",
            "display_name": "Natalia Nowa", "unit": TEAM, "password": PASSWORD})
        assert asked.status_code == 201, asked.text
        moving = User.id_for("e2e.przenoszona")
        moved = it.post(f"/api/admin/users/{moving}/role", json={
            "command_id": str(uuid.uuid4()), "role": "social_worker", "unit": TEAM,
            "expected_version": server.system.app.user(moving).version})
        assert moved.status_code == 201, moved.text
    assert _login(server, "e2e.nowa").status_code == 401  # not before the manager says so
    # The app reads without `?after=`: wait until the requests' read model has both.
    server.system.read_models.user_requests(TEAM, after=moved.json()["position"])

    page = new_tablet()
    sign_in(page, MANAGER)
    page.get_by_test_id("nav-staff-requests").click()
    waiting = page.get_by_test_id("staff-request")
    expect(waiting).to_have_count(2)
    new_one = page.locator('[data-testid="staff-request"][data-username="e2e.nowa"]')
    expect(new_one).to_contain_text("Natalia Nowa")
    expect(new_one).to_contain_text("Nowe konto założone przez administratora.")
    expect(new_one).to_contain_text("pracownik socjalny")
    mover = page.locator('[data-testid="staff-request"][data-username="e2e.przenoszona"]')
    expect(mover).to_contain_text("Zmiana roli; dotąd: analityk urzędu wojewódzkiego (WPS-02).")
    # Into the ignored artifacts folder, as every browser test's screenshots; the copy in
    # docs/screenshots/manager-confirm-user.png is refreshed from there by hand.
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "manager-confirm-user.png"), full_page=True)

    new_one.get_by_test_id("staff-request-confirm").click()
    expect(waiting).to_have_count(1)
    mover.get_by_test_id("staff-request-reject").click()
    expect(page.get_by_test_id("staff-requests-none")).to_be_visible()
    done = page.get_by_test_id("staff-request-done")
    expect(done.filter(has_text="Natalia Nowa")).to_contain_text("potwierdzono")
    expect(done.filter(has_text="Natalia Nowa")).to_contain_text(
        "Adam Informatyk")  # who asked
    expect(done.filter(has_text="Natalia Nowa")).to_contain_text(
        "Maria Wiśniewska")  # who confirmed
    expect(done.filter(has_text="Ewa Przenoszona")).to_contain_text("odrzucono")

    signed_in = _login(server, "e2e.nowa")
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["user"]["role"] == "social_worker"
    assert _login(server, "e2e.przenoszona").json()["user"]["role"] == "voivodeship_analyst"
    kinds = [type(e).__name__ for e in server.system.app.events.get(User.id_for("e2e.nowa"))]
    assert kinds[:2] == ["UserCreationRequested", "UserCreationConfirmed"]
    confirmed = list(server.system.app.events.get(User.id_for("e2e.nowa")))[1]
    assert confirmed.meta["actor_id"] == str(User.id_for(MANAGER.username))
