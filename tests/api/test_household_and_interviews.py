"""Issue #17 over HTTP, on both stores: the household as dated facts, homeless people,
interviews made for their proceeding, permanent help that ends, field dates not ahead."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from tests.api import expect
from tests.api.care_givens import granted_order, post
from tests.support.builders import (
    add_member_body,
    address_body,
    income_body,
    interview_body,
    member_body,
    new_id,
    open_folder_body,
    visit_body,
)

_numbers = itertools.count(17_000)
TODAY = date.today()
OPENED = TODAY - timedelta(days=60)


def _folder(worker, **overrides: Any) -> tuple[str, dict, int]:
    body = open_folder_body(opened_on=OPENED.isoformat(), **overrides)
    opened = post(worker, "/api/folders", body)
    return body["folder_id"], body["head"], opened["version"]


def _view(worker, folder_id: str, after: int) -> dict:
    answer = worker.get(f"/api/folders/{folder_id}", params={"after": after})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_member_leaves_and_the_household_shrinks_from_that_day(api):
    with api.client("worker") as worker:
        folder_id, _, v = _folder(worker)
        child = member_body("child", first_name="Ola")
        joined = post(worker, f"/api/folders/{folder_id}/members", add_member_body(
            v, member=child, joined_on=(OPENED - timedelta(days=100)).isoformat()))
        assert _view(worker, folder_id, joined["position"])["household_size"] == 2
        left_on = TODAY - timedelta(days=7)
        left = post(worker, f"/api/folders/{folder_id}/members/{child['member_id']}/departure",
                    {"expected_version": joined["version"], "left_on": left_on.isoformat(),
                     "reason": "Wyprowadzka do internatu"})
        view = _view(worker, folder_id, left["position"])

    assert view["household_size"] == 1
    ola = next(m for m in view["members"] if m["member_id"] == child["member_id"])
    assert (ola["joined_on"], ola["left_on"], ola["end_kind"], ola["end_reason"]) == (
        (OPENED - timedelta(days=100)).isoformat(), left_on.isoformat(), "left",
        "Wyprowadzka do internatu")
    entry = next(e for e in view["timeline"] if e["kind"] == "member_left")
    assert entry["on_date"] == left_on.isoformat()
    kinds = [type(e).__name__ for e in api.system.app.events.get(UUID(folder_id))]
    assert kinds[-2:] == ["MemberJoined", "MemberLeft"]


def test_a_mistyped_leaving_day_is_corrected_and_the_household_counts_by_it(api):
    with api.client("worker") as worker:
        folder_id, _, v = _folder(worker)
        child = member_body("child", first_name="Ola")
        v = post(worker, f"/api/folders/{folder_id}/members", add_member_body(
            v, member=child, joined_on=OPENED.isoformat()))["version"]
        v = post(worker, f"/api/folders/{folder_id}/members/{child['member_id']}/departure", {
            "expected_version": v, "left_on": TODAY.isoformat(), "reason": "Wyprowadzka"})[
            "version"]
        path = f"/api/folders/{folder_id}/members/{child['member_id']}/membership-corrections"
        with expect.nothing_written(api):
            same = worker.post(path, json={"command_id": new_id(), "expected_version": v,
                                           "ended_on": TODAY.isoformat()})
        expect.refused(same, 409, "case_folder.nothing_to_correct")
        corrected = post(worker, path, {
            "expected_version": v, "ended_on": (TODAY - timedelta(days=20)).isoformat()})
        view = _view(worker, folder_id, corrected["position"])
    ola = next(m for m in view["members"] if m["member_id"] == child["member_id"])
    assert ola["left_on"] == (TODAY - timedelta(days=20)).isoformat()
    assert view["household_size"] == 1


def test_the_head_cannot_leave_without_a_new_head_and_dates_are_checked(api):
    with api.client("worker") as worker:
        folder_id, head, v = _folder(worker)
        spouse = member_body("spouse", first_name="Zenon")
        v = post(worker, f"/api/folders/{folder_id}/members", add_member_body(
            v, member=spouse, joined_on=(TODAY - timedelta(days=30)).isoformat()))["version"]
        departure = f"/api/folders/{folder_id}/members/{head['member_id']}/departure"
        with expect.nothing_written(api):
            alone = worker.post(departure, json={
                "command_id": new_id(), "expected_version": v,
                "left_on": TODAY.isoformat(), "reason": "DPS"})
            ahead = worker.post(f"/api/folders/{folder_id}/members/{spouse['member_id']}/death",
                                json={"command_id": new_id(), "expected_version": v,
                                      "died_on": (TODAY + timedelta(days=1)).isoformat()})
            early = worker.post(f"/api/folders/{folder_id}/members/{spouse['member_id']}/death",
                                json={"command_id": new_id(), "expected_version": v,
                                      "died_on": (TODAY - timedelta(days=31)).isoformat()})
        expect.refused(alone, 409, "case_folder.head_must_be_replaced")
        assert "głowy" in alone.json()["error"]["message"]["pl"]
        expect.refused(ahead, 422, "date.in_future")
        expect.refused(early, 422, "case_folder.member_date_before_joined")

        done = post(worker, departure, {
            "expected_version": v, "left_on": TODAY.isoformat(), "reason": "DPS",
            "new_head_id": spouse["member_id"], "previous_head_relation": "spouse"})
        view = _view(worker, folder_id, done["position"])
    assert view["head_name"] == f"Zenon {spouse['last_name']}"
    assert view["household_size"] == 1


def test_a_homeless_persons_folder_opens_with_a_meeting_place(api):
    homeless = {"city": "Wrocław", "teryt": "0264011", "no_fixed_address": True,
                "meeting_place": "Noclegownia, ul. Bogedaina 5"}
    with api.client("worker") as worker:
        with expect.nothing_written(api):
            without_place = worker.post("/api/folders", json=open_folder_body(
                address={"city": "Wrocław", "teryt": "0264011", "no_fixed_address": True}))
            with_street = worker.post("/api/folders", json=open_folder_body(
                address=address_body(no_fixed_address=True, meeting_place="dworzec")))
            no_street = worker.post("/api/folders", json=open_folder_body(
                address={"city": "Wrocław", "teryt": "0264011", "building": "1",
                         "postal_code": "50-001"}))
        expect.refused(without_place, 422, "address.meeting_place_required")
        expect.refused(with_street, 422, "address.no_fixed_address_has_no_street")
        expect.refused(no_street, 422, "address.missing_field")

        folder_id, _, v = _folder(worker, address=homeless)
        view = _view(worker, folder_id, post(worker, f"/api/folders/{folder_id}/visits",
                                              visit_body(v))["position"])
    assert view["address"]["no_fixed_address"] is True
    assert view["address"]["meeting_place"] == "Noclegownia, ul. Bogedaina 5"
    assert view["address"]["street"] is None
    assert view["address_line"] == "Noclegownia, ul. Bogedaina 5 (Wrocław)"


def test_a_visit_dated_a_year_ahead_is_refused(api):
    with api.client("worker") as worker:
        folder_id, _, v = _folder(worker)
        with expect.nothing_written(api):
            answer = worker.post(f"/api/folders/{folder_id}/visits", json=visit_body(
                v, visit={"visited_on": (TODAY + timedelta(days=365)).isoformat()}))
    error = expect.refused(answer, 422, "date.in_future")
    assert error["details"]["field"] == "visited_on"


def _proceeding(worker, folder_id: str, person_id: str, form: str, filed_on: date) -> dict:
    proceeding_id = new_id()
    filed = post(worker, f"/api/folders/{folder_id}/proceedings", {
        "proceeding_id": proceeding_id, "person_id": person_id, "form": form,
        "applicant": "person", "on": filed_on.isoformat(),
        "case_reference": f"ZTPS1.8210.{next(_numbers)}.2026"})
    return {"id": proceeding_id, "version": filed["version"]}


def _decision(proceeding: dict, outcome: str = "grant", **more: Any) -> dict:
    return {"expected_version": proceeding["version"], "decision_id": new_id(),
            "outcome": outcome, "reasons": ["1"], "legal_basis": "art. 37",
            "signatory": "z up. Prezydenta Wrocławia, Jan Dec",
            "issued_on": TODAY.isoformat()} | more


CASH = {"amount": "500.00", "period_from": TODAY.isoformat(), "installments": 1}
# A permanent allowance is the single criterion (1010 zł) less the income (issue #18): this
# income of the month before the application makes CASH's 500 zł the computed amount.
INCOME_FOR_CASH = "510.00"


def _declare_income(worker, folder_id: str, version: int, member_id: str,
                    filed_on: date) -> int:
    """The member's income of the month before the application (art. 8 ust. 3)."""
    month = (filed_on.replace(day=1) - timedelta(days=1)).replace(day=1)
    return post(worker, f"/api/folders/{folder_id}/incomes", income_body(
        version, member_id, month=month.isoformat(), net_income=INCOME_FOR_CASH))["version"]


