"""The synthetic city the benchmarks read: generated at a scale into a fresh PostgreSQL
database (created here, dropped afterwards), or an existing one named by `--database-url`
(e.g. kept by `generate_city.py --store postgres --keep`), which is left as it is."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory

from services.settings import Settings
from services.synthetic.city import CitySize, generate_city, progress_bar
from services.system import TeczkaSystem
from tests.support.stores import ADMIN_URL, fresh_postgres_database, postgres_settings

TODAY = date(2026, 11, 1)


@dataclass
class CityDatabase:
    url: str
    settings: Settings
    events: int
    generated_s: float | None  # None: an existing city was used

    def env(self) -> dict[str, str]:
        """Environment for `teczka` processes on this database (same keys as `settings`)."""
        return dict(os.environ, TECZKA_DATABASE_URL=self.url,
                    TECZKA_SECRET_KEY=self.settings.secret_key.get_secret_value(),
                    TECZKA_MASTER_KEY=self.settings.master_key.get_secret_value(),
                    TECZKA_EMBEDDED_PROJECTOR="false")


def add_city_arguments(parser: argparse.ArgumentParser, scale: float = 0.05) -> None:
    parser.add_argument("--scale", type=float, default=scale,
                        help="fraction of Wrocław to generate (1.0 = 9,568 families)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=None,
                        help="use this database, already holding a city, instead")


@contextmanager
def city_database(args: argparse.Namespace) -> Iterator[CityDatabase]:
    """A PostgreSQL database holding a synthetic city, its projections not yet built."""
    with TemporaryDirectory() as tmp:
        if args.database_url:
            settings = postgres_settings(args.database_url, Path(tmp), embedded_projector=False)
            with TeczkaSystem(settings, run_projectors=False) as system:
                events = system.app.head_position()
            yield CityDatabase(args.database_url, settings, events, None)
            return
        with fresh_postgres_database(ADMIN_URL) as url:
            settings = postgres_settings(url, Path(tmp), embedded_projector=False)
            with TeczkaSystem(settings, run_projectors=False) as system:
                started = time.perf_counter()
                with progress_bar(f"city at scale {args.scale}") as progress:
                    generate_city(system, seed=args.seed, size=CitySize.scaled(args.scale),
                                  today=TODAY, progress=progress)
                took = time.perf_counter() - started
                events = system.app.head_position()
            print(f"city: scale {args.scale}, {events:,} events generated in {took:.0f} s",
                  file=sys.stderr, flush=True)
            yield CityDatabase(url, settings, events, took)
