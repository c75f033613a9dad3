"""Undue benefits, summonses and health contributions over HTTP, on both stores: a permanent
allowance paid → the reclaim decided (never above what was paid) with its PDF → repayments
and a write-off (never above what is owed) → the balance in the folder's and the manager's
lists; a summons with its PDF; the month's health contributions and their CSV; bad input
answered with codes and nothing written; other roles refused."""

from __future__ import annotations

import csv
import io
import time
from datetime import timedelta
from decimal import Decimal
from uuid import UUID

from projections import tracking
from tests.api import expect
from tests.api.care_givens import post
from tests.api.test_benefits import TODAY
from tests.api.test_payments import LISTS, granted
from tests.support.builders import new_id
from tests.support.pdf import pdf_text


def _paid_permanent_allowance(api, payment_date=TODAY):
    case, _ = granted(api, "permanent_allowance", ["640.00"], "370.00")
    with api.client("manager") as manager:
        built = post(manager, LISTS, {"payment_date": payment_date.isoformat()})
        approved = post(manager, f"{LISTS}/{payment_date}/approval",
                        {"expected_version": built["version"]})
    return case, approved


def _reclaim(case, amount: str, version: int, **extra) -> dict:
    body = {"command_id": new_id(), "expected_version": version, "reclaim_id": new_id(),
            "on": TODAY.isoformat(), "amount": amount, "basis": "change_not_reported",
            "period_from": TODAY.isoformat(), "period_to": TODAY.isoformat(),
            "instalments": [{"due_on": (TODAY + timedelta(days=30)).isoformat(),
                             "amount": amount}],
            "reason": "Strona podjęła zatrudnienie i nie poinformowała ośrodka.",
            "signatory": "z up. Prezydenta Wrocławia, Jan Dec"}
    return body | extra


def _version(api, case) -> int:
    return api.system.app.repository.get(UUID(case.proceeding_id)).version


