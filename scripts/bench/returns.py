"""Returns on the synthetic city: the time to produce a half-year return from the returns
projection (issue #19's target ≤ 0.1 s) and the time of the full independent recount from
the event log (target ≤ 10 s), measured in the same run on the same data; the two must be
equal. The load average is printed at the start and the end: on a shared machine it moves
the figures as much as any change.

    .venv/bin/python scripts/bench/returns.py --scale 1.0 [--seed 1] [--repeat 5]
    .venv/bin/python scripts/bench/returns.py --database-url postgresql://…/city  # kept city

The city is generated through the use cases into a fresh PostgreSQL database (created and
dropped by the run), or an existing one is used as it is (see scripts/bench/_city.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _city import add_city_arguments, city_database

from domain.mrpips03 import ReturnPeriod
from services.projecting.runner import Projector
from services.returns.recount import recount
from services.system import TeczkaSystem

PERIOD = ReturnPeriod(2026, "H1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_city_arguments(parser, scale=0.1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load_at_start = os.getloadavg()
    with city_database(args) as city, TeczkaSystem(city.settings,
                                                  run_projectors=False) as system:
        started = time.perf_counter()
        # Only the read model returns are computed from: the others play no part here.
        projector = Projector(system.app, system.engine, system.projection("returns"),
                              system.board, batch_size=system.settings.projection_batch_size)
        projector.prepare()
        projector.run_once()
        projections_s = time.perf_counter() - started

        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            live = system.returns.live(PERIOD)
            timings.append(time.perf_counter() - started)
        started, cpu = time.perf_counter(), time.process_time()
        again = recount(system.app, PERIOD, live.position, live.as_of)
        recount_s, recount_cpu_s = time.perf_counter() - started, time.process_time() - cpu
        total = live.figures["benefits"]["total"]
        print(json.dumps({
            "scale": args.scale if city.generated_s is not None else "existing database",
            "events_in_log": city.events, "period": PERIOD.key,
            "generated_s": city.generated_s and round(city.generated_s, 1),
            "returns_view_built_s": round(projections_s, 1),
            "return_from_projection_s": {"min": round(min(timings), 3),
                                         "median": round(statistics.median(timings), 3),
                                         "max": round(max(timings), 3), "target": 0.1},
            "recount_from_events_s": {"seconds": round(recount_s, 2), "target": 10.0,
                                      # this process's only (any spawned one's not)
                                      "cpu_s": round(recount_cpu_s, 2),
                                      "events_read": again.events,
                                      "events_per_s": round(again.events / recount_s)},
            "equal": again.figures == live.figures, "content_hash": live.content_hash,
            "persons": total["persons"], "families": total["families"],
            "social_work_families": live.figures["social_work"]["families"],
            "load_average": {"start": [round(x, 2) for x in load_at_start],
                             "end": [round(x, 2) for x in os.getloadavg()]},
        }, indent=2))


if __name__ == "__main__":
    main()
