"""Who each session's bearer is, as the store says, kept per process until news changes it.

An access token names only its user and session. The role, unit and names a request acts
with are read here: from the Session and User aggregates on the first request of a
session in a process, then from this process's memory — a bounded cache that every
change of a user's role, unit, password or account, and every ended session, empties of
that user's or session's entries at once in the process that saved it and within a
moment everywhere else (services/users/revocations.py). Every request asks, so a hit must cost
no I/O: the client view's whole answer takes ~9 ms at the 99th percentile.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final, Literal
from uuid import UUID

from cachetools import TTLCache

# Sessions whose bearers a process remembers (a city's staff has ~1,000 people).
MAX_SESSIONS = 50_000
# The last resort should news stop arriving (a watcher that cannot reach the store for
# long): an entry is read again this long after it was read.
SAFETY_TTL_S = 300.0


@dataclass(frozen=True)
class Principal:
    """The signed-in person as the store says: who, in what role and unit, which session."""

    user_id: UUID
    username: str
    display_name: str
    role: str
    unit: str
    session_id: UUID | None = None


ENDED: Final = False  # what a session that may no longer be used is remembered as


class SessionCache:
    """session id → Principal (or ENDED); thread-safe; never blocks on I/O."""

    def __init__(self, maxsize: int = MAX_SESSIONS, ttl_s: float = SAFETY_TTL_S,
                 timer: Callable[[], float] = time.monotonic) -> None:
        self._entries: TTLCache = TTLCache(maxsize, ttl_s, timer)
        self._lock = threading.Lock()
        # Moves on with every piece of news: a reader who began before it moved may hold
        # what the news has just made stale, so `remember` then keeps nothing.
        self.generation = 0

    def get(self, session_id: UUID) -> Principal | Literal[False] | None:
        with self._lock:
            return self._entries.get(session_id)

    def remember(self, session_id: UUID, seen: Principal | Literal[False],
                 generation: int) -> None:
        """Keep what was read, unless news arrived since the reading began (`generation`)."""
        with self._lock:
            if generation == self.generation:
                self._entries[session_id] = seen

    def forget(self, *, users: Iterable[UUID] = (), sessions: Iterable[UUID] = ()) -> None:
        """News: these users changed (every session of theirs), these sessions ended."""
        users, sessions = set(users), set(sessions)
        if not users and not sessions:
            return
        with self._lock:
            self.generation += 1
            stale = [sid for sid, seen in self._entries.items()
                     if sid in sessions or (seen is not ENDED and seen.user_id in users)]
            for sid in stale:
                del self._entries[sid]

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