def test_a_reclaim_is_decided_repaid_written_off_and_shown(api):
    case, _ = _paid_permanent_allowance(api)
    proceeding = f"/api/proceedings/{case.proceeding_id}"
    version = _version(api, case)

    with api.client("decision_maker") as dm, expect.nothing_written(api):
        above = dm.post(f"{proceeding}/reclaims", json=_reclaim(case, "370.01", version))
        bad_terms = dm.post(f"{proceeding}/reclaims", json=_reclaim(
            case, "370.00", version, instalments=[{"due_on": TODAY.isoformat(),
                                                   "amount": "100.00"}]))
    expect.refused(above, 409, "reclaim.amount_above_paid")
    expect.refused(bad_terms, 422, "reclaim.terms_invalid")
    with api.client("worker") as worker, expect.nothing_written(api):
        not_hers = worker.post(f"{proceeding}/reclaims", json=_reclaim(case, "10.00", version))
    expect.refused(not_hers, 403, "auth.forbidden")

    body = _reclaim(case, "370.00", version, instalments=[
        {"due_on": (TODAY + timedelta(days=30)).isoformat(), "amount": "200.00"},
        {"due_on": (TODAY + timedelta(days=60)).isoformat(), "amount": "170.00"}])
    reclaim_id = body["reclaim_id"]
    with api.client("decision_maker") as dm:
        decided = post(dm, f"{proceeding}/reclaims", body)
        view = dm.get(f"/api/folders/{case.folder_id}",
                      params={"after": decided["position"]}).json()
    documents = [e for e in view["timeline"] if e["kind"] == "document_issued"
                 and e["details"]["kind"] == "reclaim"]
    assert [e["kind"] for e in view["timeline"] if e["kind"] == "reclaim_decided"]
    assert len(documents) == 1
    with api.client("decision_maker") as dm:
        pdf = dm.get(f"{proceeding}/documents/{documents[0]['details']['document_id']}")
    assert pdf.status_code == 200, pdf.text
    text = pdf_text(pdf.content)
    for part in ("DECYZJA", "art. 98 ust. 1", "art. 104", "370,00 zł", "nienależnie pobrane",
                 "Samorządowego Kolegium Odwoławczego", "Jan Dec", "rata 2: 170,00 zł"):
        assert part in text, part

    reclaims = f"{proceeding}/reclaims/{reclaim_id}"
    with api.client("manager") as manager, expect.nothing_written(api):
        too_much = manager.post(f"{reclaims}/repayments", json={
            "command_id": new_id(), "expected_version": decided["version"],
            "on": TODAY.isoformat(), "amount": "370.01", "method": "cash"})
        unknown = manager.post(f"{proceeding}/reclaims/{new_id()}/repayments", json={
            "command_id": new_id(), "expected_version": decided["version"],
            "on": TODAY.isoformat(), "amount": "1.00", "method": "cash"})
    expect.refused(too_much, 409, "reclaim.repayment_above_outstanding")
    expect.refused(unknown, 404, "reclaim.not_found")
    with api.client("caregiver") as caregiver, expect.nothing_written(api):
        refused = caregiver.post(f"{reclaims}/repayments", json={
            "command_id": new_id(), "expected_version": decided["version"],
            "on": TODAY.isoformat(), "amount": "1.00", "method": "cash"})
        refused_list = caregiver.get("/api/receivables")
    expect.refused(refused, 403, "auth.forbidden")
    expect.refused(refused_list, 403, "auth.forbidden")

    with api.client("manager") as manager:
        repaid = post(manager, f"{reclaims}/repayments", {
            "expected_version": decided["version"], "on": TODAY.isoformat(),
            "amount": "100.00", "method": "transfer"})
    with api.client("decision_maker") as dm:
        over = dm.post(f"{reclaims}/write-off", json={
            "command_id": new_id(), "expected_version": repaid["version"],
            "on": TODAY.isoformat(), "kind": "write_off", "amount": "270.01",
            "reason": "Trudna sytuacja zdrowotna."})
        written = post(dm, f"{reclaims}/write-off", {
            "expected_version": repaid["version"], "on": TODAY.isoformat(),
            "kind": "write_off", "amount": "70.00", "reason": "Trudna sytuacja zdrowotna."})
    expect.refused(over, 409, "reclaim.write_off_above_outstanding")

    with api.client("worker") as worker:
        mine = worker.get(f"/api/folders/{case.folder_id}/receivables",
                          params={"after": written["position"]})
    with api.client("manager") as manager:
        listed = manager.get("/api/receivables", params={"after": written["position"]})
    assert mine.status_code == 200, mine.text
    [owed] = mine.json()
    assert (Decimal(owed["amount"]), Decimal(owed["repaid"]), Decimal(owed["written_off"]),
            Decimal(owed["outstanding"])) == (Decimal("370"), Decimal("100"), Decimal("70"),
                                              Decimal("200"))
    assert [e["kind"] for e in owed["entries"]] == ["repayment", "write_off"]
    assert owed["proceeding_version"] == written["version"]
    assert reclaim_id in {row["reclaim_id"] for row in listed.json()}

    # the payments read model rebuilt from the log shows the same receivable
    generation = api.system.rebuild("payments")
    deadline = time.monotonic() + 30
    while True:
        with api.system.engine.connect() as conn:
            now = tracking.active_generation(conn, "payments")
        if now.generation == generation:
            break
        assert time.monotonic() < deadline, "payments did not rebuild"
        time.sleep(0.05)
    with api.client("worker") as worker:
        again = worker.get(f"/api/folders/{case.folder_id}/receivables",
                           params={"after": written["position"]})
    assert again.json() == mine.json()


