"""Inserting a save of events on PostgreSQL: the library's text form of the events' array
against the binary form Teczka uses (`services/store/recorders.py`), alternating, same events.

    .venv/bin/python scripts/bench/insert_events.py [--events 1000] [--rounds 5]

Prints the median milliseconds per save for each form. A fresh database is made and dropped.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from pathlib import Path
from tempfile import TemporaryDirectory

from eventsourcing.persistence import StoredEvent
from psycopg.sql import SQL

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from services.store.recorders import BINARY_ARRAY, TEXT_ARRAY
from services.system import TeczkaSystem
from tests.support.stores import ADMIN_URL, fresh_postgres_database, postgres_settings

# A recorded visit's stored state is ~600 bytes of JSON with a sealed (base64) field.
STATE = json.dumps({"visit": {"_sealed": "QUJD" * 90, "keep": {"minutes": 60}},
                    "meta": {"actor_id": str(uuid.uuid4())} | {f"k{n}": "v" * 20
                                                              for n in range(8)}}).encode()


def events(n: int) -> list[StoredEvent]:
    return [StoredEvent(originator_id=uuid.uuid4(), originator_version=1,
                        topic="domain.case_folder:CaseFolder.VisitRecorded", state=STATE)
            for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with TemporaryDirectory() as data_dir, fresh_postgres_database(ADMIN_URL) as url, \
            TeczkaSystem(postgres_settings(url, Path(data_dir)), run_projectors=False) as system:
        recorder = system.app.recorder
        binary = recorder.insert_events_statement
        text = SQL(binary.as_string(None).replace(BINARY_ARRAY, TEXT_ARRAY))
        times: dict[str, list[float]] = {"text": [], "binary": []}
        for _ in range(args.rounds):
            for name, statement in (("text", text), ("binary", binary)):
                recorder.insert_events_statement = statement
                batch = events(args.events)
                started = time.perf_counter()
                recorder.insert_events(batch)
                times[name].append((time.perf_counter() - started) * 1000)
        print(json.dumps({"events_per_save": args.events, "state_bytes": len(STATE)} | {
            f"{name}_ms_median": round(statistics.median(ms), 1) for name, ms in times.items()
        }, indent=2))


if __name__ == "__main__":
    main()
