"""Payments in a real browser against a real API on PostgreSQL: a permanent allowance is
granted and delivered, the social worker has recorded the person's account; the manager opens
"Listy wypłat", sees what falls due today, builds the list, approves it (paid by transfer) and
downloads the pain.001 file, which parses back with the transfer in it; then reverses the
payment from the list's line (a reason is required, then a confirmation): the line reads
"cofnięta" and the instalment is due again."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from domain.payments import payment_list_id
from services.users.commands import RegisterUser
from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from services.commands import CommandContext
from tests.e2e.conftest import PASSWORD, TEAM, Person, Server, sign_in
from tests.e2e.granted import permanent_allowance_delivered

pytestmark = pytest.mark.postgres

MANAGER = Person("e2e.kierownik.wyplaty", "Maria Wiśniewska", "manager", TEAM)
TODAY = date.today()
IBAN = "PL61109010140000071219812874"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def test_a_manager_builds_approves_and_downloads_a_payment_list(server: Server, new_tablet,
                                                                 shot, tmp_path):
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    server.system.app.handle(admin, RegisterUser(
        username=MANAGER.username, display_name=MANAGER.display_name, role=MANAGER.role,
        unit=MANAGER.unit, password=PASSWORD))
    reference = permanent_allowance_delivered(server, "ZTPS1.8210.4242.2026", TODAY,
                                              iban=IBAN).reference

    page = new_tablet()
    sign_in(page, MANAGER)
    page.get_by_test_id("nav-payments").click()
    page.get_by_test_id("payments-show").click()
    expect(page.get_by_test_id("payments-due")).to_contain_text(reference)
    shot(page, "manager-payments-due")

    page.get_by_test_id("payments-build").click()
    expect(page.get_by_test_id("payments-list-status")).to_contain_text("czeka na zatwierdzenie")
    page.get_by_test_id("payments-approve").click()
    expect(page.get_by_test_id("payments-list-status")).to_contain_text("zatwierdzona")
    expect(page.get_by_test_id("payments-list-lines")).to_contain_text("wypłacono (przelew)")
    shot(page, "manager-payments-approved")

    with page.expect_download() as downloading:
        page.get_by_test_id("payments-download-xml").click()
    saved = tmp_path / downloading.value.suggested_filename
    downloading.value.save_as(saved)
    root = ET.parse(saved).getroot()
    transfers = root.findall(".//p:CdtTrfTxInf", NS)
    assert any(reference in (t.findtext("p:RmtInf/p:Ustrd", namespaces=NS) or "")
               and t.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS) == IBAN
               for t in transfers)

    # The transfer came back: the manager reverses it from the line (reason, confirmation).
    line = page.get_by_test_id("payment-line").filter(has_text=reference)
    line.get_by_test_id("payment-reverse").click()
    form = page.get_by_test_id("reverse-form")
    form.get_by_test_id("reverse-submit").click()
    expect(form.get_by_test_id("reverse-reason-error")).to_have_text("Podaj powód cofnięcia.")
    expect(form.get_by_test_id("reverse-confirm-box")).to_have_count(0)
    form.get_by_test_id("reverse-reason").fill("Zwrot przelewu: rachunek zamknięty.")
    form.get_by_test_id("reverse-submit").click()
    expect(form.get_by_test_id("reverse-confirm-box")).to_contain_text("Tego nie można odwołać")
    shot(page, "manager-payments-reverse-confirm")
    form.get_by_test_id("reverse-confirm").click()
    expect(line).to_have_attribute("data-status", "reversed")
    expect(line).to_contain_text("cofnięta")
    expect(line).to_contain_text("Zwrot przelewu: rachunek zamknięty.")
    expect(line.get_by_test_id("payment-reverse")).to_have_count(0)
    shot(page, "manager-payments-reversed")

    # An event beside the payment (never an edit), and the instalment is due again.
    recorded = server.system.app.repository.get(payment_list_id(TODAY))
    assert list(recorded.reversed.values()) == ["Zwrot przelewu: rachunek zamknięty."]
    assert set(recorded.paid) == set(recorded.reversed)
    again = server.system.payments.draft(TODAY + timedelta(days=1))
    assert reference in {i.case_reference for i in again.due}
