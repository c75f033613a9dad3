"""Client view read latency: 50 concurrent social workers reading client views of their
team's folders in the synthetic city, over HTTP, from `teczka serve` (uvicorn, uvloop,
httptools) on PostgreSQL with `teczka project` running beside it, as in production.

    .venv/bin/python scripts/bench/client_view_latency.py --scale 0.1 [--readers 50]
        [--seconds 20] [--workers 2] [--database-url URL]

Every read is a real one: the token is checked, the folder's team is checked and the read is
written to the access log. Two loads: a closed loop (each reader reads again as soon as it is
answered: the server's saturation, where latency is readers / throughput) and a paced one
(each reader reads --reads-per-s times a second on average: 50 people working). Paced reads
arrive independently (each reader a Poisson process) or, with `--arrivals lockstep`, all
readers at the same instants (a burst of 50 every 1/--reads-per-s seconds: how this
benchmark paced its readers before 2026-11-25 16:00; give both to compare). If the city's
projections are not built yet, `teczka project` builds them first (not timed here: see
projection_rebuild.py). Target: p99 ≤ 10 ms.
"""

from __future__ import annotations

import argparse
import json
import sys
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
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="longest wait for the projections to be built")
    args = parser.parse_args()
    with city_database(args) as city, \
            TeczkaSystem(city.settings, run_projectors=False) as system, \
            started(teczka("project"), city.env()) as projector:
        built_s = wait_until_projected(system, args.timeout)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        serve = teczka("serve", "--port", str(port), "--workers", str(args.workers))
        with started(serve, city.env(), ready_url=f"{base}/api/health") as server:
            tokens = sign_in_readers(base)
            loads = [(rate, arrivals) for rate in args.reads_per_s
                     for arrivals in (args.arrivals if rate else ["closed"])]
            results, cpu, watches = {}, {}, {}
            for rate, arrivals in loads:
                before = cpu_used(system, server.pid, projector.pid)
                with ConnectionWatch(city.settings.libpq_url()) as watches[rate, arrivals]:
                    results[rate, arrivals] = result = read_client_views(
                        base, port, system, readers=args.readers, seconds=args.seconds,
                        interval_s=1 / rate if rate else 0.0,
                        arrivals="lockstep" if arrivals == "closed" else arrivals,
                        tokens=tokens)
                after = cpu_used(system, server.pid, projector.pid)
                cpu[rate, arrivals] = {
                    group: round(sum(seconds - before[group].get(pid, 0.0)
                                     for pid, seconds in after[group].items())
                                 * 1000 / max(result.sent, 1), 2)
                    for group in after}
    print(f"Client view reads, {city.events:,} events in the city, {args.readers} readers, "
          f"{args.workers} API workers, {args.seconds:.0f} s per run (projections ready after "
          f"{built_s:.0f} s)")
    for (rate, arrivals), result in results.items():
        s = result.summary()
        pace = f"{rate:g} reads/s each, {arrivals}" if rate else "closed loop"
        verdict = "met" if s["p99_ms"] <= 10 else "NOT met"
        c = cpu[rate, arrivals]
        print(f"  {pace:<32} {s['per_s']:6.0f} reads/s  p50 {s['p50_ms']:6.1f} ms  "
              f"p99 {s['p99_ms']:6.1f} ms  statuses {s['statuses']}  (p99 ≤ 10 ms: {verdict})")
        w = watches[rate, arrivals]
        print(f"  {'':<32} CPU per request: API {c['api']:.2f} ms, projector "
              f"{c['projector']:.2f} ms, PostgreSQL backends {c['postgres']:.2f} ms")
        print(f"  {'':<32} PostgreSQL backends: peak {w.peak}, distinct {len(w.seen)}")
        print("  " + json.dumps({"events": city.events, "readers": args.readers,
                                 "reads_per_s_each": rate, "arrivals": arrivals} | s
                                | {"cpu_ms_per_request": c, "backends_peak": w.peak,
                                   "backends_seen": len(w.seen)}))


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
