"""A social contract (art. 108) on the tablet in a real browser against a real API on PostgreSQL:
signed and closed without signal, both sent in one batch when the signal returns, and the client
view's timeline shows them as the server recorded them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from tests.e2e.conftest import Client, Server, is_sync_of, sign_in

pytestmark = pytest.mark.postgres

GOALS = "Rejestracja w PUP do końca miesiąca; ośrodek pomoże skompletować dokumenty."


def test_a_contract_signed_and_closed_offline_reaches_the_server_in_order(
    server: Server, client_folder: Client, new_tablet, shot
):
    page = new_tablet()
    sign_in(page)
    folder_id = client_folder.folder.id
    page.locator(f'[data-testid="caseload-row"][data-folder-id="{folder_id}"]').click()
    expect(page.get_by_test_id("folder-view")).to_have_attribute("data-folder-id", folder_id)
    # The client view has arrived (and is kept on the tablet) before the signal goes.
    expect(page.get_by_test_id("folder-address")).to_be_visible()

    page.context.set_offline(True)
    expect(page.get_by_test_id("online-status")).to_have_attribute("data-state", "offline")
    page.get_by_test_id("social-contract-button").click()
    form = page.get_by_test_id("contract-sign-form")
    form.get_by_test_id("contract-member").select_option(client_folder.folder.head_id)
    ends_on = (date.today() + timedelta(days=180)).isoformat()
    form.get_by_test_id("contract-ends-on").fill(ends_on)
    form.get_by_test_id("contract-goals").fill(GOALS)
    form.get_by_test_id("contract-sign-submit").click()
    expect(page.get_by_test_id("folder-view")).to_be_visible()
    waiting = page.locator('[data-testid="timeline-item"][data-status]',
                           has_text="Zawarcie kontraktu socjalnego")
    expect(waiting).to_contain_text(f"z: {client_folder.head_name}")

    page.get_by_test_id("social-contract-button").click()
    item = page.get_by_test_id("contract-item")
    expect(item).to_have_attribute("data-queued", "true")
    item.get_by_test_id("contract-close-open").click()
    item.locator('[data-testid="contract-outcome"][value="achieved"]').check()
    item.get_by_test_id("contract-close-submit").click()
    expect(item.get_by_test_id("contract-state")).to_have_text("zakończenie czeka na wysłanie")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "11-social-contract-offline")

    with page.expect_response(is_sync_of("/closure")) as sent:
        page.context.set_offline(False)
    response = sent.value
    assert response.status == 200, response.text()
    commands = response.request.post_data_json["commands"]
    results = {r["command_id"]: r for r in response.json()["results"]}
    paths = [c["path"] for c in commands]
    sign = next(c for c in commands if c["path"].endswith("/social-contracts"))
    close = next(c for c in commands if c["path"].endswith("/closure"))
    assert paths.index(sign["path"]) < paths.index(close["path"])
    assert "expected_version" not in sign["body"]
    assert close["path"] == f"/api/social-contracts/{sign['body']['contract_id']}/closure"
    assert close["body"]["expected_version"] == 1
    assert results[sign["command_id"]]["status"] == 201, results[sign["command_id"]]
    assert results[close["command_id"]]["status"] == 201, results[close["command_id"]]

    # The tablet reads the folder again: the contract closed as the server has it, nothing waiting.
    expect(item).to_have_attribute("data-state", "closed")
    expect(item.get_by_test_id("contract-state")).to_contain_text("cele osiągnięte")
    expect(page.get_by_test_id("pending-badge")).to_have_count(0)

    with server.http() as http:
        view = http.get(client_folder.folder.path,
                        params={"after": results[close["command_id"]]["body"]["position"]}).json()
    kinds = {e["kind"]: e for e in view["timeline"]}
    signed, closed = kinds["social_contract_signed"], kinds["social_contract_closed"]
    assert signed["details"]["member_id"] == client_folder.folder.head_id
    assert signed["details"]["ends_on"] == ends_on
    assert signed["details"]["goals"] == GOALS
    assert closed["details"] == {"contract_id": sign["body"]["contract_id"], "outcome": "achieved"}
