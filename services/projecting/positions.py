"""Read-your-writes: wake readers the moment a projection passes a position, no sleeping.

The runner announces each committed batch: in-process directly, and on PostgreSQL also by
NOTIFY inside the batch's transaction (so the news arrives only once the rows are visible).
API processes listen and wake the readers waiting for that position.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable

import psycopg

PROJECTIONS_CHANNEL = "teczka_projections"
# Waiters are woken this often even without news (they re-read positions).
NUDGE_S = 0.5
# How often the listener checks whether it is being closed.
STOP_CHECK_S = 0.1

log = logging.getLogger(__name__)


class PositionBoard:
    """A condition readers wait on until some projection moves."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._ticks = 0
        self._ticks_of: dict[str, int] = {}
        self._waiters: dict[tuple[asyncio.AbstractEventLoop, asyncio.Event], str] = {}

    def announce(self, projection: str | None = None) -> None:
        """Some projection moved (`None`: unknown which, e.g. a periodic wake-up)."""
        with self._changed:
            self._ticks += 1
            if projection is not None:
                self._ticks_of[projection] = self._ticks_of.get(projection, 0) + 1
            self._changed.notify_all()
            waiters = [w for w, name in self._waiters.items()
                       if projection is None or name == projection]
        for loop, event in waiters:
            loop.call_soon_threadsafe(event.set)

    def ticks_of(self, projection: str) -> int:
        return self._ticks_of.get(projection, 0)

    async def news_of(self, projection: str, seen_ticks: int, timeout: float) -> int:
        """Wait for `projection` to move, in async code (server-sent events): no thread is
        held while waiting."""
        event = asyncio.Event()
        waiter = (asyncio.get_running_loop(), event)
        with self._changed:
            if self.ticks_of(projection) != seen_ticks:
                return self.ticks_of(projection)
            self._waiters[waiter] = projection
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            pass
        finally:
            with self._changed:
                self._waiters.pop(waiter, None)
        return self.ticks_of(projection)

    def wait_for_news(self, seen_ticks: int, timeout: float) -> int:
        """Block until something moved since `seen_ticks` (or timeout); return the new tick."""
        with self._changed:
            self._changed.wait_for(lambda: self._ticks != seen_ticks, timeout=timeout)
            return self._ticks

    @property
    def ticks(self) -> int:
        return self._ticks


class PostgresPositionListener:
    """LISTENs for the runner's announcements in another process and passes them on.

    The process's one listening connection: other news (`channels`: name → what to call
    with each payload, e.g. services/users/revocations.py) is heard on it too.
    """

    def __init__(self, conninfo: str, board: PositionBoard,
                 channels: dict[str, Callable[[str], None]] | None = None) -> None:
        self.conninfo = conninfo
        self.board = board
        self.channels = dict(channels or {})
        self.stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="position-listener", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self.stop.set()
        self._thread.join(timeout=3)

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {PROJECTIONS_CHANNEL}")
                    for channel in self.channels:
                        conn.execute(f"LISTEN {channel}")
                    nudge_at = time.monotonic() + NUDGE_S
                    while not self.stop.is_set():
                        # Short waits, so closing does not wait out a long one.
                        for note in conn.notifies(timeout=STOP_CHECK_S, stop_after=64):
                            heard = self.channels.get(note.channel)
                            if heard is not None:
                                heard(note.payload)
                                continue
                            self.board.announce(note.payload.partition(":")[0])
                        if time.monotonic() >= nudge_at:
                            # Even without news, wake waiters now and then: they re-read
                            # positions.
                            self.board.announce()
                            nudge_at = time.monotonic() + NUDGE_S
            except psycopg.OperationalError:
                log.warning("position listener lost its connection; retrying")
                self.stop.wait(1.0)
