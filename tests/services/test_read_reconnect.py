"""Reads survive the server closing their pooled connections (a restart of PostgreSQL):
the engine does not ping before each use, so a read finding its connection closed reads
once more on a new one (services/projecting/read_models.py, services/system.py)."""

from __future__ import annotations

import uuid

import psycopg

from services.system import TeczkaSystem
from tests.support.stores import settings_for


def _close_every_connection_of(system: TeczkaSystem) -> int:
    with psycopg.connect(system.settings.libpq_url(), autocommit=True) as conn:
        return conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchone()[0]


def test_reads_after_the_server_closed_their_connections_are_answered(tmp_path, request):
    with settings_for("postgres", tmp_path, request) as settings, \
            TeczkaSystem(settings, run_projectors=False) as system:
        system.catch_up()
        # Three connections in the pool, then all of them closed by the server.
        conns = [system.engine.connect() for _ in range(3)]
        for conn in conns:
            conn.close()
        assert system.read_models.access_entries() == []
        assert _close_every_connection_of(system) >= 3
        assert system.read_models.access_entries() == []
        assert system.read_models.caseload(uuid.uuid4()) == []
