"""What every read model is: versioned tables, the events it reads, and how it applies them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import orjson
from eventsourcing.domain import DomainEvent
from eventsourcing.utils import get_topic
from sqlalchemy import MetaData, Table, inspect, select
from sqlalchemy.engine import Connection, Engine

from projections import tracking
from projections.batch import Batch

Handler = TypeVar("Handler", bound=Callable[..., None])

# The attribute `handles` leaves on a handler: the event classes it was registered for.
_HANDLES = "__projection_handles__"


def handles(*event_classes: type[DomainEvent]) -> Callable[[Handler], Handler]:
    """Register a projection's method as the handler of these event classes:
    `handler(self, batch, tables, event)`, its `event` typed with the class (or their union)."""
    if not event_classes:
        raise TypeError("handles() needs at least one event class")

    def register(method: Handler) -> Handler:
        setattr(method, _HANDLES, (*getattr(method, _HANDLES, ()), *event_classes))
        return method

    return register


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
    """A read model. Subclasses declare `name` and `define_tables`, and a handler per event
    class they read, registered with `@handles(CaseFolder.VisitRecorded)` and taking
    `(batch, tables, event)`: it writes through the `Batch` of rows the runner applies in one
    transaction (see projections/batch.py). `reads` is derived from the registrations.
    """

    name: ClassVar[str]
    # Raise it when what the handlers write changes without a change of the tables (a row now
    # counted differently): the running code then rebuilds the projection on start, as it
    # does when a table or column changes (`shape`).
    version: ClassVar[int] = 1
    _shape: str | None = None  # `shape()`, computed once
    # Event classes this projection reads (those it has handlers for); everything else is
    # skipped by topic.
    reads: ClassVar[tuple[type[DomainEvent], ...]] = ()
    # The name of the method handling each event class, found once per class.
    _handler_names: ClassVar[dict[type[DomainEvent], str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names: dict[type[DomainEvent], str] = {}
        for klass in reversed(cls.__mro__):
            declared: dict[type[DomainEvent], str] = {}
            for attribute, value in vars(klass).items():
                for event_class in getattr(value, _HANDLES, ()):
                    if event_class in declared:
                        raise TypeError(
                            f"{klass.__name__} handles {event_class.__name__} twice: "
                            f"{declared[event_class]} and {attribute}")
                    declared[event_class] = attribute
            names |= declared  # a subclass's handler replaces its base's
        cls._handler_names = names
        cls.reads = tuple(names)

    def __init__(self) -> None:
        self._tables: dict[int, Tables] = {}
        # Bound once, looked up by the event's exact class (apply runs for every event).
        self._handlers: dict[type, Callable[[Batch, Tables, Any], None]] = {
            event_class: getattr(self, attribute)
            for event_class, attribute in self._handler_names.items()
        }

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

    def shape(self) -> str:
        """A fingerprint of the tables this code defines (names, columns, types, keys,
        nullability, indexes) and of `version`: equal shapes, tables this code can read and
        write."""
        if self._shape is None:
            parts: list[object] = [self.name, self.version]
            for key, table in sorted(self.define_tables(MetaData(), "t").items()):
                parts.append([key, sorted((c.name, repr(c.type), c.nullable, c.primary_key)
                                          for c in table.columns),
                              sorted(str(i.name) for i in table.indexes)])
            self._shape = hashlib.sha256(orjson.dumps(parts, default=str)).hexdigest()
        return self._shape

    def tables_match(self, conn: Connection, generation: int) -> bool:
        """Whether the generation's tables in the database have the columns this code
        defines (a generation made before shapes were recorded is judged so)."""
        inspector = inspect(conn)
        for table in self.tables(generation)._by_name.values():
            if not inspector.has_table(table.name):
                return False
            found = {c["name"] for c in inspector.get_columns(table.name)}
            if found != {c.name for c in table.columns}:
                return False
        return True

    def drop_tables(self, conn: Connection, generation: int) -> None:
        self.tables(generation).metadata.drop_all(conn)
        self._tables.pop(generation, None)

    def purge_deleted(self, conn: Connection, generation: int) -> None:
        """After an erasure: drop what an index of its own keeps of deleted rows (SQLite's
        FTS5 keeps them until its segments merge). Tables the store vacuums need nothing."""

    def preload(self, batch: Batch, tables: Tables, events: list[Any]) -> None:
        """Read in one go the stored rows this batch's handlers will look up (see
        `Batch.preload`); without it they are read one at a time, on first use."""

    def apply(self, batch: Batch, tables: Tables, event: Any) -> None:
        handler = self._handlers.get(type(event))
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
