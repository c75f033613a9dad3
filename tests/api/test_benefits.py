"""Cash benefits within the law's rules over HTTP: the income entered on the folder, the
calculator the decision maker reads, and a decision refused (422, nothing written) when its
amount breaks a rule (domain/benefits.py, docs/benefits.md)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from tests.api import expect
from tests.api.care_givens import post
from tests.support.builders import (
    add_member_body,
    income_body,
    interview_body,
    new_id,
    open_folder_body,
)

TODAY = date.today()
LAST_MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
_numbers = itertools.count(700)


@dataclass
class Case:
    folder_id: str
    folder_version: int
    members: list[str]
    proceeding_id: str
    version: int
    position: int  # the application's, for reading it back (read-your-writes)


def applied(api, form: str, *, incomes: list[str] | None, extra_members: int = 0) -> Case:
    """A household with an interview, its members' incomes of last month (None: none
    entered) and an application filed today for `form`."""
    with api.client("worker") as worker:
        body = open_folder_body(opened_on=(TODAY - timedelta(days=20)).isoformat())
        folder = post(worker, "/api/folders", body)
        fid, v = folder["folder_id"], folder["version"]
        members = [body["head"]["member_id"]]
        for _ in range(extra_members):
            added = add_member_body(v)
            v = post(worker, f"/api/folders/{fid}/members", added)["version"]
            members.append(added["member"]["member_id"])
        v = post(worker, f"/api/folders/{fid}/interviews/{new_id()}/conducted",
                 interview_body(v, conducted_on=TODAY.isoformat()))["version"]
        for member_id, income in zip(members, incomes or [], strict=False):
            v = post(worker, f"/api/folders/{fid}/incomes",
                     income_body(v, member_id, net_income=income))["version"]
        proceeding_id = new_id()
        filed = post(worker, f"/api/folders/{fid}/proceedings", {
            "proceeding_id": proceeding_id, "person_id": members[0], "form": form,
            "applicant": "person", "on": TODAY.isoformat(),
            "case_reference": f"ZTPS1.8210.{next(_numbers)}.2026"})
    return Case(fid, v, members, proceeding_id, filed["version"], filed["position"])


def decision(case: Case, amount: str, justification: str = "") -> dict:
    return {"command_id": new_id(), "expected_version": case.version, "decision_id": new_id(),
            "outcome": "grant", "reasons": ["1"], "legal_basis": "art. 37 ust. 1",
            "signatory": "z up. Prezydenta Wrocławia, Jan Dec", "issued_on": TODAY.isoformat(),
            "cash": {"amount": amount, "period_from": TODAY.isoformat()},
            "amount_justification": justification}


def test_the_calculator_shows_the_permanent_allowance_and_its_working(api):
    case = applied(api, "permanent_allowance", incomes=["640.00"])

    with api.client("decision_maker") as http:
        answer = http.get(f"/api/proceedings/{case.proceeding_id}/benefit-calculation",
                          params={"after": case.position})

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["single"] is True and body["month"] == LAST_MONTH.isoformat()
    assert body["computed"] == body["suggested"] == "370.00"
    assert {"key": "gap", "expression": "1010.00 − 640.00 = 370.00"} in body["working"]


def test_a_computed_amount_is_granted_and_stored(api):
    case = applied(api, "permanent_allowance", incomes=["640.00"])

    with api.client("decision_maker") as http:
        issued = post(http, f"/api/proceedings/{case.proceeding_id}/decision",
                      decision(case, "370.00"))
        shown = http.get(f"/api/proceedings/{case.proceeding_id}",
                         params={"after": issued["position"]}).json()

    assert shown["outcome"] == "grant"
    stored = api.system.app.repository.get(UUID(case.proceeding_id)).decision
    assert stored.cash.amount == Decimal("370.00")


def test_a_5000_zl_permanent_allowance_is_refused_and_nothing_written(api):
    case = applied(api, "permanent_allowance", incomes=["640.00"])

    with api.client("decision_maker") as http, expect.nothing_written(api):
        answer = http.post(f"/api/proceedings/{case.proceeding_id}/decision",
                           json=decision(case, "5000.00"))

    error = expect.refused(answer, 422, "benefit.amount_above_maximum")
    assert error["details"]["maximum"] == "370.00"
    # The amount is checked after the domain issued the decision in memory: the refused
    # one left no trace in the cached proceeding, so the right amount is granted next.
    with api.client("decision_maker") as http:
        post(http, f"/api/proceedings/{case.proceeding_id}/decision", decision(case, "370.00"))


def test_a_cash_benefit_without_the_households_income_is_refused(api):
    case = applied(api, "periodic_allowance", incomes=["300.00"], extra_members=1)

    with api.client("decision_maker") as http, expect.nothing_written(api):
        answer = http.post(f"/api/proceedings/{case.proceeding_id}/decision",
                           json=decision(case, "300.00", "Potrzeba"))
        calculator = http.get(f"/api/proceedings/{case.proceeding_id}/benefit-calculation",
                          params={"after": case.position})

    error = expect.refused(answer, 422, "benefit.income_missing")
    assert error["details"]["members"] == [case.members[1]]
    assert calculator.json()["problem"] == "benefit.income_missing"
    assert calculator.json()["missing_members"] == [case.members[1]]


def test_a_periodic_allowance_below_its_maximum_needs_a_justification(api):
    # a family of two with 646 zł: 1,646 − 646 = 1,000 → 500 .. 1,000 zł
    case = applied(api, "periodic_allowance", incomes=["646.00", "0.00"], extra_members=1)
    path = f"/api/proceedings/{case.proceeding_id}/decision"

    with api.client("decision_maker") as http:
        with expect.nothing_written(api):
            unjustified = http.post(path, json=decision(case, "600.00"))
            too_little = http.post(path, json=decision(case, "499.99", "Mniej"))
        post(http, path, decision(case, "600.00", "Część potrzeb pokrywa zasiłek celowy."))

    events = api.system.app.repository.event_store.get(UUID(case.proceeding_id))
    issued = [e for e in events if type(e).__name__ == "DecisionIssued"]
    assert [e.amount_justification for e in issued] == ["Część potrzeb pokrywa zasiłek celowy."]
    expect.refused(unjustified, 422, "benefit.justification_required")
    expect.refused(too_little, 422, "benefit.amount_below_minimum")


def test_income_above_the_criterion_gets_no_periodic_allowance(api):
    case = applied(api, "periodic_allowance", incomes=["1200.00"])

    with api.client("decision_maker") as http, expect.nothing_written(api):
        answer = http.post(f"/api/proceedings/{case.proceeding_id}/decision",
                           json=decision(case, "100.00", "Potrzeba"))

    expect.refused(answer, 422, "benefit.income_above_criterion")


def test_an_income_for_someone_outside_the_household_is_refused(api):
    case = applied(api, "purpose_allowance", incomes=[])

    with api.client("worker") as http, expect.nothing_written(api):
        answer = http.post(f"/api/folders/{case.folder_id}/incomes",
                           json=income_body(case.folder_version, new_id()))
        negative = http.post(f"/api/folders/{case.folder_id}/incomes",
                             json=income_body(case.folder_version, case.members[0],
                                              net_income="-1.00"))

    expect.refused(answer, 404, "case_folder.member_not_found")
    assert negative.status_code == 422


# -- an amendment and the SKO's change are held to the same rule (issue #18 item 3) ------


def granted(api, form: str, incomes: list[str], amount: str, justification: str = "",
            extra_members: int = 0) -> Case:
    """A cash decision within the rule, issued today; `case.version` the proceeding's after."""
    case = applied(api, form, incomes=incomes, extra_members=extra_members)
    with api.client("decision_maker") as http:
        issued = post(http, f"/api/proceedings/{case.proceeding_id}/decision",
                      decision(case, amount, justification))
    case.version, case.position = issued["version"], issued["position"]
    return case


