"""A manager on the tablet, in a real browser against a real API on PostgreSQL, compiles a
return that breaks a rule of the form (a husband typed with the day he was typed, granted a
benefit months before), sees the rule and the family behind it, cannot submit; the worker
corrects the day he joined, the manager compiles again and submits (issue #19)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from services.users.commands import RegisterUser
from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from domain.mrpips03 import ReturnPeriod
from services.casework.commands import CorrectMembership
from services.commands import CommandContext
from tests.e2e.conftest import PASSWORD, TEAM, Server
from tests.e2e.test_manager_returns import open_returns
from tests.support.municipality import add_late_spouse, build_municipality, ctx

pytestmark = pytest.mark.postgres

MANAGER = "e2e.manager"
ROW = "benefits.special_purpose_allowance.own"
H1_2026 = ReturnPeriod(2026, "H1")


@pytest.fixture(scope="module")
def town(server: Server) -> Any:
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    server.system.app.handle(admin, RegisterUser(
        username=MANAGER, display_name="Maria Wiśniewska", role="manager", unit=TEAM,
        password=PASSWORD))
    town = build_municipality(server.system.app)
    town.spouse = add_late_spouse(server.system.app, town, date.today())
    server.system.returns.live(H1_2026, after=server.system.app.head_position())
    return town


def test_a_return_breaking_a_rule_shows_it_and_its_family_and_is_submitted_once_fixed(
        server: Server, town: Any, new_tablet, shot):
    page = new_tablet()
    page.goto("/")
    page.get_by_test_id("login-username").fill(MANAGER)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("user-name")).to_have_text("Maria Wiśniewska")
    open_returns(page, "2026", "H1")

    page.get_by_test_id("return-compile").click()
    expect(page.get_by_test_id("return-draft")).to_have_attribute("data-state", "compiled")
    checks = page.get_by_test_id("return-checks")
    expect(checks).to_have_attribute("data-state", "failed")
    rule = page.locator(
        f'[data-testid="return-check"][data-rule="family_persons_at_least_persons"][data-row="{ROW}"]')
    expect(rule).to_contain_text("Liczba osób w rodzinach nie może być mniejsza")
    expect(rule).to_contain_text("persons 2 · family_persons 1")
    expect(page.get_by_test_id("return-submit")).to_be_disabled()
    expect(page.get_by_test_id("submit-help")).to_contain_text("reguł spójności")

    rule.get_by_test_id("return-check-folders").click()
    folder = rule.get_by_test_id("return-check-folder")
    expect(folder).to_have_count(1)
    expect(folder).to_have_attribute("data-folder", str(town.households["C"].folder_id))
    expect(folder).to_contain_text("Cecylia")
    shot(page, "manager-return-checks")

    # The worker corrects the day the husband joined: he lived there all along.
    c = town.households["C"]
    server.system.app.handle(ctx(), CorrectMembership(
        folder_id=c.folder_id,
        expected_version=server.system.app.repository.get(c.folder_id).version,
        member_id=town.spouse, joined_on=date(2025, 12, 1)))

    page.get_by_test_id("return-compile").click()
    expect(page.get_by_test_id("return-checks")).to_have_attribute("data-state", "ok")
    page.get_by_test_id("return-submit").click()
    expect(page.get_by_test_id("return-submitted")).to_have_attribute("data-state", "submitted")
    row = server.system.returns.submitted(H1_2026,
                                          after=server.system.app.head_position())
    assert row["submitted_figures"]["benefits"]["special_purpose_allowance"]["own"][
        "family_persons"] == 2
