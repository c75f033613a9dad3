"""Two people for powerful changes, over HTTP on both stores: an admin asks for an account or
a role that reads case content, a manager of that unit confirms or refuses it."""

from __future__ import annotations

import uuid

import httpx

from tests.api import expect, given
from tests.api.conftest import PASSWORD
from tests.support.builders import new_id

START_PASSWORD = "haslo-startowe-1"


def login(api, username: str, password: str = START_PASSWORD) -> httpx.Response:
    return httpx.post(f"{api.base_url}/api/auth/login",
                      json={"username": username, "password": password})


def manager_of(api, unit: str) -> httpx.Client:
    return given.manager_of(api, unit, PASSWORD)


def ask_for(api, role: str, unit: str) -> tuple[str, dict]:
    """An admin creates an account; its username and the command's answer."""
    username = f"nowa.{new_id()[:8]}"
    with api.client("admin") as admin:
        created = admin.post("/api/admin/users", json={
            "command_id": new_id(), "username": username, "display_name": "Nowa Osoba",
            "role": role, "unit": unit, "password": START_PASSWORD})
    assert created.status_code == 201, created.text
    return username, created.json()


def request_of(http: httpx.Client, user_id: str, after: int, **params) -> dict | None:
    rows = http.get("/api/user-requests", params={"after": after, **params})
    assert rows.status_code == 200, rows.text
    return next((r for r in rows.json() if r["user_id"] == user_id), None)


def decide(http: httpx.Client, row: dict, decision: str) -> httpx.Response:
    return http.post(f"/api/user-requests/{row['user_id']}/{decision}",
                     json={"command_id": new_id(), "expected_version": row["version"]})


def test_a_social_worker_asked_for_by_an_admin_signs_in_only_once_her_teams_manager_confirms(
        api):
    username, created = ask_for(api, "social_worker", "ZTPS-1")
    user_id = created["aggregate_id"]

    # Not yet: the same answer as a wrong password.
    expect.refused(login(api, username), 401, "auth.invalid_credentials")
    with api.client("manager") as manager:
        row = request_of(manager, user_id, created["position"], status="pending")
        assert row is not None
        assert (row["kind"], row["role"], row["unit"], row["status"]) == (
            "creation", "social_worker", "ZTPS-1", "pending")
        assert row["requested_by"] == api.user_ids["admin"]
        with manager_of(api, "ZTPS-2") as other_team, expect.nothing_written(api):
            assert request_of(other_team, user_id, created["position"]) is None
            expect.refused(decide(other_team, row, "confirmation"), 404,
                           "user_request.not_found")

        confirmed = decide(manager, row, "confirmation")

        assert confirmed.status_code == 201, confirmed.text
        signed_in = login(api, username)
        assert signed_in.status_code == 200, signed_in.text
        assert signed_in.json()["user"]["role"] == "social_worker"
        # Both steps, with who took them: the manager's audit of who was given access.
        done = request_of(manager, user_id, confirmed.json()["position"])
    assert done["status"] == "confirmed"
    assert done["decided_by"] == api.user_ids["manager"]
    assert (done["requested_by_name"], done["decided_by_name"]) == ("Admin1", "Manager1")
    assert done["requested_at"] <= done["decided_at"]
    kinds = [type(e).__name__ for e in api.system.app.events.get(uuid.UUID(user_id))]
    assert kinds[:2] == ["UserCreationRequested", "UserCreationConfirmed"]


def test_a_centres_manager_confirms_for_a_unit_without_one_and_a_refusal_closes_the_account(
        api):
    decider, asked = ask_for(api, "decision_maker", "MOPS")
    carer, carer_asked = ask_for(api, "caregiver", "MCUS")

    with manager_of(api, "MOPS") as centre, manager_of(api, "MCUS") as care_centre:
        row = request_of(centre, asked["aggregate_id"], asked["position"], status="pending")
        assert request_of(centre, carer_asked["aggregate_id"], carer_asked["position"]) is None
        assert decide(centre, row, "confirmation").status_code == 201
        carer_row = request_of(care_centre, carer_asked["aggregate_id"],
                               carer_asked["position"])
        refused = decide(care_centre, carer_row, "rejection")
        assert refused.status_code == 201, refused.text
        assert request_of(care_centre, carer_asked["aggregate_id"],
                          refused.json()["position"])["status"] == "rejected"

    assert login(api, decider).json()["user"]["role"] == "decision_maker"
    expect.refused(login(api, carer), 401, "auth.invalid_credentials")


def test_a_role_reading_case_content_is_given_only_once_confirmed_and_ends_the_old_sessions(
        api):
    username, created = ask_for(api, "voivodeship_analyst", "WPS-02")  # at once: no content
    first = login(api, username).json()
    user_id = created["aggregate_id"]
    with api.client("admin") as admin:
        moved = admin.post(f"/api/admin/users/{user_id}/role", json={
            "command_id": new_id(), "expected_version": api.system.app.user(
                uuid.UUID(user_id)).version, "role": "caregiver", "unit": "MCUS"})
    assert moved.status_code == 201, moved.text

    assert login(api, username).json()["user"]["role"] == "voivodeship_analyst"
    with manager_of(api, "MCUS") as care_centre:
        row = request_of(care_centre, user_id, moved.json()["position"], status="pending")
        assert (row["kind"], row["previous_role"], row["role"]) == (
            "role_change", "voivodeship_analyst", "caregiver")
        confirmed = decide(care_centre, row, "confirmation")
    assert confirmed.status_code == 201, confirmed.text

    with httpx.Client(base_url=api.base_url, headers={
            "Authorization": f"Bearer {first['access_token']}"}) as old_session:
        expect.refused(old_session.get("/api/me"), 401, "auth.session_ended")
    assert login(api, username).json()["user"]["role"] == "caregiver"


def test_nobody_confirms_without_a_request_and_a_stale_version_changes_nothing(api):
    _, created = ask_for(api, "social_worker", "ZTPS-1")
    with api.client("manager") as manager:
        row = request_of(manager, created["aggregate_id"], created["position"])
        with expect.nothing_written(api):
            expect.refused(decide(manager, {**row, "version": row["version"] + 5},
                                  "confirmation"), 409, "version.stale")
            expect.refused(decide(manager, {**row, "user_id": str(uuid.uuid4())},
                                  "confirmation"), 404, "user.not_found")
        assert decide(manager, row, "confirmation").status_code == 201
        with expect.nothing_written(api):
            expect.refused(decide(manager, {**row, "version": row["version"] + 1},
                                  "rejection"), 404, "user_request.not_found")
