"""A manager compiles, reviews, submits, verifies and exports the MRPiPS-03 return over HTTP;
bad requests are refused in Polish and English and change nothing."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from openpyxl import load_workbook

from domain.mrpips03 import DECISION_FORMS, REASON_CODES
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
