"""IT manages accounts, roles and units — and sees no case content doing it."""

from __future__ import annotations

import httpx

from tests.support.builders import new_id


def _login(api, username: str, password: str) -> httpx.Response:
    return httpx.post(f"{api.base_url}/api/auth/login",
                      json={"username": username, "password": password})


def test_an_admin_creates_moves_and_closes_an_account(api):
    username = f"nowy.{new_id()[:8]}"
    with api.client("admin") as admin:
        created = admin.post("/api/admin/users", json={
            "command_id": new_id(), "username": username, "display_name": "Nowy Analityk",
            "role": "voivodeship_analyst", "unit": "WPS-02", "password": "haslo-startowe-1"})
        assert created.status_code == 201, created.text
        again = admin.post("/api/admin/users", json={
            "command_id": new_id(), "username": username, "display_name": "Ktoś",
            "role": "caregiver", "unit": "MCUS", "password": "haslo-startowe-2"})
        assert again.status_code == 409 and again.json()["error"]["code"] == "user.exists"
        assert _login(api, username, "haslo-startowe-1").json()["user"]["unit"] == "WPS-02"

        listed = admin.get("/api/admin/users", params={"after": created.json()["position"],
                                                        "unit": "WPS-02"}).json()
        row = next(u for u in listed if u["username"] == username)
        assert set(row) == {"user_id", "version", "username", "display_name", "role", "unit",
                            "active"}
        moved = admin.post(f"/api/admin/users/{row['user_id']}/role", json={
            "command_id": new_id(), "expected_version": _version(api, row["user_id"]),
            "role": "admin", "unit": "IT"})
        assert moved.status_code == 201, moved.text
        assert _login(api, username, "haslo-startowe-1").json()["user"]["role"] == "admin"
        closed = admin.post(f"/api/admin/users/{row['user_id']}/deactivation", json={
            "command_id": new_id(), "expected_version": _version(api, row["user_id"])})
        assert closed.status_code == 201, closed.text
    assert _login(api, username, "haslo-startowe-1").status_code == 401


def _version(api, user_id: str) -> int:
    import uuid
    return api.system.app.user(uuid.UUID(user_id)).version


def test_a_weak_password_or_an_unknown_role_is_refused_and_nothing_written(api):
    with api.client("admin") as admin:
        weak = admin.post("/api/admin/users", json={
            "command_id": new_id(), "username": "slabe.haslo", "display_name": "X",
            "role": "social_worker", "unit": "ZTPS-1", "password": "krotkie"})
        role = admin.post("/api/admin/users", json={
            "command_id": new_id(), "username": "zla.rola", "display_name": "X",
            "role": "superuser", "unit": "ZTPS-1", "password": "haslo-startowe-1"})
    assert weak.status_code == 422 and weak.json()["error"]["code"] == "user.weak_password"
    assert role.status_code == 422
    assert not api.system.app.user_exists("slabe.haslo")
    assert not api.system.app.user_exists("zla.rola")


def test_a_retried_account_creation_is_answered_its_first_result(api):
    body = {"command_id": new_id(), "username": f"ponow.{new_id()[:8]}",
            "display_name": "Ponowiony", "role": "voivodeship_analyst", "unit": "WPS-02",
            "password": "haslo-startowe-1"}
    with api.client("admin") as admin:
        created = admin.post("/api/admin/users", json=body)
        again = admin.post("/api/admin/users", json=body)
    assert created.status_code == 201, created.text
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["aggregate_id"] == created.json()["aggregate_id"]
