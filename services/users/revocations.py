"""News that a session may no longer be used as it was, for every process that serves.

The news is the event log itself: a thread in each process reads, from where it last
stopped, only the events that change who may act how (REVOKING_EVENTS) and empties the
session cache of those users and sessions. Reading from a position, it misses nothing,
even across a lost connection. What wakes it:

- PostgreSQL: a NOTIFY on REVOCATIONS_CHANNEL sent inside the transaction that saved such
  an event (services/store/recorders.py), heard by the process's one listener connection
  (services/projecting/positions.py); and, should a notification be lost with a connection, a look
  every POSTGRES_SAFETY_POLL_S.
- SQLite (`teczka serve --workers N`: processes sharing one file, no notifications): a
  look every SQLITE_POLL_S. A look is one read of the log's highest notification id — an
  index's last entry — and, only when the log has grown, a read of the new stretch for
  those topics: cheaper than a file's mtime (a stat that every write of any event would
  change too) and needing no table of its own.

The process that saved the news needs none of this: it empties its own cache as it saves
(SessionUseCases._notify).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, OperationalError
from eventsourcing.utils import get_topic

from domain.session import Session
from domain.user import User
from services.users.session_cache import SessionCache

REVOCATIONS_CHANNEL = "teczka_sessions"
SQLITE_POLL_S = 0.1
POSTGRES_SAFETY_POLL_S = 1.0
PAGE = 500

# Events after which a session's bearer is someone else, or no one: a new role or unit,
# a closed or refused account, a new password, an ended session.
USER_NEWS = (User.RoleChanged, User.RoleChangeConfirmed, User.UserDeactivated,
             User.UserCreationRejected, User.PasswordChanged)
SESSION_NEWS = (Session.SessionEnded,)
REVOKING_EVENTS = USER_NEWS + SESSION_NEWS
REVOKING_TOPICS = frozenset(get_topic(cls) for cls in REVOKING_EVENTS)
_SESSION_TOPICS = frozenset(get_topic(cls) for cls in SESSION_NEWS)

log = logging.getLogger(__name__)


def forget_revoked(cache: SessionCache, events: list[tuple[str, UUID]]) -> None:
    """Empty the cache of what (topic, originator id) pairs of revoking events name."""
    sessions = [oid for topic, oid in events if topic in _SESSION_TOPICS]
    users = [oid for topic, oid in events if topic not in _SESSION_TOPICS]
    cache.forget(users=users, sessions=sessions)


class RevocationWatcher:
    """Reads revoking events as they are saved, by any process, into this process's cache."""

    def __init__(self, recorder: ApplicationRecorder, cache: SessionCache, *,
                 poll_s: float, on_news: Callable[[int], None] | None = None) -> None:
        self.recorder = recorder
        self.cache = cache
        self.poll_s = poll_s
        self.on_news = on_news  # tests and the benchmark: how many events were read
        self.position = 0
        self.wake = threading.Event()
        self.stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="revocation-watcher",
                                        daemon=True)

    def start(self) -> None:
        # Sessions read from now on include everything up to here; news starts after it.
        self.position = self.recorder.max_notification_id() or 0
        self._thread.start()

    def close(self) -> None:
        self.stop.set()
        self.wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=3)

    def heard(self, _payload: str = "") -> None:
        """A NOTIFY on REVOCATIONS_CHANNEL arrived (the listener's thread)."""
        self.wake.set()

    def look(self) -> int:
        """Read the revoking events saved since the last look; how many there were."""
        head = self.recorder.max_notification_id() or 0
        found: list[tuple[str, UUID]] = []
        start = self.position + 1
        while start <= head:
            page = self.recorder.select_notifications(start, PAGE, stop=head,
                                                      topics=sorted(REVOKING_TOPICS))
            for n in page:
                assert isinstance(n.originator_id, UUID)  # every aggregate's id is a UUID
                found.append((n.topic, n.originator_id))
            if len(page) < PAGE:
                break
            start = page[-1].id + 1
        forget_revoked(self.cache, found)
        self.position = max(self.position, head)
        return len(found)

    def _run(self) -> None:
        while not self.stop.is_set():
            self.wake.wait(self.poll_s)
            self.wake.clear()
            if self.stop.is_set():
                return
            try:
                count = self.look()
            except OperationalError:
                log.warning("revocation watcher could not read the log; trying again")
                continue
            if count and self.on_news is not None:
                self.on_news(count)
