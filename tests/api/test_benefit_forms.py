"""The remaining forms' money over HTTP (issue #18): the typed amounts of art. 40, 44 and 48
(no income test, a justification), meals' and shelter's days × unit cost, a DPS fee split
(art. 61) and the regulation's fee share of specialist care for mental disorders; each refused
with its code and nothing written when it breaks its rule (docs/benefits.md)."""

from __future__ import annotations

import contextlib
import uuid
from datetime import timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from services.commands import AggregateExistsError, CommandContext
from services.providers.commands import RegisterProvider
from tests.api import expect
from tests.api.care_givens import care_terms, post
from tests.api.test_benefits import TODAY, Case, applied
from tests.support.builders import new_id
from tests.support.pdf import pdf_text


def grant(case: Case, **terms) -> dict:
    return {"command_id": new_id(), "expected_version": case.version, "decision_id": new_id(),
            "outcome": "grant", "reasons": ["14"], "legal_basis": "art. 106",
            "signatory": "z up. Prezydenta Wrocławia, Jan Dec", "issued_on": TODAY.isoformat(),
            **terms}


def calculator(api, case: Case) -> dict:
    with api.client("decision_maker") as http:
        answer = http.get(f"/api/proceedings/{case.proceeding_id}/benefit-calculation",
                          params={"after": case.position})
    assert answer.status_code == 200, answer.text
    return answer.json()


def stored(api, case: Case):
    return api.system.app.repository.get(UUID(case.proceeding_id)).decision


def document_text(api, case: Case, position: int) -> str:
    """The text of the decision's PDF, as the decision maker downloads it."""
    [document] = api.system.app.repository.get(UUID(case.proceeding_id)).documents.values()
    with api.client("decision_maker") as http:
        answer = http.get(f"/api/proceedings/{case.proceeding_id}/documents/"
                          f"{document.document_id}", params={"after": position})
    assert answer.status_code == 200, answer.text
    return pdf_text(answer.content)


# -- art. 40, 44, 48: typed, no income test, always justified ------------------------------

@pytest.mark.parametrize("form", ["natural_disaster_allowance", "funeral", "clothing"])
def test_a_typed_form_is_granted_without_income_with_a_justification(api, form):
    case = applied(api, form, incomes=None)  # no income entered: none is needed
    cash = {"amount": "2500.00", "period_from": TODAY.isoformat()}
    path = f"/api/proceedings/{case.proceeding_id}/decision"

    shown = calculator(api, case)
    with api.client("decision_maker") as http:
        with expect.nothing_written(api):
            unjustified = http.post(path, json=grant(case, cash=cash))
        post(http, path, grant(case, cash=cash,
                               amount_justification="Zalane mieszkanie: meble i pościel."))

    assert shown["applies"] is True and shown["income_test"] is False
    assert shown["problem"] is None and shown["maximum"] is None and shown["minimum"] == "0.01"
    expect.refused(unjustified, 422, "benefit.justification_required")
    assert stored(api, case).cash.amount == Decimal("2500.00")


# -- meals and shelter: days × unit cost -----------------------------------------------------

def days(count: int, unit: str, amount: str) -> dict:
    return {"days": count, "unit_cost": unit, "amount": amount,
            "period_from": TODAY.isoformat(),
            "period_to": (TODAY + timedelta(days=count - 1)).isoformat()}


def test_a_meal_decision_states_days_times_the_unit_cost(api):
    case = applied(api, "meal", incomes=None)

    with api.client("decision_maker") as http:
        issued = post(http, f"/api/proceedings/{case.proceeding_id}/decision",
                      grant(case, days=days(30, "12.50", "375.00")))
        shown = http.get(f"/api/proceedings/{case.proceeding_id}",
                         params={"after": issued["position"]}).json()

    assert shown["outcome"] == "grant"
    terms = stored(api, case).days
    assert (terms.days, terms.unit_cost, terms.amount) == (30, Decimal("12.50"),
                                                            Decimal("375.00"))
    text = document_text(api, case, issued["position"])
    assert "koszt jednostkowy 12,50 zł, łącznie 375,00 zł" in text


