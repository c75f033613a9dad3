"""Cash benefits within the law's rules in real browsers against a real API on PostgreSQL:
the social worker enters the household's income on the folder screen during the interview;
the decision maker's case screen shows the income per person against the criterion, her form
shows the calculator with its working, fills the amount the act computes, issues, the amount
is stored, she downloads the decision's PDF from her screen, and the amendment's form carries
the same calculator (art. 8, 37; issue #18 items 2, 3 and 7; docs/benefits.md)."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from tests.api import given
from tests.e2e.conftest import (
    DECIDER,
    Client,
    Server,
    is_sync_of,
    sign_in,
    synced,
    wait_until_pending,
)
from tests.e2e.test_care_flow import post, scroll_under_top_bar
from tests.e2e.test_tablet import open_client
from tests.support.builders import interview_body, new_id
from tests.support.pdf import pdf_text

pytestmark = pytest.mark.postgres

CASE_NUMBERS = itertools.count(900)


def test_income_on_the_folder_then_the_calculator_fills_the_permanent_allowance(
    server: Server, client_folder: Client, new_tablet, shot
):
    folder = client_folder.folder
    with server.http() as worker:
        given.command(worker, folder, f"/interviews/{new_id()}/conducted",
                      interview_body(folder.version))
        shown = worker.get(f"/api/folders/{folder.id}", params={"after": folder.position})
        assert shown.status_code == 200

    # The social worker enters the head's income of last month on the folder screen.
    tablet = new_tablet()
    sign_in(tablet)
    open_client(tablet, client_folder)
    section = tablet.get_by_test_id("income-section")
    expect(section).to_contain_text("Dochód gospodarstwa")
    section.get_by_test_id("income-amount").fill("640,00")
    with tablet.expect_response(is_sync_of("/incomes")) as sent:
        section.get_by_test_id("income-submit").click()
    declared, _ = synced(sent.value, f"/folders/{folder.id}/incomes", 201)
    assert declared["net_income"] == "640.00"
    expect(section.get_by_test_id("income-sent")).to_contain_text("640,00 zł")
    scroll_under_top_bar(tablet, "income-section")
    shot(tablet, "13-folder-income")

    # The application for a permanent allowance (filed today: income of last month counts).
    proceeding_id = new_id()
    with server.http() as worker:
        filed = post(worker, f"{folder.path}/proceedings", {
            "proceeding_id": proceeding_id, "person_id": folder.head_id,
            "form": "permanent_allowance", "applicant": "person",
            "on": date.today().isoformat(),
            "case_reference": f"ZTPS1.8210.{next(CASE_NUMBERS)}.{date.today().year}"})
    wait_until_pending(server, proceeding_id, filed["position"])

    decider = new_tablet()
    sign_in(decider, DECIDER)
    row = decider.locator(f'[data-testid="proceeding-row"][data-proceeding-id="{proceeding_id}"]')
    expect(row).to_contain_text("zasiłek stały")
    row.click()
    # Her case screen: the household's income of last month against the single criterion.
    income = decider.get_by_test_id("case-income-per-person")
    expect(income).to_have_text("640,00 zł wobec kryterium 1010,00 zł — w kryterium")
    expect(income).to_have_attribute("data-within", "true")
    expect(decider.get_by_test_id("case-documents-none")).to_be_visible()
    scroll_under_top_bar(decider, "case-income")
    shot(decider, "15-decision-maker-income")
    form = decider.get_by_test_id("decision-form")
    form.get_by_test_id("decision-outcome-grant").check()
    form.locator('[data-testid="decision-reason"][value="1"]').check()
    form.get_by_test_id("decision-legal-basis").fill("art. 37 ust. 1 pkt 1 ustawy")
    calculator = form.get_by_test_id("benefit-calculator")
    working = calculator.get_by_test_id("calc-working")
    expect(working).to_contain_text("1010,00 − 640,00 = 370,00 zł")
    expect(calculator.get_by_test_id("calc-bounds")).to_contain_text("370,00 zł")
    calculator.get_by_test_id("calc-fill").click()
    expect(form.get_by_test_id("cash-amount")).to_have_value("370,00")
    expect(form.get_by_test_id("decision-justification")).to_have_count(0)  # a formula's amount
    scroll_under_top_bar(decider, "benefit-calculator")
    shot(decider, "14-decision-calculator")
    with decider.expect_response(is_sync_of("/decision")) as sent:
        form.get_by_test_id("decision-submit").click()
    decision, answer = synced(sent.value, f"/proceedings/{proceeding_id}/decision", 201)
    assert decision["cash"]["amount"] == "370.00"
    stored = server.system.app.repository.get(UUID(proceeding_id))
    assert stored.decision.cash.amount == Decimal("370.00")

    # After issuing, the decision's PDF is on her screen: the case, from the decided list.
    with server.http() as worker:  # the app reads without ?after=: wait for the timeline
        worker.get(f"/api/folders/{folder.id}", params={"after": answer["position"]}
                   ).raise_for_status()
    decider.locator(f'[data-testid="decided-list"] [data-proceeding-id="{proceeding_id}"]').click()
    document = decider.get_by_test_id("case-document").filter(has_text="Decyzja przyznająca")
    expect(document).to_be_visible()
    scroll_under_top_bar(decider, "case-documents")
    shot(decider, "16-decision-maker-document")
    with decider.expect_download() as downloading:
        document.get_by_test_id("document-download").click()
    pdf = Path(downloading.value.path()).read_bytes()
    [recorded] = stored.documents.values()
    assert hashlib.sha256(pdf).hexdigest() == recorded.sha256
    text = pdf_text(pdf)
    assert "DECYZJA" in text and client_folder.head_name in text

    # The amendment's form carries the same calculator; the server holds it to the same rule.
    decider.get_by_test_id("action-amendment").click()
    amendment = decider.get_by_test_id("action-form")
    calculator = amendment.get_by_test_id("benefit-calculator")
    expect(calculator.get_by_test_id("calc-working")).to_contain_text(
        "1010,00 − 640,00 = 370,00 zł")
    amendment.get_by_test_id("action-reason").fill("Wypłata w dwóch ratach miesięcznie.")
    amendment.get_by_test_id("cash-installments").fill("2")
    amendment.get_by_test_id("cash-amount").fill("")
    calculator.get_by_test_id("calc-fill").click()
    expect(amendment.get_by_test_id("cash-amount")).to_have_value("370,00")
    scroll_under_top_bar(decider, "action-cash-note")
    shot(decider, "17-amendment-calculator")
    with decider.expect_response(is_sync_of("/amendment")) as sent:
        amendment.get_by_test_id("action-submit").click()
    amended, _ = synced(sent.value, f"/proceedings/{proceeding_id}/amendment", 201)
    assert (amended["cash"]["amount"], amended["cash"]["installments"]) == ("370.00", 2)
