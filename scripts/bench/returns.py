"""Returns on the synthetic city: the time to produce a half-year return from the returns
projection (target ≤ 1 s) and the time of the full independent recount from the event log
(target ≤ 60 s), measured in the same run on the same data; the two must be equal.

    .venv/bin/python scripts/bench/returns.py --scale 1.0 [--store postgres] [--seed 1]

The city is generated through the use cases into a fresh store (PostgreSQL database created
and dropped by the run, TECZKA_TEST_POSTGRES_URL; or a SQLite file in a temporary directory).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from domain.returns import ReturnPeriod
from services.city import CitySize, generate_city, progress_bar
from services.returns_recount import recount
from services.system import TeczkaSystem
from tests.support.stores import (
    ADMIN_URL,
    fresh_postgres_database,
    postgres_settings,
    sqlite_settings,
)

TODAY = date(2026, 11, 1)
PERIOD = ReturnPeriod(2026, "H1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(TemporaryDirectory()))
        if args.store == "postgres":
            settings = postgres_settings(stack.enter_context(fresh_postgres_database(ADMIN_URL)),
                                         data_dir)
        else:
            settings = sqlite_settings(data_dir)
        system = stack.enter_context(TeczkaSystem(settings, run_projectors=False))
        started = time.perf_counter()
        with progress_bar() as progress:
            generate_city(system, seed=args.seed, size=CitySize.scaled(args.scale),
                          progress=progress, today=TODAY)
        generated_s = time.perf_counter() - started
        started = time.perf_counter()
        system.catch_up(timeout_s=3600)
        projections_s = time.perf_counter() - started

        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            live = system.returns.live(PERIOD)
            timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        again = recount(system.app, PERIOD, live.position, live.as_of)
        recount_s = time.perf_counter() - started
        total = live.figures["benefits"]["total"]
        print(json.dumps({
            "store": args.store, "scale": args.scale, "seed": args.seed,
            "events_in_log": system.app.head_position(), "period": PERIOD.key,
            "generated_s": round(generated_s, 1), "projections_built_s": round(projections_s, 1),
            "return_from_projection_s": {"min": round(min(timings), 3),
                                         "median": round(statistics.median(timings), 3),
                                         "max": round(max(timings), 3), "target": 1.0},
            "recount_from_events_s": {"seconds": round(recount_s, 2), "target": 60.0,
                                      "events_read": again.events,
                                      "events_per_s": round(again.events / recount_s)},
            "equal": again.figures == live.figures, "content_hash": live.content_hash,
            "persons": total["persons"], "families": total["families"],
            "social_work_families": live.figures["social_work"]["families"],
        }, indent=2))


if __name__ == "__main__":
    main()
