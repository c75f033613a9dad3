"""Issue #20 in real browsers against a real API on PostgreSQL: the worker changes the
household's address on her tablet and the coordinator's open order screen shows it, with
what changed since she last looked, without a reload; she acknowledges it. An order beyond
the provider's places shows its waiting position and expected start, and the demand."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from domain.provider import Provider, provider_key
from services.commands import CommandContext
from services.providers.commands import SetCapacity
from services.users.commands import RegisterUser
from tests.api import given
from tests.e2e.conftest import (
    COORDINATOR,
    DECIDER,
    PASSWORD,
    TEAM,
    Client,
    Person,
    Server,
    is_sync_of,
    sign_in,
    synced,
)
from tests.e2e.test_care_flow import (  # noqa: F401 (fixtures)
    CASE_NUMBERS,
    CareCase,
    care_case,
    care_terms,
    order_row,
    placed_order,
    post,
    scroll_under_top_bar,
)
from tests.support.builders import interview_body, member_body, new_id

pytestmark = pytest.mark.postgres

MANAGER = Person("e2e.kierownik.miejsca", "Maria Miejsca", "manager", TEAM)

NEW_HEALTH = "Po pobycie w szpitalu: insulina rano i wieczorem."


def register(server: Server, person: Person) -> None:
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    server.system.app.handle(admin, RegisterUser(
        username=person.username, display_name=person.display_name, role=person.role,
        unit=person.unit, password=PASSWORD))


def set_places(server: Server, places: int) -> None:
    """The admin sets MCUS's places for care services (through the app, as the CLI would)."""
    app = server.system.app
    provider = app.repository.get(provider_key("MCUS"))
    assert isinstance(provider, Provider)
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    app.handle(admin, SetCapacity(provider_id="MCUS", expected_version=provider.version,
                                  form="care_services", places=places))


def another_care_case(server: Server) -> CareCase:
    """Another household's folder with an interview and a care application (over HTTP)."""
    with server.http() as worker:
        folder = given.open_folder(worker, team_id=TEAM, head=member_body(
            first_name="Teresa", last_name="Kolejna"))
        given.command(worker, folder, f"/interviews/{new_id()}/conducted",
                      interview_body(folder.version))
        proceeding_id = new_id()
        filed = post(worker, f"{folder.path}/proceedings", {
            "proceeding_id": proceeding_id, "person_id": folder.head_id, "form": "care_services",
            "applicant": "person", "on": date.today().isoformat(),
            "case_reference": f"ZTPS1.8210.{next(CASE_NUMBERS)}.{date.today().year}"})
    return CareCase(Client(folder, "Teresa Kolejna"), proceeding_id, filed["version"])


def grant(server: Server, case: CareCase) -> dict:
    with server.http(DECIDER) as decider:
        return post(decider, f"/api/proceedings/{case.proceeding_id}/decision", {
            "expected_version": case.proceeding_version, "decision_id": new_id(),
            "outcome": "grant", "reasons": ["5"], "legal_basis": "art. 50 ust. 1",
            "signatory": "z up. Prezydenta Wrocławia, Jan Decyzja",
            "issued_on": date.today().isoformat(), "care": care_terms(date.today())})


