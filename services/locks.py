"""One active runner per projection: the others wait as hot standbys."""

from __future__ import annotations

import fcntl
import threading
import zlib
from pathlib import Path
from typing import Protocol

import psycopg


class RunnerLock(Protocol):
    def acquire(self, stop: threading.Event, poll_s: float = 0.5) -> bool: ...
    def release(self) -> None: ...


class PostgresAdvisoryLock:
    """A session-level advisory lock held on a connection of its own."""

    def __init__(self, conninfo: str, name: str) -> None:
        self.conninfo = conninfo
        self.key = zlib.crc32(f"teczka.projection.{name}".encode())
        self._conn: psycopg.Connection | None = None

    def acquire(self, stop: threading.Event, poll_s: float = 0.5) -> bool:
        self._conn = psycopg.connect(self.conninfo, autocommit=True)
        while not stop.is_set():
            if self._conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()[0]:
                return True
            stop.wait(poll_s)
        self.release()
        return False

    def release(self) -> None:
        if self._conn is not None:
            self._conn.close()  # closing the session releases the lock
            self._conn = None


class FileLock:
    """An exclusive lock on a file beside the SQLite database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, stop: threading.Event, poll_s: float = 0.5) -> bool:
        import os

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        while not stop.is_set():
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                stop.wait(poll_s)
        self.release()
        return False

    def release(self) -> None:
        import os

        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