def test_an_interview_from_before_the_application_does_not_support_the_decision(api):
    with api.client("worker") as worker:
        folder_id, head, v = _folder(worker)
        interview_id = new_id()
        v = post(worker, f"/api/folders/{folder_id}/interviews/{interview_id}/conducted",
                 interview_body(v, conducted_on=(OPENED + timedelta(days=1)).isoformat()))[
            "version"]
        filed_on = TODAY - timedelta(days=10)
        proceeding = _proceeding(worker, folder_id, head["member_id"], "permanent_allowance",
                                 filed_on)
    # No income is entered yet: the interview rule (art. 106 ust. 4) speaks before the
    # amount's rules (benefit.income_missing).
    with api.client("decision_maker") as decider, expect.nothing_written(api):
        answer = decider.post(f"/api/proceedings/{proceeding['id']}/decision",
                              json={"command_id": new_id(), **_decision(proceeding, cash=CASH)})
        wrong_refusal = decider.post(
            f"/api/proceedings/{proceeding['id']}/decision",
            json={"command_id": new_id(), **_decision(proceeding, cash=CASH,
                                                      interview_refused=True)})
    error = expect.refused(answer, 409, "decision.interview_for_proceeding_required")
    assert "art. 106" in error["message"]["pl"]
    expect.refused(wrong_refusal, 422, "decision.interview_refusal_only_refuses")

    # An update made for this application supports it (with the income the amount needs).
    with api.client("worker") as worker:
        v = post(worker, f"/api/folders/{folder_id}/interviews/{interview_id}/updates", {
            "expected_version": v, "updated_on": (TODAY - timedelta(days=2)).isoformat(),
            "sections": {"I": "Bez zmian."}})["version"]
        _declare_income(worker, folder_id, v, head["member_id"], filed_on)
    with api.client("decision_maker") as decider:
        post(decider, f"/api/proceedings/{proceeding['id']}/decision",
             _decision(proceeding, cash=CASH))


