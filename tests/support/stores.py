"""The store matrix: the embedded SQLite file and a fresh PostgreSQL database per use."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from services.settings import Settings

ADMIN_URL = os.environ.get(
    "TECZKA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI") == "true"
TEST_SECRET = SecretStr("test-secret-key-for-signing-tokens-0123456789")
TEST_MASTER_KEY = SecretStr("dGVzdC1tYXN0ZXIta2V5LTMyLWJ5dGVzLWxvbmcuLi4=")
# Argon2id at its least cost: a sign-in at the production cost takes ~0.2 s of CPU, and the
# suite signs in well over a thousand times. What the production cost gives is checked by
# tests/services/test_password_hashing.py, which uses the defaults.
CHEAP_ARGON2 = {"argon2_time_cost": 1, "argon2_memory_kib": 8, "argon2_parallelism": 1}


def postgres_reachable() -> bool:
    try:
        with psycopg.connect(ADMIN_URL, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@contextmanager
def fresh_postgres_database(admin_url: str) -> Iterator[str]:
    """A new empty database, dropped afterwards; yields its URL."""
    name = f"teczka_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        # A commit need not wait for its WAL to reach the disk: a test database is never
        # recovered after a power cut, and a stopped server (`pg_ctl stop`) writes it anyway.
        conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit TO off')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlite_settings(data_dir: Path, **overrides) -> Settings:
    values = CHEAP_ARGON2 | overrides
    return Settings(data_dir=data_dir, secret_key=TEST_SECRET, master_key=TEST_MASTER_KEY,
                    **values)


def postgres_settings(url: str, data_dir: Path, **overrides) -> Settings:
    values = {"postgres_pool_size": 5} | CHEAP_ARGON2 | overrides
    return Settings(database_url=url, data_dir=data_dir, secret_key=TEST_SECRET,
                    master_key=TEST_MASTER_KEY, **values)


@contextmanager
def settings_for(store: str, tmp_path: Path, request: pytest.FixtureRequest, **overrides):
    if store == "sqlite":
        yield sqlite_settings(tmp_path, **overrides)
        return
    admin = request.getfixturevalue("postgres_admin_url")
    with fresh_postgres_database(admin) as url:
        yield postgres_settings(url, tmp_path, **overrides)


STORES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


