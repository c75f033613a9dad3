"""A manager compiles, reviews, submits, verifies and exports the MRPiPS-03 return over HTTP;
bad requests are refused in Polish and English and change nothing."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from domain.mrpips03 import DECISION_FORMS, REASON_CODES, ReturnPeriod, content_hash
from domain.mrpips03_rows import in_layout
from domain.statistical_return import StatisticalReturn
from services.commands import CommandContext
from tests.api import expect
from tests.support.municipality import build_municipality, expected_h1_2026

H1 = "/api/returns/2026/H1"


@pytest.fixture(scope="module")
def town(api):
    return build_municipality(api.system.app)


@pytest.fixture(scope="module")
def submitted(api, town):
    """The first half of 2026, compiled, reviewed and submitted by the manager."""
    head = api.system.app.head_position()
    with api.client("manager") as http:
        shown = http.get(H1, params={"after": head})
        assert shown.status_code == 200, shown.text
        compiled = http.post(f"{H1}/compilation", json={"command_id": str(uuid.uuid4())})
        assert compiled.status_code == 201, compiled.text
        draft = compiled.json()
        done = http.post(f"{H1}/submission", json={
            "command_id": str(uuid.uuid4()), "expected_version": draft["version"],
            "content_hash": draft["compiled"]["content_hash"]})
        assert done.status_code == 201, done.text
        return draft | {"submitted_version": done.json()["version"],
                        "after": done.json()["position"]}


def test_the_submitted_return_holds_the_figures_counted_by_hand(api, submitted):
    with api.client("manager") as http:
        shown = http.get(H1, params={"after": submitted["after"]}).json()
    expected = expected_h1_2026(DECISION_FORMS, REASON_CODES)
    assert shown["submitted"]["figures"] == expected
    assert shown["submitted"]["content_hash"] == submitted["compiled"]["content_hash"]
    assert shown["live"]["figures"] == expected
    assert shown["differences_since_submission"] == []
    assert shown["submitted"]["as_of"].endswith(("+00:00", "Z"))  # always with its zone


def test_the_verification_recounts_the_submitted_return_from_the_events(api, submitted):
    with api.client("manager") as http:
        answer = http.get(f"{H1}/verification")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["equal"] is True
    assert body["recounted_hash"] == submitted["compiled"]["content_hash"]
    assert body["events_read"] > 0


def test_exports_lay_the_return_out_like_the_form(api, submitted):
    with api.client("manager") as http:
        as_csv = http.get(f"{H1}/export.csv")
        as_xlsx = http.get(f"{H1}/export.xlsx")
        as_html = http.get(f"{H1}/export.html")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    periodic = next(r for r in rows if r and r[0].startswith("Zasiłek okresowy")
                    and r[1].startswith("zadania własne"))
    assert periodic[2:] == ["1", "3", "1500.00", "1", "3"]
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    care = next(r for r in sheet.iter_rows(values_only=True)
                if r[0] == "Usługi opiekuńcze / Care services" and r[1].startswith("zadania w"))
    assert care[2:7] == (1, 18, 540, 1, 2)
    page = as_html.text
    assert as_html.headers["content-type"].startswith("text/html")
    assert "Dział 2. Powody przyznania pomocy" in page and page.count("<svg") == 3
    assert "Kowalska" not in page and "Kowalska" not in as_csv.text


def test_a_stale_review_or_a_bad_period_is_refused_and_changes_nothing(api, submitted):
    with api.client("manager") as http, expect.nothing_written(api):
        expect.refused(http.post(f"{H1}/submission", json={
            "command_id": str(uuid.uuid4()), "expected_version": submitted["submitted_version"],
            "content_hash": "a" * 64}), 409, "return.reviewed_figures_changed")
        expect.refused(http.post(f"{H1}/submission", json={
            "command_id": str(uuid.uuid4()), "expected_version": submitted["submitted_version"],
            "content_hash": submitted["compiled"]["content_hash"]}),
            409, "return.already_submitted")
        expect.refused(http.get("/api/returns/2026/H2"), 422, "request.invalid")
        expect.refused(http.get("/api/returns/1999/Y"), 422, "request.invalid")
        expect.refused(http.get("/api/returns/2025/Y/verification"), 404, "return.not_found")


def test_a_social_worker_signs_and_closes_a_social_contract(api, town):
    household = town.households["A"]
    contract_id = str(uuid.uuid4())
    with api.client("worker") as http:
        signed = http.post(f"/api/folders/{household.folder_id}/social-contracts", json={
            "command_id": str(uuid.uuid4()), "contract_id": contract_id,
            "member_id": str(household.members[0]), "signed_on": "2026-09-01",
            "ends_on": "2026-12-31", "goals": "Udział w zajęciach CIS"})
        assert signed.status_code == 201, signed.text
        with expect.nothing_written(api):
            expect.refused(http.post(f"/api/social-contracts/{contract_id}/closure", json={
                "command_id": str(uuid.uuid4()), "expected_version": 1,
                "closed_on": "2026-08-01", "outcome": "achieved"}),
                422, "social_contract.closed_before_signing")
        closed = http.post(f"/api/social-contracts/{contract_id}/closure", json={
            "command_id": str(uuid.uuid4()), "expected_version": 1,
            "closed_on": "2026-11-20", "outcome": "partly_achieved"})
        assert closed.status_code == 201, closed.text
        view = http.get(f"/api/folders/{household.folder_id}",
                        params={"after": closed.json()["position"]}).json()
    kinds = [entry["kind"] for entry in view["timeline"]]
    assert kinds.count("social_contract_signed") == kinds.count("social_contract_closed") == 1
    with api.client("worker_other_team") as other:
        expect.refused(other.post(f"/api/social-contracts/{contract_id}/closure", json={
            "command_id": str(uuid.uuid4()), "expected_version": 2,
            "closed_on": "2026-11-21", "outcome": "broken"}), 404, "social_contract.not_found")


def test_the_gus_exports_give_every_figure_as_a_variable_and_parse(api, submitted):
    with api.client("manager") as http:
        as_csv = http.get(f"{H1}/export.gus.csv")
        as_xml = http.get(f"{H1}/export.gus.xml")
        shown = http.get(H1, params={"after": submitted["after"]}).json()["submitted"]
    assert as_csv.status_code == 200 and as_xml.status_code == 200, as_xml.text
    lines = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["#MRPiPS-03", "2026-H1", "2026", shown["content_hash"]]
    from_csv = {row[0]: row[5] for row in lines[2:]}
    root = ElementTree.fromstring(as_xml.content)
    from_xml = {v.get("name"): v.text for v in root.iter("variable")}
    assert root.get("layout") == "2026" and root.get("content_hash") == shown["content_hash"]
    assert from_csv == from_xml
    figures = shown["figures"]
    # The totals of the return, read back from its variables.
    assert from_csv["D1_total_OS"] == str(figures["benefits"]["total"]["persons"]) == "4"
    assert from_csv["D1_periodic_allowance_W_KW"] == "1500.00"
    assert from_csv["D1_permanent_allowance_in_family_W_OS"] == "1"
    assert from_csv["D1_health_contributions_W_KW"] == "189.00"
    assert from_csv["D1_cash_total_W_KW"] == "3900.00"
    assert from_csv["D5_all_RO"] == "2"
    amounts = sum(Decimal(v) for k, v in from_csv.items()
                  if k.endswith("_KW") and k.split("_W_")[0][3:] in DECISION_FORMS)
    assert amounts == sum(Decimal(c["own"]["amount"]) + Decimal(c["commissioned"]["amount"])
                          for form, c in figures["benefits"].items() if form in DECISION_FORMS)
    assert len(from_csv) == len(lines) - 2  # every variable named once


def old_layout_return(api, period: ReturnPeriod) -> dict:
    """A return compiled and submitted before layout "2026": its figures have only the rows of
    the old layout, its events no layout."""
    live = api.system.returns.live(period, after=api.system.app.head_position())
    old = in_layout(live.figures, "2025")
    statistical_return = StatisticalReturn.open(period)
    statistical_return._return_compiled(figures=old, content_hash=content_hash(old),
                                        position=live.position, as_of=live.as_of)
    statistical_return._return_submitted(revision=1, figures=old, content_hash=content_hash(old),
                                         position=live.position, as_of=live.as_of,
                                         submitted_on=date(2026, 2, 1))
    ctx = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.uuid4(), role="manager",
                         unit="MOPS")
    recorded = api.system.app.save_stamped(ctx, statistical_return)
    return {"figures": old, "after": recorded[-1].notification.id}


def test_a_return_submitted_in_the_old_layout_stays_readable_exportable_and_verifiable(
        api, submitted):
    period = ReturnPeriod(2025, "Y")
    old = old_layout_return(api, period)
    with api.client("manager") as http:
        shown = http.get("/api/returns/2025/Y", params={"after": old["after"]}).json()
        as_csv = http.get("/api/returns/2025/Y/export.csv")
        as_gus = http.get("/api/returns/2025/Y/export.gus.xml")
        verified = http.get("/api/returns/2025/Y/verification").json()
    assert shown["submitted"]["layout"] == "2025" and shown["live"]["layout"] == "2026"
    assert shown["submitted"]["figures"] == old["figures"]
    assert "permanent_allowance_single" not in shown["submitted"]["figures"]["benefits"]
    # Compared on its own rows: the rows it never had are no difference.
    assert shown["differences_since_submission"] == []
    text = as_csv.content.decode("utf-8-sig")
    assert "Zasiłek okresowy / Periodic allowance" in text
    assert "w tym:" not in text and "Dział 5." not in text
    assert "Układ formularza / Form layout,2025" in text
    names = {v.get("name") for v in ElementTree.fromstring(as_gus.content).iter("variable")}
    assert "D1_periodic_allowance_W_OS" in names
    assert not {n for n in names if n.startswith("D5_") or "_single_" in n}
    assert verified["equal"] is True, verified["differences"]
