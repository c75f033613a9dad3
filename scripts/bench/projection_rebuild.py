"""Rebuild of every projection from the synthetic city, against the ceiling of reading and
decoding the notification log measured in the same run, on PostgreSQL.

    .venv/bin/python scripts/bench/projection_rebuild.py --scale 0.1 [--database-url URL]

1. ceiling: read the whole log in batches (`select_notifications`, of the size the runner
   reads when far behind the head) and decode every event (unsealing personal fields, the
   keys of a batch in one query), as the runner does, applying nothing;
2. first build: every projection from position 0 as `teczka project` does on a store whose
   read models are empty: one reader for all projections (skipped if they are built);
3. rebuild: a new generation of every projection (`teczka rebuild`), filled beside the live
   one by the runner's own loop and switched in when it reaches the head (--no-rebuild skips).

Targets: build ≥ 0.5 × the ceiling; ~1M events in < 30 s. Bounded by --timeout per phase.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _city import add_city_arguments, city_database

from projections import tracking
from services.projecting.runner import Projector, batch_limit, decode, request_rebuild, run_together
from services.system import TeczkaSystem


def read_and_decode(system: TeczkaSystem, batch_size: int) -> tuple[int, float]:
    app = system.app
    head = app.head_position()
    started = time.perf_counter()
    start, count = 1, 0
    while start <= head:
        notifications = app.recorder.select_notifications(
            start=start, limit=batch_limit(batch_size, start, head), stop=head)
        if not notifications:
            break
        count += len(decode(app, notifications))
        start = notifications[-1].id + 1
    return count, time.perf_counter() - started


def projectors(system: TeczkaSystem) -> list[Projector]:
    batch = system.settings.projection_batch_size
    return [Projector(system.app, system.engine, p, batch_size=batch)
            for p in system.read_models.projections]


def statuses(system: TeczkaSystem) -> list[tuple[str, int, str, int]]:
    with system.engine.connect() as conn:
        return [(g.projection, g.generation, g.status, g.position)
                for p in system.read_models.projections
                for g in tracking.live_generations(conn, p.name)]


def first_build(system: TeczkaSystem, timeout_s: float) -> float | None:
    """Every projection from zero, reading the log once for all; None if already built."""
    runners = projectors(system)
    for runner in runners:
        runner.prepare()
    if any(position > 0 for *_rest, position in statuses(system)):
        return None
    head = system.app.head_position()
    started = time.perf_counter()
    while any(position < head for *_rest, position in statuses(system)):
        if time.perf_counter() - started > timeout_s:
            raise TimeoutError("first build did not finish in time")
        run_together(system.app, runners, system.settings.projection_batch_size, settle=True)
    return time.perf_counter() - started


def rebuild_all(system: TeczkaSystem, timeout_s: float) -> float:
    """A new generation of every projection, filled and switched in by the runner's loop."""
    runners = projectors(system)
    started = time.perf_counter()
    for projection in system.read_models.projections:
        request_rebuild(system.engine, projection)
    while any(status == tracking.BUILDING for _p, _g, status, _pos in statuses(system)):
        if time.perf_counter() - started > timeout_s:
            raise TimeoutError("rebuild did not finish in time")
        run_together(system.app, runners, system.settings.projection_batch_size, settle=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_city_arguments(parser)
    parser.add_argument("--no-rebuild", action="store_true")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per phase")
    args = parser.parse_args()
    with city_database(args) as city, \
            TeczkaSystem(city.settings, run_projectors=False) as system:
        batch = system.settings.projection_batch_size
        events, read_s = read_and_decode(system, batch)
        ceiling = events / read_s
        # The batches the ceiling and a build read (the runner's, far behind the head).
        figures = {"events": events, "batch_size": batch_limit(batch, 1, events),
                   "read_decode_s": round(read_s, 1), "read_decode_per_s": round(ceiling)}
        print(f"ceiling: read + decode {events:,} events in {read_s:.1f} s "
              f"({ceiling:,.0f}/s)", flush=True)
        built = first_build(system, args.timeout)
        if built is not None:
            figures |= {"first_build_s": round(built, 1),
                        "first_build_per_s": round(events / built),
                        "first_build_ratio": round(events / built / ceiling, 2)}
            print(f"first build of {len(system.read_models.projections)} projections: "
                  f"{built:.1f} s ({events / built:,.0f}/s, {events / built / ceiling:.2f} × "
                  f"ceiling)", flush=True)
        if not args.no_rebuild:
            rebuilt = rebuild_all(system, args.timeout)
            figures |= {"rebuild_s": round(rebuilt, 1), "rebuild_per_s": round(events / rebuilt),
                        "rebuild_ratio": round(events / rebuilt / ceiling, 2)}
            print(f"rebuild (new generations, switched in): {rebuilt:.1f} s "
                  f"({events / rebuilt:,.0f}/s, {events / rebuilt / ceiling:.2f} × ceiling)")
        print("targets: ≥ 0.5 × ceiling; ~1M events in < 30 s "
              f"(at this rate 1M events take {1e6 / (events / (built or rebuilt)):.0f} s)")
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
