"""The provider's order follows the client's folder after the decision (issue #20 part 5),
over HTTP on both stores: the worker's changes reach the coordinator's open stream with what
changed since she last looked, only as far as the provider may know them, until she
acknowledges them (an event); the caregiver's card follows the address."""

from __future__ import annotations

import json
from datetime import date, timedelta

from tests.api import expect
from tests.api.care_givens import care_terms, granted_order, post
from tests.api.test_care_chain import SseReader
from tests.support.builders import (
    MANDATORY_SECTIONS,
    address_body,
    member_body,
    new_id,
    valid_pesel,
)

START = date.today() - timedelta(days=10)
TODAY = date.today().isoformat()
HEALTH = "Po pobycie w szpitalu: insulina rano i wieczorem."
SECRET = "Dochód z pracy dorywczej, długi"  # interview text the provider must never see


def folder_version(api, folder_id: str, after: int) -> int:
    with api.client("worker") as worker:
        return worker.get(f"/api/folders/{folder_id}", params={"after": after}).json()["version"]


def test_the_workers_changes_reach_the_coordinators_stream_until_she_acknowledges_them(api):
    care = granted_order(api, START)
    stream = SseReader(api, "coordinator")
    try:
        with api.client("worker") as worker:
            v = folder_version(api, care.folder_id, care.order_position)
            child = member_body("child", first_name="Jan",
                                pesel=valid_pesel(date(2015, 5, 5)), birth_date="2015-05-05")
            v = post(worker, f"/api/folders/{care.folder_id}/members",
                     {"expected_version": v, "member": child, "joined_on": TODAY})["version"]
            moved = post(worker, f"/api/folders/{care.folder_id}/address", {
                "expected_version": v, "changed_on": TODAY,
                "address": address_body(street="Kasprowicza", building="7", flat=None,
                                        postal_code="51-137", teryt="0264049")})
            pushed = stream.next_for(care.order_id,
                                     address_line="Kasprowicza 7, 51-137 Wrocław")
            interview = new_id()
            v = post(worker, f"/api/folders/{care.folder_id}/interviews/{interview}/conducted", {
                "expected_version": moved["version"], "conducted_on": TODAY,
                "sections": MANDATORY_SECTIONS | {"C": SECRET}})["version"]
            v = post(worker, f"/api/folders/{care.folder_id}/interviews/{interview}/updates", {
                "expected_version": v, "updated_on": TODAY,
                "sections": {"I": SECRET}})["version"]
            v = post(worker, f"/api/folders/{care.folder_id}/members/{child['member_id']}/death",
                     {"expected_version": v, "died_on": TODAY})["version"]
            died = post(worker, f"/api/folders/{care.folder_id}/care-notes", {
                "expected_version": v, "health_notes": HEALTH, "access_notes": "Klucz u sąsiadki."})
        assert [c["kind"] for c in pushed["folder_changes"]] == ["member_joined", "address"]
        assert pushed["folder_changes"][0]["detail"] == {"relation": "child",
                                                         "age": _age(date(2015, 5, 5))}
        assert pushed["folder_changes"][1]["detail"]["before"] == "Legnicka 12/3, 54-203 Wrocław"

        with api.client("coordinator") as coordinator:
            order = coordinator.get(f"/api/handoff/orders/{care.order_id}",
                                    params={"after": died["position"]}).json()
        kinds = [c["kind"] for c in order["folder_changes"]]
        assert kinds == ["member_joined", "address", "interview_conducted",
                         "interview_updated", "member_died", "care_notes"]
        assert (order["health_notes"], order["access_notes"]) == (HEALTH, "Klucz u sąsiadki.")
        # The provider learns that the interview changed, never what it says; nor names.
        assert SECRET not in json.dumps(order) and "Jan" not in json.dumps(order)
        with api.client("caregiver") as caregiver:
            card = caregiver.get("/api/caregiver/visits", params={"after": died["position"]})
        assert {(v["address_line"], v["health_notes"]) for v in card.json()} == {
            ("Kasprowicza 7, 51-137 Wrocław", HEALTH)}

        with api.client("coordinator") as coordinator:
            seen = post(coordinator, f"/api/handoff/orders/{care.order_id}/folder-changes-seen",
                        {"expected_version": order["version"], "up_to": order["position"]})
            acknowledged = coordinator.get(f"/api/handoff/orders/{care.order_id}",
                                           params={"after": seen["position"]}).json()
            assert acknowledged["folder_changes"] == []
            assert acknowledged["seen_up_to"] == order["position"]
            with expect.nothing_written(api):
                expect.refused(coordinator.post(
                    f"/api/handoff/orders/{care.order_id}/folder-changes-seen",
                    json={"command_id": new_id(), "expected_version": seen["version"],
                          "up_to": order["position"]}), 409, "order.folder_changes_already_seen")
                expect.refused(coordinator.post(
                    f"/api/handoff/orders/{care.order_id}/folder-changes-seen",
                    json={"command_id": new_id(), "expected_version": seen["version"],
                          "up_to": seen["position"] + 1000}), 422, "order.invalid_seen_position")
                expect.refused(coordinator.post(
                    f"/api/handoff/orders/{care.order_id}/folder-changes-seen",
                    json={"command_id": new_id(), "expected_version": seen["version"],
                          "up_to": 0}), 422, "request.invalid")
        for who in ("worker", "caregiver", "manager"):
            with api.client(who) as http, expect.nothing_written(api):
                expect.refused(http.post(
                    f"/api/handoff/orders/{care.order_id}/folder-changes-seen",
                    json={"command_id": new_id(), "expected_version": seen["version"],
                          "up_to": seen["position"]}), 403, "auth.forbidden")
    finally:
        stream.close()


def test_an_amended_decision_and_the_clients_death_are_changes_of_the_order(api):
    care = granted_order(api, START)
    with api.client("decision_maker") as decider:
        amended = post(decider, f"/api/proceedings/{care.proceeding_id}/amendment", {
            "expected_version": care.proceeding_version, "amended_on": TODAY,
            "reason": "Więcej godzin", "care": care_terms(START, hours_per_week="8.00")})
    with api.client("worker") as worker:
        v = folder_version(api, care.folder_id, amended["position"])
        spouse = member_body("spouse", first_name="Adam")
        v = post(worker, f"/api/folders/{care.folder_id}/members",
                 {"expected_version": v, "member": spouse, "joined_on": TODAY})["version"]
        # The client was the head: her death names the new one.
        died = post(worker, f"/api/folders/{care.folder_id}/members/{care.person_id}/death", {
            "expected_version": v, "died_on": TODAY, "new_head_id": spouse["member_id"]})
    with api.client("coordinator") as coordinator:
        order = coordinator.get(f"/api/handoff/orders/{care.order_id}",
                                params={"after": died["position"]}).json()
    changes = [(c["kind"], c["detail"]) for c in order["folder_changes"]]
    assert changes[0] == ("decision_amended", {"hours_per_week": "8.00",
                                               "period_to": care_terms(START)["period_to"]})
    assert changes[-1] == ("client_died", {})


def _age(born: date) -> int:
    today = date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def test_the_orders_changes_and_covers_are_rebuilt_from_the_log_as_they_were(api):
    expect.rebuilds_the_same(api, "handoff_queue")
