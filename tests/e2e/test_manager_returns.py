"""A manager on the tablet, in a real browser against a real API on PostgreSQL: the MRPiPS-03
return of a municipality with known decisions, laid out like the form; compiled, submitted
and verified from the tablet; the server holds the submitted figures exactly once."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from services.users.commands import RegisterUser
from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

import httpx
from playwright.sync_api import Page, expect

from domain.mrpips03 import DECISION_FORMS, REASON_CODES, ReturnPeriod, content_hash
from domain.social_work import Visit
from domain.statistical_return import return_id_for
from services.casework.commands import RecordVisit
from services.commands import CommandContext
from tests.e2e.conftest import PASSWORD, TEAM, Server
from tests.support.municipality import Household, build_municipality, ctx, expected_h1_2026

pytestmark = pytest.mark.postgres

MANAGER = "e2e.manager"
H1_2026 = ReturnPeriod(2026, "H1")
YEAR_2025 = ReturnPeriod(2025, "Y")


@pytest.fixture(scope="module")
def municipality(server: Server) -> dict[str, Any]:
    """The known municipality, a manager of its team, and the figures counted by hand."""
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    server.system.app.handle(admin, RegisterUser(
        username=MANAGER, display_name="Maria Wiśniewska", role="manager", unit=TEAM,
        password=PASSWORD))
    town = build_municipality(server.system.app)
    # The app reads without `?after=`: wait until the returns projection has every event,
    # and check the live figures are those counted by hand before any browser is involved.
    live = server.system.returns.live(H1_2026, after=server.system.app.head_position())
    expected = expected_h1_2026(DECISION_FORMS, REASON_CODES)
    assert live.figures == expected
    return {"figures": expected, "hash": content_hash(expected), "town": town}


def sign_in_as_manager(page: Page) -> None:
    page.goto("/")
    page.get_by_test_id("login-username").fill(MANAGER)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("user-name")).to_have_text("Maria Wiśniewska")


def open_returns(page: Page, year: str, part: str) -> None:
    page.get_by_test_id("nav-returns").click()
    page.get_by_test_id("return-year").select_option(year)
    page.get_by_test_id("return-part").select_option(part)
    screen = page.get_by_test_id("returns-screen")
    expect(screen).to_have_attribute("data-year", year)
    expect(screen).to_have_attribute("data-part", part)


def benefit_row(page: Page, form: str, task: str) -> Any:
    return page.locator(f'[data-testid="benefit-row"][data-form="{form}"][data-task="{task}"]')


def test_a_manager_compiles_submits_and_verifies_the_half_year_return(
    server: Server, municipality: dict[str, Any], new_tablet, tmp_path: Path
):
    page = new_tablet()
    sign_in_as_manager(page)
    open_returns(page, "2026", "H1")

    # The figures now, laid out like the form: the periodic allowance counted by hand.
    periodic = benefit_row(page, "periodic_allowance", "own")
    expect(periodic.locator("th")).to_have_text("Zasiłek okresowy")
    expect(periodic.locator("td")).to_have_text(["zadania własne", "1", "3", "1500.00", "1", "3"])
    expect(benefit_row(page, "care_services", "own").locator("td")).to_have_text(
        ["zadania własne", "1", "18", "540.00", "1", "2"])
    expect(page.get_by_test_id("benefit-total").locator("td")).to_have_text(
        ["4", "—", "—", "2", "5"])
    expect(page.locator('[data-testid="reason-row"][data-reason="5"] td')).to_have_text(
        ["1", "2", "1", "2"])
    expect(page.get_by_test_id("return-social-contracts").locator("td")).to_have_text(
        ["1", "1", "1"])
    # Layout "2026": the "of which" rows after their row, and section 5's family types.
    in_family = benefit_row(page, "permanent_allowance_in_family", "own")
    expect(in_family.locator("th")).to_have_text("w tym: zasiłek stały dla osoby w rodzinie")
    expect(in_family.locator("td")).to_have_text(
        ["zadania własne", "1", "3", "2100.00", "1", "2"])
    expect(benefit_row(page, "health_contributions", "own").locator("td")).to_have_text(
        ["zadania własne", "1", "3", "189.00", "1", "2"])
    expect(page.locator('[data-testid="family-type-row"][data-type="children_1"] td')
           ).to_have_text(["1", "3"])
    page.get_by_test_id("return-section-1").screenshot(
        path=str(Path(__file__).resolve().parent / "artifacts" / "manager-returns-rows-2026.png"))
    # The chart library drew one bar per form with persons (4 forms).
    expect(page.get_by_test_id("chart-persons").get_by_test_id("chart-bar")).to_have_count(4)
    expect(page.get_by_test_id("return-draft")).to_have_attribute("data-state", "none")
    expect(page.get_by_test_id("return-submit")).to_be_disabled()

    # Sporządź: through the outbox; the draft carries the hash of the figures counted by hand.
    page.get_by_test_id("return-compile").click()
    expect(page.get_by_test_id("return-draft")).to_have_attribute("data-state", "compiled")
    expect(page.get_by_test_id("draft-hash")).to_have_text(municipality["hash"][:12])

    # Złóż: exactly the reviewed draft.
    page.get_by_test_id("return-submit").click()
    expect(page.get_by_test_id("return-submitted")).to_have_attribute("data-state", "submitted")
    expect(page.get_by_test_id("submitted-revision")).to_have_text("1")
    expect(page.get_by_test_id("submitted-hash")).to_have_text(municipality["hash"][:12])
    expect(page.get_by_test_id("return-submit")).to_be_disabled()
    expect(page.get_by_test_id("outbox-count")).to_have_count(0)

    # Sprawdź: the recount from the event log gives the submitted figures.
    page.get_by_test_id("return-verify").click()
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-equal", "true")
    expect(page.get_by_test_id("verify-result")).to_contain_text("Zgodne")

    # Into the ignored artifacts folder, as every browser test's screenshots (the README's
    # copy in docs/screenshots is refreshed from there by hand): the top of the screen
    # (status, actions, the verification, section 1 begins) and the whole page.
    shot_dir = Path(__file__).resolve().parent / "artifacts"
    shot_dir.mkdir(exist_ok=True)
    page.screenshot(path=str(shot_dir / "manager-returns.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": 1280, "height": 1500})
    page.screenshot(path=str(shot_dir / "manager-returns-full.png"), full_page=True)

    # The submitted CSV, fetched with the token and saved by the browser.
    with page.expect_download() as download_info:
        page.get_by_test_id("download-csv").click()
    download = download_info.value
    assert download.suggested_filename == "MRPiPS-03_2026_H1_submitted.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_bytes().decode("utf-8-sig"))))
    periodic_row = next(r for r in rows if r and r[0].startswith("Zasiłek okresowy")
                        and r[1].startswith("zadania własne"))
    assert periodic_row[2:5] == ["1", "3", "1500.00"]

    # The same figures in the statistical office's data layout: one variable a figure.
    with page.expect_download() as download_info:
        page.get_by_test_id("download-gus.xml").click()
    gus = tmp_path / download_info.value.suggested_filename
    assert gus.name == "MRPiPS-03_2026_H1_submitted.gus.xml"
    download_info.value.save_as(gus)
    variables = {v.get("name"): v.text for v in ElementTree.parse(gus).getroot()}
    assert variables["D1_periodic_allowance_W_KW"] == "1500.00"
    assert variables["D1_health_contributions_W_KW"] == "189.00"

    # The server: the submitted figures are those counted by hand, submitted exactly once.
    system = server.system
    row = system.returns.submitted(H1_2026, after=system.app.head_position())
    assert row["submitted_figures"] == municipality["figures"]
    assert row["submitted_hash"] == municipality["hash"]
    assert row["submitted_revision"] == 1
    the_return = system.app.repository.get(return_id_for(H1_2026))
    assert [s["content_hash"] for s in the_return.submissions] == [municipality["hash"]]


# --- a draft compiled again after the review -----------------------------------------------


def late_visit(server: Server, household: Household, on: date) -> int:
    """A visit recorded late (social work, section 3): the figures of its period change."""
    app = server.system.app
    folder = app.repository.get(household.folder_id)
    app.handle(ctx(), RecordVisit(
        folder_id=household.folder_id, expected_version=folder.version,
        visit=Visit(
        visit_id=uuid.uuid4(), visited_on=on, minutes=30, activity="home_visit",
        place="mieszkanie", notes="Wizyta wpisana później")))
    return app.head_position()


def compile_on_another_tablet(server: Server, year: int, part: str) -> dict[str, Any]:
    """The same return compiled again by a manager elsewhere, over HTTP."""
    login = httpx.post(f"{server.base_url}/api/auth/login",
                       json={"username": MANAGER, "password": PASSWORD})
    login.raise_for_status()
    with httpx.Client(base_url=server.base_url, timeout=15, headers={
            "Authorization": f"Bearer {login.json()['access_token']}"}) as http:
        compiled = http.post(f"/api/returns/{year}/{part}/compilation",
                             json={"command_id": str(uuid.uuid4())})
        assert compiled.status_code == 201, compiled.text
        # the tablet reads without ?after=: wait until the read model has the new draft
        http.get(f"/api/returns/{year}/{part}",
                 params={"after": compiled.json()["position"]}).raise_for_status()
    return compiled.json()["compiled"]


def test_a_draft_compiled_again_after_the_review_is_not_submitted_in_its_place(
    server: Server, municipality: dict[str, Any], new_tablet, shot
):
    """2025 (the whole year): no decisions, so only social work changes; nothing is shared with
    the 2026 H1 test."""
    town = municipality["town"]
    page = new_tablet()
    sign_in_as_manager(page)
    open_returns(page, "2025", "Y")
    expect(page.get_by_test_id("return-social-work").locator("td")).to_have_text(
        ["0", "0", "0", "0"])
    page.get_by_test_id("return-compile").click()
    expect(page.get_by_test_id("return-draft")).to_have_attribute("data-state", "compiled")
    reviewed = page.get_by_test_id("draft-hash").inner_text()

    # While the manager reviews, a late visit is recorded and the return compiled elsewhere.
    late_visit(server, town.households["D"], date(2025, 12, 15))
    recompiled = compile_on_another_tablet(server, 2025, "Y")
    assert recompiled["content_hash"][:12] != reviewed

    # Złóż sends the reviewed draft: the server has moved on, so it is held as a conflict...
    page.get_by_test_id("return-submit").click()
    problem = page.get_by_test_id("submit-problem")
    expect(problem).to_have_attribute("data-kind", "stale")
    # ...and retried on the server's version it is refused: these are not the reviewed figures.
    page.get_by_test_id("conflict-apply").click()
    expect(problem).to_have_attribute("data-kind", "figures_changed")
    expect(problem).to_contain_text("wersja robocza została sporządzona ponownie")
    problem.scroll_into_view_if_needed()
    shot(page, "manager-returns-figures-changed")
    system = server.system
    assert system.app.repository.get(return_id_for(YEAR_2025)).submissions == []

    # Review the new draft (the late visit counted), then submit it.
    page.get_by_test_id("submit-problem-review").click()
    expect(problem).to_have_count(0)
    expect(page.get_by_test_id("draft-hash")).to_have_text(recompiled["content_hash"][:12])
    expect(page.get_by_test_id("return-social-work").locator("td")).to_have_text(
        ["1", "1", "0", "0"])
    page.get_by_test_id("return-submit").click()
    expect(page.get_by_test_id("return-submitted")).to_have_attribute("data-state", "submitted")
    expect(page.get_by_test_id("submitted-hash")).to_have_text(recompiled["content_hash"][:12])

    # Another late visit: the submitted return stays, the difference is listed.
    position = late_visit(server, town.households["C"], date(2025, 12, 20))
    system.returns.live(YEAR_2025, after=position)
    page.reload()
    row = page.locator('[data-testid="difference-row"][data-path="social_work.families"]')
    expect(row.locator("td")).to_have_text(["1", "2"])
    expect(row.locator("th")).to_have_text("Dział 3. Praca socjalna › Liczba rodzin")
    submitted = system.returns.submitted(YEAR_2025, after=system.app.head_position())
    assert submitted["submitted_hash"] == recompiled["content_hash"]
    assert submitted["submitted_figures"]["social_work"]["families"] == 1
    assert len(system.app.repository.get(return_id_for(YEAR_2025)).submissions) == 1