def cash(amount: str) -> dict:
    return {"amount": amount, "period_from": TODAY.isoformat()}


def amendment(case: Case, amount: str, reason: str = "Zmiana sytuacji rodziny.") -> dict:
    return {"command_id": new_id(), "expected_version": case.version,
            "amended_on": TODAY.isoformat(), "reason": reason, "cash": cash(amount)}


def test_an_amendment_to_5000_zl_is_refused_as_the_decision_would_be_and_nothing_written(api):
    case = granted(api, "permanent_allowance", ["640.00"], "370.00")
    path = f"/api/proceedings/{case.proceeding_id}/amendment"

    with api.client("decision_maker") as http, expect.nothing_written(api):
        too_much = http.post(path, json=amendment(case, "5000.00"))
        too_little = http.post(path, json=amendment(case, "300.00"))

    error = expect.refused(too_much, 422, "benefit.amount_above_maximum")
    assert error["details"]["maximum"] == "370.00"
    expect.refused(too_little, 422, "benefit.amount_not_as_computed")


def test_an_amendment_within_the_bounds_is_saved_its_reason_justifying_the_amount(api):
    # a family of two with 646 zł: 1,646 − 646 = 1,000 → 500 .. 1,000 zł
    case = granted(api, "periodic_allowance", ["646.00", "0.00"], "1000.00",
                   extra_members=1)
    path = f"/api/proceedings/{case.proceeding_id}/amendment"

    with api.client("decision_maker") as http:
        with expect.nothing_written(api):
            below = http.post(path, json=amendment(case, "499.99"))
            above = http.post(path, json=amendment(case, "1000.01"))
        post(http, path, amendment(case, "600.00", "Część potrzeb pokrywa zasiłek celowy."))

    expect.refused(below, 422, "benefit.amount_below_minimum")
    expect.refused(above, 422, "benefit.amount_above_maximum")
    stored = api.system.app.repository.get(UUID(case.proceeding_id)).decision
    assert stored.cash.amount == Decimal("600.00")


