"""One active runner per projection: the others wait as hot standbys."""

from __future__ import annotations

import fcntl
import os
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import psycopg


class RunnerLock(Protocol):
    def try_acquire(self) -> bool: ...
    def release(self) -> None: ...


def acquire(lock: RunnerLock, stop: threading.Event, poll_s: float = 0.5) -> bool:
    """Wait as a hot standby until the lock is ours (True) or we are told to stop (False)."""
    while not stop.is_set():
        if lock.try_acquire():
            return True
        stop.wait(poll_s)
    return False


class PostgresAdvisoryLock:
    """A session-level advisory lock held on a connection of its own."""

    def __init__(self, conninfo: str, name: str) -> None:
        self.conninfo = conninfo
        self.key = zlib.crc32(f"teczka.projection.{name}".encode())
        self._conn: psycopg.Connection | None = None

    def try_acquire(self) -> bool:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self.conninfo, autocommit=True)
        row = self._conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
        return bool(row and row[0])

    def release(self) -> None:
        if self._conn is not None:
            self._conn.close()  # ending the session releases the lock
            self._conn = None


class FileLock:
    """An exclusive lock on a file beside the SQLite database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None


@contextmanager
def schema_lock(conninfo: str | None) -> Iterator[None]:
    """Held while a process creates its tables on PostgreSQL: two processes starting together
    (uvicorn's workers, the API beside `teczka project`) would otherwise both run CREATE TABLE
    IF NOT EXISTS, and the second fails with "tuple concurrently updated". None (SQLite, whose
    file lock already serialises DDL): no lock."""
    if conninfo is None:
        yield
        return
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (zlib.crc32(b"teczka.schema"),))
        yield  # closing the session releases the lock, also if creation failed
