"""Which generation of each projection reads use, remembered in this process.

Looking it up in the registry (`projection_generations`) before every read cost a statement
per projection per read: three of the ten statements of a client view. Generations switch
only when a projection is rebuilt, so this process remembers what it last read and reads the
registry again only when

- the entry is older than `max_age_s` (so a switch is seen within that time even when no
  news arrives, e.g. from a runner in another process on SQLite),
- the position board has news of that projection since (the runner announces every batch
  and every switch; on PostgreSQL the API processes hear it by LISTEN), or
- a read waits for a position beyond the one remembered (read-your-writes).

The window this opens, exactly: a switch retires the old generation and the runner drops a
retired generation's tables only at the *next* switch of that projection
(services/projecting/runner.py `Projector._switch`). A remembered generation can therefore only be
gone if two switches happened since it was read from the registry. A read that then finds
its tables missing is not failed: `ReadModels` forgets the entry, reads the registry and
reads again (`moved_on`), as a read straight after a registry lookup would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from projections import tracking
from projections.projection import Projection, Tables
from services.errors import ReadModelRebuildingError
from services.projecting.positions import PositionBoard

MAX_AGE_S = 1.0


@dataclass(frozen=True)
class _Known:
    generation: int
    position: int
    ticks: int
    read_at: float


class ActiveGenerations:
    def __init__(self, board: PositionBoard, max_age_s: float = MAX_AGE_S,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.board = board
        self.max_age_s = max_age_s
        self._monotonic = monotonic
        self._known: dict[str, _Known] = {}
        self._lock = threading.Lock()
        self._shape_checked: set[tuple[str, int]] = set()
        self.registry_reads = 0  # for tests and benchmarks: how often the registry was read

    def active(self, conn: Connection, projection: Projection,
               after: int | None = None) -> tuple[Tables, int, int] | None:
        """(tables, position, generation) reads of `projection` should use now; None while it
        has no active generation."""
        known = self._known.get(projection.name)
        if known is not None and self._fresh(projection.name, known) and (
                after is None or known.position >= after):
            return projection.tables(known.generation), known.position, known.generation
        return self.read(conn, projection)

    def read(self, conn: Connection, projection: Projection) -> tuple[Tables, int, int] | None:
        """Read the registry now (and remember what it says)."""
        # Ticks before the read: news arriving during it makes the entry stale, not lost.
        ticks = self.board.ticks_of(projection.name)
        read_at = self._monotonic()
        self.registry_reads += 1
        found = tracking.active_generation(conn, projection.name)
        if found is not None:
            self._refuse_other_shape(conn, projection, found.generation)
        with self._lock:
            if found is None:
                self._known.pop(projection.name, None)
                return None
            self._known[projection.name] = _Known(found.generation, found.position, ticks,
                                                  read_at)
        return projection.tables(found.generation), found.position, found.generation

    def _refuse_other_shape(self, conn: Connection, projection: Projection,
                            generation: int) -> None:
        """An active generation of tables this code does not define (an upgrade is
        rebuilding it: `Projector.prepare`) cannot be read: 503 until the rebuilt one is
        switched in. Looked up once per generation (a generation's shape never changes)."""
        key = (projection.name, generation)
        if key in self._shape_checked:
            return
        recorded = tracking.shape_of(conn, projection.name, generation)
        if recorded is None:  # made before shapes were recorded, not yet judged by a runner
            readable = projection.tables_match(conn, generation)
        else:
            readable = recorded == projection.shape()
        if not readable:
            raise ReadModelRebuildingError(projection=projection.name)
        self._shape_checked.add(key)

    def forget(self, name: str) -> None:
        with self._lock:
            self._known.pop(name, None)

    def _fresh(self, name: str, known: _Known) -> bool:
        return (self.board.ticks_of(name) == known.ticks
                and self._monotonic() - known.read_at < self.max_age_s)

