"""What metrics and logging cost the command path: Teczka's `record_visit` over HTTP on
PostgreSQL, one server with observability on (metrics in prometheus_client's multiprocess
mode, as `teczka serve --workers N` runs them, and a JSON log line per request written to a
file) and one with it off (`TECZKA_OBSERVABILITY=false`), both up side by side on the same
database.

    .venv/bin/python scripts/bench/observability_cost.py [--mode paired] [--rounds 20]
        [--seconds 3] [--connections 16] [--workers 1]

`--mode paired` (the default): both servers are loaded at the same time by the same
connections, each connection sending its requests to "on" and "off" in turn, so every
instant's noise (a checkpoint, a neighbour's job, a swing of the machine) falls on both
alike. Both then answer the same number of requests; what differs is how long each takes.
A round's cost is 1 − mean latency off / mean latency on: by Little's law, the throughput
each server would give alone at the same number of requests in flight, 1 − on/off. Rounds
alternate which server each connection asks first.

`--mode turns` (the old way): the servers are loaded one after the other, alternating which
goes first each round; a round's cost is 1 − throughput on / off of its pair of runs.

In both modes each round also reads the servers' CPU time from /proc: CPU per request is
what observability adds, and it does not depend on how fast the machine happened to be.
Reported: each round, the median cost and its spread (min–max and the middle half), the CPU
per request on and off and the difference in µs, and the verdict against the target (≤ 5 %
of command throughput). Each server writes to folders of its own (the same number, prepared
alike). Creates and drops its own database; only 127.0.0.1 is touched; every round is
bounded by --seconds and --max-requests; the defaults take about 3 minutes on a quiet
machine.
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
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load import LoadResult, run_load, run_paired_load
from _pg_stats import Watch, settle
from _processes import cpu_seconds, free_port, started, teczka, tree
from command_throughput import PASSWORD, VisitRecorder, prepare

from services.system import TeczkaSystem
from tests.support.stores import ADMIN_URL, fresh_postgres_database, postgres_settings

TARGET = 0.05
START_S = 240  # workers start slowly on a busy shared machine
NAMES = ("on", "off")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("paired", "turns"), default="paired")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=3.0, help="measured, per round")
    parser.add_argument("--warmup", type=float, default=0.5, help="per round (per run)")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--folders-per-connection", type=int, default=8)
    parser.add_argument("--visits", type=int, default=20)
    args = parser.parse_args()

    with TemporaryDirectory() as tmp, fresh_postgres_database(ADMIN_URL) as url:
        # The servers' output (the JSON log lines) goes to files, as a container's would.
        os.environ.setdefault("BENCH_LOG_DIR", tmp)
        settings = postgres_settings(url, Path(tmp), embedded_projector=False)
        libpq = settings.libpq_url()
        n = args.connections
        per_server = n * args.folders_per_connection
        # The runner in-process while preparing: opening a folder looks up its PESEL in the
        # person index (one person, one open folder), which waits for that read model.
        with TeczkaSystem(settings, run_projectors=True) as system:
            folders = prepare(system, per_server * 2, args.visits)
        mine = {"on": folders[:per_server], "off": folders[per_server:]}
        env = os.environ | {
            "TECZKA_DATABASE_URL": url, "TECZKA_EMBEDDED_PROJECTOR": "false",
            "TECZKA_POSTGRES_POOL_SIZE": str(settings.postgres_pool_size),
            "TECZKA_SECRET_KEY": settings.secret_key.get_secret_value(),
            "TECZKA_MASTER_KEY": settings.master_key.get_secret_value()}
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        # Multiprocess mode (memory-mapped files) for "on" whatever --workers says: it is how
        # production counts with several workers, and dearer than a single process's values.
        metrics_dir = Path(tmp) / "metrics-on"
        metrics_dir.mkdir()
        ports = {name: free_port() for name in NAMES}
        servers = {name: teczka("serve", "--port", str(port), "--workers", str(args.workers))
                   for name, port in ports.items()}
        rounds: list[dict] = []
        with started(servers["on"], env | {"TECZKA_OBSERVABILITY": "true",
                                           "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)},
                     ready_url=f"http://127.0.0.1:{ports['on']}/livez",
                     timeout_s=START_S) as on, \
                started(servers["off"], env | {"TECZKA_OBSERVABILITY": "false"},
                        ready_url=f"http://127.0.0.1:{ports['off']}/livez",
                        timeout_s=START_S) as off:
            pids = {"on": on.pid, "off": off.pid}
            token = httpx.post(f"http://127.0.0.1:{ports['on']}/api/auth/login",
                               json={"username": "worker", "password": PASSWORD}
                               ).json()["access_token"]
            clients = {name: [VisitRecorder(token, mine[name][i::n]) for i in range(n)]
                       for name in NAMES}
            # One round unmeasured: a fresh worker's first requests cost twice as much CPU
            # (imports, caches, the first connections), which would fall on the first round.
            run_round(args, ports, clients, 0)
            settle(libpq)  # once: in paired mode what PostgreSQL does falls on both alike
            for round_no in range(args.rounds):
                first = round_no % 2
                before = cpu(pids, libpq)
                with Watch(libpq) as pg:
                    results = run_round(args, ports, clients, first)
                after = cpu(pids, libpq)
                rounds.append(summarise(round_no + 1, NAMES[first], results, before, after,
                                        pg.stats.line()))
            scraped = httpx.get(f"http://127.0.0.1:{ports['on']}/metrics").text
        if "teczka_commands_total" not in scraped:
            raise SystemExit("the 'on' server counted no command: nothing was measured")
    report(args, rounds)


def run_round(args, ports: dict[str, int], clients: dict[str, list[VisitRecorder]],
              first: int) -> dict[str, LoadResult]:
    if args.mode == "paired":
        both = run_paired_load([ports[name] for name in NAMES],
                               [[clients[name][i] for name in NAMES]
                                for i in range(args.connections)],
                               seconds=args.seconds, warmup_s=args.warmup,
                               max_requests=args.max_requests, first=first)
        return dict(zip(NAMES, both, strict=True))
    order = NAMES if first == 0 else NAMES[::-1]
    return {name: run_load(ports[name], clients[name], seconds=args.seconds,
                           warmup_s=args.warmup, max_requests=args.max_requests)
            for name in order}


def cpu(pids: dict[str, int], libpq: str) -> dict[str, float]:
    """CPU seconds used so far by each server's processes and by this database's
    PostgreSQL backends (a backend that ends meanwhile takes its time along)."""
    with psycopg.connect(libpq, autocommit=True) as conn:
        backends = [row[0] for row in conn.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")]
    used = {name: sum(cpu_seconds(tree(pid)).values()) for name, pid in pids.items()}
    return used | {"postgres": sum(cpu_seconds(backends).values())}


def summarise(round_no: int, first: str, results: dict[str, LoadResult],
              before: dict[str, float], after: dict[str, float], pg: str) -> dict:
    sent = sum(r.sent for r in results.values())
    row: dict = {"round": round_no, "first": first, "postgres": pg,
                 "pg_cpu_ms_per_request": round((after["postgres"] - before["postgres"])
                                                * 1000 / max(sent, 1), 3)}
    for name, result in results.items():
        lat = result.latencies_ms
        row[name] = result.summary() | {
            "mean_ms": round(statistics.fmean(lat), 3) if lat else float("nan"),
            # Warm-up included on both sides of the division: CPU was read around it.
            "cpu_ms_per_request": round((after[name] - before[name]) * 1000
                                        / max(result.sent, 1), 4)}
    return row


def cost_of(args, row: dict) -> float:
    """1 − on/off of throughput: measured in turns, or (paired) from the mean latencies
    at the same requests in flight (Little's law)."""
    on, off = row["on"], row["off"]
    if args.mode == "paired":
        return 1 - off["mean_ms"] / on["mean_ms"]
    return 1 - on["per_s"] / off["per_s"] if off["per_s"] else float("nan")


def spread(values: list[float]) -> str:
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    low, high = interval(values)
    return (f"median {statistics.median(values):+.1%}, middle half {q1:+.1%} to {q3:+.1%}, "
            f"all {min(values):+.1%} to {max(values):+.1%}; mean {statistics.fmean(values):+.1%}"
            f", its 95 % interval {low:+.1%} to {high:+.1%}")


def interval(values: list[float]) -> tuple[float, float]:
    """The mean's 95 % confidence interval, Student's t (its quantile approximated as
    1.96 + 2.4 / (n − 1): within 0.01 of the table from 10 rounds up)."""
    n = len(values)
    half = (1.96 + 2.4 / (n - 1)) * statistics.stdev(values) / n ** 0.5
    mean = statistics.fmean(values)
    return mean - half, mean + half


def where(values: list[float]) -> str:
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return ("middle half below 5 %" if q3 <= TARGET else
            "middle half above 5 %" if q1 > TARGET else "middle half straddles 5 %")


def judged(values: list[float]) -> str:
    """The target by the median, and whether the rounds resolve it (their middle half on
    one side of it)."""
    q1, middle, q3 = statistics.quantiles(values, n=4, method="inclusive")
    if q3 <= TARGET:
        return "met"
    if q1 > TARGET:
        return "NOT met"
    return f"{'met' if middle <= TARGET else 'NOT met'} by the median but NOT RESOLVED"


def report(args, rounds: list[dict]) -> None:
    print(f"Observability cost, record_visit over HTTP, PostgreSQL, mode {args.mode}, "
          f"{args.workers} worker(s) per server, {args.connections} connections, "
          f"{args.rounds} rounds of {args.seconds:g} s (load average at the end "
          f"{os.getloadavg()[0]:.1f})")
    costs, cpu_costs, cpu_on, cpu_off, extra = [], [], [], [], []
    for row in rounds:
        on, off = row["on"], row["off"]
        costs.append(cost_of(args, row))
        cpu_on.append(on["cpu_ms_per_request"])
        cpu_off.append(off["cpu_ms_per_request"])
        cpu_costs.append(1 - off["cpu_ms_per_request"] / on["cpu_ms_per_request"])
        extra.append((on["cpu_ms_per_request"] - off["cpu_ms_per_request"]) * 1000)
        print(f"  round {row['round']:>2} ({row['first']} first): "
              f"on {on['per_s']:6.0f} req/s mean {on['mean_ms']:6.1f} ms "
              f"p99 {on['p99_ms']:6.1f} ms CPU {on['cpu_ms_per_request']:.3f} ms/req | "
              f"off {off['per_s']:6.0f} req/s mean {off['mean_ms']:6.1f} ms "
              f"p99 {off['p99_ms']:6.1f} ms CPU {off['cpu_ms_per_request']:.3f} ms/req | "
              f"cost {costs[-1]:+.1%}, CPU {cpu_costs[-1]:+.1%}")
        print(f"      statuses on {on['statuses']} off {off['statuses']}; "
              f"PostgreSQL CPU {row['pg_cpu_ms_per_request']:.3f} ms/req; {row['postgres']}")
    extra_us = statistics.median(extra)
    pg_ms = statistics.median(row["pg_cpu_ms_per_request"] for row in rounds)
    whole = statistics.median(cpu_on) + pg_ms
    measure = ("1 − mean latency off/on (paired)" if args.mode == "paired"
               else "1 − throughput on/off (turns)")
    print(f"throughput cost, {measure}: {spread(costs)}")
    print(f"server CPU per request: on {statistics.median(cpu_on):.3f} ms, off "
          f"{statistics.median(cpu_off):.3f} ms (medians), on − off {extra_us:+.0f} µs a request "
          f"(median of the rounds); "
          f"CPU cost 1 − off/on {spread(cpu_costs)}; the extra µs are "
          f"{extra_us / 1000 / whole:+.1%} of server + PostgreSQL CPU per request "
          f"({whole:.3f} ms)")
    middle = statistics.median(costs)
    cpu_middle = statistics.median(cpu_costs)
    low, high = interval(cpu_costs)
    print(f"VERDICT: observability costs {middle:+.1%} of command throughput (median of "
          f"{len(costs)} rounds, spread {min(costs):+.1%} to {max(costs):+.1%}; "
          f"{where(costs)}): target ≤ {TARGET:.0%} {judged(costs)}; {cpu_middle:+.1%} of the "
          f"server's CPU per request (spread {min(cpu_costs):+.1%} to {max(cpu_costs):+.1%}; "
          f"{where(cpu_costs)}; mean's 95 % interval {low:+.1%} to {high:+.1%}), the bound "
          f"of the throughput cost while the server's CPU limits it: {judged(cpu_costs)}")
    print(json.dumps({"mode": args.mode, "rounds": rounds,
                      "costs": [round(c, 4) for c in costs],
                      "cpu_costs": [round(c, 4) for c in cpu_costs],
                      "median_cost": round(middle, 4)}))


if __name__ == "__main__":
    main()