def test_a_summons_gives_seven_days_and_is_a_document(api):
    case, _ = granted(api, "permanent_allowance", ["640.00"], "370.00")
    proceeding = f"/api/proceedings/{case.proceeding_id}"
    version = _version(api, case)
    body = {"command_id": new_id(), "expected_version": version, "on": TODAY.isoformat(),
            "purpose": "supply_document", "subject": "zaświadczenie z urzędu pracy",
            "due_on": (TODAY + timedelta(days=6)).isoformat()}
    with api.client("decision_maker") as dm, expect.nothing_written(api):
        short = dm.post(f"{proceeding}/summons", json=body)
        no_place = dm.post(f"{proceeding}/summons", json=body | {
            "purpose": "appear", "due_on": (TODAY + timedelta(days=10)).isoformat()})
    expect.refused(short, 422, "summons.term_too_short")
    expect.refused(no_place, 422, "summons.invalid")
    with api.client("caregiver") as caregiver, expect.nothing_written(api):
        expect.refused(caregiver.post(f"{proceeding}/summons", json=body), 403,
                       "auth.forbidden")

    with api.client("decision_maker") as dm:
        issued = post(dm, f"{proceeding}/summons",
                      body | {"due_on": (TODAY + timedelta(days=14)).isoformat()})
        view = dm.get(f"/api/folders/{case.folder_id}",
                      params={"after": issued["position"]}).json()
        [doc] = [e for e in view["timeline"] if e["kind"] == "document_issued"
                 and e["details"]["kind"] == "summons"]
        pdf = dm.get(f"{proceeding}/documents/{doc['details']['document_id']}")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    for part in ("WEZWANIE", "art. 50 § 1", "art. 64 § 2", "zaświadczenie z urzędu pracy",
                 (TODAY + timedelta(days=14)).strftime("%d.%m.%Y")):
        assert part in text, part
    assert any(e["kind"] == "summons_issued" for e in view["timeline"])

    # the social worker of the folder's team may summon too; another team's does not see it
    later = {"command_id": new_id(), "expected_version": issued["version"],
             "on": TODAY.isoformat(), "purpose": "appear", "subject": "rozmowa",
             "place": "ZTPS-1, pokój 12", "due_on": (TODAY + timedelta(days=7)).isoformat()}
    with api.client("worker_other_team") as other, expect.nothing_written(api):
        hidden = other.post(f"{proceeding}/summons", json=later)
        not_hers = other.get(f"/api/folders/{case.folder_id}/receivables")
    expect.refused(hidden, 404, "proceeding.not_found")
    expect.refused(not_hers, 404, "case_folder.not_found")
    with api.client("worker") as worker:
        post(worker, f"{proceeding}/summons", later)


def test_the_months_health_contributions_are_nine_percent_of_what_was_paid(api):
    if not _has_list(api):  # the module's list for today pays a permanent allowance
        _paid_permanent_allowance(api)
    month = f"{TODAY.year}/{TODAY.month}"
    with api.client("manager") as manager:
        answer = manager.get(f"/api/payments/contributions/{month}",
                             params={"after": api.system.app.head_position()})
        as_csv = manager.get(f"/api/payments/contributions/{month}/file.csv")
        bad = manager.get("/api/payments/contributions/2026/13")
    with api.client("decision_maker") as dm:
        refused = dm.get(f"/api/payments/contributions/{month}")
    assert answer.status_code == 200, answer.text
    got = answer.json()
    assert Decimal(got["rate"]) == Decimal("0.09")
    assert got["lines"], got
    for line in got["lines"]:
        assert Decimal(line["contribution"]) == (Decimal(line["basis"]) * Decimal("0.09")
                                                 ).quantize(Decimal("0.01"))
    assert Decimal(got["total"]) == sum(Decimal(line["contribution"]) for line in got["lines"])
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Imię i nazwisko" and "Składka zdrowotna (zł)" in rows[0]
    assert rows[-1][0] == "Razem"
    expect.refused(bad, 422, "date.out_of_range")
    expect.refused(refused, 403, "auth.forbidden")


