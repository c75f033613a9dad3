"""Several processes starting on one new PostgreSQL database at once (uvicorn's workers,
the API beside `teczka project`) all come up: creating the tables is serialised."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from services.system import TeczkaSystem
from tests.support.stores import fresh_postgres_database, postgres_settings

STARTING = 6


@pytest.mark.postgres
def test_systems_starting_together_on_a_new_database_all_start(postgres_admin_url, tmp_path):
    with fresh_postgres_database(postgres_admin_url) as url:
        settings = postgres_settings(url, tmp_path, postgres_pool_size=1)
        together = threading.Barrier(STARTING)

        def start() -> TeczkaSystem:
            together.wait()
            return TeczkaSystem(settings, run_projectors=False).start()

        with ThreadPoolExecutor(STARTING) as pool:
            outcomes = [pool.submit(start) for _ in range(STARTING)]
            systems = [outcome.result() for outcome in outcomes]  # raises what a start raised
        try:
            assert all(system.app.head_position() == 0 for system in systems)
        finally:
            for system in systems:
                system.close()
