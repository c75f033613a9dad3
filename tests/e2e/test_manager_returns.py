"""A manager on the tablet, in a real browser against a real API on PostgreSQL: the MRPiPS-03
return of a municipality with known decisions, laid out like the form; compiled, submitted
and verified from the tablet; the server holds the submitted figures exactly once."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import Page, expect

from domain.returns import DECISION_FORMS, REASON_CODES, ReturnPeriod, content_hash
from domain.statistical_return import return_id_for
from services.commands import CommandContext
from tests.e2e.conftest import PASSWORD, TEAM, Server
from tests.support.municipality import build_municipality, expected_h1_2026

pytestmark = pytest.mark.postgres

MANAGER = "e2e.manager"
H1_2026 = ReturnPeriod(2026, "H1")
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "manager-returns.png"


@pytest.fixture(scope="module")
def municipality(server: Server) -> dict[str, Any]:
    """The known municipality, a manager of its team, and the figures counted by hand."""
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    server.system.app.register_user(admin, username=MANAGER, display_name="Maria Wiśniewska",
                                    role="manager", unit=TEAM, password=PASSWORD)
    build_municipality(server.system.app)
    # The app reads without `?after=`: wait until the returns projection has every event,
    # and check the live figures are those counted by hand before any browser is involved.
    live = server.system.returns.live(H1_2026, after=server.system.app.head_position())
    expected = expected_h1_2026(DECISION_FORMS, REASON_CODES)
    assert live.figures == expected
    return {"figures": expected, "hash": content_hash(expected)}


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

    # README: the top of the screen (status, actions, the verification, section 1 begins);
    # the whole page goes to the ignored artifacts folder.
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True,
                    clip={"x": 0, "y": 0, "width": 1280, "height": 1500})
    shot_dir = Path(__file__).resolve().parent / "artifacts"
    shot_dir.mkdir(exist_ok=True)
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

    # The server: the submitted figures are those counted by hand, submitted exactly once.
    system = server.system
    row = system.returns.submitted(H1_2026, after=system.app.head_position())
    assert row["submitted_figures"] == municipality["figures"]
    assert row["submitted_hash"] == municipality["hash"]
    assert row["submitted_revision"] == 1
    the_return = system.app.repository.get(return_id_for(H1_2026))
    assert [s["content_hash"] for s in the_return.submissions] == [municipality["hash"]]
