"""Client view read latency: 50 concurrent social workers reading client views of their
team's folders in the synthetic city, over HTTP, from `teczka serve` (uvicorn, uvloop,
httptools) on PostgreSQL with `teczka project` running beside it, as in production.

    .venv/bin/python scripts/bench/client_view_latency.py --scale 0.1 [--readers 50]
        [--seconds 20] [--workers 2] [--database-url URL]
        [--observability on off --rounds 3]

Every read is a real one: the token is checked, the folder's team is checked and the read is
written to the access log. Two loads: a closed loop (each reader reads again as soon as it is
answered: the server's saturation, where latency is readers / throughput) and a paced one
(each reader reads --reads-per-s times a second on average: 50 people working). Paced reads
arrive independently (each reader a Poisson process) or, with `--arrivals lockstep`, all
readers at the same instants (a burst of 50 every 1/--reads-per-s seconds: how this
benchmark paced its readers before 2026-11-25 16:00; give both to compare). If the city's
projections are not built yet, `teczka project` builds them first (not timed here: see
projection_rebuild.py). Target: p99 ≤ 10 ms.

`--observability on off` compares metrics and request log lines on and off (issue #22): a
server of each (`TECZKA_OBSERVABILITY`), side by side on the same city, each load run
against one and then the other, `--rounds` times, alternating which goes first; the verdict
says whether the medians' p99 differ by more than the rounds' spread.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _city import add_city_arguments, city_database
from _processes import ConnectionWatch, cpu_seconds, free_port, started, teczka, tree
from _readers import read_client_views, sign_in_readers, wait_until_projected
from sqlalchemy import text

from services.system import TeczkaSystem


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_city_arguments(parser)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reads-per-s", type=float, nargs="+", default=[0.0, 2.0],
                        help="per reader; 0 = closed loop (next read as soon as answered)")
    parser.add_argument("--arrivals", nargs="+", choices=("independent", "lockstep"),
                        default=["independent"], help="how paced readers' reads arrive")
    parser.add_argument("--observability", nargs="+", choices=("on", "off"), default=["on"],
                        help="metrics and request log lines (TECZKA_OBSERVABILITY); give "
                        "both to compare: a server of each, side by side, loaded in turn")
    parser.add_argument("--rounds", type=int, default=1,
                        help="every load this many times (with both servers, alternating "
                        "which goes first)")
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="longest wait for the projections to be built")
    args = parser.parse_args()
    settings_of = dict.fromkeys(args.observability)  # the order given, no repeats
    with city_database(args) as city, \
            TeczkaSystem(city.settings, run_projectors=False) as system, \
            started(teczka("project"), city.env()) as projector, ExitStack() as stack:
        built_s = wait_until_projected(system, args.timeout)
        servers, ports = {}, {}
        for obs in settings_of:
            ports[obs] = port = free_port()
            env = city.env() | {"TECZKA_OBSERVABILITY": "true" if obs == "on" else "false"}
            serve = teczka("serve", "--port", str(port), "--workers", str(args.workers))
            servers[obs] = stack.enter_context(started(
                serve, env, ready_url=f"http://127.0.0.1:{port}/api/health", timeout_s=240))
        first = next(iter(ports))
        tokens = sign_in_readers(f"http://127.0.0.1:{ports[first]}")
        loads = [(rate, arrivals) for rate in args.reads_per_s
                 for arrivals in (args.arrivals if rate else ["closed"])]
        runs = []
        for round_no in range(args.rounds):
            order = list(ports) if round_no % 2 == 0 else list(ports)[::-1]
            for rate, arrivals in loads:
                for obs in order:
                    runs.append(measure(args, city, system, ports[obs], servers[obs].pid,
                                        projector.pid, rate, arrivals, tokens)
                                | {"observability": obs, "round": round_no + 1})
    print(f"Client view reads, {city.events:,} events in the city, {args.readers} readers, "
          f"{args.workers} API workers, {args.seconds:.0f} s per run (projections ready after "
          f"{built_s:.0f} s; load average now {os.getloadavg()[0]:.1f})")
    for run in runs:
        report_run(args, run, compare=len(ports) > 1)
    if len(ports) > 1:
        compare_p99(loads, runs)


def measure(args, city, system: TeczkaSystem, port: int, server_pid: int, projector_pid: int,
            rate: float, arrivals: str, tokens: dict[str, str]) -> dict:
    """One run of one load against one server: the result, CPU per request, backends."""
    before = cpu_used(system, server_pid, projector_pid)
    with ConnectionWatch(city.settings.libpq_url()) as watch:
        result = read_client_views(
            f"http://127.0.0.1:{port}", port, system, readers=args.readers,
            seconds=args.seconds, interval_s=1 / rate if rate else 0.0,
            arrivals="lockstep" if arrivals == "closed" else arrivals, tokens=tokens)
    after = cpu_used(system, server_pid, projector_pid)
    cpu = {group: round(sum(seconds - before[group].get(pid, 0.0)
                            for pid, seconds in after[group].items())
                        * 1000 / max(result.sent, 1), 2)
           for group in after}
    return {"rate": rate, "arrivals": arrivals, "result": result, "cpu": cpu, "watch": watch,
            "events": city.events, "load_average": round(os.getloadavg()[0], 1)}


def report_run(args, run: dict, compare: bool) -> None:
    rate, arrivals, c, w = run["rate"], run["arrivals"], run["cpu"], run["watch"]
    s = run["result"].summary()
    pace = f"{rate:g} reads/s each, {arrivals}" if rate else "closed loop"
    if compare:
        pace = f"round {run['round']}, observability {run['observability']:>3}, {pace}"
    verdict = "met" if s["p99_ms"] <= 10 else "NOT met"
    print(f"  {pace:<32} {s['per_s']:6.0f} reads/s  p50 {s['p50_ms']:6.1f} ms  "
          f"p99 {s['p99_ms']:6.1f} ms  statuses {s['statuses']}  (p99 ≤ 10 ms: {verdict})")
    print(f"  {'':<32} CPU per request: API {c['api']:.2f} ms, projector "
          f"{c['projector']:.2f} ms, PostgreSQL backends {c['postgres']:.2f} ms "
          f"(load average {run['load_average']})")
    print(f"  {'':<32} PostgreSQL backends: peak {w.peak}, distinct {len(w.seen)}")
    print("  " + json.dumps({"events": run["events"], "readers": args.readers,
                             "reads_per_s_each": rate, "arrivals": arrivals,
                             "observability": run.get("observability", "on")} | s
                            | {"cpu_ms_per_request": c, "backends_peak": w.peak,
                               "backends_seen": len(w.seen),
                               "load_average": run["load_average"]}))


def compare_p99(loads: list[tuple[float, str]], runs: list[dict]) -> None:
    """Per load: the p99 with observability on and off (median and spread of the rounds)
    and whether their difference is beyond the spread (issue #22)."""
    for rate, arrivals in loads:
        pace = f"{rate:g} reads/s each, {arrivals}" if rate else "closed loop"
        p99 = {obs: [r["result"].percentile(99) for r in runs
                     if r["rate"] == rate and r["arrivals"] == arrivals
                     and r["observability"] == obs] for obs in ("on", "off")}
        on, off = statistics.median(p99["on"]), statistics.median(p99["off"])
        spread = max(max(v) - min(v) for v in p99.values())
        visible = abs(on - off) > spread
        print(f"VERDICT client view p99, {pace}: on {on:.1f} ms (rounds "
              f"{', '.join(f'{v:.1f}' for v in p99['on'])}), off {off:.1f} ms (rounds "
              f"{', '.join(f'{v:.1f}' for v in p99['off'])}); difference {on - off:+.1f} ms, "
              f"largest spread of one setting {spread:.1f} ms: "
              f"{'a VISIBLE change' if visible else 'no visible change'}")


def cpu_used(system: TeczkaSystem, server_pid: int,
             projector_pid: int) -> dict[str, dict[int, float]]:
    """CPU seconds used so far by each API process, projection runner process and
    PostgreSQL backend of this database (a backend that ends during a run takes its time
    along: the figure for PostgreSQL is a lower bound)."""
    with system.engine.connect() as conn:
        backends = [row.pid for row in conn.execute(text(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"))]
    return {"api": cpu_seconds(tree(server_pid)), "projector": cpu_seconds(tree(projector_pid)),
            "postgres": cpu_seconds(backends)}


if __name__ == "__main__":
    main()
