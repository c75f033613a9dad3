"""Command throughput and latency over HTTP on PostgreSQL: Teczka's `record_visit` (a social
worker's most common command) against the ceiling of a bare FastAPI endpoint doing one
`eventsourcing` save per request, both under uvicorn with uvloop and httptools, the same
number of workers, the same machine and database, in the same run.

    .venv/bin/python scripts/bench/command_throughput.py [--connections 16 64] [--seconds 10]
        [--rounds 3] [--workers 2]

Each connection works its own folders in turn (so no command is stale), each folder holding
a year's visits beforehand, and sends its next command as soon as the previous answer is
read. The servers run side by side and are loaded in turn, the order rotated each round; a
ratio is taken within a round and the median and spread of the rounds are given.

Rounds compare (issue #23): every run of Teczka gets folders of its own, prepared alike
(`--same-folders`: the old way, every run writing on into the same folders), and before
every run the event tables are vacuumed and a checkpoint is taken (`--no-settle`: not), so
no run inherits an autovacuum or a checkpoint made due by the one before. Each run's line
says what PostgreSQL and the machine did meanwhile (_pg_stats.py).

`--servers` picks what is compared: `bare`, `teczka` (commands saved one transaction each)
and `teczka-gc` (group commit, `TECZKA_GROUP_COMMIT=true`). Creates and drops its own
database; only 127.0.0.1 is touched; each run is bounded by --seconds and --max-requests.
No projection process runs: the figures are the command path alone. Targets (#23): Teczka
≥ 1.0 × the bare endpoint, with group commit ≥ 2 × at 64 connections.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx
import orjson
import psycopg
from psycopg.sql import SQL, Identifier
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load import LoadResult, http_request, run_load
from _pg_stats import RunStats, Watch, settle
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


SERVERS = ("bare", "teczka", "teczka-gc")
LABELS = {"bare": "bare eventsourcing save (1 event)",
          "teczka": "Teczka record_visit (2 events)",
          "teczka-gc": "Teczka record_visit, group commit"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs of each server per connection count, order rotated")
    parser.add_argument("--servers", nargs="+", choices=SERVERS, default=["bare", "teczka"])
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--folders-per-connection", type=int, default=8)
    parser.add_argument("--visits", type=int, default=20,
                        help="visits already in each folder (a year of one in the city: ~19)")
    parser.add_argument("--same-folders", action="store_true",
                        help="every run writes on into the same folders (the old way)")
    parser.add_argument("--no-settle", action="store_true",
                        help="no VACUUM and CHECKPOINT before each run")
    parser.add_argument("--synchronous-commit", action="store_true",
                        help="commits wait for their WAL flush, as in production (the "
                             "benchmark database, like the tests', skips it by default)")
    args = parser.parse_args()

    teczkas = [name for name in args.servers if name != "bare"]
    # Folders for every run of Teczka, in the order the runs come: `folders_per_connection`
    # for each connection, fresh each run (or, `--same-folders`, one set for all).
    sizes = [n * args.folders_per_connection
             for _ in range(args.rounds) for n in args.connections for _ in teczkas]
    with TemporaryDirectory() as tmp, fresh_postgres_database(ADMIN_URL) as url:
        settings = postgres_settings(url, Path(tmp), embedded_projector=False)
        if args.synchronous_commit:
            with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
                conn.execute(SQL("ALTER DATABASE {} SET synchronous_commit TO on").format(
                    Identifier(make_url(url).database)))
        with TeczkaSystem(settings, run_projectors=False) as system:
            total = max(sizes) if args.same_folders else sum(sizes)
            folders = prepare(system, total, args.visits)
        sets, start = [], 0
        for size in sizes:
            sets.append(folders[:size] if args.same_folders else folders[start:start + size])
            start += size
        env = {"TECZKA_DATABASE_URL": url, "TECZKA_EMBEDDED_PROJECTOR": "false",
               "TECZKA_POSTGRES_POOL_SIZE": str(settings.postgres_pool_size),
               "TECZKA_SECRET_KEY": settings.secret_key.get_secret_value(),
               "TECZKA_MASTER_KEY": settings.master_key.get_secret_value()}
        # The bare endpoint: the same library settings (pool size included) as Teczka's, but
        # the library's own recorder: Teczka's saves in one statement (issue #23), and the
        # ceiling is the library's save.
        bare_env = env | settings.eventsourcing_env()
        bare_env.pop("APPLICATION_RECORDER_TOPIC", None)
        ports = {name: free_port() for name in args.servers}
        commands = {name: teczka("serve", "--port", str(port), "--workers", str(args.workers))
                    for name, port in ports.items() if name != "bare"}
        envs = {"teczka": env | {"TECZKA_GROUP_COMMIT": "false"},
                "teczka-gc": env | {"TECZKA_GROUP_COMMIT": "true"}}
        if "bare" in ports:
            commands["bare"] = [
                sys.executable, "-m", "uvicorn", "_bare_save:app", "--app-dir",
                str(REPO / "scripts" / "bench"), "--port", str(ports["bare"]), "--workers",
                str(args.workers), "--loop", "uvloop", "--http", "httptools",
                "--log-level", "warning"]
            envs["bare"] = bare_env
            create_bare_table(os.environ | bare_env)
        runs: list[Run] = []
        libpq = settings.libpq_url()
        # All servers up at once, loaded in turn, the order rotated every round, so a
        # machine that speeds up or slows down during the benchmark weighs on all alike and
        # a ratio is of runs a minute apart.
        with ExitStack() as stack:
            for name in args.servers:
                ready = "/health" if name == "bare" else "/api/health"
                stack.enter_context(started(
                    commands[name], os.environ | envs[name],
                    ready_url=f"http://127.0.0.1:{ports[name]}{ready}", timeout_s=240))
            login = ports[teczkas[0]] if teczkas else None
            token = (httpx.post(f"http://127.0.0.1:{login}/api/auth/login",
                                json={"username": "worker", "password": PASSWORD}
                                ).json()["access_token"] if login else "")
            fresh = iter(sets)
            for round_no in range(args.rounds):
                shift = round_no % len(args.servers)
                order = args.servers[shift:] + args.servers[:shift]
                for n in args.connections:
                    for name in order:
                        if name == "bare":
                            clients: list = [BareSaver() for _ in range(n)]
                        else:
                            mine = next(fresh)
                            clients = [VisitRecorder(token, mine[i::n]) for i in range(n)]
                        if not args.no_settle:
                            settle(libpq)
                        with ConnectionWatch(libpq) as watch, Watch(libpq) as pg:
                            result = run_load(ports[name], clients, seconds=args.seconds,
                                              warmup_s=args.warmup,
                                              max_requests=args.max_requests)
                        runs.append(Run(name, n, round_no + 1, result, watch, pg.stats))
    report(args, runs)


@dataclass
class Run:
    server: str  # one of SERVERS
    connections: int
    round: int
    result: LoadResult
    watch: ConnectionWatch
    stats: RunStats


def create_bare_table(env: dict[str, str]) -> None:
    """Create the bare store's table once, before several workers race to."""
    import _bare_save

    _bare_save.Bare(env=env).close()


