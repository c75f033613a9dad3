"""Command throughput and latency over HTTP on PostgreSQL: Teczka's `record_visit` (a social
worker's most common command) against the ceiling of a bare FastAPI endpoint doing one
`eventsourcing` save per request, both under uvicorn with uvloop and httptools, the same
number of workers, the same machine and database, in the same run.

    .venv/bin/python scripts/bench/command_throughput.py [--connections 16 64] [--seconds 10]
        [--rounds 3] [--workers 2]

Each connection works its own folders in turn (so no command is stale), each folder holding
a year's visits beforehand, and sends its next command as soon as the previous answer is
read. Both servers run side by side and are loaded in turn, alternating which goes first
each round; the ratio given is the median of the rounds' ratios. Creates and drops its own
database; only 127.0.0.1 is touched; each run is bounded by --seconds and --max-requests.
No projection process runs: the figures are the command path alone. Target: Teczka ≥ 0.8 ×
the bare endpoint.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load import LoadResult, http_request, run_load
from _processes import REPO, ConnectionWatch, free_port, started, teczka

from domain.household import Address, Member
from domain.identifiers import Pesel
from domain.social_work import Visit
from domain.user import User
from services.casework.commands import OpenFolder, RecordVisit
from services.commands import CommandContext
from services.system import TeczkaSystem
from services.users.commands import RegisterUser
from tests.support.stores import ADMIN_URL, fresh_postgres_database, postgres_settings

PASSWORD = "benchmark-haslo-1"
TEAM = "ZTPS-1"
VISITED_ON = date(2026, 11, 2).isoformat()


def prepare(system: TeczkaSystem, folders: int, visits: int) -> list[list]:
    """A social worker and `folders` folders of her team, each with `visits` visits already
    recorded (a folder's year, as in the synthetic city); saved in batches: this is setup."""
    app = system.app
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    app.handle(admin, RegisterUser(
        username="worker", display_name="Pracownik", role="social_worker", unit=TEAM,
        password=PASSWORD))
    worker = User.id_for("worker")

    def ctx() -> CommandContext:
        return CommandContext(command_id=uuid.uuid4(), actor_id=worker, role="social_worker",
                              unit=TEAM)

    opened = []
    for first in range(0, folders, 50):
        with app.batched():
            for i in range(first, min(folders, first + 50)):
                folder_id = uuid.uuid4()
                head = Member.create(member_id=uuid.uuid4(), first_name="Anna",
                                     last_name=f"Test{i}", relation="head",
                                     pesel=Pesel.make(date(1950, 1, 1) + timedelta(days=i // 1000),
                                                  i % 1000, "F").value)
                address = Address.create(street="Legnicka", building=str(i + 1), flat=None,
                                         postal_code="54-203", city="Wrocław", teryt="0264029")
                version = app.handle(ctx(), OpenFolder(
                    folder_id=folder_id, team_id=TEAM, address=address, head=head,
                    opened_on=date(2026, 1, 5))).version
                for _ in range(visits):
                    version = app.handle(ctx(), RecordVisit(
                        folder_id=folder_id, expected_version=version,
                        visit=Visit(
                        visit_id=uuid.uuid4(), visited_on=date(2026, 3, 1), minutes=45,
                        activity="home_visit", place="mieszkanie klienta",
                        notes="Rozmowa o sytuacji rodziny."))).version
                opened.append([folder_id, version])
    return opened


class VisitRecorder:
    """One connection: records visits on its own folders in turn, each with the version it
    saw last."""

    def __init__(self, token: str, folders: list[list]) -> None:
        self.token, self.folders = token, folders  # [folder_id, version], kept across runs
        self.n = 0

    def request(self) -> bytes:
        self.n += 1
        self.folder = self.folders[self.n % len(self.folders)]
        folder_id, version = self.folder
        return http_request("POST", f"/api/folders/{folder_id}/visits", self.token, {
            "command_id": str(uuid.uuid4()), "expected_version": version,
            "visit": {"visit_id": str(uuid.uuid4()), "visited_on": VISITED_ON, "minutes": 30,
                      "activity": "home_visit"}})

    def answered(self, status: int, body: bytes) -> None:
        if status == 201:
            self.folder[1] = orjson.loads(body)["version"]


class BareSaver:
    def request(self) -> bytes:
        return http_request("POST", "/save", None, {"text": "notatka"})

    def answered(self, status: int, body: bytes) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs of each server per connection count, alternated")
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--folders-per-connection", type=int, default=8)
    parser.add_argument("--visits", type=int, default=20,
                        help="visits already in each folder (a year of one in the city: ~19)")
    args = parser.parse_args()

    with TemporaryDirectory() as tmp, fresh_postgres_database(ADMIN_URL) as url:
        settings = postgres_settings(url, Path(tmp), embedded_projector=False)
        with TeczkaSystem(settings, run_projectors=False) as system:
            folders = prepare(system, max(args.connections) * args.folders_per_connection,
                              args.visits)
        env = {"TECZKA_DATABASE_URL": url, "TECZKA_EMBEDDED_PROJECTOR": "false",
               "TECZKA_POSTGRES_POOL_SIZE": str(settings.postgres_pool_size),
               "TECZKA_SECRET_KEY": settings.secret_key.get_secret_value(),
               "TECZKA_MASTER_KEY": settings.master_key.get_secret_value()}
        # The bare endpoint: the same library settings (pool size included) as Teczka's.
        bare_env = env | settings.eventsourcing_env()
        bare_port, teczka_port = free_port(), free_port()
        bare = [sys.executable, "-m", "uvicorn", "_bare_save:app", "--app-dir",
                str(REPO / "scripts" / "bench"), "--port", str(bare_port), "--workers",
                str(args.workers), "--loop", "uvloop", "--http", "httptools",
                "--log-level", "warning"]
        serve = teczka("serve", "--port", str(teczka_port), "--workers", str(args.workers))
        create_bare_table(os.environ | bare_env)
        runs: list[Run] = []
        # Both servers up at once, loaded in turn: bare then Teczka in one round, Teczka then
        # bare in the next, so a machine that speeds up or slows down during the benchmark
        # weighs on both alike and the ratio is of runs minutes apart, not a phase apart.
        with started(bare, os.environ | bare_env,
                     ready_url=f"http://127.0.0.1:{bare_port}/health"), \
                started(serve, os.environ | env,
                        ready_url=f"http://127.0.0.1:{teczka_port}/api/health"):
            token = httpx.post(f"http://127.0.0.1:{teczka_port}/api/auth/login",
                               json={"username": "worker", "password": PASSWORD}
                               ).json()["access_token"]
            for round_no in range(args.rounds):
                order = ["bare", "teczka"] if round_no % 2 == 0 else ["teczka", "bare"]
                for n in args.connections:
                    for name in order:
                        port, clients = ((bare_port, [BareSaver() for _ in range(n)])
                                         if name == "bare" else
                                         (teczka_port, [VisitRecorder(token, folders[i::n])
                                                        for i in range(n)]))
                        with ConnectionWatch(settings.libpq_url()) as watch:
                            result = run_load(port, clients, seconds=args.seconds,
                                              warmup_s=args.warmup,
                                              max_requests=args.max_requests)
                        runs.append(Run(name, n, round_no + 1, result, watch))
    report(args, runs)


@dataclass
class Run:
    server: str  # "bare" or "teczka"
    connections: int
    round: int
    result: LoadResult
    watch: ConnectionWatch


def create_bare_table(env: dict[str, str]) -> None:
    """Create the bare store's table once, before several workers race to."""
    import _bare_save

    _bare_save.Bare(env=env).close()


def report(args, runs: list[Run]) -> None:
    print(f"Command throughput over HTTP, PostgreSQL, uvicorn (uvloop, httptools), "
          f"{args.workers} workers, {args.seconds:.0f} s per run, {args.rounds} rounds "
          "(bare and Teczka alternated)")
    print(f"{'':34}{'round':>6}{'conns':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}  statuses, "
          "PostgreSQL backends (peak / distinct)")
    for run in sorted(runs, key=lambda r: (r.connections, r.server != "bare", r.round)):
        label = ("Teczka record_visit (2 events)" if run.server == "teczka"
                 else "bare eventsourcing save (1 event)")
        s = run.result.summary()
        print(f"{label:34}{run.round:>6}{run.connections:>6}{s['per_s']:>9.0f}"
              f"{s['p50_ms']:>9.1f}{s['p99_ms']:>9.1f}  {s['statuses']}, "
              f"backends {run.watch.peak} / {len(run.watch.seen)}")
    ratios: dict[int, list[float]] = {}
    for n in args.connections:
        for r in range(1, args.rounds + 1):
            bare, ours = (next(run.result.throughput for run in runs
                               if (run.server, run.connections, run.round) == (name, n, r))
                          for name in ("bare", "teczka"))
            if bare:
                ratios.setdefault(n, []).append(ours / bare)
    for n, each in ratios.items():
        middle = statistics.median(each)
        verdict = "met" if middle >= 0.8 else "NOT met"
        print(f"  {n} connections: Teczka / bare = {middle:.2f} (median of rounds "
              f"{', '.join(f'{r:.2f}' for r in each)}; target ≥ 0.8: {verdict})")
    print(json.dumps({"runs": [{"server": run.server, "round": run.round}
                               | run.result.summary()
                               | {"backends_peak": run.watch.peak,
                                  "backends_seen": len(run.watch.seen)} for run in runs],
                      "ratios": {str(n): [round(r, 3) for r in each]
                                 for n, each in ratios.items()}}))


if __name__ == "__main__":
    main()
