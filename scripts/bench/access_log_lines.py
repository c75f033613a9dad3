"""Benchmark: the manager's access-log screen — the grouped first page of one team's month —
over an access-log table of a whole city's year (issue #21).

Fills the projection's table directly (what the projection would write: 2,000,000 entries by
191 workers of 10 teams over 365 days, each read repeated 1–6 times in a row, as reloads do),
then times `AccessLogView.grouped` for one team's last 30 days, first page of 100 lines.

    .venv/bin/python scripts/bench/access_log_lines.py postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import MetaData, create_engine, insert

from projections.access_log import AccessLogView
from tests.support.stores import fresh_postgres_database

ENTRIES = 2_000_000
TEAMS = 10
WORKERS_PER_TEAM = 19
FOLDERS_PER_WORKER = 50
RUNS = 200


def fill(engine, tables) -> datetime:
    rng = random.Random(21)
    now = datetime.now(UTC)
    start = now - timedelta(days=365)
    workers = [(uuid.uuid4(), f"ZTPS-{t + 1}") for t in range(TEAMS)
               for _ in range(WORKERS_PER_TEAM)]
    folders = {w: [uuid.uuid4() for _ in range(FOLDERS_PER_WORKER)] for w, _ in workers}
    with engine.begin() as conn:
        conn.execute(insert(tables["staff"]), [
            {"user_id": w, "display_name": f"Pracownik {i}", "role": "social_worker",
             "unit": unit} for i, (w, unit) in enumerate(workers)])
    rows, written = [], 0
    per_worker = ENTRIES // len(workers)
    for worker, unit in workers:
        at, n = start, 0
        step = timedelta(days=365) / per_worker
        while n < per_worker:
            folder, repeat = rng.choice(folders[worker]), rng.randint(1, 6)
            view = rng.choice(("client_view", "client_view", "caseload", "document"))
            for _ in range(min(repeat, per_worker - n)):
                at += step
                rows.append({"record_id": uuid.uuid4(), "viewer_id": worker,
                             "viewer_role": "social_worker", "viewer_unit": unit,
                             "folder_id": folder, "person_id": None, "view": view,
                             "purpose": "case_work", "viewed_at": at})
                n += 1
            if len(rows) >= 50_000:
                with engine.begin() as conn:
                    conn.execute(insert(tables["entries"]), rows)
                written += len(rows)
                rows = []
    if rows:
        with engine.begin() as conn:
            conn.execute(insert(tables["entries"]), rows)
        written += len(rows)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"ANALYZE {tables['entries'].name}")
    print(f"filled {written:,} entries")
    return now


def main(admin_url: str) -> None:
    view = AccessLogView()
    with fresh_postgres_database(admin_url) as url:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        metadata = MetaData()
        tables = view.define_tables(metadata, "bench_access_log")
        metadata.create_all(engine)
        now = fill(engine, tables)

        class T:  # the projection's Tables, by attribute
            entries, staff = tables["entries"], tables["staff"]

        timings = []
        with engine.connect() as conn:
            for i in range(RUNS):
                began = time.perf_counter()
                lines = view.grouped(conn, T, unit=f"ZTPS-{i % TEAMS + 1}",
                                     since=now - timedelta(days=30), until=now, limit=100,
                                     leave_out_views=("access_log", "access_log_export"))
                timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        print(f"grouped first page, a team's month: {len(lines)} lines; "
              f"p50 {statistics.median(timings):.1f} ms, "
              f"p99 {timings[int(len(timings) * 0.99) - 1]:.1f} ms over {RUNS} reads")
        engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1:5432/postgres")