def report(args, runs: list[Run]) -> None:
    print(f"Command throughput over HTTP, PostgreSQL, uvicorn (uvloop, httptools), "
          f"{args.workers} workers, {args.seconds:.0f} s per run, {args.rounds} rounds "
          f"(order rotated), {'same' if args.same_folders else 'fresh'} folders, "
          f"{'no settling' if args.no_settle else 'VACUUM + CHECKPOINT before each run'}; "
          f"load average at the start {os.getloadavg()[0]:.1f}")
    print(f"{'':36}{'round':>6}{'conns':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}  statuses, "
          "PostgreSQL backends (peak / distinct); what PostgreSQL and the machine did")
    for run in sorted(runs, key=lambda r: (r.connections, SERVERS.index(r.server), r.round)):
        s = run.result.summary()
        print(f"{LABELS[run.server]:36}{run.round:>6}{run.connections:>6}{s['per_s']:>9.0f}"
              f"{s['p50_ms']:>9.1f}{s['p99_ms']:>9.1f}  {s['statuses']}, "
              f"backends {run.watch.peak} / {len(run.watch.seen)}; {run.stats.line()}")
    summary: dict[str, dict[str, object]] = {}
    for n in args.connections:
        for name in args.servers:
            each = [run.result.throughput for run in runs
                    if (run.server, run.connections) == (name, n)]
            p99s = [run.result.percentile(99) for run in runs
                    if (run.server, run.connections) == (name, n)]
            print(f"  {n} connections, {name}: median {statistics.median(each):.0f} req/s "
                  f"(rounds {', '.join(f'{r:.0f}' for r in each)}; spread "
                  f"{(max(each) - min(each)) / statistics.median(each):.0%}), "
                  f"p99 median {statistics.median(p99s):.1f} ms")
        if "bare" not in args.servers:
            continue
        for name in args.servers:
            if name == "bare":
                continue
            ratios = []
            for r in range(1, args.rounds + 1):
                bare, ours = (next(run.result.throughput for run in runs
                                   if (run.server, run.connections, run.round) == (who, n, r))
                              for who in ("bare", name))
                if bare:
                    ratios.append(ours / bare)
            target = 2.0 if name == "teczka-gc" and n >= 64 else 1.0
            middle = statistics.median(ratios)
            summary[f"{name}/{n}"] = {"median": round(middle, 3),
                                      "rounds": [round(r, 3) for r in ratios]}
            print(f"  {n} connections: {name} / bare = {middle:.2f} (median of rounds "
                  f"{', '.join(f'{r:.2f}' for r in ratios)}; spread {min(ratios):.2f}–"
                  f"{max(ratios):.2f}; target ≥ {target:.1f}: "
                  f"{'met' if middle >= target else 'NOT met'})")
    print(json.dumps({"runs": [{"server": run.server, "round": run.round}
                               | run.result.summary()
                               | {"backends_peak": run.watch.peak,
                                  "backends_seen": len(run.watch.seen),
                                  "pg": run.stats.line()} for run in runs],
                      "ratios": summary}))


if __name__ == "__main__":
    main()
