"""What PostgreSQL and the machine did during one benchmark run, to explain a run that was
slower than its neighbours (issue #23): checkpoints, WAL written, autovacuum runs and the
autovacuum workers seen busy, the event tables' size, the load average, and the load
generator's own CPU. And `settle`: the same starting point for every run."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field

import psycopg

TABLES = ("teczka_events", "bare_events")
# The shared cluster's connection slots can run out for a moment while others' suites run.
CONNECT_PATIENCE_S = 60.0


def connect(url: str) -> psycopg.Connection:
    """An autocommit connection, waiting (at most CONNECT_PATIENCE_S) for a free slot when
    the shared cluster answers "too many clients" rather than losing the whole run."""
    deadline = time.monotonic() + CONNECT_PATIENCE_S
    while True:
        try:
            return psycopg.connect(url, autocommit=True)
        except psycopg.OperationalError as error:
            if "too many clients" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@dataclass
class Snapshot:
    checkpoints: int
    checkpoint_buffers: int
    wal_bytes: int
    autovacuums: int
    table_bytes: dict[str, int]
    at: float
    cpu_s: float


def snapshot(conn: psycopg.Connection) -> Snapshot:
    checkpoints, buffers = conn.execute(
        "SELECT checkpoints_timed + checkpoints_req, buffers_checkpoint"
        " FROM pg_stat_bgwriter").fetchone()
    (wal,) = conn.execute(
        "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint").fetchone()
    (autovacuums,) = conn.execute(
        "SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0)::bigint"
        " FROM pg_stat_user_tables").fetchone()
    sizes = {name: size for name, size in conn.execute(
        "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
        " WHERE c.relname = ANY(%s) AND c.relkind = 'r'", (list(TABLES),))}
    return Snapshot(checkpoints, buffers, wal, autovacuums, sizes, time.monotonic(),
                    time.process_time())


@dataclass
class RunStats:
    """The difference between two snapshots, plus what a watcher saw during the run."""

    checkpoints: int = 0
    checkpoint_buffers: int = 0
    wal_mb: float = 0.0
    autovacuums: int = 0
    autovacuum_seen: bool = False
    table_mb: dict[str, float] = field(default_factory=dict)
    load_average: float = 0.0
    loadgen_cpu: float = 0.0  # the load generator's CPU seconds per wall second

    def line(self) -> str:
        tables = ", ".join(f"{k} {v:.0f} MB" for k, v in sorted(self.table_mb.items()))
        return (f"load {self.load_average:.1f}, loadgen CPU {self.loadgen_cpu:.0%}, "
                f"checkpoints {self.checkpoints} ({self.checkpoint_buffers} buffers), "
                f"WAL {self.wal_mb:.0f} MB, autovacuum {self.autovacuums}"
                f"{' (seen running)' if self.autovacuum_seen else ''}; {tables}")


class Watch:
    """Snapshots around a run and, meanwhile, whether an autovacuum worker was busy."""

    def __init__(self, libpq_url: str, every_s: float = 0.25) -> None:
        self._url, self._every_s = libpq_url, every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pg-stats", daemon=True)
        self.stats = RunStats()

    def __enter__(self) -> Watch:
        with connect(self._url) as conn:
            self._before = snapshot(conn)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        with connect(self._url) as conn:
            after = snapshot(conn)
        before, stats = self._before, self.stats
        stats.checkpoints = after.checkpoints - before.checkpoints
        stats.checkpoint_buffers = after.checkpoint_buffers - before.checkpoint_buffers
        stats.wal_mb = (after.wal_bytes - before.wal_bytes) / 2**20
        stats.autovacuums = after.autovacuums - before.autovacuums
        stats.table_mb = {k: v / 2**20 for k, v in after.table_bytes.items()}
        stats.load_average = os.getloadavg()[0]
        stats.loadgen_cpu = (after.cpu_s - before.cpu_s) / max(after.at - before.at, 1e-9)

    def _run(self) -> None:
        with connect(self._url) as conn:
            while not self._stop.is_set():
                (busy,) = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE backend_type = 'autovacuum worker'").fetchone()
                self.stats.autovacuum_seen |= busy > 0
                self._stop.wait(self._every_s)


def settle(libpq_url: str) -> None:
    """The same starting point for every run: the event tables vacuumed and analysed (no
    autovacuum owed from the previous run's inserts), then a checkpoint (the run does not
    meet one that an earlier run's writes made due, and every run starts with the same
    full-page writes after it)."""
    with connect(libpq_url) as conn:
        for name in TABLES:
            if conn.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is not None:
                conn.execute(f"VACUUM (ANALYZE) {name}")  # names from TABLES only
        conn.execute("CHECKPOINT")
