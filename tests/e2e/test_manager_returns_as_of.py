"""The manager's return as of a recorded time, and what changed between two recorded times, on
the tablet in a real browser against a real API on PostgreSQL: the known municipality is
recorded today, so as of yesterday noon every figure is zero, and the comparison from then to
now lists the figures it added, with the form's labels, as the server counts them."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from services.users.commands import RegisterUser
from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from domain.mrpips03 import ReturnPeriod
from services.commands import CommandContext
from tests.e2e.conftest import PASSWORD, TEAM, Server
from tests.support.municipality import build_municipality

pytestmark = pytest.mark.postgres

MANAGER = "e2e.manager.asof"
H1_2026 = ReturnPeriod(2026, "H1")
PERIODIC = "benefits.periodic_allowance.own.amount"


@pytest.fixture(scope="module")
def municipality(server: Server) -> None:
    """The known municipality, recorded now, and a manager of its team."""
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    server.system.app.handle(admin, RegisterUser(
        username=MANAGER, display_name="Maria Wiśniewska", role="manager", unit=TEAM,
        password=PASSWORD))
    build_municipality(server.system.app)
    # The app reads without `?after=`: wait until the returns projection has every event.
    server.system.returns.live(H1_2026, after=server.system.app.head_position())


def periodic_cells(page: Any) -> Any:
    row = '[data-testid="benefit-row"][data-form="periodic_allowance"][data-task="own"]'
    return page.locator(f"{row} td")


def test_the_return_as_of_yesterday_and_the_figures_added_since(
    server: Server, municipality: None, new_tablet, shot
):
    page = new_tablet()
    page.goto("/")
    page.get_by_test_id("login-username").fill(MANAGER)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("nav-returns").click()
    page.get_by_test_id("return-year").select_option("2026")
    page.get_by_test_id("return-part").select_option("H1")
    screen = page.get_by_test_id("returns-screen")
    expect(screen).to_have_attribute("data-part", "H1")
    expect(periodic_cells(page)).to_have_text(["zadania własne", "1", "3", "1500.00", "1", "3"])

    # As of yesterday noon on the tablet's (Warsaw) clock: nothing had been recorded yet.
    yesterday_noon = f"{(date.today() - timedelta(days=1)).isoformat()}T12:00"
    page.get_by_test_id("return-as-of").fill(yesterday_noon)
    with page.expect_response(lambda r: "as_of=" in r.url) as read:
        page.get_by_test_id("return-as-of-show").click()
    as_of = read.value.json()["live"]["as_of"]
    expect(page.get_by_test_id("as-of-note")).to_be_visible()
    expect(periodic_cells(page)).to_have_text(["zadania własne", "0", "0", "0.00", "0", "0"])
    expect(page.get_by_test_id("benefit-total").locator("td")).to_have_text(
        ["0", "—", "—", "0", "0"])

    page.get_by_test_id("return-as-of-now").click()
    expect(page.get_by_test_id("as-of-note")).to_have_count(0)
    expect(periodic_cells(page)).to_have_text(["zadania własne", "1", "3", "1500.00", "1", "3"])

    # From then to now (the later time left as it is): the figures the municipality added.
    compare = page.get_by_test_id("return-compare")
    compare.get_by_test_id("compare-from").fill(yesterday_noon)
    with page.expect_response(lambda r: "/difference?" in r.url) as answered:
        compare.get_by_test_id("compare-run").click()
    answer = answered.value.json()
    assert answered.value.status == 200, answer
    assert answer["before"].startswith(as_of[:16])  # the same moment as the as-of read
    rows = compare.get_by_test_id("difference-row")
    expect(rows).to_have_count(len(answer["differences"]))
    periodic = compare.locator(f'[data-testid="difference-row"][data-path="{PERIODIC}"]')
    expect(periodic.locator("th")).to_have_text(
        "Dział 1. Świadczenia przyznane decyzją › Zasiłek okresowy › zadania własne"
        " › Kwota świadczeń w zł")
    expect(periodic.locator("td")).to_have_text(["0.00", "1500.00"])
    assert {"path": PERIODIC, "before": "0.00", "after": "1500.00"} in answer["differences"]
    compare.scroll_into_view_if_needed()
    shot(page, "12-manager-return-compared")