def test_a_refusal_because_the_person_refused_the_interview_needs_none(api):
    with api.client("worker") as worker:
        folder_id, head, _ = _folder(worker)
        proceeding = _proceeding(worker, folder_id, head["member_id"], "periodic_allowance",
                                 TODAY - timedelta(days=3))
    with api.client("decision_maker") as decider:
        post(decider, f"/api/proceedings/{proceeding['id']}/decision",
             _decision(proceeding, "refuse", reasons=[], interview_refused=True,
                       legal_basis="art. 107 ust. 4a"))


def test_permanent_help_ends_with_its_revoked_decision_and_no_update_falls_due(api):
    with api.client("worker") as worker:
        folder_id, head, v = _folder(worker)
        proceeding = _proceeding(worker, folder_id, head["member_id"], "permanent_allowance",
                                 OPENED)
        v = post(worker, f"/api/folders/{folder_id}/interviews/{new_id()}/conducted",
                 interview_body(v, conducted_on=OPENED.isoformat()))["version"]
        _declare_income(worker, folder_id, v, head["member_id"], OPENED)
    with api.client("decision_maker") as decider:
        decided = post(decider, f"/api/proceedings/{proceeding['id']}/decision",
                       _decision(proceeding, cash=CASH | {"period_from": OPENED.isoformat()},
                                 issued_on=OPENED.isoformat()))
    with api.client("worker") as worker:
        on_help = _view(worker, folder_id, decided["position"])
    assert on_help["permanent_help"] is True
    assert on_help["interview"]["update_due_on"] is not None
    with api.client("decision_maker") as decider:
        revoked = post(decider, f"/api/proceedings/{proceeding['id']}/revocation", {
            "expected_version": decided["version"], "revoked_on": TODAY.isoformat(),
            "reason": "Podjęcie pracy"})
    with api.client("worker") as worker:
        ended = _view(worker, folder_id, revoked["position"])
    assert ended["permanent_help"] is False
    assert ended["permanent_help_until"] == (TODAY - timedelta(days=1)).isoformat()
    # The update would fall due six months after the interview: after the help ended.
    assert ended["interview"]["update_due_on"] is None
    assert ended["interview"]["overdue"] is False


