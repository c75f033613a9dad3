"""Peak memory (RSS, VmHWM from /proc) of the projection process after it has loaded the
whole synthetic city, and of the API after serving client views of it, on PostgreSQL.

    .venv/bin/python scripts/bench/peak_rss.py --scale 0.1 [--workers 2] [--seconds 20]
        [--database-url URL] [--parts]

`teczka project` starts on the city with its read models empty (built ones get a new
generation to fill, as `teczka rebuild` does), so it reads every event; `teczka serve`
then answers 50 readers of client views for --seconds. Each uvicorn worker is a process of
its own and is measured on its own (the supervisor too); with --parts, so is each of the two
projection processes. Target: ≤ 250 MB each.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _city import add_city_arguments, city_database
from _processes import (
    command_line,
    free_port,
    peak_rss_mb,
    process_tree_peaks,
    started,
    teczka,
)
from _readers import read_client_views, read_models_built, wait_until_projected

from services.projecting.runner import RUNNER_PARTS, request_rebuild
from services.system import TeczkaSystem

TARGET_MB = 250


def _role(pid: int) -> str:
    line = command_line(pid)
    if "resource_tracker" in line:
        return "resource tracker"
    return "worker" if "multiprocessing" in line else "process"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_city_arguments(parser)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--keep-read-models", action="store_true",
                        help="do not rebuild built read models (measures the API only: the "
                             "projection process then starts at the head)")
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="longest wait for the projection process to load the city")
    parser.add_argument("--parts", action="store_true",
                        help="two projection processes, `teczka project --part 1` and "
                             "`--part 2`, instead of one")
    args = parser.parse_args()
    runners = ([["--part", part] for part in RUNNER_PARTS] if args.parts else [[]])
    with city_database(args) as city, \
            TeczkaSystem(city.settings, run_projectors=False) as system:
        rebuilt = None
        if read_models_built(system) and not args.keep_read_models:
            # Built read models (even a little behind the head) get new generations, so the
            # projection process reads every event whatever state the city was left in.
            rebuilt = {projection.name: request_rebuild(system.engine, projection).generation
                       for projection in system.read_models.projections}
        with ExitStack() as stack:
            projectors = {" ".join(["teczka project", *runner]): stack.enter_context(
                started(teczka("project", *runner), city.env())) for runner in runners}
            # Rebuilt generations switch in when they reach the head.
            loaded_s = wait_until_projected(system, args.timeout, rebuilt)
            project_mb = {name: peak_rss_mb(p.pid) for name, p in projectors.items()}
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            serve = teczka("serve", "--port", str(port), "--workers", str(args.workers))
            with started(serve, city.env(), ready_url=f"{base}/api/health") as server:
                result = read_client_views(base, port, system, readers=50,
                                           seconds=args.seconds)
                serve_mb = {pid: (mb, _role(pid))
                            for pid, mb in process_tree_peaks(server.pid).items()}
            project_mb = {name: max(mb, peak_rss_mb(projectors[name].pid))
                          for name, mb in project_mb.items()}
    served = result.summary()
    print(f"Peak RSS, city of {city.events:,} events ({len(runners)} projection process(es) "
          f"loaded it in {loaded_s:.1f} s; API answered {served['requests']:,} client view "
          f"reads: {served['statuses']})")
    for name, mb in project_mb.items():
        print(f"  {name:<37} {mb:6.0f} MB")
    for i, (pid, (mb, role)) in enumerate(serve_mb.items()):
        role = "supervisor" if i == 0 and args.workers > 1 else role
        print(f"  teczka serve {role + ' ' + str(pid):<22} {mb:6.0f} MB")
    worst = max([*project_mb.values(), *(mb for mb, _role in serve_mb.values())])
    print(f"  target ≤ {TARGET_MB} MB each: {'met' if worst <= TARGET_MB else 'NOT met'}")
    print(json.dumps({"events": city.events,
                      "project_mb": {name: round(mb) for name, mb in project_mb.items()},
                      "serve_mb": {role + str(pid): round(mb)
                                   for pid, (mb, role) in serve_mb.items()},
                      "loaded_s": round(loaded_s, 1)}))


if __name__ == "__main__":
    main()
