"""Benchmark: the manager's access-log screen — the grouped first page of one team's month —
over an access-log projection of a whole city's year (issue #21).

Fills the projection's tables directly with what the projection writes (2,000,000 entries by
190 workers of 10 teams over 365 days, each read repeated 1–6 times in a row, as reloads do;
and, where the projection keeps them, the grouped lines and each worker's current line), then
times `AccessLogView.grouped` for one team's last 30 days, first page of 100 lines, the log's
own reads left out — without a filter and with each of worker, folder and purpose.

    PYTHONPATH=. .venv/bin/python scripts/bench/access_log_lines.py postgresql://postgres@127.0.0.1:5432/postgres
    PYTHONPATH=. .venv/bin/python scripts/bench/access_log_lines.py sqlite
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import MetaData, create_engine, insert

from projections.access_log import AccessLogView
from tests.support.stores import fresh_postgres_database

ENTRIES = 2_000_000
TEAMS = 10
WORKERS_PER_TEAM = 19
FOLDERS_PER_WORKER = 50
RUNS = 200
LINE_KEY = ("viewer_role", "viewer_unit", "folder_id", "person_id", "view", "purpose")


def fill(engine, tables) -> tuple[datetime, list[tuple[uuid.UUID, str, uuid.UUID]]]:
    """Returns the time filled up to and, per worker, its unit and one of its folders."""
    rng = random.Random(21)
    now = datetime.now(UTC)
    start = now - timedelta(days=365)
    keeps_lines = "lines" in tables
    workers = [(uuid.uuid4(), f"ZTPS-{t + 1}") for t in range(TEAMS)
               for _ in range(WORKERS_PER_TEAM)]
    folders = {w: [uuid.uuid4() for _ in range(FOLDERS_PER_WORKER)] for w, _ in workers}
    with engine.begin() as conn:
        conn.execute(insert(tables["staff"]), [
            {"user_id": w, "display_name": f"Pracownik {i}", "role": "social_worker",
             "unit": unit} for i, (w, unit) in enumerate(workers)])
    rows: list[dict] = []
    lines: dict[uuid.UUID, dict] = {}
    heads: list[dict] = []
    written = 0

    def flush() -> None:
        nonlocal rows, written
        with engine.begin() as conn:
            conn.execute(insert(tables["entries"]), rows)
        written += len(rows)
        rows = []

    per_worker = ENTRIES // len(workers)
    for worker, unit in workers:
        at, n, line, seq = start, 0, None, 0
        step = timedelta(days=365) / per_worker
        while n < per_worker:
            folder, repeat = rng.choice(folders[worker]), rng.randint(1, 6)
            view = rng.choice(("client_view", "client_view", "caseload", "document"))
            for _ in range(min(repeat, per_worker - n)):
                at += step
                row = {"record_id": uuid.uuid4(), "viewer_id": worker,
                       "viewer_role": "social_worker", "viewer_unit": unit,
                       "folder_id": folder, "person_id": None, "view": view,
                       "purpose": "case_work", "viewed_at": at}
                if keeps_lines:
                    if line is not None and all(line[k] == row[k] for k in LINE_KEY):
                        line["count"] += 1
                        line["last_at"] = at
                    else:
                        seq += 1
                        line = {"line_id": row["record_id"], "viewer_id": worker, "seq": seq,
                                "count": 1, "first_at": at, "last_at": at,
                                **{k: row[k] for k in LINE_KEY}}
                        lines[line["line_id"]] = line
                    row["line_id"] = line["line_id"]
                rows.append(row)
                n += 1
            if len(rows) >= 50_000:
                flush()
        if keeps_lines and line is not None:
            heads.append({"viewer_id": worker, "stream": "reads", "line_id": line["line_id"],
                          "seq": seq})
    if rows:
        flush()
    if keeps_lines:
        values = list(lines.values())
        for i in range(0, len(values), 50_000):
            with engine.begin() as conn:
                conn.execute(insert(tables["lines"]), values[i:i + 50_000])
        with engine.begin() as conn:
            conn.execute(insert(tables["heads"]), heads)
    with engine.begin() as conn:
        for table in tables.values():
            conn.exec_driver_sql(f"ANALYZE {table.name}")
    print(f"filled {written:,} entries" + (f", {len(lines):,} lines" if keeps_lines else ""))
    return now, [(w, unit, folders[w][0]) for w, unit in workers]


@contextmanager
def _engine(target: str) -> Iterator:
    if target == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            engine = create_engine(f"sqlite:///{Path(directory) / 'bench.sqlite'}")
            yield engine
            engine.dispose()
        return
    with fresh_postgres_database(target) as url:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        yield engine
        engine.dispose()


def main(target: str) -> None:
    view = AccessLogView()
    with _engine(target) as engine:
        metadata = MetaData()
        tables = view.define_tables(metadata, "bench_access_log")
        metadata.create_all(engine)
        now, workers = fill(engine, tables)

        class T:  # the projection's Tables, by attribute
            pass
        for name, table in tables.items():
            setattr(T, name, table)

        cases = {
            "no filter": lambda i: {},
            "worker": lambda i: {"viewer_id": workers[i % len(workers)][0]},
            "folder": lambda i: {"folder_id": workers[i % len(workers)][2]},
            "purpose": lambda i: {"purpose": "case_work"},
        }
        print(f"{engine.dialect.name}: grouped first page (100 lines) of a team's last 30 days,"
              f" {RUNS} reads each")
        with engine.connect() as conn:
            for case, filters in cases.items():
                timings = []
                for i in range(RUNS):
                    unit = (workers[i % len(workers)][1] if case in ("worker", "folder")
                            else f"ZTPS-{i % TEAMS + 1}")
                    began = time.perf_counter()
                    lines = view.grouped(conn, T, unit=unit, since=now - timedelta(days=30),
                                         until=now, limit=100,
                                         leave_out_views=("access_log", "access_log_export"),
                                         **filters(i))
                    timings.append((time.perf_counter() - began) * 1000)
                timings.sort()
                print(f"  {case:9}: {len(lines):3} lines; "
                      f"p50 {statistics.median(timings):6.1f} ms, "
                      f"p95 {timings[int(len(timings) * 0.95) - 1]:6.1f} ms, "
                      f"p99 {timings[int(len(timings) * 0.99) - 1]:6.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1:5432/postgres")
