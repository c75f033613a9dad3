"""Which generation of each projection is live, and how far each has read the event log.

A projection's tables carry its generation in their names (`client_view_g2_folders`). A
rebuild starts generation N+1 beside N; the runner fills it from position 0 while N stays
readable; when N+1 reaches the head it becomes active in one transaction and N is retired.
The position is updated in the same transaction as the rows it covers, and only if it still
holds the value the batch started from, so no event is applied twice or skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

ACTIVE, BUILDING, RETIRED = "active", "building", "retired"

registry_metadata = MetaData()

generations = Table(
    "projection_generations",
    registry_metadata,
    Column("projection", String(64), primary_key=True),
    Column("generation", Integer, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("position", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("switched_at", DateTime(timezone=True)),
)


# A generation whose handler raised on an event: it stands still just before that event
# (`position`), the other projections go on (services/projecting/runner.py). The row is written in
# the transaction that moves the generation to `position`, so it is as durable as the rows;
# it is deleted in the transaction that moves the generation past the event (the handler
# fixed, or the event skipped by an admin: ProjectionEventSkipped).
stalls = Table(
    "projection_stalls",
    registry_metadata,
    Column("projection", String(64), primary_key=True),
    Column("generation", Integer, primary_key=True),
    Column("position", Integer, nullable=False),  # the generation's position: applied up to
    Column("event_position", Integer, nullable=False),  # the log position of the event
    Column("originator_id", String(36), nullable=False),
    Column("originator_version", Integer, nullable=False),
    Column("topic", String(300), nullable=False),
    Column("error", Text, nullable=False),
    Column("stalled_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, default=1),
    Column("last_attempt_at", DateTime(timezone=True), nullable=False),
)


# The shape of each generation's tables as the code that created it defined them
# (`Projection.shape`): a generation whose shape is not the running code's cannot be read or
# written by it, and is rebuilt on start (services/projecting/runner.py `Projector.prepare`).
shapes = Table(
    "projection_shapes",
    registry_metadata,
    Column("projection", String(64), primary_key=True),
    Column("generation", Integer, primary_key=True),
    Column("shape", String(64), nullable=False),
)

# The shape recorded for a generation made before shapes were recorded whose tables are not
# the ones the code defines (a column added since).
STALE_SHAPE = "stale"


def shape_of(conn: Connection, projection: str, generation: int) -> str | None:
    return conn.execute(select(shapes.c.shape).where(
        shapes.c.projection == projection, shapes.c.generation == generation)).scalar()


def record_shape(conn: Connection, projection: str, generation: int, shape: str) -> None:
    conn.execute(insert(shapes).values(projection=projection, generation=generation,
                                       shape=shape))


def retire(conn: Connection, projection: str, generation: int) -> None:
    """Retire one generation (a rebuild made for tables the code no longer defines)."""
    conn.execute(update(generations).where(
        generations.c.projection == projection, generations.c.generation == generation,
    ).values(status=RETIRED, switched_at=datetime.now(UTC)))


@dataclass(frozen=True)
class Stall:
    projection: str
    generation: int
    position: int
    event_position: int
    originator_id: str
    originator_version: int
    topic: str
    error: str
    stalled_at: datetime
    attempts: int
    last_attempt_at: datetime

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @property
    def error_type(self) -> str:
        """The exception's class (the last line of its traceback, up to the colon)."""
        last = self.error.strip().splitlines()[-1] if self.error.strip() else ""
        return last.split(":", 1)[0]


# What is kept of an error's text (its type, message and the innermost frames).
MAX_ERROR_CHARS = 4000


def record_stall(conn: Connection, gen: Generation, event_position: int, originator_id: str,
                 originator_version: int, topic: str, error: str) -> Stall:
    """Note (or note again) that `gen` stopped at the event at `event_position`."""
    now = datetime.now(UTC)
    error = error[-MAX_ERROR_CHARS:]
    found = stall_of(conn, gen.projection, gen.generation)
    if found is not None and found.event_position == event_position:
        conn.execute(update(stalls).where(
            stalls.c.projection == gen.projection, stalls.c.generation == gen.generation,
        ).values(error=error, attempts=found.attempts + 1, last_attempt_at=now,
                 position=gen.position))
        return Stall(**(found.as_dict() | {"error": error, "attempts": found.attempts + 1,
                                          "last_attempt_at": now, "position": gen.position}))
    clear_stall(conn, gen.projection, gen.generation)
    stall = Stall(gen.projection, gen.generation, gen.position, event_position, originator_id,
                  originator_version, topic, error, now, 1, now)
    conn.execute(insert(stalls).values(**stall.as_dict()))
    return stall


