"""The connection budget: under a burst of reads and commands, a process never holds
more PostgreSQL connections than its two pools plus its few connections of its own, every
request is answered, and a read that finds no connection free in time is told to come back.

PostgreSQL refuses connections beyond `max_connections` (100 by default); the README's
"connection budget" adds up what Teczka's processes may hold. Here one process serves the API
and runs the projections, as `teczka serve` does on its own."""

from __future__ import annotations

import threading
import time

import httpx
import psycopg
import pytest

from tests.api import given
from tests.support.builders import visit_body
from tests.support.server import running_server
from tests.support.stores import settings_for

PASSWORD = "haslo-budzetu-123"
POOL = 3
CLIENTS = 24
ROUNDS = 6
# Beside its two pools: the position listener, the store breaker's watch, the projections'
# lock session and the runner's LISTEN connection.
OWN_CONNECTIONS = 4

pytestmark = pytest.mark.postgres


class Backends:
    """The peak number of backends connected to the test's database, sampled every 10 ms."""

    def __init__(self, conninfo: str) -> None:
        self.peak = 0
        self._conninfo = conninfo
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> Backends:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _sample(self) -> None:
        with psycopg.connect(self._conninfo, autocommit=True) as conn:
            while not self._stop.is_set():
                count = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid()").fetchone()[0]
                self.peak = max(self.peak, count)
                self._stop.wait(0.01)


def test_a_burst_of_work_stays_within_the_pools_and_is_all_answered(request, tmp_path):
    with settings_for("postgres", tmp_path, request, postgres_pool_size=POOL) as settings, \
            running_server(settings) as (base_url, system):
        headers = given.signed_in_worker(system, base_url, PASSWORD)
        with httpx.Client(base_url=base_url, headers=headers, timeout=60) as http:
            folders = [given.open_folder(http) for _ in range(CLIENTS)]
        start = threading.Barrier(CLIENTS)
        statuses: list[int] = []
        odd: list[str] = []

        def client(n: int) -> None:
            folder = folders[n]
            with httpx.Client(base_url=base_url, headers=headers, timeout=60) as http:
                start.wait()
                for _ in range(ROUNDS):
                    answers = [
                        http.post(f"{folder.path}/visits", json=visit_body(folder.version)),
                        http.get(folder.path, params={"after": folder.position}),
                        http.get("/api/caseload"),
                        http.get("/api/me"),
                        http.get("/api/persons", params={"q": "Kowal"}),
                    ]
                    if answers[0].status_code == 201:
                        folder.saw(answers[0].json())
                    statuses.extend(a.status_code for a in answers)
                    odd.extend(a.text for a in answers if a.status_code >= 300)

        with Backends(settings.libpq_url()) as backends:
            clients = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
            for each in clients:
                each.start()
            for each in clients:
                each.join(timeout=120)

        assert sorted(set(statuses)) == [200, 201], odd[:3]
        assert len(statuses) == CLIENTS * ROUNDS * 5
        assert 0 < backends.peak <= 2 * POOL + OWN_CONNECTIONS


def test_a_read_that_finds_no_connection_free_in_time_is_told_to_come_back(request, tmp_path):
    with settings_for("postgres", tmp_path, request, postgres_pool_size=1,
                      postgres_pool_wait_s=0.3) as settings, \
            running_server(settings) as (base_url, system):
        headers = given.signed_in_worker(system, base_url, PASSWORD)
        with httpx.Client(base_url=base_url, timeout=30, headers=headers) as http:
            assert http.get("/api/caseload").status_code == 200
            with system.engine.connect():  # the pool's only connection, held elsewhere
                began = time.monotonic()
                busy = http.get("/api/caseload")
                waited = time.monotonic() - began
            assert busy.status_code == 503
            assert busy.headers["retry-after"]
            assert busy.json()["error"]["code"] == "store.busy"
            assert waited < 5
            # The store was never down: the next read is served at once, not refused.
            assert http.get("/api/caseload").status_code == 200
