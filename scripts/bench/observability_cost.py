"""What metrics and logging cost the command path: Teczka's `record_visit` over HTTP on
PostgreSQL, one server with observability on (metrics in prometheus_client's multiprocess
mode, a JSON log line per request written to a file) and one with it off
(`TECZKA_OBSERVABILITY=false`), both up side by side on the same database, loaded in turn,
alternating which goes first each round.

    .venv/bin/python scripts/bench/observability_cost.py [--connections 16] [--seconds 10]
        [--rounds 6] [--workers 2]

The cost is 1 − on/off of each round's pair of runs; the median of the rounds is compared
with the target (≤ 5 %), and the spread (min–max of the rounds) is reported beside it. The
machine is shared (2 CPUs, other jobs running): a round's pair runs seconds apart, so a
neighbour's load weighs on both alike, but the spread says how far one round can be trusted.
Before each run the event tables are vacuumed and a checkpoint taken, and each run's line says
what PostgreSQL did meanwhile (scripts/bench/_pg_stats.py). Creates and drops its own
database; only 127.0.0.1 is touched; each run is bounded by
--seconds and --max-requests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load import run_load
from _pg_stats import Watch, settle
from _processes import free_port, started, teczka
from command_throughput import PASSWORD, VisitRecorder, prepare

from services.system import TeczkaSystem
from tests.support.stores import ADMIN_URL, fresh_postgres_database, postgres_settings

TARGET = 0.05
START_S = 240  # workers start slowly on a busy shared machine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--folders-per-connection", type=int, default=8)
    parser.add_argument("--visits", type=int, default=20)
    args = parser.parse_args()

    with TemporaryDirectory() as tmp, fresh_postgres_database(ADMIN_URL) as url:
        # The servers' output (the JSON log lines) goes to files, as a container's would.
        os.environ.setdefault("BENCH_LOG_DIR", tmp)
        settings = postgres_settings(url, Path(tmp), embedded_projector=False)
        # The runner in-process while preparing: opening a folder looks up its PESEL in the
        # person index (one person, one open folder), which waits for that read model.
        # Fresh folders for every run (issue #23's first finding): runs that went on writing
        # to the same folders met them longer each round, and each server the other's writes
        # in them, so the rounds were not comparable (667 → 421 req/s off in one run).
        runs = args.rounds * 2
        libpq = settings.libpq_url()
        per_run = args.connections * args.folders_per_connection
        with TeczkaSystem(settings, run_projectors=True) as system:
            folders = prepare(system, per_run * runs, args.visits)
        env = os.environ | {
            "TECZKA_DATABASE_URL": url, "TECZKA_EMBEDDED_PROJECTOR": "false",
            "TECZKA_POSTGRES_POOL_SIZE": str(settings.postgres_pool_size),
            "TECZKA_SECRET_KEY": settings.secret_key.get_secret_value(),
            "TECZKA_MASTER_KEY": settings.master_key.get_secret_value()}
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        ports = {"on": free_port(), "off": free_port()}
        servers = {name: teczka("serve", "--port", str(port), "--workers", str(args.workers))
                   for name, port in ports.items()}
        throughput: dict[str, list[float]] = {"on": [], "off": []}
        summaries = []
        with started(servers["on"], env | {"TECZKA_OBSERVABILITY": "true"},
                     ready_url=f"http://127.0.0.1:{ports['on']}/livez", timeout_s=START_S), \
                started(servers["off"], env | {"TECZKA_OBSERVABILITY": "false"},
                        ready_url=f"http://127.0.0.1:{ports['off']}/livez",
                        timeout_s=START_S):
            token = httpx.post(f"http://127.0.0.1:{ports['on']}/api/auth/login",
                               json={"username": "worker", "password": PASSWORD}
                               ).json()["access_token"]
            n = args.connections
            sets = iter(folders[i * per_run:(i + 1) * per_run] for i in range(runs))
            for round_no in range(args.rounds):
                for name in (("on", "off") if round_no % 2 == 0 else ("off", "on")):
                    fresh = next(sets)
                    clients = [VisitRecorder(token, fresh[i::n]) for i in range(n)]
                    # Every run from the same start: nothing owed to autovacuum, no
                    # checkpoint the previous run's writes made due (scripts/bench/_pg_stats.py).
                    settle(libpq)
                    with Watch(libpq) as pg:
                        result = run_load(ports[name], clients, seconds=args.seconds,
                                          warmup_s=args.warmup, max_requests=args.max_requests)
                    throughput[name].append(result.throughput)
                    summaries.append({"observability": name, "round": round_no + 1,
                                      "postgres": pg.stats.line()} | result.summary())
            scraped = httpx.get(f"http://127.0.0.1:{ports['on']}/metrics").text
        assert "teczka_commands_total" in scraped  # the "on" server did count
    report(args, throughput, summaries)


def report(args, throughput: dict[str, list[float]], summaries: list[dict]) -> None:
    print(f"Observability cost, record_visit over HTTP, PostgreSQL, {args.workers} workers, "
          f"{args.connections} connections, {args.seconds:.0f} s per run, {args.rounds} rounds "
          "(on and off alternated; shared machine)")
    for s in summaries:
        print(f"  round {s['round']:>2} {s['observability']:>3}: {s['per_s']:>7.0f} req/s, "
              f"p50 {s['p50_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms, {s['statuses']}")
        print(f"      {s['postgres']}")
    costs = [1 - on / off for on, off in zip(throughput["on"], throughput["off"], strict=True)
             if off]
    middle = statistics.median(costs)
    verdict = "met" if middle <= TARGET else "NOT met"
    each = ", ".join(f"{c:+.1%}" for c in costs)
    print(f"cost = 1 − on/off: median {middle:+.1%} (rounds {each};"
          f" spread {min(costs):+.1%} to {max(costs):+.1%}); target ≤ {TARGET:.0%}: {verdict}")
    print(json.dumps({"runs": summaries, "costs": [round(c, 4) for c in costs],
                      "median_cost": round(middle, 4)}))


if __name__ == "__main__":
    main()