@pytest.mark.parametrize(("terms", "code"), [
    ({"days": days(30, "12.50", "400.00")}, "benefit.amount_not_as_computed"),
    ({"days": days(30, "612.50", "18375.00")}, "benefit.invalid_unit_cost"),
    ({"days": days(30, "0.00", "0.01")}, "benefit.invalid_unit_cost"),
    ({"days": days(2000, "1.00", "2000.00")}, "benefit.invalid_days"),
    ({}, "decision.days_terms_required"),
    ({"cash": {"amount": "375.00", "period_from": TODAY.isoformat()}},
     "decision.terms_not_applicable"),
])
def test_a_wrong_shelter_decision_is_refused_and_nothing_written(api, terms, code):
    case = applied(api, "shelter", incomes=None)

    with api.client("decision_maker") as http, expect.nothing_written(api):
        answer = http.post(f"/api/proceedings/{case.proceeding_id}/decision",
                           json=grant(case, **terms))

    expect.refused(answer, 422, code)


def test_days_terms_do_not_fit_a_cash_form(api):
    case = applied(api, "purpose_allowance", incomes=["100.00"])

    with api.client("decision_maker") as http, expect.nothing_written(api):
        answer = http.post(f"/api/proceedings/{case.proceeding_id}/decision", json=grant(
            case, days=days(3, "10.00", "30.00"),
            cash={"amount": "30.00", "period_from": TODAY.isoformat()},
            amount_justification="Posiłki"))

    expect.refused(answer, 422, "decision.terms_not_applicable")


# -- a residential care home's fee split (art. 61) -------------------------------------------

@pytest.fixture(scope="module")
def dps_provider(api) -> str:
    ctx = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.uuid4(), role="admin",
                         unit="IT")
    with contextlib.suppress(AggregateExistsError):
        api.system.app.handle(ctx, RegisterProvider(
            provider_id="DPS-1", provider_name="Dom Pomocy Społecznej nr 1",
            address="ul. Szczęśliwa 1, 50-001 Wrocław", services=("residential_care_home",),
            capacity=160))
    return "DPS-1"


def dps_fee(**overrides) -> dict:
    # 70% of 2,000 = 1,400; 7,000 − 1,400 − 1,000 = 4,600
    return {"resident_income": "2000.00", "home_cost": "7000.00",
            "family": [{"name": "Anna Nowak", "relationship": "córka", "amount": "600.00",
                        "basis": "agreement"},
                       {"name": "Piotr Nowak", "relationship": "syn", "amount": "400.00",
                        "basis": "decision"}],
            "resident": "1400.00", "municipality": "4600.00"} | overrides


def dps_care(provider: str) -> dict:
    return care_terms(TODAY + timedelta(days=7), provider_id=provider,
                      place="Dom Pomocy Społecznej nr 1")


def test_a_dps_decision_states_the_fee_split(api, dps_provider):
    case = applied(api, "residential_care_home", incomes=None)

    with api.client("decision_maker") as http:
        issued = post(http, f"/api/proceedings/{case.proceeding_id}/decision",
                      grant(case, care=dps_care(dps_provider), dps_fee=dps_fee()))

    text = document_text(api, case, issued["position"])
    assert "mieszkaniec 1 400,00 zł" in text and "gmina 4 600,00 zł" in text
    assert "Anna Nowak (córka) 600,00 zł (umowa)" in text
    fee = stored(api, case).dps_fee
    assert (fee.resident, fee.family_total, fee.municipality) == (
        Decimal("1400.00"), Decimal("1000.00"), Decimal("4600.00"))
    assert [p.relationship for p in fee.family] == ["córka", "syn"]


def test_the_family_payers_names_are_sealed_in_the_log(api, dps_provider):
    case = applied(api, "residential_care_home", incomes=None)

    with api.client("decision_maker") as http:
        post(http, f"/api/proceedings/{case.proceeding_id}/decision",
             grant(case, care=dps_care(dps_provider), dps_fee=dps_fee()))

    recorder = api.system.app.recorder
    stored_events = recorder.select_events(UUID(case.proceeding_id))
    issued = [e for e in stored_events if e.topic.endswith("DecisionIssued")]
    assert issued and b"art. 106" in issued[0].state  # the event's plain fields read as such
    assert b"Nowak" not in issued[0].state and "córka".encode() not in issued[0].state


