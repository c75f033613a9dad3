"""Client view read latency: 50 concurrent social workers reading client views of their
team's folders in the synthetic city, over HTTP, from `teczka serve` (uvicorn, uvloop,
httptools) on PostgreSQL with `teczka project` running beside it, as in production.

    .venv/bin/python scripts/bench/client_view_latency.py --scale 0.1 [--readers 50]
        [--seconds 20] [--workers 2] [--database-url URL]

Every read is a real one: the token is checked, the folder's team is checked and the read is
written to the access log. If the city's projections are not built yet, they are built
first (not timed here: see projection_rebuild.py). Target: p99 ≤ 10 ms.
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
from _readers import read_client_views, wait_until_projected

from services.system import TeczkaSystem


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_city_arguments(parser)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
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
            result = read_client_views(base, port, system, readers=args.readers,
                                       seconds=args.seconds)
    summary = result.summary()
    print(f"Client view reads, {city.events:,} events in the city, {args.readers} readers, "
          f"{args.workers} API workers, {args.seconds:.0f} s (projections ready after "
          f"{built_s:.0f} s)")
    print(f"  {summary['per_s']:.0f} reads/s  p50 {summary['p50_ms']:.1f} ms  "
          f"p99 {summary['p99_ms']:.1f} ms  statuses {summary['statuses']}")
    verdict = "met" if summary["p99_ms"] <= 10 else "NOT met"
    print(f"  target p99 ≤ 10 ms: {verdict}")
    print(json.dumps({"events": city.events, "readers": args.readers} | summary))


if __name__ == "__main__":
    main()
