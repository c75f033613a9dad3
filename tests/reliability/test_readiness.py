"""Readiness follows the store: /readyz answers 503 while this process's PostgreSQL is
stopped and 200 again once it is back; /livez answers throughout (the process lives), and a
stalled projection leaves /readyz ready (it shows in /api/health and the metrics instead).

The outage is made on a private cluster of this test's own (tests/support/private_postgres.py,
loopback only), never on the shared cluster on 5432; each wait is bounded."""

from __future__ import annotations

import time

import httpx
import pytest

from projections.worker_activity import WorkerActivity
from tests.api.test_operations import samples, value
from tests.projections.test_projection_stall import (
    POISONED_MINUTES,
    STALLING,
    _folder_with_visits,
    _stall,
    _wait,
)
from tests.support.private_postgres import postgres_bin, private_postgres
from tests.support.server import running_server
from tests.support.stores import postgres_settings

BOUND_S = 20


def wait_for(base: str, path: str, status: int) -> float:
    """Seconds until `path` answers `status` (fails after BOUND_S)."""
    started = time.monotonic()
    while time.monotonic() - started < BOUND_S:
        try:
            if httpx.get(f"{base}{path}", timeout=5).status_code == status:
                return time.monotonic() - started
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{path} did not answer {status} within {BOUND_S} s")


@pytest.mark.postgres
def test_readyz_is_unready_while_the_store_is_stopped_and_ready_after(tmp_path):
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) installed")
    with private_postgres(bin_dir) as cluster, \
            running_server(postgres_settings(cluster.admin_url, tmp_path)) as (base, _):
        assert httpx.get(f"{base}/readyz").status_code == 200
        cluster.stop("fast")
        try:
            wait_for(base, "/readyz", 503)
            unready = httpx.get(f"{base}/readyz", timeout=5)
            assert unready.json()["error"]["code"] == "store.unavailable"
            assert unready.headers["retry-after"]
            assert httpx.get(f"{base}/livez").status_code == 200
        finally:
            cluster.start()
        wait_for(base, "/readyz", 200)
        assert httpx.get(f"{base}/readyz").json() == {"status": "ready"}


def test_a_stalled_projection_shows_in_health_and_metrics_and_leaves_readyz_ready(
        settings, monkeypatch):
    original = WorkerActivity.on_VisitRecorded

    def on_visit(self, batch, tables, event):
        if event.visit.minutes == POISONED_MINUTES:
            raise RuntimeError("handler bug: cannot count a 13-minute visit")
        original(self, batch, tables, event)

    monkeypatch.setattr(WorkerActivity, "on_VisitRecorded", on_visit)
    with running_server(settings) as (base, system):
        _folder_with_visits(system, POISONED_MINUTES)
        _wait(lambda: _stall(system) is not None, what="stall")
        time.sleep(1.1)  # the unapplied event's age passes a second

        assert httpx.get(f"{base}/api/health").json()["status"] == "degraded"
        assert httpx.get(f"{base}/readyz").status_code == 200
        found = samples(base)
        assert value(found, "teczka_projection_stalled", projection=STALLING) == 1
        assert value(found, "teczka_projection_lag_events", projection=STALLING) >= 1
        assert value(found, "teczka_projection_lag_seconds", projection=STALLING) >= 1
        assert value(found, "teczka_projection_stalled", projection="client_view") == 0
