"""Steps over HTTP that bring a folder to the state a test starts from."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx

from domain.user import Role
from services.commands import CommandContext
from services.users.commands import RegisterUser
from tests.support.builders import open_folder_body


@dataclass
class Folder:
    """A folder as the client last saw it: what the next command needs."""

    id: str
    version: int
    position: int
    head_id: str
    team_id: str

    @property
    def path(self) -> str:
        return f"/api/folders/{self.id}"

    def saw(self, result: dict[str, Any]) -> dict[str, Any]:
        """Remember the version and position a command answered with."""
        self.version = result["version"]
        self.position = result["position"]
        return result


def applied(response: httpx.Response) -> dict[str, Any]:
    """The result of a command the API accepted (201)."""
    assert response.status_code == 201, response.text
    return response.json()


def open_folder(http: httpx.Client, **overrides: Any) -> Folder:
    body = open_folder_body(**overrides)
    result = applied(http.post("/api/folders", json=body))
    return Folder(result["folder_id"], result["version"], result["position"],
                  body["head"]["member_id"], body["team_id"])


def command(http: httpx.Client, folder: Folder, path: str, body: dict[str, Any]) -> dict:
    """Send a command on the folder and follow its new version."""
    return folder.saw(applied(http.post(f"{folder.path}{path}", json=body)))


def view(http: httpx.Client, folder: Folder) -> dict[str, Any]:
    """The client view including the folder's last write."""
    response = http.get(folder.path, params={"after": folder.position})
    assert response.status_code == 200, response.text
    return response.json()


def events_of(api: Any, folder: Folder) -> list[Any]:
    """Every event stored for the folder, oldest first."""
    return list(api.system.app.events.get(UUID(folder.id)))


def signed_up(system: Any, base_url: str, username: str, role: Role, unit: str,
              password: str) -> dict[str, Any]:
    """A user registered through the application and signed in over HTTP: the sign-in's
    answer (`access_token`, `user`)."""
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=UUID(int=1), role="admin",
                           unit="IT")
    system.app.handle(admin, RegisterUser(
        username=username, display_name=username.title(), role=role.value, unit=unit,
        password=password))
    answer = httpx.post(f"{base_url}/api/auth/login",
                        json={"username": username, "password": password})
    answer.raise_for_status()
    return answer.json()


def signed_in_worker(system: Any, base_url: str, password: str,
                     username: str = "worker1") -> dict[str, str]:
    """A social worker of ZTPS-1, signed up: the headers her requests carry."""
    token = signed_up(system, base_url, username, Role.SOCIAL_WORKER, "ZTPS-1",
                      password)["access_token"]
    return {"Authorization": f"Bearer {token}"}


def manager_of(api: Any, unit: str, password: str) -> httpx.Client:
    """A manager of `unit`, created by the operator on the server, signed in over HTTP."""
    signed = signed_up(api.system, api.base_url, f"kier.{uuid.uuid4().hex[:8]}",
                       Role.MANAGER, unit, password)
    return httpx.Client(base_url=api.base_url, timeout=15,
                        headers={"Authorization": f"Bearer {signed['access_token']}"})


def confirmed(api: Any, created: dict[str, Any], unit: str, password: str) -> dict[str, Any]:
    """An account an admin asked for (`created`: the command's answer), confirmed by a
    manager of its unit; the confirmation's answer."""
    with manager_of(api, unit, password) as manager:
        answer = manager.post(f"/api/user-requests/{created['aggregate_id']}/confirmation",
                              json={"command_id": str(uuid.uuid4()),
                                    "expected_version": created["version"]})
    answer.raise_for_status()
    return answer.json()
