"""Payments over HTTP, on both stores: the list for a date → approved → BenefitPaid → the
bank file (pain.001 parsed back, and CSV) → the same file again → a reversal; a decision
revoked meanwhile drops out; bad input answered with codes and nothing written."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from tests.api import expect
from tests.api.care_givens import post
from tests.api.test_benefits import TODAY, Case, applied, decision
from tests.support.builders import bank_account_body, new_id

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
IBAN = "PL61109010140000071219812874"
LISTS = "/api/payments/lists"


def granted(api, form: str, incomes: list[str], amount: str, justification: str = "",
            extra_members: int = 0, **cash) -> tuple[Case, dict]:
    """A granting cash decision, delivered today (payable before it is final: art. 130 § 4
    KPA, domain/payments.py)."""
    case = applied(api, form, incomes=incomes, extra_members=extra_members)
    body = decision(case, amount, justification)
    body["cash"] |= cash
    with api.client("decision_maker") as http:
        issued = post(http, f"/api/proceedings/{case.proceeding_id}/decision", body)
        delivered = post(http, f"/api/proceedings/{case.proceeding_id}/delivery",
                         {"expected_version": issued["version"], "on": TODAY.isoformat()})
    case.version = delivered["version"]
    return case, delivered


def test_a_list_is_built_approved_paid_once_filed_and_reversed(api):
    paid_case, _ = granted(api, "permanent_allowance", ["640.00"], "370.00")
    with api.client("worker") as worker:
        recorded = post(worker, f"/api/folders/{paid_case.folder_id}/bank-accounts",
                        bank_account_body(_folder_version(api, paid_case), paid_case.members[0]))
        folder = worker.get(f"/api/folders/{paid_case.folder_id}",
                            params={"after": recorded["position"]}).json()
    # the folder shows the account's last four digits only (the number stays sealed)
    shown_account = [e["details"] for e in folder["timeline"]
                     if e["kind"] == "bank_account_recorded"]
    assert shown_account == [{"member_id": paid_case.members[0], "account": "PL •••• 2874"}]
    assert IBAN not in str(folder)
    revoked_case, last = granted(
        api, "periodic_allowance", ["646.00", "0.00"], "600.00", "Część potrzeb pokrywa "
        "zasiłek celowy.", extra_members=1,
        period_to=(TODAY + timedelta(days=80)).isoformat(), installments=3)

    with api.client("manager") as manager:
        due = manager.get("/api/payments/due", params={"payment_date": TODAY.isoformat(),
                                                       "after": last["position"]})
        assert due.status_code == 200, due.text
        mine = {line["case_reference"] for line in due.json()["lines"]}
        built = post(manager, LISTS, {"payment_date": TODAY.isoformat()})
        shown = manager.get(f"{LISTS}/{TODAY}", params={"after": built["position"]}).json()
        before_approval = manager.get(f"{LISTS}/{TODAY}/file.xml",
                                      params={"after": built["position"]})

    lines = {line["decision_id"]: line for line in shown["lines"]}
    assert len(mine) >= 2 and shown["status"] == "built"
    assert all(line["status"] == "listed" for line in shown["lines"])
    expect.refused(before_approval, 409, "payment.file_before_approval")

    # the periodic allowance is revoked after the list was built: its line drops out
    with api.client("decision_maker") as http:
        post(http, f"/api/proceedings/{revoked_case.proceeding_id}/revocation", {
            "expected_version": revoked_case.version, "revoked_on": TODAY.isoformat(),
            "reason": "Podjęcie zatrudnienia."})

    with api.client("manager") as manager:
        approval = {"command_id": new_id(), "expected_version": shown["version"]}
        approved = manager.post(f"{LISTS}/{TODAY}/approval", json=approval)
        assert approved.status_code == 201, approved.text
        retried = manager.post(f"{LISTS}/{TODAY}/approval", json=approval)
        after = approved.json()["position"]
        shown = manager.get(f"{LISTS}/{TODAY}", params={"after": after}).json()
        first = manager.get(f"{LISTS}/{TODAY}/file.xml", params={"after": after})
        again = manager.get(f"{LISTS}/{TODAY}/file.xml", params={"after": after})
        as_csv = manager.get(f"{LISTS}/{TODAY}/file.csv", params={"after": after})
        decision_maker_reads = None
    with api.client("decision_maker") as http:
        decision_maker_reads = http.get(f"{LISTS}/{TODAY}", params={"after": after})

    assert retried.status_code == 200 and retried.json()["duplicate"] is True
    with api.client("manager") as manager:  # approving again, as a new command: pays nothing
        again_approved = manager.post(f"{LISTS}/{TODAY}/approval", json={
            "command_id": new_id(), "expected_version": shown["version"]})
    assert again_approved.status_code in (200, 201), again_approved.text
    assert again_approved.json()["version"] == shown["version"]
    events = list(api.system.app.repository.event_store.get(UUID(shown["list_id"])))
    paid = [e for e in events if type(e).__name__ == "BenefitPaid"]
    assert len(paid) == len([line for line in shown["lines"] if line["status"] == "paid"])
    assert len({e.instalment_id for e in paid}) == len(paid)  # each instalment once
    lines = {line["decision_id"]: line for line in shown["lines"]}
    paid_line = next(line for line in shown["lines"]
                     if line["case_reference"] == _reference(api, paid_case))
    dropped_line = next(line for line in shown["lines"]
                        if line["case_reference"] == _reference(api, revoked_case))
    assert (paid_line["status"], paid_line["method"], paid_line["amount"]) == (
        "paid", "transfer", "370.00")
    assert dropped_line["status"] == "dropped"
    assert all(line["decision_id"] in lines for line in shown["lines"])
    assert decision_maker_reads.status_code == 200

    # the bank file: the same bytes twice, its counts and sums right, our transfer in it
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    root = ET.fromstring(first.content)
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    transactions = root.findall("p:CstmrCdtTrfInitn/p:PmtInf/p:CdtTrfTxInf", NS)
    assert int(header.findtext("p:NbOfTxs", namespaces=NS)) == len(transactions)
    assert Decimal(header.findtext("p:CtrlSum", namespaces=NS)) == sum(
        Decimal(t.findtext("p:Amt/p:InstdAmt", namespaces=NS)) for t in transactions)
    ours = [t for t in transactions
            if t.findtext("p:PmtId/p:EndToEndId", namespaces=NS)
            == UUID(paid_line["instalment_id"]).hex]
    assert len(ours) == 1
    assert ours[0].findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS) == IBAN
    assert ours[0].findtext("p:Cdtr/p:Nm", namespaces=NS).strip()
    assert _reference(api, paid_case) in ours[0].findtext("p:RmtInf/p:Ustrd", namespaces=NS)
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert {r["end_to_end_id"] for r in rows} >= {UUID(paid_line["instalment_id"]).hex}
    # each download was logged (it holds names and accounts)
    assert len(_file_downloads(api)) >= 3
    assert len([e for e in api.system.app.repository.event_store.get(
        UUID(shown["list_id"])) if type(e).__name__ == "BenefitPaid"]) == len(paid)

    # a reversal: an event with its reason; the instalment is due again
    with api.client("manager") as manager:
        reversed_ = post(manager, f"{LISTS}/{TODAY}/reversals", {
            "expected_version": shown["version"], "instalment_id": paid_line["instalment_id"],
            "reason": "Zwrot z banku: rachunek zamknięty.", "reversed_on": TODAY.isoformat()})
        due_again = manager.get("/api/payments/due", params={
            "payment_date": TODAY.isoformat(), "after": reversed_["position"]}).json()
    events = list(api.system.app.repository.event_store.get(UUID(shown["list_id"])))
    assert type(events[-1]).__name__ == "PaymentReversed"
    assert events[-1].reason == "Zwrot z banku: rachunek zamknięty."
    assert paid_line["instalment_id"] in {line["instalment_id"] for line in due_again["lines"]}
    assert dropped_line["instalment_id"] in {
        line["instalment_id"] for line in due_again["dropped"]}
    # the bank file is what was sent to the bank: asked again after the reversal, the same bytes
    with api.client("manager") as manager:
        after_reversal = manager.get(f"{LISTS}/{TODAY}/file.xml",
                                     params={"after": reversed_["position"]})
    assert after_reversal.status_code == 200, after_reversal.text
    assert after_reversal.content == first.content


def _folder_version(api, case: Case) -> int:
    return api.system.app.repository.get(UUID(case.folder_id)).version


def _reference(api, case: Case) -> str:
    return api.system.app.repository.get(UUID(case.proceeding_id)).case_reference


def _file_downloads(api) -> list:
    """The access-log entries of bank file downloads, as stored."""
    notifications = api.system.app.recorder.select_notifications(start=1, limit=1_000_000)
    return [n for n in notifications
            if n.topic.endswith("PersonalDataListed") and b"payment_file" in n.state]


def test_bad_input_is_refused_with_codes_and_nothing_written(api):
    case = applied(api, "permanent_allowance", incomes=["640.00"])
    with api.client("worker") as worker, expect.nothing_written(api):
        bad_iban = worker.post(f"/api/folders/{case.folder_id}/bank-accounts",
                               json=bank_account_body(case.folder_version, case.members[0],
                                                      iban="PL61109010140000071219812875"))
    with api.client("manager") as manager, expect.nothing_written(api):
        nothing_due = manager.post(LISTS, json={"command_id": new_id(),
                                                "payment_date": "2001-01-01"})
        no_list = manager.get(f"{LISTS}/2001-01-02")
        no_reason = manager.post(f"{LISTS}/{date(2001, 1, 2)}/reversals", json={
            "command_id": new_id(), "expected_version": 1, "instalment_id": new_id(),
            "reason": "x" * 501, "reversed_on": TODAY.isoformat()})
    with api.client("decision_maker") as http, expect.nothing_written(api):
        not_hers = http.post(LISTS, json={"command_id": new_id(),
                                          "payment_date": TODAY.isoformat()})

    expect.refused(bad_iban, 422, "bank_account.invalid_iban")
    expect.refused(nothing_due, 409, "payment.list_empty")
    expect.refused(no_list, 404, "payment.list_not_found")
    expect.refused(no_reason, 422, "request.invalid")
    expect.refused(not_hers, 403, "auth.forbidden")
