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
from _processes import free_port, started, teczka
from _readers import read_client_views, sign_in_readers, wait_until_projected

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
            started(teczka("project"), city.env()):
        built_s = wait_until_projected(system, args.timeout)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        serve = teczka("serve", "--port", str(port), "--workers", str(args.workers))
        with started(serve, city.env(), ready_url=f"{base}/api/health"):
            tokens = sign_in_readers(base)
            loads = [(rate, arrivals) for rate in args.reads_per_s
                     for arrivals in (args.arrivals if rate else ["closed"])]
            results = {(rate, arrivals): read_client_views(
                base, port, system, readers=args.readers, seconds=args.seconds,
                interval_s=1 / rate if rate else 0.0,
                arrivals="lockstep" if arrivals == "closed" else arrivals, tokens=tokens)
                for rate, arrivals in loads}
    print(f"Client view reads, {city.events:,} events in the city, {args.readers} readers, "
          f"{args.workers} API workers, {args.seconds:.0f} s per run (projections ready after "
          f"{built_s:.0f} s)")
    for (rate, arrivals), result in results.items():
        s = result.summary()
        pace = f"{rate:g} reads/s each, {arrivals}" if rate else "closed loop"
        verdict = "met" if s["p99_ms"] <= 10 else "NOT met"
        print(f"  {pace:<32} {s['per_s']:6.0f} reads/s  p50 {s['p50_ms']:6.1f} ms  "
              f"p99 {s['p99_ms']:6.1f} ms  statuses {s['statuses']}  (p99 ≤ 10 ms: {verdict})")
        print("  " + json.dumps({"events": city.events, "readers": args.readers,
                                 "reads_per_s_each": rate, "arrivals": arrivals} | s))


if __name__ == "__main__":
    main()