@pytest.mark.parametrize(("overrides", "code"), [
    ({"resident": "1500.00", "municipality": "4500.00"}, "benefit.amount_not_as_computed"),
    ({"municipality": "5000.00"}, "benefit.amount_not_as_computed"),
    ({"family": [{"name": "Anna Nowak", "relationship": "córka", "amount": "5600.01",
                  "basis": "agreement"}], "municipality": "0.00"},
     "benefit.dps_family_above_remainder"),
    ({"family": [{"name": "Anna Nowak", "relationship": "córka", "amount": "100.00",
                  "basis": "promise"}]}, "request.invalid"),
    ({"home_cost": "60000.00"}, "benefit.invalid_dps_fee"),
])
def test_a_wrong_dps_fee_split_is_refused_and_nothing_written(api, dps_provider, overrides,
                                                              code):
    case = applied(api, "residential_care_home", incomes=None)

    with api.client("decision_maker") as http, expect.nothing_written(api):
        answer = http.post(f"/api/proceedings/{case.proceeding_id}/decision", json=grant(
            case, care=dps_care(dps_provider), dps_fee=dps_fee(**overrides)))

    expect.refused(answer, 422, code)


# -- specialist care for mental disorders: the 2005 regulation's fee table ------------------

def test_the_mental_care_fee_share_is_the_regulations(api):
    # single, 1,212 zł: 120% of 1,010 → over 100% up to 132.5% → 1.5% of the hourly cost
    case = applied(api, "specialist_care_services_mental", incomes=["1212.00"])
    path = f"/api/proceedings/{case.proceeding_id}/decision"
    terms = care_terms(TODAY + timedelta(days=7), fee_share_percent="10.00")

    shown = calculator(api, case)
    with api.client("decision_maker") as http:
        with expect.nothing_written(api):
            typed = http.post(path, json=grant(case, care=terms))
        post(http, path, grant(case, care=terms | {"fee_share_percent": "1.50"}))

    assert shown["fee_share_percent"] == "1.5" or Decimal(shown["fee_share_percent"]) == Decimal(
        "1.5")
    assert shown["percent_of_criterion"] == "120.00"
    assert {"key": "percent_of_criterion", "expression": "1212.00 / 1010.00 = 120.00%"} in \
        shown["working"]
    assert shown["fee_table_verified"] is False
    error = expect.refused(typed, 422, "benefit.fee_share_not_as_computed")
    assert Decimal(error["details"]["computed"]) == Decimal("1.5")
    assert stored(api, case).care.fee_share_percent == Decimal("1.50")


def test_an_amendment_of_mental_care_keeps_the_regulations_fee_share(api):
    case = applied(api, "specialist_care_services_mental", incomes=["1212.00"])
    terms = care_terms(TODAY + timedelta(days=7), fee_share_percent="1.50")
    with api.client("decision_maker") as http:
        issued = post(http, f"/api/proceedings/{case.proceeding_id}/decision",
                      grant(case, care=terms))
    path = f"/api/proceedings/{case.proceeding_id}/amendment"
    more_hours = terms | {"hours_per_day": "3.00", "hours_per_week": "15.00"}

    def amendment(care: dict) -> dict:
        return {"command_id": new_id(), "expected_version": issued["version"],
                "amended_on": TODAY.isoformat(), "reason": "Więcej godzin.", "care": care}

    with api.client("decision_maker") as http:
        with expect.nothing_written(api):
            typed = http.post(path, json=amendment(more_hours | {"fee_share_percent": "0.00"}))
        post(http, path, amendment(more_hours))

    expect.refused(typed, 422, "benefit.fee_share_not_as_computed")
    assert stored(api, case).care.hours_per_day == Decimal(3)


def test_mental_care_without_the_households_income_is_refused(api):
    case = applied(api, "specialist_care_services_mental", incomes=None)

    with api.client("decision_maker") as http, expect.nothing_written(api):
        answer = http.post(f"/api/proceedings/{case.proceeding_id}/decision", json=grant(
            case, care=care_terms(TODAY + timedelta(days=7))))

    expect.refused(answer, 422, "benefit.income_missing")
