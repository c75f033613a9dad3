"""Undue benefits in a real browser against a real API on PostgreSQL: a permanent allowance of
370 zł is granted, delivered and paid; the decision maker opens the proceeding, issues
"Zwrot nienależnego świadczenia" for it in two instalments (its PDF downloads and states the
amount) and a summons; the manager records a repayment in "Należności" and the balance shown
falls; the month's health contributions list the recipient at 9%."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.users.commands import RegisterUser
from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from services.commands import CommandContext
from tests.e2e.conftest import DECIDER, PASSWORD, TEAM, Person, Server, sign_in
from tests.e2e.granted import Granted, permanent_allowance_delivered, post
from tests.support.pdf import pdf_text

pytestmark = pytest.mark.postgres

MANAGER = Person("e2e.kierownik.zwroty", "Ewa Zwrotna", "manager", TEAM)
TODAY = date.today()


def _granted_delivered_and_paid(server: Server) -> Granted:
    """A permanent allowance of 370 zł from today, delivered and paid on today's list."""
    granted = permanent_allowance_delivered(server, "ZTPS1.8210.4343.2026", TODAY)
    with server.http(MANAGER) as manager:
        built = post(manager, "/api/payments/lists", {"payment_date": TODAY.isoformat()})
        post(manager, f"/api/payments/lists/{TODAY}/approval",
             {"expected_version": built["version"]})
    return granted


def test_a_reclaim_is_issued_downloaded_repaid_and_its_balance_shown(server: Server,
                                                                     new_tablet, shot,
                                                                     tmp_path):
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    server.system.app.handle(admin, RegisterUser(
        username=MANAGER.username, display_name=MANAGER.display_name, role=MANAGER.role,
        unit=MANAGER.unit, password=PASSWORD))
    login = server.http().post("/api/auth/login", json={"username": MANAGER.username,
                                                        "password": PASSWORD})
    server.tokens[MANAGER.username] = login.json()["access_token"]
    granted = _granted_delivered_and_paid(server)
    proceeding_id, reference = granted.proceeding_id, granted.reference

    # the decision maker: the reclaim, in two instalments
    page = new_tablet()
    sign_in(page, DECIDER)
    page.goto(f"/#/proceeding/{proceeding_id}")
    expect(page.get_by_test_id("proceeding-status")).to_contain_text("doręczon")
    page.get_by_test_id("open-reclaim").click()
    page.get_by_test_id("reclaim-amount").fill("370,00")
    page.get_by_test_id("reclaim-reason").fill(
        "Strona podjęła zatrudnienie i nie poinformowała ośrodka o zmianie dochodu.")
    page.get_by_test_id("reclaim-count").fill("2")
    expect(page.get_by_test_id("reclaim-terms")).to_contain_text("185.00 zł")
    shot(page, "tablet-decision-maker-reclaim-form")
    page.get_by_test_id("reclaim-submit").click()
    panel = page.get_by_test_id("receivables-panel")
    expect(panel.get_by_test_id("receivable-outstanding")).to_contain_text("370.00 zł")
    document = page.locator('[data-testid="case-document"][data-kind="reclaim"]')
    expect(document).to_be_visible()
    with page.expect_download() as downloading:
        document.get_by_test_id("document-download").click()
    saved = tmp_path / downloading.value.suggested_filename
    downloading.value.save_as(saved)
    text = pdf_text(saved.read_bytes())
    assert "nienależnie pobrane w kwocie 370,00 zł" in text and reference in text
    panel.scroll_into_view_if_needed()
    shot(page, "tablet-decision-maker-reclaim")

    # a summons to supply a document, 14 days
    page.get_by_test_id("open-summons").click()
    page.get_by_test_id("summons-subject").fill("zaświadczenie o zatrudnieniu i wynagrodzeniu")
    shot(page, "tablet-decision-maker-summons")
    page.get_by_test_id("summons-submit").click()
    expect(page.locator('[data-testid="case-document"][data-kind="summons"]')).to_be_visible()

    # the manager: a repayment of 100 zł; 270 zł still owed
    manager = new_tablet()
    sign_in(manager, MANAGER)
    manager.get_by_test_id("nav-receivables").click()
    row = manager.locator(f'[data-testid="receivable"]:has-text("{reference}")')
    expect(row.get_by_test_id("receivable-outstanding")).to_contain_text("370.00 zł")
    form = manager.locator('[data-testid="repayment-form"]').first
    form.get_by_test_id("repayment-amount").fill("100")
    form.get_by_test_id("repayment-method").select_option("cash")
    form.get_by_test_id("repayment-submit").click()
    expect(row.get_by_test_id("receivable-outstanding")).to_contain_text("270.00 zł")
    expect(row.get_by_test_id("receivable-entry")).to_contain_text("wpłata")
    manager.evaluate("window.scrollTo(0, 0)")
    shot(manager, "manager-receivables")

    # the month's health contributions: 9% of 370 zł
    manager.get_by_test_id("nav-contributions").click()
    manager.get_by_test_id("contributions-show").click()
    expect(manager.get_by_test_id("contributions-total")).to_have_text("33.30")
    manager.evaluate("window.scrollTo(0, 0)")
    shot(manager, "manager-health-contributions")
