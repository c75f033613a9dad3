"""`teczka serve` stops on SIGTERM even while a coordinator's screen holds the handoff queue's
live stream open. The stream never ends by itself; before the grace period was bounded the
server waited for it for good, and a restart or a deployment hung until it was killed."""

from __future__ import annotations

import subprocess
import sys
import uuid

import httpx
import pytest

from services.commands import CommandContext
from services.system import TeczkaSystem
from services.users.commands import RegisterUser
from tests.support.cli import cli_env
from tests.support.server import free_port
from tests.support.waiting import until

PASSWORD = "haslo-koordynatora-1"


def _up(base: str) -> bool:
    try:
        return httpx.get(f"{base}/livez", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_serve_stops_with_a_live_stream_open_cutting_it_after_the_grace(settings, tmp_path):
    with TeczkaSystem(settings, run_projectors=False) as system:
        system.app.handle(
            CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT"),
            RegisterUser(username="koordynator.mcus", display_name="Koordynator MCUS",
                         role="mcus_coordinator", unit="MCUS", password=PASSWORD))
    env = cli_env(settings) | {"TECZKA_SHUTDOWN_GRACE_S": "1", "TECZKA_ARGON2_TIME_COST": "1",
                               "TECZKA_ARGON2_MEMORY_KIB": "8", "TECZKA_ARGON2_PARALLELISM": "1"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(tmp_path / "serve.log", "wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
                                  env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            until(lambda: _up(base), 60, "teczka serve answers", every_s=0.2)
            token = httpx.post(f"{base}/api/auth/login", json={
                "username": "koordynator.mcus", "password": PASSWORD}).json()["access_token"]
            with httpx.stream("GET", f"{base}/api/handoff/stream", timeout=30,
                              headers={"Authorization": f"Bearer {token}"}) as stream:
                lines = stream.iter_lines()
                assert next(lines) == "retry: 2000"  # the stream is open and being served

                server.terminate()
                # Without the bound this waits for good (the stream pings every few seconds).
                server.wait(timeout=60)
                # The server cut the stream (mid-chunk: the browser's EventSource reconnects).
                with pytest.raises(httpx.RemoteProtocolError):
                    list(lines)
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
    assert "timeout graceful shutdown exceeded" in (tmp_path / "serve.log").read_text()