def test_a_check_out_too_short_for_the_tasks_ticked_is_accepted_and_flagged(api):
    care = granted_order(api, TODAY - timedelta(days=10))
    started = datetime.now(UTC) - timedelta(minutes=6)
    with api.client("caregiver") as caregiver:
        visit_id = new_id()
        v = post(caregiver, f"/api/caregiver/orders/{care.order_id}/visits", {
            "expected_version": care.order_version, "visit_id": visit_id,
            "started_at": started.isoformat()})["version"]
        done = post(caregiver, f"/api/caregiver/orders/{care.order_id}/visits/{visit_id}/"
                    "completion", {"expected_version": v,
                                   "ended_at": (started + timedelta(minutes=3)).isoformat(),
                                   "tasks_done": ["personal_hygiene", "meals"]})
    with api.client("coordinator") as coordinator:
        month = coordinator.get(
            f"/api/handoff/orders/{care.order_id}/months/{started.year}/{started.month}",
            params={"after": done["position"]}).json()
    visit = next(v for v in month["visits"] if v["visit_id"] == visit_id)
    assert "implausibly_short" in visit["flags"]
    assert month["flagged_visits"] >= 1


def test_the_interview_has_the_persons_statement_and_the_asset_declaration(api):
    with api.client("worker") as worker:
        folder_id, _, v = _folder(worker)
        statement = {"text": "Oświadczam, że podane dane są prawdziwe.",
                     "signed_on": TODAY.isoformat(), "refused_to_sign": False}
        assets = {"real_estate": "mieszkanie 38 m², Legnicka 12/3", "movable_property": "",
                  "savings": "1 200 zł", "other": "", "declared_on": TODAY.isoformat()}
        with expect.nothing_written(api):
            early = worker.post(
                f"/api/folders/{folder_id}/interviews/{new_id()}/conducted",
                json=interview_body(v, statement=statement | {
                    "signed_on": (TODAY - timedelta(days=1)).isoformat()}))
        expect.refused(early, 422, "interview.invalid_part")
        done = post(worker, f"/api/folders/{folder_id}/interviews/{new_id()}/conducted",
                    interview_body(v, statement=statement, assets=assets))
        view = _view(worker, folder_id, done["position"])
    [interview] = view["interviews"]
    assert interview["statement"] == statement
    assert interview["assets"] == assets
