"""One active runner per projection: the others wait as hot standbys."""

from __future__ import annotations

import fcntl
import os
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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


class PostgresAdvisoryLocks:
    """A process's runner locks: session-level advisory locks, all held on one connection of
    their own (one backend for every projection, rather than one each). Ending the session
    releases them all, so a runner that dies frees its projections for the standbys."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self._conn: psycopg.Connection | None = None
        self._held: set[int] = set()
        self._mutex = threading.Lock()  # one session, used by whoever takes or frees a lock

    def lock(self, name: str) -> PostgresAdvisoryLock:
        return PostgresAdvisoryLock(self, zlib.crc32(f"teczka.projection.{name}".encode()))

    def try_acquire(self, key: int) -> bool:
        with self._mutex:
            if key in self._held:
                return True  # taking it again would stack a second hold on the same session
            if self._conn is None or self._conn.closed:
                self._conn = psycopg.connect(self.conninfo, autocommit=True)
                self._held.clear()  # a new session holds nothing
            row = self._conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
            if row and row[0]:
                self._held.add(key)
                return True
            if not self._held:
                self._close()
            return False

    def release(self, key: int) -> None:
        with self._mutex:
            if key not in self._held:
                return
            self._held.discard(key)
            if not self._held:
                self._close()  # ending the session releases the lock
                return
            assert self._conn is not None  # a lock still held has its session
            try:
                self._conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
            except psycopg.Error:
                self._close()  # the session is gone, and every lock with it

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._held.clear()


class PostgresAdvisoryLock:
    """One projection's runner lock, held on its process's shared lock session."""

    def __init__(self, session: PostgresAdvisoryLocks, key: int) -> None:
        self._session, self.key = session, key

    def try_acquire(self) -> bool:
        return self._session.try_acquire(self.key)

    def release(self) -> None:
        self._session.release(self.key)


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
    key = zlib.crc32(b"teczka.schema")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (key,))
        try:
            yield  # closing the session releases the lock, also if creation failed
        finally:
            # Released now rather than when the closed session's backend exits, which on a
            # loaded machine comes a moment later: a runner starting then would see the lock
            # still held by a process that is gone.
            with suppress(psycopg.Error):
                conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
