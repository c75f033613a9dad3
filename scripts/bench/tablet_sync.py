"""Tablet sync: a tablet's queued commands (visits across many folders, queued offline on the
views the worker saw) drained through POST /api/sync the way the outbox does it, against a
real server on PostgreSQL; in the same run, the same number of direct per-route POSTs sent one
after another (the outbox before batching) for comparison.

    .venv/bin/python scripts/bench/tablet_sync.py [--commands 500] [--folders 50]

Needs PostgreSQL (TECZKA_TEST_POSTGRES_URL, default postgres@127.0.0.1:5432); creates and drops
its own database. Only 127.0.0.1 is touched; the run is bounded in count and time.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from services.commands import CommandContext
from services.users.commands import RegisterUser
from tests.support.builders import open_folder_body
from tests.support.server import running_server
from tests.support.stores import ADMIN_URL, fresh_postgres_database, postgres_settings
from tests.support.tablet_outbox import TabletOutbox

PASSWORD = "benchmark-haslo-1"
ACTIVITIES = ["home_visit", "phone_call", "office_meeting", "institution_contact"]


def queue_visits(folders: list[tuple[str, int]], count: int, rng: random.Random) -> TabletOutbox:
    """A day of visits without signal: each folder's commands queued on the version seen."""
    outbox = TabletOutbox()
    for n in range(count):
        folder_id, seen = folders[rng.randrange(len(folders))] if n >= len(folders) \
            else folders[n]
        visit = {"visit_id": str(uuid.uuid4()),
                 "visited_on": (date.today() - timedelta(days=rng.randint(0, 3))).isoformat(),
                 "minutes": rng.randint(10, 120), "activity": rng.choice(ACTIVITIES),
                 "place": "mieszkanie", "notes": "Rozmowa o potrzebach rodziny; " * 4}
        outbox.queue(folder_id, f"/api/folders/{folder_id}/visits",
                     {"command_id": str(uuid.uuid4()), "expected_version": seen, "visit": visit})
    return outbox


def drain_through_sync(http: httpx.Client, outbox: TabletOutbox) -> list[tuple[int, float]]:
    """As the outbox does (tests/support/tablet_outbox.py mirrors outbox.ts)."""
    batches = []
    while outbox.entries:
        size = len(outbox.next_batch())
        started = time.perf_counter()
        applied, _ = outbox.send_batch(http)
        batches.append((size, time.perf_counter() - started))
        if applied != size:
            raise SystemExit(f"not applied: {outbox.unapplied[-3:]} {outbox.refused[:3]}")
    return batches


def drain_one_by_one(http: httpx.Client, outbox: TabletOutbox) -> None:
    """The outbox before batching: one request per command, each after the previous answer."""
    while outbox.entries:
        entry = outbox.entries[0]
        answer = http.post(entry.path, json=entry.body)
        if answer.status_code != 201:
            raise SystemExit(f"not applied: {answer.status_code} {answer.text}")
        outbox.acknowledge(entry, answer.json())


def open_folders(http: httpx.Client, count: int) -> list[tuple[str, int]]:
    folders = []
    for _ in range(count):
        answer = http.post("/api/folders", json=open_folder_body())
        answer.raise_for_status()
        folders.append((answer.json()["folder_id"], answer.json()["version"]))
    return folders


def visits_stored(system, folders: list[tuple[str, int]]) -> int:
    return sum(type(e).__name__ == "VisitRecorded"
               for folder_id, _ in folders for e in system.app.events.get(uuid.UUID(folder_id)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=500)
    parser.add_argument("--folders", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-projector", action="store_true",
                        help="no projections in the server process (as with `teczka project`)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with TemporaryDirectory() as tmp, fresh_postgres_database(ADMIN_URL) as url, \
            running_server(postgres_settings(url, Path(tmp)),
                           run_projectors=not args.no_projector) as (base, system):
        system.app.handle(CommandContext(
                command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin", unit="IT"),
            RegisterUser(
                username="tablet.bench", display_name="Tablet", role="social_worker", unit="ZTPS-1",
                password=PASSWORD))
        token = httpx.post(f"{base}/api/auth/login", json={"username": "tablet.bench",
                                                           "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
            # Warm-up, not timed: connections in the pool, first-call paths of both ways.
            warm = open_folders(http, 10)
            drain_through_sync(http, queue_visits(warm[:5], 40, rng))
            drain_one_by_one(http, queue_visits(warm[5:], 40, rng))

            synced_folders = open_folders(http, args.folders)
            direct_folders = open_folders(http, args.folders)
            queued = queue_visits(synced_folders, args.commands, rng)
            direct = queue_visits(direct_folders, args.commands, rng)

            started = time.perf_counter()
            batches = drain_through_sync(http, queued)
            sync_s = time.perf_counter() - started

            started = time.perf_counter()
            drain_one_by_one(http, direct)
            direct_s = time.perf_counter() - started

        stored_sync = visits_stored(system, synced_folders)
        stored_direct = visits_stored(system, direct_folders)
    n = args.commands
    print(f"{n} queued visits on {args.folders} folders, PostgreSQL, one tablet (sequential)")
    print(f"  through /api/sync : {sync_s:6.2f} s  {n / sync_s:7.1f} commands/s  "
          f"batches {[size for size, _ in batches]} "
          f"({', '.join(f'{t:.2f} s' for _, t in batches)})")
    print(f"  direct POSTs      : {direct_s:6.2f} s  {n / direct_s:7.1f} commands/s  "
          f"(one request per command, one after another)")
    print(f"  stored visits     : sync {stored_sync}, direct {stored_direct} (expected {n} each)")
    print(f"  target ≤ 5 s      : {'met' if sync_s <= 5 else 'NOT met'}")
    if stored_sync != n or stored_direct != n:
        raise SystemExit("a command was lost or applied twice")


if __name__ == "__main__":
    main()
