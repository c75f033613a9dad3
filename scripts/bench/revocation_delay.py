"""Revocation delay: from an account's deactivation (the command's return, after its commit)
to the moment another API process refuses the person's session, on SQLite and PostgreSQL.

    .venv/bin/python scripts/bench/revocation_delay.py [--samples 40] [--store sqlite|postgres]

Two measurements per store:
- `in-process`: two systems on one store, each with its own session cache and revocation
  watcher (on PostgreSQL its own LISTEN connection), as two API workers have; the other
  system's cache is polled every 0.2 ms until it has forgotten the session.
- `teczka serve --workers 2`: real worker processes; `GET /api/me` on new connections every
  ~5 ms until it answers 401 (the polling itself adds a few ms).

PostgreSQL: TECZKA_TEST_POSTGRES_URL (default postgres@127.0.0.1:5432); the script creates and
drops its own databases. Only 127.0.0.1 is touched; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from services.commands import CommandContext
from services.settings import Settings
from services.system import TeczkaSystem
from services.users.commands import DeactivateUser, RegisterUser
from tests.support.server import free_port
from tests.support.stores import (
    ADMIN_URL,
    fresh_postgres_database,
    postgres_settings,
    sqlite_settings,
)

PASSWORD = "benchmark-haslo-1"
GIVE_UP_S = 10.0


def summary(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return (f"p50 {q[49]:7.2f} ms  p95 {q[94]:7.2f} ms  max {ms[-1]:7.2f} ms  "
            f"(n={len(ms)})")


def admin() -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                          unit="IT")


@contextmanager
def store_settings(store: str) -> Iterator[Settings]:
    with TemporaryDirectory() as tmp:
        if store == "sqlite":
            yield sqlite_settings(Path(tmp))
            return
        with fresh_postgres_database(ADMIN_URL) as url:
            yield postgres_settings(url, Path(tmp))


def register(system: TeczkaSystem, username: str) -> None:
    system.app.handle(admin(), RegisterUser(
        username=username, display_name=username, role="social_worker", unit="ZTPS-1",
        password=PASSWORD))


def deactivate(system: TeczkaSystem, user_id: uuid.UUID) -> None:
    system.app.handle(admin(), DeactivateUser(
        user_id=user_id, expected_version=system.app.user(user_id).version))


def in_process(store: str, samples: int) -> list[float]:
    delays = []
    with store_settings(store) as settings, \
            TeczkaSystem(settings, run_projectors=False) as one, \
            TeczkaSystem(settings, run_projectors=False) as other:
        for n in range(samples):
            register(one, f"osoba{n}")
            signed = one.app.sign_in(f"osoba{n}", PASSWORD)
            assert other.app.session_holder(signed.session_id, signed.user.id)
            time.sleep(0.05)  # let both watchers settle between samples
            deactivate(one, signed.user.id)
            start = time.perf_counter()
            while other.app.known_session_holder(signed.session_id, signed.user.id):
                if time.perf_counter() - start > GIVE_UP_S:
                    raise RuntimeError("the other process never heard of the revocation")
                time.sleep(0.0002)
            delays.append(time.perf_counter() - start)
    return delays


def _env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ, TECZKA_DATA_DIR=str(settings.data_dir),
               TECZKA_SECRET_KEY=settings.secret_key.get_secret_value(),
               TECZKA_MASTER_KEY=settings.master_key.get_secret_value(),
               TECZKA_ARGON2_TIME_COST="1", TECZKA_ARGON2_MEMORY_KIB="8",
               TECZKA_ARGON2_PARALLELISM="1")
    if settings.database_url:
        env["TECZKA_DATABASE_URL"] = settings.database_url
    return env


def served(store: str, samples: int) -> list[float]:
    delays = []
    with store_settings(store) as settings, \
            TeczkaSystem(settings, run_projectors=False) as system:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--workers", "2", "--port", str(port)],
            env=_env(settings), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_until_up(base)
            for n in range(samples):
                register(system, f"osoba{n}")
                signed = httpx.post(f"{base}/api/auth/login",
                                    json={"username": f"osoba{n}", "password": PASSWORD}).json()
                headers = {"Authorization": f"Bearer {signed['access_token']}"}
                for _ in range(6):  # new connections: both workers remember the session
                    httpx.get(f"{base}/api/me", headers=headers).raise_for_status()
                deactivate(system, uuid.UUID(signed["user"]["id"]))
                start = time.perf_counter()
                while httpx.get(f"{base}/api/me", headers=headers).status_code != 401:
                    if time.perf_counter() - start > GIVE_UP_S:
                        raise RuntimeError("teczka serve never refused the session")
                    time.sleep(0.005)
                delays.append(time.perf_counter() - start)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return delays


def _wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("teczka serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--store", choices=["sqlite", "postgres"], action="append")
    args = parser.parse_args()
    for store in args.store or ["sqlite", "postgres"]:
        print(f"{store:8} in-process, two systems      {summary(in_process(store, args.samples))}")
        print(f"{store:8} teczka serve --workers 2     {summary(served(store, args.samples))}")


if __name__ == "__main__":
    main()