def clear_stall(conn: Connection, projection: str, generation: int) -> None:
    conn.execute(delete(stalls).where(stalls.c.projection == projection,
                                      stalls.c.generation == generation))


def stall_of(conn: Connection, projection: str, generation: int) -> Stall | None:
    row = conn.execute(select(stalls).where(
        stalls.c.projection == projection, stalls.c.generation == generation)).first()
    return Stall(**row._mapping) if row else None


def stalls_of(conn: Connection, projection: str) -> list[Stall]:
    rows = conn.execute(select(stalls).where(stalls.c.projection == projection))
    return [Stall(**r._mapping) for r in rows]


def all_stalls(conn: Connection) -> list[Stall]:
    """Every stalled generation, by projection."""
    rows = conn.execute(select(stalls).order_by(stalls.c.projection, stalls.c.generation))
    return [Stall(**r._mapping) for r in rows]


class PositionMovedError(RuntimeError):
    """Another runner advanced this generation: the batch is rolled back, not applied twice."""


@dataclass(frozen=True)
class Generation:
    projection: str
    generation: int
    status: str
    position: int


def _row(row) -> Generation:
    return Generation(row.projection, row.generation, row.status, row.position)


def live_generations(conn: Connection, projection: str) -> list[Generation]:
    rows = conn.execute(
        select(generations)
        .where(generations.c.projection == projection, generations.c.status != RETIRED)
        .order_by(generations.c.generation)
    )
    return [_row(r) for r in rows]


def active_generation(conn: Connection, projection: str) -> Generation | None:
    row = conn.execute(
        select(generations).where(
            generations.c.projection == projection, generations.c.status == ACTIVE
        )
    ).first()
    return _row(row) if row else None


def start_generation(conn: Connection, projection: str) -> Generation:
    """Register a new generation; the first one is active at once, later ones build first."""
    newest = conn.execute(
        select(func.max(generations.c.generation)).where(generations.c.projection == projection)
    ).scalar()
    has_active = active_generation(conn, projection) is not None
    generation = Generation(
        projection, (newest or 0) + 1, BUILDING if has_active else ACTIVE, 0
    )
    conn.execute(
        insert(generations).values(
            projection=projection,
            generation=generation.generation,
            status=generation.status,
            position=0,
            created_at=datetime.now(UTC),
        )
    )
    return generation


def advance(conn: Connection, gen: Generation, new_position: int) -> Generation:
    result = conn.execute(
        update(generations)
        .where(
            and_(
                generations.c.projection == gen.projection,
                generations.c.generation == gen.generation,
                generations.c.position == gen.position,
            )
        )
        .values(position=new_position)
    )
    if result.rowcount != 1:
        raise PositionMovedError(gen.projection, gen.generation, gen.position)
    return Generation(gen.projection, gen.generation, gen.status, new_position)


def switch_to(conn: Connection, gen: Generation) -> list[int]:
    """Make `gen` the active one; return the generations retired by it."""
    retired = [
        r.generation
        for r in conn.execute(
            select(generations.c.generation).where(
                generations.c.projection == gen.projection,
                generations.c.generation != gen.generation,
                generations.c.status != RETIRED,
            )
        )
    ]
    now = datetime.now(UTC)
    conn.execute(
        update(generations)
        .where(
            generations.c.projection == gen.projection,
            generations.c.generation.in_(retired),
        )
        .values(status=RETIRED, switched_at=now)
    )
    conn.execute(
        update(generations)
        .where(
            generations.c.projection == gen.projection,
            generations.c.generation == gen.generation,
        )
        .values(status=ACTIVE, switched_at=now)
    )
    return retired


def retired_generations(conn: Connection, projection: str) -> list[int]:
    rows = conn.execute(
        select(generations.c.generation)
        .where(generations.c.projection == projection, generations.c.status == RETIRED)
        .order_by(generations.c.generation)
    )
    return [r.generation for r in rows]
