"""Where observability's CPU per request goes, in one process with no server, no network and
no neighbour's noise: `GET /livez` through Teczka's whole middleware stack (an ASGI call, the
answer discarded), in blocks of --requests, with observability off, on, and on with one part
switched off at a time — the request's log line (its logger disabled) or the histogram's
observation (a no-op in its place) — alternating the order by round.

    .venv/bin/python scripts/bench/observability_parts.py [--rounds 12] [--requests 1000]

Metrics in multiprocess mode (memory-mapped files, as `teczka serve --workers N` counts),
the log lines written to a file in a temporary directory. Prints each variant's CPU per
request (median of the rounds) and its difference from "off". `/livez` does no work of its
own, so what observability adds is the part of a command's CPU that a server compares
(`observability_cost.py`). About 25 s of CPU (2 minutes at load 12); touches nothing outside its
temporary directory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

VARIANTS = ("off", "on", "no log line", "no histogram", "neither")
SCOPE = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
         "scheme": "http", "path": "/livez", "raw_path": b"/livez", "query_string": b"",
         "root_path": "", "headers": [(b"host", b"127.0.0.1")],
         "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}


class _NoObservation:
    def observe(self, value: float) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--requests", type=int, default=1000, help="per variant and round")
    args = parser.parse_args()
    with TemporaryDirectory() as tmp:
        # Before prometheus_client is imported: it picks its value class then.
        (Path(tmp) / "metrics").mkdir()
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(Path(tmp) / "metrics")
        with open(Path(tmp) / "lines.log", "w") as lines:
            results = measure(args, Path(tmp), lines)
    off = results["off"]
    print(f"GET /livez in one process, CPU per request, median of {args.rounds} rounds of "
          f"{args.requests} (load average {os.getloadavg()[0]:.1f}):")
    for variant in VARIANTS:
        more = [a - b for a, b in zip(results[variant], off, strict=True)]
        print(f"  {variant:>13}: {statistics.median(results[variant]):6.1f} µs, − off "
              f"{statistics.median(more):+6.1f} µs (rounds {min(more):+.1f} to {max(more):+.1f})")


def measure(args, data_dir: Path, lines) -> dict[str, list[float]]:
    from api import observability
    from api.app import create_app
    from services.observability import logs, metrics
    from tests.support.stores import sqlite_settings

    logs.configure_logging(stream=lines)
    app = create_app(sqlite_settings(data_dir))

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    statuses: set[int] = set()

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            statuses.add(message["status"])

    async def block(n: int) -> None:
        for _ in range(n):
            await app(dict(SCOPE), receive, send)

    async def run() -> dict[str, list[float]]:
        await block(args.requests)  # builds the middleware stack, warms up
        timing = _RequestMetrics(app, observability.RequestMetrics)
        results: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
        for round_no in range(args.rounds):
            for variant in (VARIANTS if round_no % 2 == 0 else VARIANTS[::-1]):
                metrics.SWITCH.enabled = variant != "off"
                observability.log.disabled = variant in ("no log line", "neither")
                timing.observe(variant not in ("no histogram", "neither"))
                started = time.process_time()
                await block(args.requests)
                results[variant].append((time.process_time() - started) / args.requests * 1e6)
        observability.log.disabled = False
        return results

    results = asyncio.run(run())
    if statuses != {200}:
        raise SystemExit(f"/livez answered {sorted(statuses)}, not only 200")
    return results


class _RequestMetrics:
    """The app's RequestMetrics middleware, its histogram children swappable for no-ops."""

    def __init__(self, app, kind: type) -> None:
        layer = app.middleware_stack
        while layer is not None and not isinstance(layer, kind):
            layer = getattr(layer, "app", None)
        if layer is None:
            raise SystemExit("no RequestMetrics middleware in the stack")
        self.children = layer._children
        self.real = dict(self.children)

    def observe(self, really: bool) -> None:
        for key in self.real:
            self.children[key] = self.real[key] if really else _NoObservation()


if __name__ == "__main__":
    main()
