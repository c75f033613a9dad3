"""When the database is down, say so at once: after a store failure, requests are answered
503 straight away instead of each waiting out the driver's retries (the `eventsourcing`
recorder tries 10 times, each waiting up to its pool timeout), and one probe at a time, at most
once a second, finds the database back."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import psycopg

from services.settings import Settings

PROBE_CONNECT_TIMEOUT_S = 2


class StoreBreaker:
    """Open after a failure; closed again by the first probe that reaches the store.

    With a `conninfo`, a watch thread also holds one idle connection to the database: when the
    database shuts down it drops that connection at once, and the breaker opens then, before
    any request has waited for a store that is gone."""

    def __init__(self, probe: Callable[[], None], cooldown_s: float = 1.0,
                 clock: Callable[[], float] = time.monotonic, conninfo: str | None = None) -> None:
        self._probe = probe
        self._cooldown_s = cooldown_s
        self._clock = clock
        self._failed_at: float | None = None
        self._probing = threading.Lock()
        self._conninfo = conninfo
        self._stopped = threading.Event()
        self._watch: threading.Thread | None = None

    def start(self) -> None:
        if self._conninfo is None or self._watch is not None:
            return
        self._watch = threading.Thread(target=self._watch_store, name="store-breaker",
                                       daemon=True)
        self._watch.start()

    def close(self) -> None:
        self._stopped.set()
        if self._watch is not None:
            self._watch.join(timeout=5)

    def _watch_store(self) -> None:
        conninfo = self._conninfo
        assert conninfo is not None  # watched only with a conninfo (`start`)
        while not self._stopped.is_set():
            try:
                with psycopg.connect(conninfo, connect_timeout=PROBE_CONNECT_TIMEOUT_S,
                                     autocommit=True) as conn:
                    self._failed_at = None
                    while not self._stopped.is_set():
                        # Reading the idle connection notices at once that the server left.
                        for _ in conn.notifies(timeout=0.5):
                            pass
            except (psycopg.Error, OSError):
                if not self._stopped.is_set():
                    self.trip()
                self._stopped.wait(1.0)

    @property
    def is_open(self) -> bool:
        return self._failed_at is not None

    def trip(self) -> None:
        """The store just failed a request."""
        self._failed_at = self._clock()

    def check(self) -> bool:
        """Probe the store now, whatever the breaker's state (readiness, `/readyz`): a
        reached store closes the breaker, an unreachable one opens it."""
        try:
            self._probe()
        except (psycopg.Error, OSError):
            self.trip()
            return False
        self._failed_at = None
        return True

    def allows(self) -> bool:
        """Whether a request may go to the store now (may probe it; blocks up to 2 s)."""
        failed_at = self._failed_at
        if failed_at is None:
            return True
        if self._clock() - failed_at < self._cooldown_s:
            return False
        if not self._probing.acquire(blocking=False):
            return False  # another request is probing
        try:
            self._probe()
        except (psycopg.Error, OSError):
            self._failed_at = self._clock()
            return False
        finally:
            self._probing.release()
        self._failed_at = None
        return True


def breaker_for(settings: Settings) -> StoreBreaker:
    """A breaker probing PostgreSQL with a plain connection. SQLite is a local file: a failure
    there (e.g. a lock wait that ran out) says nothing about the next request, so its breaker
    lets every request through."""
    if not settings.is_postgres:
        return StoreBreaker(lambda: None, cooldown_s=0)
    conninfo = settings.libpq_url()
    assert conninfo is not None  # on PostgreSQL

    def probe() -> None:
        with psycopg.connect(conninfo, connect_timeout=PROBE_CONNECT_TIMEOUT_S,
                             autocommit=True) as conn:
            conn.execute("SELECT 1")

    return StoreBreaker(probe, conninfo=conninfo)
