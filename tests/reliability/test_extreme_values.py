"""Every route, fed extreme values: never a 5xx, and every read model reaches the head.

Routes come from the OpenAPI document (tests/support/extremes.py), so a new route is fed
from the day it exists. Each example takes a request the route accepts in a small world
built over HTTP, and puts one extreme value in one place of it — a body field, a path or
query parameter: datetimes from year 1 to 9999 with any UTC offset (or none), dates of the
same years, huge and negative integers, empty and huge strings, and values of the wrong
kind. Once any request is accepted the world is built afresh, so each example starts from a
known state. Afterwards every projection must reach the head of the log and none may be
stalled: an accepted value that a read model cannot apply fails the test (issue #15).

In `make test`: a few hundred requests per store. `make reliability` (`--run-slow`): at
least 5,000 per store, bounded in time; the figures are in docs/reliability.md.
"""

from __future__ import annotations

import collections
import time
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.user import Role
from tests.api import given as steps
from tests.api.conftest import PASSWORD
from tests.api.conftest import USERS as API_USERS
from tests.api.test_roles import PUBLIC, WHO_MAY_CALL
from tests.support import extremes
from tests.support.providers import register_providers
from tests.support.server import running_server
from tests.support.stores import STORES, settings_for

# The users of the HTTP tests, and a pool of caregivers for the worlds' open visits
# (tests/support/extremes.py).
USERS = {key: user for key, user in API_USERS.items() if key != "worker_other_team"} | {
    f"caregiver_b{n}": (f"fuzz.carer.b{n}", Role.CAREGIVER, "MCUS") for n in range(6)}
# (examples per store, seconds at most): the suite's run, and the long one.
BOUNDED = (300, 25.0)
LONG = (6000, 900.0)

# -- extreme values -------------------------------------------------------------------------

offsets = st.one_of(st.none(), st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))))
far_datetimes = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31),
                             timezones=offsets).map(datetime.isoformat)
near_now = st.integers(-10**7, 10**7).map(
    lambda minutes: (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat())
far_dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat)
edge_dates = st.sampled_from(["0001-01-01", "9999-12-31", "1899-12-31", "1999-12-31",
                              "2101-01-01", "2000-01-01", "2100-12-31"])
edge_times = st.sampled_from([
    "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59.999999-14:00",
    "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59Z",
    "2100-12-31T23:59:59-05:00", "1999-12-31T23:59:59+01:00"])
huge_ints = st.one_of(
    st.sampled_from([0, -1, 99999999, 2**31, -2**31 - 1, 2**63, -2**63, 10**30, -10**30]),
    st.integers())
short_strings = st.one_of(st.sampled_from(["", " ", "\u202e", "null", "-1", "9999-99-99"]),
                          st.text(max_size=40))
huge_strings = st.sampled_from(["x" * 3000, "ą" * 25_000, "9" * 5000])
anything = st.one_of(st.none(), st.booleans(), huge_ints, short_strings,
                     st.floats(allow_nan=False, allow_infinity=False),
                     st.just([]), st.just({}), st.just([None]))

BY_KIND = {
    "datetime": st.one_of(far_datetimes, edge_times, near_now),
    "date": st.one_of(far_dates, edge_dates),
    "int": huge_ints,
    "str": st.one_of(short_strings, huge_strings),
}


def extreme_for(kind: str, where: str):
    """Values of the leaf's own kind most of the time, any kind now and then; a path or
    query parameter gets no huge string (an address that long is the client's fault)."""
    own = BY_KIND.get(kind, anything)
    if where != "body" and kind == "str":
        own = short_strings
    return st.one_of(own, own, own, anything)


# -- the world and its server ---------------------------------------------------------------

class Fuzzer:
    """A server, a signed-in client per role and the world their requests point at."""

    def __init__(self, base_url: str, system) -> None:
        self.system = system
        self.clients: dict[str | None, httpx.Client] = {
            None: httpx.Client(base_url=base_url, timeout=30)}
        self.user_ids: dict[str, str] = {}
        for key, (username, role, unit) in USERS.items():
            signed = steps.signed_up(system, base_url, username, role, unit, PASSWORD)
            self.clients[key] = httpx.Client(
                base_url=base_url, timeout=30,
                headers={"Authorization": f"Bearer {signed['access_token']}"})
            self.user_ids[key] = signed["user"]["id"]
        register_providers(system.app)  # the ones the world's care decisions name
        self.spec = self.clients[None].get("/openapi.json").json()
        self.routes = extremes.fuzzed_routes(self.spec)
        self.world: extremes.World | None = None
        self.versions: dict[str, int] = {}
        self.statuses: collections.Counter = collections.Counter()
        self.sent = 0
        self.rebuilt = 0

    def version_of(self, aggregate_id: str) -> int:
        # The world is rebuilt after any accepted request, so versions change only then.
        if aggregate_id not in self.versions:
            self.versions[aggregate_id] = self.system.app.version_of(uuid.UUID(aggregate_id))
        return self.versions[aggregate_id]

    def rebuild(self) -> None:
        self.versions = {}
        self.world = extremes.build_world(self.clients, self.user_ids, self.world,
                                          self.version_of)
        self.versions = {}
        self.rebuilt += 1

    def request_for(self, route: tuple[str, str]) -> extremes.Request:
        if self.world is None:
            self.rebuild()
        written = extremes.written_requests(self.world, self.version_of)
        if route in written:
            return written[route]
        return extremes.from_schema(*route, who_for(route), self.spec, self.world.today)

    def send(self, request: extremes.Request) -> httpx.Response:
        client = self.clients[request.who]
        self.sent += 1
        if request.method == "GET":
            return client.get(request.url(), params=request.query)
        return client.post(request.url(), params=request.query, json=request.body)

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


