"""Shared fixtures: real stores (a SQLite file and a fresh PostgreSQL database), real servers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.settings import Settings
from services.system import TeczkaSystem
from tests.support import depth  # noqa: F401  (registers the `deep` hypothesis profile)
from tests.support.stores import ADMIN_URL, IN_CI, STORES, postgres_reachable, settings_for


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="run the long reliability tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
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
