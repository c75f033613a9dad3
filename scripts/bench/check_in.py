"""Server-side time of a caregiver's check-in with some history: a caregiver with `--orders`
orders of `--visits` completed visits each; then `--rounds` check-ins with the
caregiver-overlap rule on and as many with it off (the seam the city generator turns off),
alternating, each on the next order and checked out again (untimed), timed around the
command (`app.handle` of a `StartCareVisit`, as a route runs it, without HTTP), in one
process on one store. Between
check-ins (untimed) every read model is brought up to date in the script's thread (the
projector thread is stopped after the history is made), so `main`'s rule (which reads the
care-delivery one) can be measured too, and no other thread runs while a check-in is timed.

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

from services.care.commands import CompleteCareVisit, StartCareVisit
from services.commands import CommandContext
from services.users.commands import RegisterUser
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
        system.app.handle(CommandContext(
                command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin", unit="IT"),
            RegisterUser(
                username=username, display_name=username.title(), role=role.value, unit=unit,
                password=PASSWORD))
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
            hours=args.orders * args.visits + 2 * args.rounds + 2)
        slots = iter(first + timedelta(hours=n) for n in range(10 ** 6))

        def ctx() -> CommandContext:
            return CommandContext(command_id=uuid.uuid4(), actor_id=caregiver,
                                  role="caregiver", unit="MCUS")

        def visit(order_id: uuid.UUID) -> float:
            """One visit on the order; the check-in's seconds."""
            visit_id, at = uuid.uuid4(), next(slots)
            began = time.perf_counter()
            started = app.handle(ctx(), StartCareVisit(
                order_id=order_id, expected_version=versions[order_id], visit_id=visit_id,
                started_at=at))
            took = time.perf_counter() - began
            ended = app.handle(ctx(), CompleteCareVisit(
                order_id=order_id, expected_version=started.version, visit_id=visit_id,
                ended_at=at + timedelta(minutes=30), tasks_done=("meals",)))
            versions[order_id] = ended.version
            if settle:
                # Every read model holds the check-out before the next check-in is timed: the
                # rule of `main` reads the care-delivery one (before the check-out is there,
                # it refuses the next check-in, wrongly). Same for both trees.
                system.catch_up()
            return took

        rule, settle = getattr(app, seam), False
        setattr(app, seam, None)  # the history is made as the city generator makes it
        began = time.perf_counter()
        for _ in range(args.visits):
            for order_id in versions:
                visit(order_id)
        system.catch_up()
        # From here the projections are brought up to date in this thread, between the
        # timed check-ins: no projector thread competes with a check-in for the GIL.
        system.projectors.close()
        print(f"{args.store}: history of {args.orders} orders x {args.visits} visits made in "
              f"{time.perf_counter() - began:.1f} s (rule off); rule seam `{seam}`")
        settle = True
        # Rule on and off alternate check-in by check-in, so both meet the same machine (the
        # other work on it comes and goes).
        order_ids, times = list(versions), {True: [], False: []}
        for n in range(2 * args.rounds):
            on = n % 2 == 0
            setattr(app, seam, rule if on else None)
            times[on].append(visit(order_ids[n // 2 % len(order_ids)]))
        for on in (True, False):
            each = sorted(times[on])
            print(f"  rule {'on ' if on else 'off'}: check-in {len(each)} times: median "
                  f"{statistics.median(each) * 1000:.2f} ms, mean "
                  f"{statistics.fmean(each) * 1000:.2f} ms, p90 "
                  f"{each[int(len(each) * 0.9)] * 1000:.2f} ms")
        cost = statistics.median(times[True]) - statistics.median(times[False])
        print(f"  the rule's cost: {cost * 1000:.2f} ms a check-in (difference of the medians); "
              f"load average {os.getloadavg()[0]:.1f}")
        setattr(app, seam, rule)


if __name__ == "__main__":
    main()
