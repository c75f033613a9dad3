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
    and_,
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
