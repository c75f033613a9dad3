"""Shared fixtures: real stores (a SQLite file and a fresh PostgreSQL database), real servers."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.settings import Settings
from services.system import TeczkaSystem
from tests.support import depth  # noqa: F401  (registers the `deep` hypothesis profile)
from tests.support.stores import ADMIN_URL, IN_CI, STORES, postgres_reachable, settings_for

# The suite keeps Poland's clock. The product dates everything by the office's day
# (domain/office_day.py), whatever the server's time zone; the tests' own `date.today()`
# must name that same day, and on a UTC machine it does not from 23:00 (22:00 in summer) to
# midnight (eleven tests failed in a CI run at 23:47 UTC). Servers the tests start in other
# processes inherit it. That the product itself never asks the server's date is checked by
# tests/domain/test_office_day.py.
os.environ["TZ"] = "Europe/Warsaw"
time.tzset()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="run the long reliability tests")


# Files whose few tests take minutes each (thousands of requests against servers of their
# own), then the browser and reliability files (a server, and a browser or load, per file).
LONGEST_FILES = ("tests/api/test_generated_requests.py", "tests/api/test_reads_are_logged.py")
LONG_FILES = ("tests/e2e/", "tests/reliability/")


def _hand_out_long_files_first(items: list[pytest.Item]) -> None:
    """pytest-xdist hands a file at a time to a free worker in collection order (`make
    test-python` passes --dist loadfile --no-loadscope-reorder). Its own order, files with
    most tests first, would leave a long file of two tests to run alone at the end; here the
    long files go first, then the rest by number of tests. Each file's items keep their
    order (module-scoped servers are shared by them), and the order is the same in every
    worker, as xdist requires."""
    tests_in: dict[str, int] = {}
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        tests_in[path] = tests_in.get(path, 0) + 1
    rank = {path: (0 if path in LONGEST_FILES else 1 if path.startswith(LONG_FILES) else 2,
                   -count, index)
            for index, (path, count) in enumerate(tests_in.items())}
    items.sort(key=lambda item: rank[item.nodeid.split("::", 1)[0]])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _hand_out_long_files_first(items)
    if config.getoption("--run-slow"):
        return
    skip_slow = pytest.mark.skip(reason="long-running: `make reliability` runs it")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    if not postgres_reachable():
        if IN_CI:
            pytest.fail(f"PostgreSQL is unreachable at {ADMIN_URL}; CI requires it")
        pytest.skip("PostgreSQL unreachable (CI=true would fail here)")
    return ADMIN_URL


@pytest.fixture(params=STORES)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """The same test on the embedded SQLite file and on a fresh PostgreSQL database."""
    with settings_for(request.param, tmp_path, request) as s:
        yield s


@pytest.fixture
def system(settings: Settings) -> Iterator[TeczkaSystem]:
    """The application with its projections running in-process."""
    with TeczkaSystem(settings, run_projectors=True) as started:
        yield started