def _has_list(api) -> bool:
    with api.client("manager") as manager:
        return manager.get(f"{LISTS}/{TODAY}").status_code == 200


def test_a_reversed_payment_can_be_neither_reclaimed_nor_counted_for_contributions(api):
    """Payment list → BenefitPaid → reversal: what was reversed was not paid, so it cannot be
    reclaimed (409, nothing written) and is not in the month's contribution basis."""
    if not _has_list(api):
        _paid_permanent_allowance(api)
    case, _ = granted(api, "permanent_allowance", ["640.00"], "370.00")
    payment_date = TODAY + timedelta(days=1)
    with api.client("manager") as manager:
        built = post(manager, LISTS, {"payment_date": payment_date.isoformat()})
        approved = post(manager, f"{LISTS}/{payment_date}/approval",
                        {"expected_version": built["version"]})
        shown = manager.get(f"{LISTS}/{payment_date}",
                            params={"after": approved["position"]}).json()
        line = next(x for x in shown["lines"] if x["folder_id"] == case.folder_id)
        month = f"{payment_date.year}/{payment_date.month}"
        before = manager.get(f"/api/payments/contributions/{month}",
                             params={"after": approved["position"]}).json()
        reversed_ = post(manager, f"{LISTS}/{payment_date}/reversals", {
            "expected_version": shown["version"], "instalment_id": line["instalment_id"],
            "reason": "Zwrot z banku.", "reversed_on": payment_date.isoformat()})
        after = manager.get(f"/api/payments/contributions/{month}",
                            params={"after": reversed_["position"]}).json()
    people = {x["person_id"] for x in before["lines"]}
    assert case.members[0] in people
    assert case.members[0] not in {x["person_id"] for x in after["lines"]}
    assert Decimal(before["total_basis"]) - Decimal(after["total_basis"]) == Decimal("370.00")

    with api.client("decision_maker") as dm, expect.nothing_written(api):
        refused = dm.post(f"/api/proceedings/{case.proceeding_id}/reclaims",
                          json=_reclaim(case, "0.01", _version(api, case)))
    expect.refused(refused, 409, "reclaim.amount_above_paid")


def test_the_decision_maker_reads_a_final_case_while_its_reclaim_is_owed(api):
    # its own payment date: the module's server keeps the other tests' lists
    case, _ = _paid_permanent_allowance(api, TODAY + timedelta(days=2))
    proceeding = f"/api/proceedings/{case.proceeding_id}"
    with api.client("decision_maker") as dm:
        final = post(dm, f"{proceeding}/appeal-waiver",
                     {"expected_version": _version(api, case), "on": TODAY.isoformat()})
        closed = dm.get(f"/api/folders/{case.folder_id}", params={"after": final["position"]})
    # a final decision, nothing owed: the folder is out of the decision maker's sight
    expect.refused(closed, 404, "case_folder.not_found")

    body = _reclaim(case, "370.00", final["version"])
    with api.client("decision_maker") as dm:
        decided = post(dm, f"{proceeding}/reclaims", body)
        view = dm.get(f"/api/folders/{case.folder_id}", params={"after": decided["position"]})
        assert view.status_code == 200, view.text
        [doc] = [e for e in view.json()["timeline"] if e["kind"] == "document_issued"
                 and e["details"]["kind"] == "reclaim"]
        pdf = dm.get(f"{proceeding}/documents/{doc['details']['document_id']}")
    assert pdf.status_code == 200, pdf.text

    with api.client("manager") as manager:
        settled = post(manager, f"{proceeding}/reclaims/{body['reclaim_id']}/repayments", {
            "expected_version": decided["version"], "on": TODAY.isoformat(),
            "amount": "370.00", "method": "transfer"})
    with api.client("decision_maker") as dm:
        after = dm.get(f"/api/folders/{case.folder_id}", params={"after": settled["position"]})
    expect.refused(after, 404, "case_folder.not_found")
