"""The social worker records a client's bank account on the folder screen, in a real browser
against a real API on PostgreSQL (issue #18): a mistyped IBAN is caught in the form by its
checksum and nothing is sent; without signal the account waits in the outbox (shown masked),
is sent when the signal returns, and the folder shows only its last four digits afterwards;
the payment list then pays that person by transfer to it."""

from __future__ import annotations

import re
from uuid import UUID

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from tests.e2e.conftest import Client, Server, is_sync_of, sign_in, synced
from tests.e2e.test_care_flow import scroll_under_top_bar
from tests.e2e.test_tablet import open_client

pytestmark = pytest.mark.postgres

IBAN = "PL61 1090 1014 0000 0712 1981 2874"
MISTYPED = "PL61 1090 1014 0000 0712 1981 2847"


def test_the_worker_records_an_account_checked_queued_offline_and_shown_masked(
    server: Server, client_folder: Client, new_tablet, shot
):
    folder = client_folder.folder
    tablet = new_tablet()
    sign_in(tablet)
    open_client(tablet, client_folder)
    section = tablet.get_by_test_id("account-section")
    expect(section).to_contain_text("Rachunek do wypłaty świadczeń")

    # A mistyped number: the checksum does not match, the form says so, nothing is queued.
    section.get_by_test_id("account-iban").fill(MISTYPED)
    section.get_by_test_id("account-submit").click()
    expect(section.get_by_test_id("account-iban")).to_have_attribute("aria-invalid", "true")
    expect(section).to_contain_text("suma kontrolna się nie zgadza")
    expect(tablet.get_by_test_id("outbox-count")).to_have_count(0)
    scroll_under_top_bar(tablet, "account-section")
    shot(tablet, "folder-bank-account-invalid")

    # Without signal the right number waits in the outbox, shown masked.
    tablet.context.set_offline(True)
    expect(tablet.get_by_test_id("online-status")).to_have_attribute("data-state", "offline")
    section.get_by_test_id("account-iban").fill(IBAN)
    section.get_by_test_id("account-submit").click()
    expect(section.get_by_test_id("account-sent")).to_contain_text("PL •••• 2874")
    waiting = tablet.locator('[data-testid="timeline-item"][data-status]')
    expect(waiting).to_contain_text("Rachunek do wypłaty świadczeń")
    expect(waiting).to_contain_text("PL •••• 2874")
    expect(tablet.get_by_test_id("folder-view")).not_to_contain_text("0712 1981")

    with tablet.expect_response(is_sync_of("/bank-accounts")) as sent:
        tablet.context.set_offline(False)
    command, answer = synced(sent.value, f"/folders/{folder.id}/bank-accounts", 201)
    assert command["iban"] == IBAN.replace(" ", "")
    assert command["member_id"] == folder.head_id

    # The server's view has it (read after the command's position): the last four digits only.
    with server.http() as worker:
        shown = worker.get(folder.path, params={"after": answer["position"]}).json()
    entry = next(e for e in shown["timeline"] if e["kind"] == "bank_account_recorded")
    assert entry["details"] == {"member_id": folder.head_id, "account": "PL •••• 2874"}

    # Recorded: the folder shows the last four digits only, also after a reload.
    tablet.reload()
    recorded = tablet.get_by_test_id("account-recorded-line")
    expect(recorded).to_contain_text(client_folder.head_name)
    expect(recorded).to_contain_text("PL •••• 2874")
    expect(tablet.get_by_test_id("folder-view")).not_to_contain_text(
        re.compile(r"1090\s?1014|0712\s?1981"))
    scroll_under_top_bar(tablet, "account-section")
    shot(tablet, "folder-bank-account-recorded")

    # The payments read model has the whole number, for the bank file only.
    accounts, _ = server.system.read_models.payment_recipients({UUID(folder.id)})
    assert accounts[(UUID(folder.id), UUID(folder.head_id))] == IBAN.replace(" ", "")
