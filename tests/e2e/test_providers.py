"""The provider directory in real browsers against a real API on PostgreSQL: IT registers,
amends and deactivates providers on its screen; the decision maker's "Realizator" offers only
the active providers of the proceeding's form; and a coordinator never receives an order for a
provider the directory does not hold (or no longer holds as active)."""

from __future__ import annotations

import uuid

import pytest

from services.users.commands import RegisterUser
from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from services.commands import CommandContext
from services.providers.commands import DeactivateProvider, ReactivateProvider
from tests.e2e import test_care_flow as care_flow
from tests.e2e.conftest import (
    COORDINATOR,
    DECIDER,
    PASSWORD,
    Person,
    Server,
    is_sync_of,
    sign_in,
    synced,
)
from tests.e2e.test_care_flow import (
    CareCase,
    issue_care_decision,
    open_pending,
    scroll_under_top_bar,
)

pytestmark = pytest.mark.postgres

care_case = care_flow.care_case  # a folder with a care services proceeding waiting

IT = Person("e2e.it.providers", "Irena Informatyk", "admin", "IT")


def _it_signs_in(server: Server, new_tablet):
    operator = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                              unit="IT")
    server.system.app.handle(operator, RegisterUser(
        username=IT.username, display_name=IT.display_name, role=IT.role, unit=IT.unit,
        password=PASSWORD))
    page = new_tablet()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, IT)
    expect(page.get_by_test_id("provider-list")).to_be_visible()
    return page


def _register(page, code: str, name: str, services: list[str], capacity: str) -> None:
    page.get_by_test_id("prov-code").fill(code)
    page.get_by_test_id("prov-name").fill(name)
    page.get_by_test_id("prov-address").fill("ul. Ruska 46, 50-079 Wrocław")
    for form in services:
        page.locator(f'[data-testid="prov-service"][value="{form}"]').check()
    page.get_by_test_id("prov-capacity").fill(capacity)
    page.get_by_test_id("provider-register").click()


def _row(page, code: str):
    return page.locator(f'[data-testid="provider-row"][data-provider="{code}"]')


def _choices(page) -> list[str]:
    return page.get_by_test_id("care-provider").locator("option").evaluate_all(
        "options => options.map(o => o.value)")


def test_it_keeps_the_directory_and_the_decision_chooses_only_active_providers_of_its_form(
    server: Server, care_case: CareCase, new_tablet, shot
):
    it = _it_signs_in(server, new_tablet)
    expect(_row(it, "MCUS")).to_contain_text("usługi opiekuńcze")
    _register(it, "FUNDACJA-OPIEKA", "Fundacja Opieki Domowej", ["care_services"], "35")
    fundacja = _row(it, "FUNDACJA-OPIEKA")
    expect(fundacja.get_by_test_id("provider-state")).to_have_text("aktywny")
    expect(fundacja).to_contain_text("miejsc: 35")
    _register(it, "POSILKI-1", "Jadłodajnia Społeczna", ["meal"], "")
    expect(_row(it, "POSILKI-1")).to_be_visible()
    # A bad code is refused by the server, said in Polish, nothing registered.
    _register(it, "zły kod", "Bez kodu", ["meal"], "")
    expect(it.get_by_test_id("provider-new-error")).to_contain_text("Kod realizatora")
    it.get_by_test_id("prov-code").fill("")
    # Amend: more places; deactivate DDP-2.
    fundacja.get_by_test_id("provider-amend").click()
    fundacja.get_by_test_id("edit-capacity").fill("50")
    fundacja.get_by_test_id("provider-save").click()
    expect(_row(it, "FUNDACJA-OPIEKA")).to_contain_text("miejsc: 50")
    _row(it, "DDP-2").get_by_test_id("provider-deactivate").click()
    expect(_row(it, "DDP-2").get_by_test_id("provider-state")).to_contain_text("nieaktywny")
    scroll_under_top_bar(it, "provider-list")
    shot(it, "11-admin-providers")

    decider = new_tablet()
    sign_in(decider, DECIDER)
    open_pending(decider, care_case)
    issue_care_decision(decider)
    # Active providers offering care services only: not DDP-2 (inactive), not the meals.
    expect(decider.get_by_test_id("care-provider").locator(
        'option[value="FUNDACJA-OPIEKA"]')).to_have_count(1)
    assert _choices(decider) == ["FUNDACJA-OPIEKA", "MCUS"]
    decider.get_by_test_id("care-provider").select_option("FUNDACJA-OPIEKA")
    scroll_under_top_bar(decider, "care-place")
    shot(decider, "12-decision-provider-choice")
    with decider.expect_response(is_sync_of("/decision")) as sent:
        decider.get_by_test_id("decision-submit").click()
    decision, _ = synced(sent.value, f"/proceedings/{care_case.proceeding_id}/decision", 201)
    assert decision["care"]["provider_id"] == "FUNDACJA-OPIEKA"


def test_a_coordinator_never_receives_an_order_for_a_provider_deactivated_meanwhile(
    server: Server, care_case: CareCase, new_tablet
):
    coordinator = new_tablet()
    sign_in(coordinator, COORDINATOR)
    expect(coordinator.get_by_test_id("stream-status")).to_have_attribute("data-state", "live")

    decider = new_tablet()
    sign_in(decider, DECIDER)
    open_pending(decider, care_case)
    issue_care_decision(decider)
    decider.get_by_test_id("care-provider").select_option("MCUS")
    # While the form is open, IT takes MCUS out of the directory (over HTTP, as another tablet).
    with server.http(DECIDER) as http:
        mcus = next(p for p in http.get("/api/providers").json() if p["provider_id"] == "MCUS")
    def admin() -> CommandContext:
        return CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1),
                              role="admin", unit="IT")

    server.system.app.handle(admin(), DeactivateProvider(provider_id="MCUS",
                                                       expected_version=mcus["version"]))
    try:
        with decider.expect_response(is_sync_of("/decision")) as sent:
            decider.get_by_test_id("decision-submit").click()
        _, refused = synced(sent.value, f"/proceedings/{care_case.proceeding_id}/decision", 422)
        assert refused["error"]["code"] == "provider.inactive"
        assert refused["error"]["details"]["provider_id"] == "MCUS"
        # Nothing reached MCUS: its open queue and the server's hold no order for the folder.
        with server.http(COORDINATOR) as http:
            queue = http.get("/api/handoff/queue").json()
        assert [o for o in queue if o["folder_id"] == care_case.client.folder.id] == []
        expect(coordinator.locator('[data-testid="order-row"]',
                                   has_text=care_case.client.head_name)).to_have_count(0)
    finally:
        server.system.app.handle(admin(), ReactivateProvider(
            provider_id="MCUS", expected_version=mcus["version"] + 1))
