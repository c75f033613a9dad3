"""The remaining forms' money in real browsers against a real API on PostgreSQL (issue #18):
the decision maker issues a meal decision whose calculator shows days × unit cost and fills the
amount, and a residential care home decision whose form shows the art. 61 fee split with its
working (docs/benefits.md)."""

from __future__ import annotations

import contextlib
import itertools
import uuid
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from services.commands import AggregateExistsError, CommandContext
from services.providers.commands import RegisterProvider
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
from tests.support.builders import interview_body, new_id

pytestmark = pytest.mark.postgres

CASE_NUMBERS = itertools.count(950)


def applied(server: Server, client: Client, form: str) -> str:
    """The folder's interview for the application, and the application filed today."""
    folder = client.folder
    proceeding_id = new_id()
    with server.http() as worker:
        given.command(worker, folder, f"/interviews/{new_id()}/conducted",
                      interview_body(folder.version))
        filed = post(worker, f"{folder.path}/proceedings", {
            "proceeding_id": proceeding_id, "person_id": folder.head_id, "form": form,
            "applicant": "person", "on": date.today().isoformat(),
            "case_reference": f"ZTPS1.8210.{next(CASE_NUMBERS)}.{date.today().year}"})
    wait_until_pending(server, proceeding_id, filed["position"])
    return proceeding_id


def open_proceeding(page, proceeding_id: str, form_label: str):
    row = page.locator(f'[data-testid="proceeding-row"][data-proceeding-id="{proceeding_id}"]')
    expect(row).to_contain_text(form_label)
    row.click()
    form = page.get_by_test_id("decision-form")
    form.get_by_test_id("decision-outcome-grant").check()
    return form


def test_a_meal_decision_with_the_calculator_filling_days_times_the_unit_cost(
    server: Server, client_folder: Client, new_tablet, shot
):
    proceeding_id = applied(server, client_folder, "meal")

    decider = new_tablet()
    sign_in(decider, DECIDER)
    form = open_proceeding(decider, proceeding_id, "posiłek")
    form.locator('[data-testid="decision-reason"][value="1"]').check()
    form.get_by_test_id("decision-legal-basis").fill("art. 48b ust. 1 ustawy o pomocy społecznej")
    terms = form.get_by_test_id("days-terms")
    terms.get_by_test_id("days-count").fill("30")
    terms.get_by_test_id("days-unit-cost").fill("12,50")
    expect(terms.get_by_test_id("days-working")).to_contain_text("30 × 12,50 = 375,00 zł")
    terms.get_by_test_id("days-fill").click()
    expect(terms.get_by_test_id("days-amount")).to_have_value("375,00")
    terms.get_by_test_id("days-to").fill((date.today() + timedelta(days=29)).isoformat())
    scroll_under_top_bar(decider, "days-terms")
    shot(decider, "18-decision-meal-days")
    with decider.expect_response(is_sync_of("/decision")) as sent:
        form.get_by_test_id("decision-submit").click()
    decision, _ = synced(sent.value, f"/proceedings/{proceeding_id}/decision", 201)

    assert decision["days"] == {"days": 30, "unit_cost": "12.50", "amount": "375.00",
                                "period_from": date.today().isoformat(),
                                "period_to": (date.today() + timedelta(days=29)).isoformat()}
    stored = server.system.app.repository.get(UUID(proceeding_id)).decision
    assert (stored.days.days, stored.days.amount) == (30, Decimal("375.00"))


def test_a_dps_decision_shows_the_fee_split_and_its_working(
    server: Server, client_folder: Client, new_tablet, shot
):
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    with contextlib.suppress(AggregateExistsError):
        server.system.app.handle(admin, RegisterProvider(
            provider_id="DPS-1", provider_name="Dom Pomocy Społecznej nr 1",
            address="ul. Szczęśliwa 1, 50-001 Wrocław", services=("residential_care_home",),
            capacity=160))
    proceeding_id = applied(server, client_folder, "residential_care_home")
    with server.http() as http:  # the provider's directory row, read without ?after=
        http.get("/api/providers", params={"after": server.system.app.head_position()})

    decider = new_tablet()
    sign_in(decider, DECIDER)
    form = open_proceeding(decider, proceeding_id, "dom pomocy społecznej")
    form.locator('[data-testid="decision-reason"][value="5"]').check()
    form.get_by_test_id("decision-legal-basis").fill("art. 54 i 61 ustawy o pomocy społecznej")
    for task in ("personal_hygiene", "meals"):
        form.locator(f'[data-testid="care-task"][value="{task}"]').check()
    for day in (6, 7):
        form.locator(f'[data-testid="care-weekday"][value="{day}"]').check()
    form.get_by_test_id("care-hours-day").fill("8")
    form.get_by_test_id("care-hours-week").fill("56")
    form.get_by_test_id("care-period-to").fill((date.today() + timedelta(days=364)).isoformat())
    form.get_by_test_id("care-provider").select_option("DPS-1")
    form.get_by_test_id("care-hourly-cost").fill("30,00")
    form.get_by_test_id("care-fee-share").fill("0")
    fee = form.get_by_test_id("dps-fee")
    fee.get_by_test_id("dps-on").check()
    fee.get_by_test_id("dps-income").fill("2000,00")
    fee.get_by_test_id("dps-cost").fill("7000,00")
    fee.get_by_test_id("dps-add-payer").click()
    payer = fee.get_by_test_id("dps-payer")
    payer.get_by_test_id("dps-payer-name").fill("Anna Nowak")
    payer.get_by_test_id("dps-payer-relationship").fill("córka")
    payer.get_by_test_id("dps-payer-amount").fill("600")
    working = fee.get_by_test_id("dps-working")
    expect(working).to_contain_text("2000,00 × 70% = 1400,00 zł")
    expect(working).to_contain_text("7000,00 − 1400,00 − 600,00 = 5000,00 zł")
    expect(fee.get_by_test_id("dps-split")).to_contain_text(
        "Mieszkaniec 1400,00 zł · rodzina 600,00 zł · gmina 5000,00 zł")
    scroll_under_top_bar(decider, "dps-family")
    shot(decider, "19-decision-dps-fee-split")
    with decider.expect_response(is_sync_of("/decision")) as sent:
        form.get_by_test_id("decision-submit").click()
    decision, _ = synced(sent.value, f"/proceedings/{proceeding_id}/decision", 201)

    assert (decision["dps_fee"]["resident"], decision["dps_fee"]["municipality"]) == (
        "1400.00", "5000.00")
    stored = server.system.app.repository.get(UUID(proceeding_id)).decision
    assert stored.dps_fee.family[0].relationship == "córka"
    assert stored.dps_fee.municipality == Decimal("5000.00")
