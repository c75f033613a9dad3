"""Person search latency: the city-wide search (GET /api/persons/city) over the whole synthetic
city, over HTTP from `teczka serve` with `teczka project` beside it, as in production.

    .venv/bin/python scripts/bench/person_search.py [--database-url URL | --scale 1.0]
        [--store postgres|sqlite] [--searchers 20] [--per-s 1] [--seconds 30] [--workers 2]
    .venv/bin/python scripts/bench/person_search.py --database-url URL --sqlite-copy

PostgreSQL: 20 searchers, each searching once a second on average (independent arrivals, each
a Poisson process); in the same run a bare indexed `SELECT … WHERE pesel = %s` on the same
table, paced at the same total rate on a connection of its own, is measured as the floor.
Searches mix what a worker types: a PESEL (exact), a surname with one letter missing and no
diacritics (a typo), a name with a birth date, a street and building. Afterwards each kind's
SQL alone (the projection's query, no HTTP) is timed one at a time. Targets (issue #17):
PostgreSQL p99 ≤ 30 ms; SQLite p99 ≤ 50 ms single user (`--store sqlite --searchers 1`).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _city import TODAY, add_city_arguments, city_database
from _load import Reader, run_load
from _processes import free_port, started, teczka
from _readers import sign_in_readers, wait_until_projected
from sqlalchemy import select

from projections import tracking
from projections.person_search import fold
from services.synthetic.city import TEAMS, CitySize, generate_city
from services.system import TeczkaSystem
from tests.support.stores import sqlite_settings

TARGET_MS = {"postgres": 30.0, "sqlite": 50.0}


def _percentiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {"n": len(values), "p50_ms": values[0] if values else float("nan"),
                "p99_ms": values[0] if values else float("nan")}
    q = statistics.quantiles(values, n=100, method="inclusive")
    return {"n": len(values), "p50_ms": round(q[49], 2), "p99_ms": round(q[98], 2)}


def sample_searches(system: TeczkaSystem, n: int, seed: int) -> tuple[list, list]:
    """(kind, criteria) drawn from the people of the city's person index."""
    projection = system.read_models.person_index_projection
    with system.engine.connect() as conn:
        generation = tracking.active_generation(conn, projection.name).generation
        people = projection.tables(generation).people
        rows = list(conn.execute(select(people).where(people.c.pesel.is_not(None))))
    rng = random.Random(seed)
    searches = []
    for _ in range(n):
        r = rng.choice(rows)
        kind = rng.choice(["pesel", "typo", "name_birth_date", "address"])
        if kind == "pesel":
            criteria = {"pesel": r.pesel}
        elif kind == "typo":
            last = fold(r.last_name)
            cut = rng.randrange(1, max(2, len(last) - 1))
            criteria = {"name": f"{fold(r.first_name)} {last[:cut] + last[cut + 1:]}"}
        elif kind == "name_birth_date":
            criteria = {"name": f"{r.first_name} {r.last_name}",
                        "birth_date": r.birth_date.isoformat()}
        else:
            criteria = {"address": r.address_line.split(",")[0].split("/")[0]}
        searches.append((kind, criteria))
    return searches, rows


def bare_selects(url: str, pesels: list[str], rate_per_s: float, stop: threading.Event,
                 latencies: list[float]) -> None:
    """The floor: one indexed SELECT by PESEL at a time on a connection of its own, at
    Poisson-paced arrivals of `rate_per_s`."""
    import psycopg

    rng = random.Random(7)
    with psycopg.connect(url, autocommit=True) as conn:
        table = conn.execute(
            "SELECT format('person_index_g%s_people', generation) FROM projection_generations "
            "WHERE projection = 'person_index' AND status = 'active'").fetchone()[0]
        query = f"SELECT * FROM {table} WHERE pesel = %s"
        next_at = time.perf_counter()
        while not stop.is_set():
            next_at += rng.expovariate(rate_per_s)
            time.sleep(max(0.0, next_at - time.perf_counter()))
            t0 = time.perf_counter()
            conn.execute(query, (rng.choice(pesels),), prepare=True).fetchall()
            latencies.append((time.perf_counter() - t0) * 1000)


