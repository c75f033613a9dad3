"""What every read model is: versioned tables, the events it reads, and how it applies them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import orjson
from eventsourcing.domain import DomainEvent
from eventsourcing.utils import get_topic
from sqlalchemy import MetaData, Table, select
from sqlalchemy.engine import Connection, Engine

from projections import tracking
from projections.batch import Batch


def event_classes_of(*aggregates: type) -> list[type]:
    """Every concrete event class declared on the given aggregates (not the bases)."""
    found: list[type] = []
    for aggregate in aggregates:
        for name, value in vars(aggregate).items():
            if (
                isinstance(value, type)
                and issubclass(value, DomainEvent)
                and name not in ("Event", "Created")
            ):
                found.append(value)
    return found


class Tables:
    """One generation's tables, by short name (`tables.folders`)."""

    def __init__(self, metadata: MetaData, by_name: dict[str, Table]) -> None:
        self.metadata = metadata
        self._by_name = by_name

    def __getattr__(self, name: str) -> Table:
        try:
            return self._by_name[name]
        except KeyError:
            raise AttributeError(name) from None


class Projection:
    """A read model. Subclasses declare `name`, `reads` and `define_tables`, and handlers
    named `on_<EventClassName>(batch, tables, event)`: they write through the `Batch` of
    rows the runner applies in one transaction (see projections/batch.py).
    """

    name: ClassVar[str]
    # Event classes this projection reads; everything else is skipped by topic.
    reads: ClassVar[Iterable[type]] = ()

    def __init__(self) -> None:
        self._tables: dict[int, Tables] = {}
        self._handlers: dict[str, Callable[..., None]] = {}
        for cls in self.reads:
            handler = getattr(self, f"on_{cls.__name__}", None)
            if handler is None:
                raise TypeError(f"{type(self).__name__} reads {cls.__name__} without a handler")
            self._handlers[cls.__name__] = handler

    @property
    def topics(self) -> list[str]:
        return [get_topic(cls) for cls in self.reads]

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        raise NotImplementedError

    def tables(self, generation: int) -> Tables:
        if generation not in self._tables:
            metadata = MetaData()
            by_name = self.define_tables(metadata, f"{self.name}_g{generation}")
            self._tables[generation] = Tables(metadata, by_name)
        return self._tables[generation]

    def create_tables(self, engine_or_conn: Engine | Connection, generation: int) -> None:
        self.tables(generation).metadata.create_all(engine_or_conn)

    def drop_tables(self, conn: Connection, generation: int) -> None:
        self.tables(generation).metadata.drop_all(conn)
        self._tables.pop(generation, None)

    def preload(self, batch: Batch, tables: Tables, events: list[Any]) -> None:
        """Read in one go the stored rows this batch's handlers will look up (see
        `Batch.preload`); without it they are read one at a time, on first use."""

    def apply(self, batch: Batch, tables: Tables, event: Any) -> None:
        handler = self._handlers.get(type(event).__name__)
        if handler is not None:
            handler(batch, tables, event)

    # -- reading -------------------------------------------------------------------------

    def active_tables(self, conn: Connection) -> tuple[Tables, int] | None:
        """The tables reads should use now, and the position they include."""
        gen = tracking.active_generation(conn, self.name)
        if gen is None:
            return None
        return self.tables(gen.generation), gen.position

    def digest(self, conn: Connection, tables: Tables) -> str:
        """A hash of every row of a generation, in key order: equal data, equal digest."""
        sha = hashlib.sha256()
        for name, table in sorted(tables._by_name.items()):
            sha.update(name.encode())
            keys = list(table.primary_key.columns) or list(table.columns)
            for row in conn.execute(select(table).order_by(*keys)):
                sha.update(orjson.dumps(list(row), default=str))
        return sha.hexdigest()