def who_for(route: tuple[str, str]) -> str | None:
    """A user the role table lets call the route (tests/api/test_roles.py)."""
    allowed = WHO_MAY_CALL.get(route, PUBLIC)
    if allowed == PUBLIC:
        return None
    return extremes.USER_OF_ROLE[sorted(role.value for role in allowed)[0]]


@pytest.fixture(params=STORES)
def fuzzer(request, tmp_path):
    with settings_for(request.param, tmp_path, request) as store_settings, \
            running_server(store_settings) as (base_url, system):
        fuzz = Fuzzer(base_url, system)
        try:
            yield fuzz
        finally:
            fuzz.close()


def server_errors(request: extremes.Request, answer: httpx.Response) -> list[str]:
    """What in an answer is a server error: its status, or (sync) a command's inside it."""
    found = [f"{answer.status_code} {answer.text[:300]}"] if answer.status_code >= 500 else []
    if request.route == "/api/sync" and answer.status_code == 200:
        found += [f"sync: {r['status']} {str(r['body'])[:300]}"
                  for r in answer.json()["results"] if r["status"] >= 500]
    return found


def accepted(request: extremes.Request, answer: httpx.Response) -> bool:
    """Whether the request changed the world (so the next example builds it afresh)."""
    if request.method != "POST" or not answer.is_success:
        return False
    if request.route == "/api/sync":
        return answer.json()["applied"] > 0
    return True


def run(fuzz: Fuzzer, examples: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def one_request(data) -> None:
        if time.monotonic() > deadline:
            return  # bounded in time: the remaining examples pass without a request
        route = data.draw(st.sampled_from(fuzz.routes), label="route")
        request = fuzz.request_for(route)
        leaves = extremes.leaves(request)
        if leaves:
            leaf = data.draw(st.sampled_from(leaves), label="where")
            kind = extremes.kind_of(extremes.value_at(request, leaf))
            value = data.draw(extreme_for(kind, leaf[0]), label="value")
            request = extremes.replaced(request, leaf, value)
        answer = fuzz.send(request)
        fuzz.statuses[answer.status_code] += 1
        errors = server_errors(request, answer)
        assert not errors, f"{request.method} {request.url()} {request.query} " \
                           f"{str(request.body)[:500]}: {errors}"
        if accepted(request, answer):
            fuzz.rebuild()

    one_request()


def assert_read_models_reach_the_head(fuzz: Fuzzer, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        health = fuzz.clients[None].get("/api/health").json()
        assert health["stalled"] == [] and health["status"] == "ok", health
        if set(health["positions"].values()) == {health["head"]}:
            return
        assert time.monotonic() < deadline, health
        time.sleep(0.1)


def report(fuzz: Fuzzer, started: float, store: str) -> None:
    print(f"\n{store}: {fuzz.sent} requests on {len(fuzz.routes)} routes in "
          f"{time.monotonic() - started:.0f} s, world built {fuzz.rebuilt} times; "
          f"statuses {dict(sorted(fuzz.statuses.items()))}")


def test_extreme_values_on_every_route_get_no_server_error(fuzzer, request):
    started = time.monotonic()
    run(fuzzer, *BOUNDED)
    assert_read_models_reach_the_head(fuzzer)
    report(fuzzer, started, request.node.callspec.id)
    assert fuzzer.sent >= 100


@pytest.mark.slow
def test_thousands_of_extreme_values_get_no_server_error(fuzzer, request):
    started = time.monotonic()
    run(fuzzer, *LONG)
    assert_read_models_reach_the_head(fuzzer)
    report(fuzzer, started, request.node.callspec.id)
    assert fuzzer.sent >= 5000, f"only {fuzzer.sent} requests within {LONG[1]:.0f} s"
