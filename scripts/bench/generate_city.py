"""Generation rate: a synthetic Wrocław at a given scale, written through the use cases into a
fresh store (SQLite file in a temporary directory, or a fresh PostgreSQL database), the
commands of `--families-per-save` families per transaction (0: one command per transaction);
prints events/s and the total time.

    .venv/bin/python scripts/bench/generate_city.py --scale 0.1 [--store postgres] [--seed 1]
        [--families-per-save 10]

PostgreSQL: TECZKA_TEST_POSTGRES_URL (default postgres@127.0.0.1:5432); the database is created
and dropped by the run, or kept with --keep (its URL is printed, for the other benchmarks'
--database-url; drop it yourself afterwards).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory

import psycopg
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from services.synthetic.city import FAMILIES_PER_SAVE, CitySize, generate_city, progress_bar
from services.system import TeczkaSystem
from tests.support.stores import (
    ADMIN_URL,
    fresh_postgres_database,
    postgres_settings,
    sqlite_settings,
)


def kept_database(scale: float) -> str:
    name = f"teczka_city_{str(scale).replace('.', '_')}_{int(time.time())}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    print(f"keeping the city in {url}", file=sys.stderr)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--families-per-save", type=int, default=FAMILIES_PER_SAVE)
    parser.add_argument("--keep", action="store_true",
                        help="PostgreSQL: keep the database and print its URL")
    parser.add_argument("--projections", action="store_true",
                        help="also time building every projection afterwards")
    args = parser.parse_args()
    size = CitySize.scaled(args.scale)
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(TemporaryDirectory()))
        if args.store == "postgres":
            url = (kept_database(args.scale) if args.keep
                   else stack.enter_context(fresh_postgres_database(ADMIN_URL)))
            settings = postgres_settings(url, data_dir)
        else:
            settings = sqlite_settings(data_dir)
        system = stack.enter_context(TeczkaSystem(settings, run_projectors=False))
        started = time.perf_counter()
        with progress_bar() as progress:
            report = generate_city(system, seed=args.seed, size=size, progress=progress,
                                   today=date(2026, 11, 1),
                                   families_per_save=args.families_per_save)
        elapsed = time.perf_counter() - started
        events = system.app.head_position()
        result = {
            "store": args.store, "scale": args.scale, "seed": args.seed,
            "families_per_save": args.families_per_save,
            "users": report.users, "families": report.folders, "members": report.members,
            "commands": report.commands, "events": events, "seconds": round(elapsed, 1),
            "events_per_s": round(events / elapsed), "commands_per_s":
            round(report.commands / elapsed),
            "projected_full_city_min": round(elapsed / args.scale / 60, 1),
            "activities": report.activities, "decisions": report.decisions,
            "payments": report.payments,
        }
        if args.projections:
            started = time.perf_counter()
            system.catch_up(timeout_s=3600)
            result["projections_s"] = round(time.perf_counter() - started, 1)
        print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