def test_the_skos_change_of_a_cash_amount_is_held_to_the_rule(api):
    case = granted(api, "periodic_allowance", ["646.00", "0.00"], "600.00", "Część potrzeb.",
                   extra_members=1)
    path = f"/api/proceedings/{case.proceeding_id}"

    with api.client("decision_maker") as http:
        v = post(http, f"{path}/delivery",
                 {"expected_version": case.version, "on": TODAY.isoformat()})["version"]
        v = post(http, f"{path}/appeal",
                 {"expected_version": v, "on": TODAY.isoformat()})["version"]
        ruling = {"expected_version": v, "on": TODAY.isoformat(),
                  "reason": "SKO: zasiłek w pełnej wysokości luki dochodowej."}
        with expect.nothing_written(api):
            refused = http.post(f"{path}/appeal-change",
                                json={"command_id": new_id(), **ruling, "cash": cash("1500.00")})
        post(http, f"{path}/appeal-change", ruling | {"cash": cash("1000.00")})

    error = expect.refused(refused, 422, "benefit.amount_above_maximum")
    assert error["details"]["maximum"] == "1000.00"
    stored = api.system.app.repository.get(UUID(case.proceeding_id)).decision
    assert stored.cash.amount == Decimal("1000.00")


def test_a_care_proceeding_shows_the_households_income_against_the_criterion(api):
    # a family of two with 1,000 zł: 500 zł per person, within 823 zł per person
    case = applied(api, "care_services", incomes=["1000.00", "0.00"], extra_members=1)
    missing = applied(api, "care_services", incomes=["1000.00"], extra_members=1)

    with api.client("decision_maker") as http:
        known = http.get(f"/api/proceedings/{case.proceeding_id}/benefit-calculation",
                         params={"after": case.position}).json()
        unknown = http.get(f"/api/proceedings/{missing.proceeding_id}/benefit-calculation",
                           params={"after": missing.position}).json()

    assert (known["applies"], known["problem"]) == (False, None)
    assert (known["members"], known["total_income"], known["income_per_person"]) == (
        2, "1000.00", "500.00")
    assert (known["income_criterion"], known["within_criterion"]) == ("823.00", True)
    assert (unknown["applies"], unknown["problem"]) == (False, None)
    assert unknown["missing_members"] == [missing.members[1]]
    assert unknown["income_per_person"] is None


def test_a_single_persons_income_is_held_against_the_single_criterion(api):
    case = applied(api, "periodic_allowance", incomes=["1200.00"])

    with api.client("decision_maker") as http:
        shown = http.get(f"/api/proceedings/{case.proceeding_id}/benefit-calculation",
                         params={"after": case.position}).json()

    assert shown["problem"] == "benefit.income_above_criterion"
    assert (shown["single"], shown["income_per_person"]) == (True, "1200.00")
    assert (shown["income_criterion"], shown["within_criterion"]) == ("1010.00", False)
