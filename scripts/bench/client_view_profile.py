"""Where an API worker's CPU goes per client view: one `teczka serve`-like worker (uvicorn,
uvloop, httptools) runs under cProfile with a CPU clock in every thread (the event loop, the
read threads, the access-log thread), while paced readers read client views from it.

    .venv/bin/python scripts/bench/client_view_profile.py --database-url URL
        [--readers 25] [--reads-per-s 2] [--seconds 20] [--top 40] [--save FILE]

The city's projections must be built (run client_view_latency.py once on it first). Prints
CPU per view and the functions with the most CPU of their own and in total, per view.
"""

from __future__ import annotations

import argparse
import os
import pstats
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _city import add_city_arguments, city_database
from _processes import REPO, free_port, started, teczka, wait_for_http
from _readers import read_client_views, wait_until_projected

from services.system import TeczkaSystem

# Runs in the server process: every thread gets its own profiler (cProfile follows one
# thread), all of them merged into one file when uvicorn stops.
SERVER = """
import cProfile, pstats, sys, threading, time
profiles = []
bootstrap = threading.Thread._bootstrap_inner  # run() is overridden by anyio's threads
def profiled(self):
    p = cProfile.Profile(time.thread_time)
    profiles.append(p)
    p.enable()
    try:
        bootstrap(self)
    finally:
        p.disable()
threading.Thread._bootstrap_inner = profiled
import uvicorn
main = cProfile.Profile(time.thread_time)
profiles.append(main)
main.enable()
try:
    uvicorn.run("api.app:create_app", factory=True, host="127.0.0.1", port=int(sys.argv[1]),
                loop="uvloop", http="httptools", log_level="warning")
finally:  # uvicorn raises SIGINT again when it has stopped
    main.disable()
    stats = pstats.Stats(main)
    for p in profiles[1:]:
        try:
            stats.add(p)
        except TypeError:  # a profiler that never saw a call
            pass
    stats.dump_stats(sys.argv[2])
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_city_arguments(parser)
    parser.add_argument("--readers", type=int, default=25)
    parser.add_argument("--reads-per-s", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--save", type=Path, default=None, help="keep the profile here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, city_database(args) as city, \
            TeczkaSystem(city.settings, run_projectors=False) as system, \
            started(teczka("project"), city.env()):
        wait_until_projected(system, 1800)
        port = free_port()
        out = Path(tmp) / "api.prof"
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(port), str(out)],
                                  env=city.env(), cwd=REPO)
        try:
            wait_for_http(f"http://127.0.0.1:{port}/api/health", server, 60)
            result = read_client_views(f"http://127.0.0.1:{port}", port, system,
                                       readers=args.readers, seconds=args.seconds,
                                       interval_s=1 / args.reads_per_s)
        finally:
            # SIGINT: uvicorn raises the signal it stopped on again, and only SIGINT's default
            # (KeyboardInterrupt) lets the profiles be written.
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)
        stats = pstats.Stats(str(out))
        if args.save:
            stats.dump_stats(args.save)
    s = result.summary()
    views = max(result.sent, 1)
    print(f"{views} views, {s['per_s']:.0f}/s, p50 {s['p50_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms,"
          f" statuses {s['statuses']}; profiled CPU {stats.total_tt * 1000 / views:.2f} ms "
          f"per view (server start and sign-ins included)")
    os.environ.setdefault("COLUMNS", "200")
    for key in ("tottime", "cumulative"):
        print(f"\n-- by {key} (seconds over the whole run) --")
        stats.sort_stats(key).print_stats(args.top)


if __name__ == "__main__":
    main()