def test_the_workers_new_address_reaches_the_coordinators_open_order_without_reload(
    server: Server, placed_order: CareCase, new_tablet, shot  # noqa: F811 (a fixture)
):
    coordinator = new_tablet()
    sign_in(coordinator, COORDINATOR)
    order_row(coordinator, placed_order).click()
    view = coordinator.get_by_test_id("order-view")
    expect(view.get_by_test_id("order-address")).to_contain_text("Legnicka 12/3")
    expect(view.get_by_test_id("folder-changes")).to_have_count(0)
    coordinator.evaluate("window.__loadedOnce = true")  # a reload would lose this

    worker = new_tablet()
    sign_in(worker)
    worker.goto(f"/#/folder/{placed_order.client.folder.id}")
    worker.get_by_test_id("address-change").locator("summary").click()
    for field, value in (("street", "Kasprowicza"), ("building", "7"), ("flat", ""),
                         ("postal_code", "51-137"), ("teryt", "0264049")):
        worker.get_by_test_id(f"move-{field}").fill(value)
    shot(worker, "tablet-worker-address-change")
    with worker.expect_response(is_sync_of("/address")) as sent:
        worker.get_by_test_id("address-submit").click()
    synced(sent.value, f"/folders/{placed_order.client.folder.id}/address", 201)

    # The coordinator's open screen follows: the address and what changed, no reload.
    expect(view.get_by_test_id("order-address")).to_have_text("Kasprowicza 7, 51-137 Wrocław")
    change = view.locator('[data-testid="folder-change"][data-kind="address"]')
    expect(change).to_contain_text("Nowy adres: Kasprowicza 7, 51-137 Wrocław")
    expect(change).to_contain_text("poprzednio: Legnicka 12/3, 54-203 Wrocław")
    assert coordinator.evaluate("window.__loadedOnce === true"), "the page was reloaded"
    view.get_by_test_id("folder-changes").scroll_into_view_if_needed()
    shot(coordinator, "tablet-coordinator-folder-changed")

    with coordinator.expect_response(is_sync_of("/folder-changes-seen")) as sent:
        view.get_by_test_id("folder-changes-seen").click()
    synced(sent.value, f"/orders/{placed_order.order_id}/folder-changes-seen", 201)
    expect(view.get_by_test_id("folder-changes")).to_have_count(0)
    expect(view.get_by_test_id("order-address")).to_have_text("Kasprowicza 7, 51-137 Wrocław")

    # New health notes from the worker reach the same open screen.
    worker.get_by_test_id("care-notes").locator("summary").click()
    worker.get_by_test_id("care-notes-health").fill(NEW_HEALTH)
    worker.get_by_test_id("care-notes-access").fill("Klucz u sąsiadki spod 4.")
    with worker.expect_response(is_sync_of("/care-notes")) as sent:
        worker.get_by_test_id("care-notes-submit").click()
    synced(sent.value, f"/folders/{placed_order.client.folder.id}/care-notes", 201)
    expect(view.get_by_test_id("order-health")).to_have_text(NEW_HEALTH)
    expect(view.locator('[data-testid="folder-change"][data-kind="care_notes"]')).to_have_count(1)
    assert coordinator.evaluate("window.__loadedOnce === true"), "the page was reloaded"


def test_an_order_beyond_the_places_shows_its_waiting_position_and_the_demand(
    server: Server, care_case: CareCase, new_tablet, shot  # noqa: F811 (a fixture)
):
    set_places(server, 1)
    # Another household's order takes the place; this one waits.
    grant(server, another_care_case(server))
    decided = grant(server, care_case)
    with server.http(COORDINATOR) as http:
        queue = http.get("/api/handoff/queue", params={"after": decided["position"]}).json()
    waiting = next(o for o in queue if o["folder_id"] == care_case.client.folder.id)
    assert (waiting["status"], waiting["waiting_position"]) == ("waiting", 1)

    coordinator = new_tablet()
    sign_in(coordinator, COORDINATOR)
    row = order_row(coordinator, care_case)
    expect(row).to_have_attribute("data-status", "waiting")
    expect(row.get_by_test_id("waiting-badge")).to_have_text("kolejka: 1")
    services = coordinator.locator('[data-testid="demand-service"][data-form="care_services"]')
    expect(services.get_by_test_id("demand-places")).to_have_text("1")
    expect(services.get_by_test_id("demand-waiting")).to_have_text("1")
    scroll_under_top_bar(coordinator, "demand")
    shot(coordinator, "tablet-coordinator-demand")

    row.click()
    note = coordinator.get_by_test_id("order-waiting")
    expect(note).to_have_attribute("data-position", "1")
    expected = date.today() + timedelta(days=91)  # the holder's 90-day period, then a day
    assert waiting["expected_start"] == expected.isoformat()
    start = note.get_by_test_id("order-expected-start")
    expect(start).to_have_attribute("data-date", expected.isoformat())
    expect(start).to_contain_text(str(expected.year))
    expect(coordinator.get_by_test_id("order-accept")).to_have_count(0)
    shot(coordinator, "tablet-coordinator-waiting-order")

    # A team manager sees the same demand against capacity, every provider's, counts only.
    register(server, MANAGER)
    manager = new_tablet()
    sign_in(manager, MANAGER)
    demand = manager.get_by_test_id("demand")
    row = demand.locator('[data-testid="demand-service"][data-provider="MCUS"]'
                         '[data-form="care_services"]')
    expect(row.get_by_test_id("demand-waiting")).to_have_text("1")
    expect(row.get_by_test_id("demand-places")).to_have_text("1")
    # The manager's screen is long and still filling: the section alone, cut from the whole
    # page (where the sticky top bar stays at the top and covers none of it).
    top = demand.evaluate("e => e.getBoundingClientRect().top + window.scrollY")
    box = demand.bounding_box()
    assert box is not None
    manager.screenshot(path=str(shot(manager, "manager-demand-capacity")), full_page=True,
                       clip={"x": box["x"], "y": top, "width": box["width"],
                             "height": box["height"]})
