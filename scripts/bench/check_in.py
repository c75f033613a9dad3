"""Server-side time of a caregiver's check-in with some history: a caregiver with `--orders`
orders of `--visits` completed visits each; then `--rounds` check-ins, each on the next
order and checked out again (untimed), timed around the use case (`start_care_visit`, the
command as a route runs it, without HTTP), once with the caregiver-overlap rule on and once
with it off (the seam the city generator turns off), in one process on one store. Between
check-ins (untimed) the care-delivery read model is waited on, so `main`'s rule (which reads
it) can be measured too.

    .venv/bin/python scripts/bench/check_in.py [--store sqlite|postgres] [--orders 5]
        [--visits 100] [--rounds 200]

Creates and drops its own SQLite file or PostgreSQL database; only 127.0.0.1 is touched.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from services.commands import CommandContext
from tests.api.care_givens import granted_order
from tests.api.conftest import PASSWORD, USERS, Api
from tests.support.server import running_server
from tests.support.stores import (
    ADMIN_URL,
    fresh_postgres_database,
    postgres_settings,
    sqlite_settings,
)

# The rule's seam: named `caregiver_orders` since the rule reads the orders themselves
# (`caregiver_visits` before), so the script measures either tree.
SEAMS = ("caregiver_orders", "caregiver_visits")


@contextmanager
def settings_of(store: str):
    with TemporaryDirectory() as tmp:
        if store == "sqlite":
            yield sqlite_settings(Path(tmp))
        else:
            with fresh_postgres_database(ADMIN_URL) as url:
                yield postgres_settings(url, Path(tmp))


def signed_in(base_url: str, system) -> Api:
    tokens, ids = {}, {}
    for key, (username, role, unit) in USERS.items():
        system.app.register_user(
            CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT"),
            username=username, display_name=username.title(), role=role.value, unit=unit,
            password=PASSWORD)
        answer = httpx.post(f"{base_url}/api/auth/login",
                            json={"username": username, "password": PASSWORD})
        answer.raise_for_status()
        tokens[key], ids[key] = answer.json()["access_token"], answer.json()["user"]["id"]
    return Api(base_url, system, tokens, ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--orders", type=int, default=5)
    parser.add_argument("--visits", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with settings_of(args.store) as settings, running_server(settings) as (base_url, system):
        api = signed_in(base_url, system)
        app = system.app
        seam = next(name for name in SEAMS if hasattr(app, name))
        caregiver = uuid.UUID(api.user_ids["caregiver"])
        start = date.today() - timedelta(days=10)
        orders = [granted_order(api, start) for _ in range(args.orders)]
        versions = {uuid.UUID(o.order_id): o.order_version for o in orders}
        # Visits of 30 minutes an hour apart, the history first, the timed ones after it.
        first = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(
            hours=args.orders * args.visits + 3 * args.rounds + 2)
        slots = iter(first + timedelta(hours=n) for n in range(10 ** 6))

        def ctx() -> CommandContext:
            return CommandContext(command_id=uuid.uuid4(), actor_id=caregiver,
                                  role="caregiver", unit="MCUS")

        def visit(order_id: uuid.UUID) -> float:
            """One visit on the order; the check-in's seconds."""
            visit_id, at = uuid.uuid4(), next(slots)
            began = time.perf_counter()
            started = app.start_care_visit(ctx(), order_id, versions[order_id], visit_id, at)
            took = time.perf_counter() - began
            ended = app.complete_care_visit(ctx(), order_id, started.version, visit_id,
                                            at + timedelta(minutes=30), ("meals",))
            versions[order_id] = ended.version
            if settle:
                # The rule of `main` reads the care-delivery read model: before its check-out
                # is there, the next check-in would be refused (wrongly). Same for both trees.
                system.read_models.wait_for(system.read_models.care_delivery_projection,
                                            ended.position, 30)
            return took

        rule, settle = getattr(app, seam), False
        setattr(app, seam, None)  # the history is made as the city generator makes it
        began = time.perf_counter()
        for _ in range(args.visits):
            for order_id in versions:
                visit(order_id)
        system.catch_up()
        print(f"{args.store}: history of {args.orders} orders x {args.visits} visits made in "
              f"{time.perf_counter() - began:.1f} s (rule off); rule seam `{seam}`")
        settle = True
        for label, on in (("rule on", True), ("rule off", False), ("rule on", True)):
            setattr(app, seam, rule if on else None)
            order_ids = list(versions)
            times = [visit(order_ids[n % len(order_ids)]) for n in range(args.rounds)]
            times.sort()
            print(f"  {label:8}: check-in {args.rounds} times: median "
                  f"{statistics.median(times) * 1000:.2f} ms, mean "
                  f"{statistics.fmean(times) * 1000:.2f} ms, p90 "
                  f"{times[int(len(times) * 0.9)] * 1000:.2f} ms; load average "
                  f"{os.getloadavg()[0]:.1f}")
        setattr(app, seam, rule)


if __name__ == "__main__":
    main()
