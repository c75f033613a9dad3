"""Issue #21 items 5 and 6 on the tablet: the MOPS management signs in and sees the per-team
and the per-district tables (counts only); a team manager opens a worker's folders from the
workload section and reassigns one to another worker of the team."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from domain.user import User
from services.commands import CommandContext
from services.users.commands import RegisterUser
from tests.api import given
from tests.e2e.conftest import ARTIFACTS, PASSWORD, TEAM, Server, sign_in
from tests.e2e.conftest import Person as TabletPerson
from tests.support.builders import address_body, change_address_body, member_body, visit_body

pytestmark = pytest.mark.postgres

MANAGER = TabletPerson("e2e.kierownik.obciazenie", "Olga Obciążenie", "manager", TEAM)
MANAGEMENT = TabletPerson("e2e.zarzad", "Zenon Zarząd", "mops_management", "MOPS")
OTHER_WORKER = TabletPerson("e2e.drugi.pracownik", "Bartosz Drugi", "social_worker", TEAM)
TODAY = date.today()


def _register(server: Server, *people: TabletPerson) -> None:
    for person in people:
        admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1),
                               role="admin", unit="IT")
        server.system.app.handle(admin, RegisterUser(
            username=person.username, display_name=person.display_name, role=person.role,
            unit=person.unit, password=PASSWORD))


@pytest.fixture(scope="module")
def visited(server: Server) -> given.Folder:
    """A folder of the worker's with a visit, and the people of this module."""
    _register(server, MANAGER, MANAGEMENT, OTHER_WORKER)
    with server.http() as http:
        folder = given.open_folder(http, team_id=TEAM,
                                   head=member_body(first_name="Wanda", last_name="Obciążona"))
        given.command(http, folder, "/visits", visit_body(folder.version))
        http.get("/api/caseload", params={"after": folder.position}).raise_for_status()
    return folder


def test_the_management_sees_the_per_team_table(server: Server, new_tablet, visited):
    page = new_tablet()
    sign_in(page, MANAGEMENT)
    row = page.locator(f'[data-testid="mgmt-team"][data-team="{TEAM}"]')
    expect(row).to_be_visible()
    expect(page.get_by_test_id("mgmt-total")).to_be_visible()
    cells = row.locator("td")
    assert int(cells.nth(0).inner_text()) >= 1  # families under social work
    assert int(cells.nth(3).inner_text()) >= 1  # visits
    expect(page.get_by_test_id("management-home")).not_to_contain_text("Obciążona")
    ARTIFACTS.mkdir(exist_ok=True)
    page.get_by_test_id("mgmt-teams").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "management-teams.png"))
    # A chosen period: the week before last has no visit of this module's.
    page.get_by_test_id("mgmt-since").fill((TODAY - timedelta(days=14)).isoformat())
    page.get_by_test_id("mgmt-until").fill((TODAY - timedelta(days=8)).isoformat())
    page.get_by_test_id("mgmt-show").click()
    expect(row.locator("td").nth(3)).to_have_text("0")
    expect(row.locator("td").nth(0)).not_to_have_text("0")  # families are counted now


def test_the_management_sees_each_district_with_the_folders_living_there_now(
    server: Server, new_tablet, shot, visited
):
    # The module's folders: `visited` in Fabryczna (the builders' address, a 45-minute visit),
    # one opened in Krzyki with a 30-minute visit and then moved to Psie Pole, and a homeless
    # person's with only the city's code (no district).
    with server.http() as http:
        moved = given.open_folder(http, team_id=TEAM, address=address_body(
            street="Borowska", postal_code="50-529", teryt="0264039"))
        given.command(http, moved, "/visits", visit_body(moved.version, visit={"minutes": 30}))
        given.command(http, moved, "/address", change_address_body(
            moved.version, address={"street": "Kiełczowska", "postal_code": "51-315",
                                    "teryt": "0264049"}))
        homeless = given.open_folder(http, team_id=TEAM, address={
            "city": "Wrocław", "teryt": "0264011", "no_fixed_address": True,
            "meeting_place": "Noclegownia"})
    # The app reads without `?after=`: wait until the read models have all of it.
    server.system.read_models.unit_figures(TODAY, TODAY, after=homeless.position)

    page = new_tablet()
    sign_in(page, MANAGEMENT)
    table = page.get_by_test_id("mgmt-district-table")
    expect(table).to_be_visible()
    rows = page.get_by_test_id("mgmt-district")
    expect(rows).to_have_count(3)  # Krzyki, left behind, is not listed
    shown = [[c.strip() for c in row.locator("th, td").all_inner_texts()]
             for row in rows.all()]
    #          district, families, visits, minutes, pending, overdue
    assert shown == [["Fabryczna", "1", "1", "45", "0", "0"],
                     ["Psie Pole", "1", "1", "30", "0", "0"],
                     ["Bez dzielnicy w adresie", "1", "0", "0", "0", "0"]]
    total = page.get_by_test_id("mgmt-district-total").locator("th, td").all_inner_texts()
    assert [c.strip() for c in total] == ["Cały MOPS", "3", "2", "75", "0", "0"]
    activity = page.get_by_test_id("mgmt-district-activity")
    expect(activity).to_contain_text("Psie Pole")
    expect(page.get_by_test_id("management-home")).not_to_contain_text("Kiełczowska")
    expect(page.get_by_test_id("management-home")).not_to_contain_text("Noclegownia")
    page.get_by_test_id("mgmt-districts").scroll_into_view_if_needed()
    shot(page, "management-districts")


def test_the_manager_drills_down_to_a_worker_and_reassigns_a_folder(
    server: Server, new_tablet, visited
):
    page = new_tablet()
    sign_in(page, MANAGER)
    worker = page.locator(f'[data-testid="caseload-worker"][data-worker-id="{server.worker_id}"]')
    worker.get_by_test_id("show-worker-folders").click()
    row = page.locator(f'[data-testid="worker-folder"][data-folder-id="{visited.id}"]')
    expect(row).to_contain_text("Wanda Obciążona")
    row.get_by_test_id("reassign-worker").select_option(label=OTHER_WORKER.display_name)
    page.get_by_test_id("workload").scroll_into_view_if_needed()
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "manager-workload.png"))
    with page.expect_response(lambda r: r.url.endswith("/api/sync")) as sync:
        row.get_by_test_id("reassign").click()
    assert sync.value.status == 200
    expect(row).to_have_count(0)  # gone from her list once the projection has it
    other = User.id_for(OTHER_WORKER.username)
    theirs = server.system.read_models.worker_folders(TEAM, other)
    assert visited.id in {str(f["folder_id"]) for f in theirs}
