"""The coordinator picks a caregiver from a list of the provider's caregivers, not by id."""

from __future__ import annotations

from datetime import date

from tests.api import expect, given
from tests.api.care_givens import granted_order, post
from tests.api.conftest import PASSWORD
from tests.support.builders import new_id


def _account(api, display_name: str, role: str, unit: str) -> dict:
    """An account asked for by IT over HTTP and confirmed by a manager of the unit, as it
    would be; answers its id, version and position."""
    with api.client("admin") as admin:
        created = post(admin, "/api/admin/users", {
            "username": f"k{new_id()[:12]}", "display_name": display_name, "role": role,
            "unit": unit, "password": "haslo-startowe-1"})
    done = given.confirmed(api, created, unit, PASSWORD)
    return {"id": created["aggregate_id"], "version": done["version"],
            "position": done["position"]}


def _caregivers(api, after: int) -> list[dict]:
    with api.client("coordinator") as coordinator:
        answer = coordinator.get("/api/caregivers", params={"after": after})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_coordinator_sees_the_active_caregivers_of_their_own_provider_by_name(api):
    zofia = _account(api, "Zofia Opiekuńcza", "caregiver", "MCUS")
    elsewhere = _account(api, "Ewa Zinnego", "caregiver", "DPS-3")
    nurse_coordinator = _account(api, "Olga Koordynatorka", "mcus_coordinator", "MCUS")
    leaving = _account(api, "Irena Odchodząca", "caregiver", "MCUS")
    with api.client("admin") as admin:
        closed = post(admin, f"/api/admin/users/{leaving['id']}/deactivation",
                      {"expected_version": leaving["version"]})

    listed = _caregivers(api, closed["position"])

    assert all(set(row) == {"user_id", "name"} for row in listed)
    ids = [row["user_id"] for row in listed]
    assert zofia["id"] in ids
    assert api.user_ids["caregiver"] in ids  # the module's caregiver of MCUS
    assert {elsewhere["id"], nurse_coordinator["id"], leaving["id"]} & set(ids) == set()
    assert {"user_id": zofia["id"], "name": "Zofia Opiekuńcza"} in listed
    names = [row["name"] for row in listed]
    assert names == sorted(names)


def test_a_caregiver_picked_from_the_list_can_be_assigned_to_an_order(api):
    care = granted_order(api, date.today(), scheduled=False)
    picked = next(row for row in _caregivers(api, 0)
                  if row["user_id"] == api.user_ids["caregiver"])
    with api.client("coordinator") as coordinator:
        v = post(coordinator, f"/api/handoff/orders/{care.order_id}/acceptance",
                 {"expected_version": care.order_version,
                  "on": date.today().isoformat()})["version"]
        assigned = post(coordinator, f"/api/handoff/orders/{care.order_id}/caregiver",
                        {"expected_version": v, "caregiver_id": picked["user_id"]})
        order = coordinator.get(f"/api/handoff/orders/{care.order_id}",
                                params={"after": assigned["position"]}).json()

    assert order["caregiver_id"] == picked["user_id"]


def test_a_bad_position_is_refused_and_nothing_is_written(api):
    with api.client("coordinator") as coordinator, expect.nothing_written(api):
        answer = coordinator.get("/api/caregivers", params={"after": "-1"})

    error = expect.refused(answer, 422, "request.invalid")
    assert expect.names_field(error, "after")
