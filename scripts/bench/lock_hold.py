"""How long a save holds the event table's lock, and whether Python's GIL is in it (issue #23).

Every save on PostgreSQL takes the events table's EXCLUSIVE lock until its commit, so with
enough writers waiting the lock is never free and the saves per second are one over the time
a save holds it. This script saves two-event batches (a command's visit and receipt) from
`--writers` threads of one process for `--seconds`, beside `--burners` threads doing pure
Python work (what a worker's other requests do between their round trips), through two
recorders on tables of their own in a fresh database:

- `library`: the library's PostgreSQL recorder (lock, notify and insert in one pipelined
  round trip, COMMIT in a second one: Python runs while the lock is held);
- `one-statement`: Teczka's (services/store/recorders.py: one statement calling a function
  that locks, notifies and inserts; the statement's transaction commits on the server).

It prints, per case, the saves per second, the mean hold (wall time / saves: the lock is
never free while writers wait), the client-side latency and the process's CPU per save,
also with `sys.setswitchinterval` at 0.5 ms rather than 5 ms (an experiment only).

    .venv/bin/python scripts/bench/lock_hold.py [--seconds 4] [--writers 8] [--burners 0 2]

Only 127.0.0.1 is touched; the database is created and dropped; each case stops by itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from sqlalchemy.engine import make_url

from services.store.recorders import TeczkaPostgresRecorder, insert_events_in_binary
from tests.support.stores import ADMIN_URL, fresh_postgres_database

STATE = b'{"visit": "' + b"x" * 400 + b'"}'


def burn(stop: threading.Event) -> None:
    while not stop.is_set():
        sum(i * i for i in range(2_000))


def run_case(recorder: PostgresApplicationRecorder, writers: int, burners: int,
             seconds: float) -> dict[str, float]:
    stop = threading.Event()
    latencies: list[list[float]] = [[] for _ in range(writers)]

    def write(mine: list[float]) -> None:
        while not stop.is_set():
            events = [StoredEvent(uuid.uuid4(), 1, "bench:Visit", STATE),
                      StoredEvent(uuid.uuid4(), 1, "bench:Receipt", STATE)]
            started = time.perf_counter()
            recorder.insert_events(events)
            mine.append(time.perf_counter() - started)

    threads = [threading.Thread(target=burn, args=(stop,)) for _ in range(burners)]
    threads += [threading.Thread(target=write, args=(mine,)) for mine in latencies]
    cpu, wall = time.process_time(), time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    every = sorted(x for mine in latencies for x in mine)
    saves = len(every)
    return {"saves_per_s": saves / wall, "hold_ms": wall / saves * 1000,
            "p50_ms": statistics.median(every) * 1000,
            "p99_ms": every[int(0.99 * (saves - 1))] * 1000,
            "cpu_ms": cpu / saves * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--burners", type=int, nargs="+", default=[0, 2])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()}", flush=True)
    with fresh_postgres_database(ADMIN_URL) as url:
        parsed = make_url(url)
        datastore = PostgresDatastore(
            parsed.database, parsed.host or "127.0.0.1", parsed.port or 5432,
            parsed.username or "postgres", parsed.password or "", pool_size=args.writers,
            lock_timeout=5)
        recorders: dict[str, PostgresApplicationRecorder] = {
            "library": PostgresApplicationRecorder(datastore, events_table_name="lib_events"),
            "one-statement": TeczkaPostgresRecorder(datastore, events_table_name="one_events"),
        }
        for recorder in recorders.values():
            recorder.create_table()
            insert_events_in_binary(recorder)
        print(f"{'recorder':14} {'burners':>7} {'switch':>7} {'saves/s':>8} {'hold ms':>8}"
              f" {'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7}", flush=True)
        try:
            for _ in range(args.rounds):
                for burners in args.burners:
                    for switch in (0.005, 0.0005):
                        for name, recorder in recorders.items():
                            sys.setswitchinterval(switch)
                            r = run_case(recorder, args.writers, burners, args.seconds)
                            sys.setswitchinterval(0.005)
                            print(f"{name:14} {burners:>7} {switch * 1000:>5.1f}ms"
                                  f" {r['saves_per_s']:>8.0f} {r['hold_ms']:>8.2f}"
                                  f" {r['p50_ms']:>7.2f} {r['p99_ms']:>7.2f}"
                                  f" {r['cpu_ms']:>7.3f}  load {os.getloadavg()[0]:.1f}",
                                  flush=True)
        finally:
            datastore.close()


if __name__ == "__main__":
    main()