def sql_alone(system: TeczkaSystem, searches: list[tuple[str, dict[str, str]]]
              ) -> dict[str, dict[str, float]]:
    """Each kind's query of the projection, without HTTP, one at a time."""
    from datetime import date

    times: dict[str, list[float]] = {}
    for kind, criteria in searches:
        typed = dict(criteria)
        if "birth_date" in typed:
            typed["birth_date"] = date.fromisoformat(typed["birth_date"])
        t0 = time.perf_counter()
        system.read_models.persons_in_the_city(**typed)
        times.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
    return {kind: _percentiles(values) for kind, values in sorted(times.items())}


def measure(base: str, port: int, system: TeczkaSystem, args, store: str,
            url: str | None) -> dict:
    searches, rows = sample_searches(system, 4000, args.seed)
    tokens = sign_in_readers(base)
    teams = [team for team, _teryt in TEAMS]
    paths = [f"/api/persons/city?{urlencode({'purpose': 'duplicate_check'} | c)}"
             for _kind, c in searches]
    readers = [Reader(tokens[teams[i % len(teams)]], paths[i::args.searchers])
               for i in range(args.searchers)]
    floor: list[float] = []
    stop = threading.Event()
    bare = None
    if url is not None:
        bare = threading.Thread(target=bare_selects, daemon=True, args=(
            url, [r.pesel for r in rows], args.searchers * args.per_s, stop, floor))
        bare.start()
    result = run_load(port, readers, seconds=args.seconds, warmup_s=3.0,
                      interval_s=1 / args.per_s if args.per_s else 0.0, arrivals="independent")
    stop.set()
    if bare is not None:
        bare.join()
    for reader in readers:
        for status, body in reader.failures.items():
            result.failures.setdefault(status, body)
    return {"store": store, "persons": len(rows), "searchers": args.searchers,
            "per_s_each": args.per_s, "http": result.summary(),
            "bare_select_by_pesel": _percentiles(floor) if url is not None else None,
            "sql_alone": sql_alone(system, searches[:800])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_city_arguments(parser, scale=1.0)
    parser.add_argument("--store", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--searchers", type=int, default=20)
    parser.add_argument("--per-s", type=float, default=1.0,
                        help="searches a second per searcher (0: closed loop)")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--sqlite-copy", action="store_true",
                        help="time the SQLite store's search on a copy of the city's index")
    args = parser.parse_args()
    if args.sqlite_copy:
        sqlite_copy(args)
        return
    if args.store == "sqlite":
        report = _sqlite(args)
    else:
        with city_database(args) as city, \
                TeczkaSystem(city.settings, run_projectors=False) as system, \
                started(teczka("project"), city.env()):
            wait_until_projected(system, args.timeout)
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            serve = teczka("serve", "--port", str(port), "--workers", str(args.workers))
            with started(serve, city.env(), ready_url=f"{base}/api/health"):
                report = measure(base, port, system, args, "postgres", city.url)
    _print(report)


def _sqlite(args) -> dict:
    """A city generated into a SQLite file, its projections built in process, then served."""
    import os

    with TemporaryDirectory() as tmp:
        settings = sqlite_settings(Path(tmp))
        with TeczkaSystem(settings, run_projectors=False) as system:
            generate_city(system, seed=args.seed, size=CitySize.scaled(args.scale), today=TODAY)
        env = {k: v for k, v in os.environ.items() if k != "TECZKA_DATABASE_URL"}
        env = dict(env, TECZKA_DATA_DIR=str(settings.data_dir),
                   TECZKA_SECRET_KEY=settings.secret_key.get_secret_value(),
                   TECZKA_MASTER_KEY=settings.master_key.get_secret_value(),
                   TECZKA_EMBEDDED_PROJECTOR="false")
        with TeczkaSystem(settings, run_projectors=False) as system, \
                started(teczka("project"), env):
            wait_until_projected(system, args.timeout)
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            serve = teczka("serve", "--port", str(port), "--workers", "1")
            with started(serve, env, ready_url=f"{base}/api/health"):
                return measure(base, port, system, args, "sqlite", None)


def sqlite_copy(args) -> None:
    """SQLite, single user: the PostgreSQL city's person index copied into a SQLite
    generation of the same projection (FTS5 and its triggers made as the runner makes them),
    then each kind of search timed one at a time through the projection's query — no HTTP
    (a SQLite city of the whole of Wrocław takes an hour to generate here)."""
    from sqlalchemy import create_engine, insert

    from projections.person_index import PersonIndex

    with city_database(args) as city, TeczkaSystem(city.settings, run_projectors=False) as pg, \
            TemporaryDirectory() as tmp:
        wait_until_projected(pg, args.timeout)
        searches, _rows = sample_searches(pg, 2000, args.seed)
        source = pg.read_models.person_index_projection
        with pg.engine.connect() as conn:
            generation = tracking.active_generation(conn, source.name).generation
            people = source.tables(generation).people
            everyone = [dict(r._mapping) for r in conn.execute(select(people))]
        engine = create_engine(f"sqlite:///{tmp}/people.db")
        index = PersonIndex()
        with engine.begin() as conn:
            index.create_tables(conn, 1)
            conn.execute(insert(index.tables(1).people), everyone)
        times: dict[str, list[float]] = {}
        from datetime import date

        with engine.connect() as conn:
            for kind, criteria in searches:
                typed = dict(criteria)
                if "birth_date" in typed:
                    typed["birth_date"] = date.fromisoformat(typed["birth_date"])
                t0 = time.perf_counter()
                index.search(conn, index.tables(1), **typed)
                times.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
        every = [v for values in times.values() for v in values]
        report = {"store": "sqlite", "persons": len(everyone), "single_user": _percentiles(every),
                  "by_kind": {k: _percentiles(v) for k, v in sorted(times.items())}}
        overall = report["single_user"]
        verdict = "met" if overall["p99_ms"] <= TARGET_MS["sqlite"] else "NOT met"
        print(f"Person search, SQLite (FTS5), {len(everyone):,} persons, single user, SQL "
              f"alone: p50 {overall['p50_ms']} ms  p99 {overall['p99_ms']} ms "
              f"(p99 ≤ 50 ms: {verdict})")
        for kind, s in report["by_kind"].items():
            print(f"  {kind:<16} p50 {s['p50_ms']} ms  p99 {s['p99_ms']} ms ({s['n']})")
        print("  " + json.dumps(report))


def _print(report: dict) -> None:
    h = report["http"]
    target = TARGET_MS[report["store"]]
    verdict = "met" if h["p99_ms"] <= target else "NOT met"
    print(f"Person search, {report['store']}, {report['persons']:,} persons with a PESEL, "
          f"{report['searchers']} searchers × {report['per_s_each']:g}/s")
    print(f"  HTTP: {h['per_s']} searches/s  p50 {h['p50_ms']} ms  p99 {h['p99_ms']} ms  "
          f"statuses {h['statuses']}  (p99 ≤ {target:g} ms: {verdict})")
    if report["bare_select_by_pesel"]:
        b = report["bare_select_by_pesel"]
        print(f"  bare indexed SELECT by PESEL, same run: p50 {b['p50_ms']} ms  "
              f"p99 {b['p99_ms']} ms ({b['n']} queries)")
    for kind, s in report["sql_alone"].items():
        print(f"  SQL alone, {kind:<16} p50 {s['p50_ms']} ms  p99 {s['p99_ms']} ms ({s['n']})")
    print("  " + json.dumps(report, default=str))


if __name__ == "__main__":
    main()
