"""A deactivated or moved person's token stops working on every server, within a moment.

The security review's finding: six seconds after an admin deactivated a social worker,
her token still read a client view and recorded a visit on another worker; a user moved
to caregiver still read the old team's folders. Here two servers share one store — two
apps in this process, each with its own session cache and watcher (on PostgreSQL its own
listening connection), and a real `teczka serve --workers 2` in processes of its own — and
each test waits, with a deadline under the old 5-second memory, for the refusal.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import httpx
import pytest

from domain.user import Role, User
from services.commands import CommandContext
from services.system import TeczkaSystem
from services.users.commands import ChangeRole, ConfirmUserRequest, DeactivateUser, RegisterUser
from tests.api import given
from tests.support.builders import visit_body
from tests.support.server import free_port, running_server
from tests.support.waiting import until

PASSWORD = "haslo-testowe-123"
DEADLINE_S = 3.0


def admin_ctx() -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                          unit="IT")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def two_servers(settings) -> Iterator[tuple[str, str, TeczkaSystem]]:
    with running_server(settings) as (one, system), \
            running_server(settings, run_projectors=False) as (other, _):
        yield one, other, system


def refused_soon(url: str, headers: dict, what: str) -> httpx.Response:
    return until(lambda: (r := httpx.get(url, headers=headers)).status_code == 401 and r,
                 DEADLINE_S, what)


def test_a_deactivated_social_workers_token_stops_reading_and_writing_on_the_other_server(
        two_servers):
    one, other, system = two_servers
    token = given.signed_up(system, one, "ola.nowak", Role.SOCIAL_WORKER, "ZTPS-1",
                            PASSWORD)["access_token"]
    with httpx.Client(base_url=one, headers=bearer(token)) as http:
        folder = given.open_folder(http)
    view = f"{other}{folder.path}"
    assert httpx.get(f"{view}?after={folder.position}", headers=bearer(token)).status_code == 200
    user_id = User.id_for("ola.nowak")

    system.app.handle(admin_ctx(), DeactivateUser(
        user_id=user_id, expected_version=system.app.user(user_id).version))

    answer = refused_soon(view, bearer(token), "the other server refuses the client view")
    assert answer.json()["error"]["code"] == "auth.session_ended"
    visit = httpx.post(f"{other}{folder.path}/visits", headers=bearer(token),
                       json=visit_body(folder.version))
    assert visit.status_code == 401, visit.text


def test_a_worker_moved_to_caregiver_no_longer_reads_her_old_teams_folders(two_servers):
    one, other, system = two_servers
    token = given.signed_up(system, one, "ola.nowak", Role.SOCIAL_WORKER, "ZTPS-1",
                            PASSWORD)["access_token"]
    with httpx.Client(base_url=one, headers=bearer(token)) as http:
        folder = given.open_folder(http)
    view = f"{other}{folder.path}"
    assert httpx.get(f"{view}?after={folder.position}", headers=bearer(token)).status_code == 200
    user_id = User.id_for("ola.nowak")

    system.app.handle(admin_ctx(), ChangeRole(
        user_id=user_id, expected_version=system.app.user(user_id).version, role="caregiver",
        unit="MCUS"))
    manager = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.uuid4(), role="manager",
                             unit="MCUS")
    system.app.handle(manager, ConfirmUserRequest(
        user_id=user_id, expected_version=system.app.user(user_id).version))

    refused_soon(view, bearer(token), "the other server refuses the old team's folder")
    assert httpx.get(f"{other}/api/me", headers=bearer(token)).status_code == 401


@pytest.fixture
def served(settings, tmp_path) -> Iterator[str]:
    """`teczka serve --workers 2` on this test's store, in processes of its own."""
    env = dict(os.environ)
    env.update({"TECZKA_DATA_DIR": str(settings.data_dir),
                "TECZKA_SECRET_KEY": settings.secret_key.get_secret_value(),
                "TECZKA_MASTER_KEY": settings.master_key.get_secret_value(),
                "TECZKA_ARGON2_TIME_COST": "1", "TECZKA_ARGON2_MEMORY_KIB": "8",
                "TECZKA_ARGON2_PARALLELISM": "1"})
    if settings.database_url:
        env["TECZKA_DATABASE_URL"] = settings.database_url
    port = free_port()
    with open(tmp_path / "serve.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--workers", "2", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            until(lambda: _up(base), 60, "teczka serve answers", every_s=0.2)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=90)  # two workers stop slowly on a loaded machine


def _up(base: str) -> bool:
    try:
        return httpx.get(f"{base}/api/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_every_worker_process_of_teczka_serve_refuses_a_closed_accounts_token(settings,
                                                                                served):
    with TeczkaSystem(settings, run_projectors=False) as system:
        system.app.handle(admin_ctx(), RegisterUser(
            username="ola.nowak", display_name="Ola Nowak", role="social_worker", unit="ZTPS-1",
            password=PASSWORD))
        signed = httpx.post(f"{served}/api/auth/login",
                            json={"username": "ola.nowak", "password": PASSWORD}).json()
        me = f"{served}/api/me"
        headers = bearer(signed["access_token"])
        # New connections each time, so both workers answer some and remember the session.
        assert {httpx.get(me, headers=headers).status_code for _ in range(20)} == {200}
        user_id = uuid.UUID(signed["user"]["id"])

        system.app.handle(admin_ctx(), DeactivateUser(
            user_id=user_id, expected_version=system.app.user(user_id).version))

        refused_soon(me, headers, "a worker of teczka serve refuses the token")
        until(lambda: all(httpx.get(me, headers=headers).status_code == 401
                          for _ in range(20)), DEADLINE_S, "every worker refuses the token")
