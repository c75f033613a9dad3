"""The decision maker's case in a real browser against a real API on PostgreSQL (issue #18,
items 7 and 5): the pending list names the party with the days left; the proceeding shows the
household, the interview's conclusions and plan of help, the term; a delay notice sent through
the outbox moves the days left; a decision the server refuses (the provider deactivated while
the form was open: 422 provider.inactive) shows its reason to the decision maker."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from services.commands import CommandContext
from services.providers.commands import DeactivateProvider, ReactivateProvider
from tests.e2e import test_care_flow as care_flow
from tests.e2e.conftest import DECIDER, Server, is_sync_of, sign_in, synced
from tests.e2e.test_care_flow import CareCase, issue_care_decision, scroll_under_top_bar
from tests.support.builders import MANDATORY_SECTIONS

pytestmark = pytest.mark.postgres

care_case = care_flow.care_case  # a folder with a care services proceeding waiting


def _row(page, case: CareCase):
    return page.locator(
        f'[data-testid="proceeding-row"][data-proceeding-id="{case.proceeding_id}"]')


def _days(locator) -> int:
    return int(locator.get_attribute("data-days"))


def test_the_decision_maker_sees_the_case_and_a_delay_notice_moves_the_days_left(
    server: Server, care_case: CareCase, new_tablet, shot
):
    page = new_tablet()
    sign_in(page, DECIDER)
    row = _row(page, care_case)
    expect(row.get_by_test_id("row-party")).to_have_text(care_case.client.head_name)
    badge = row.get_by_test_id("term-badge")
    expect(badge).to_have_attribute("data-days", re.compile(r"\d+"))
    before = _days(badge)
    assert 28 <= before <= 33  # a month from today's filing (KPA art. 35 § 3), holidays moved
    shot(page, "tablet-decision-maker-pending")

    row.click()
    expect(page.get_by_test_id("proceeding-party")).to_have_text(care_case.client.head_name)
    household = page.get_by_test_id("case-household")
    expect(household).to_contain_text(care_case.client.head_name)
    expect(household).to_contain_text("głowa gospodarstwa")
    expect(page.get_by_test_id("case-conclusions")).to_have_text(MANDATORY_SECTIONS["I"])
    expect(page.get_by_test_id("case-plan")).to_have_text(MANDATORY_SECTIONS["J"])
    expect(page.get_by_test_id("case-interview-on")).not_to_be_empty()
    expect(page.get_by_test_id("case-earlier-none")).to_be_visible()
    # No income entered for last month: she is told whose is missing (the social worker's).
    expect(page.get_by_test_id("case-income-missing")).to_contain_text(care_case.client.head_name)
    expect(page.get_by_test_id("receivables-none")).to_contain_text("Brak należności")
    expect(page.get_by_test_id("term-due").get_by_test_id("term-badge")).to_have_attribute(
        "data-days", str(before))
    scroll_under_top_bar(page, "proceeding-party")
    shot(page, "tablet-decision-maker-case")

    new_date = date.today() + timedelta(days=45)
    page.get_by_test_id("procedure-delay-notice").click()
    page.get_by_test_id("procedure-new-date").fill(new_date.isoformat())
    page.get_by_test_id("procedure-reason").fill("Czekamy na zaświadczenie lekarskie.")
    scroll_under_top_bar(page, "procedure-actions")
    shot(page, "tablet-decision-maker-delay-notice")
    with page.expect_response(is_sync_of("/delay-notice")) as sent:
        page.get_by_test_id("procedure-submit").click()
    body, _ = synced(sent.value, f"/proceedings/{care_case.proceeding_id}/delay-notice", 201)
    assert body["new_date"] == new_date.isoformat()
    term = page.get_by_test_id("term-due").get_by_test_id("term-badge")
    expect(term).to_have_attribute("data-days", "45")
    expect(page.get_by_test_id("term-delayed-to")).to_be_visible()
    page.get_by_role("link", name=re.compile("Wróć")).click()
    expect(_row(page, care_case).get_by_test_id("term-badge")).to_have_attribute("data-days", "45")


def test_a_decision_the_server_refuses_shows_its_reason(
    server: Server, care_case: CareCase, new_tablet, shot
):
    page = new_tablet()
    sign_in(page, DECIDER)
    _row(page, care_case).click()
    issue_care_decision(page)
    page.get_by_test_id("care-provider").select_option("MCUS")
    with server.http(DECIDER) as http:
        mcus = next(p for p in http.get("/api/providers").json() if p["provider_id"] == "MCUS")

    def admin() -> CommandContext:
        return CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                              unit="IT")

    # While the form is open, IT takes MCUS out of the directory.
    server.system.app.handle(admin(), DeactivateProvider(provider_id="MCUS",
                                                       expected_version=mcus["version"]))
    try:
        with page.expect_response(is_sync_of("/decision")) as sent:
            page.get_by_test_id("decision-submit").click()
        _, refused = synced(sent.value, f"/proceedings/{care_case.proceeding_id}/decision", 422)
        reason = refused["error"]["message"]["pl"]
        banner = page.get_by_test_id("refusal-reason")
        expect(banner).to_contain_text("Serwer nie przyjął: wydanie decyzji")
        expect(banner).to_contain_text(reason)
        expect(_row(page, care_case).get_by_test_id("row-refused-reason")).to_have_text(reason)
        shot(page, "tablet-decision-maker-refused")
        page.get_by_test_id("refusal-open").click()
        expect(page.get_by_test_id("failed-message")).to_have_text(reason)
    finally:
        server.system.app.handle(admin(), ReactivateProvider(
            provider_id="MCUS", expected_version=mcus["version"] + 1))
