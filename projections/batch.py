"""The rows one batch of events writes: kept in memory while the batch is applied and written
in as few statements as the store allows.

A projection's handlers get a `Batch` instead of the bare connection. Rows are addressed by
primary key: `insert` and `update` are buffered, `get` reads a row as the batch sees it (its
own earlier writes included; a row not yet seen is read from the database once and kept).
`flush` writes the buffered rows with one statement per table and statement shape: inserts
first (a row inserted and then updated in the batch is inserted once, updated; many rows go
by COPY on PostgreSQL), then updates by primary key (executemany). Any other statement goes
through `execute`, which first flushes what the statement could read or change, so handlers
written with plain SQL stay correct.

The projector flushes before it moves the position, in the same transaction: rows and
position still commit together.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.sql import ClauseElement, Executable
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from sqlalchemy.sql.util import find_tables

Key = tuple[Hashable, ...]

# From this many rows of one shape, PostgreSQL inserts them by COPY: a rebuild's batches
# insert thousands, which COPY sends as one stream instead of a statement each.
COPY_MIN_ROWS = 20


class Batch:
    """A unit of work over one connection for the length of one batch of events."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        # Rows as the batch sees them, by table and primary key; None: known to be absent.
        self._rows: dict[Table, dict[Key, dict[str, Any] | None]] = {}
        # Written by the batch and not yet flushed. An inserted row is the same dict as in
        # `_rows`, so later updates of it land in the insert.
        self._inserts: dict[Table, dict[Key, dict[str, Any]]] = {}
        self._updates: dict[Table, dict[Key, dict[str, Any]]] = {}
        self._unkeyed: dict[Table, list[dict[str, Any]]] = {}
        # (column, value) pairs whose stored rows are all in `_rows`, by table.
        self._loaded: dict[Table, set[tuple[str, Hashable]]] = {}

    # -- rows by primary key --------------------------------------------------------------

    def insert(self, table: Table, values: Mapping[str, Any] | None = None, /,
               **more: Any) -> None:
        """Add a row (written at the next flush)."""
        row = _complete(table, {**(values or {}), **more})
        if not table.primary_key:
            self._unkeyed.setdefault(table, []).append(row)
            return
        key = _key_of(table, row)
        # An earlier update of this key hit nothing (or this insert fails): drop it.
        updates = self._updates.get(table)
        if updates:
            updates.pop(key, None)
        self._rows.setdefault(table, {})[key] = row
        self._inserts.setdefault(table, {})[key] = row

    def update(self, table: Table, key: Any, **values: Any) -> None:
        """Change columns of the row with primary key `key` (a value, or a tuple for a
        composite key); like UPDATE, nothing happens if there is no such row."""
        if not values:
            return
        key = _as_key(key)
        if not values.keys().isdisjoint(_key_names(table)):
            raise ValueError(f"{table.name}: a batch does not change primary keys")
        rows = self._rows.get(table, {})
        if key in rows:
            row = rows[key]
            if row is None:
                return
            row.update(values)
            if key in self._inserts.get(table, {}):
                return
        self._updates.setdefault(table, {}).setdefault(key, {}).update(values)

    def get(self, table: Table, key: Any) -> Mapping[str, Any] | None:
        """The row with primary key `key` as this batch sees it, or None (not to be changed:
        write with `update`)."""
        key = _as_key(key)
        rows = self._rows.setdefault(table, {})
        if key not in rows:
            columns = list(table.primary_key.columns)
            loaded = self._loaded.get(table, ())
            if any((c.name, v) in loaded for c, v in zip(columns, key, strict=True)):
                found = None  # preloaded: every stored row with that value is in `rows`
            else:
                found = self.conn.execute(select(table).where(
                    *(c == v for c, v in zip(columns, key, strict=True)))).mappings().first()
            row = dict(found) if found is not None else None
            pending = self._updates.get(table, {}).get(key)
            if row is not None and pending:
                row.update(pending)
            rows[key] = row
        return rows[key]

    def row(self, table: Table, key: Any) -> Mapping[str, Any]:
        """The row an earlier event wrote, as `get` sees it; its absence is a broken log."""
        row = self.get(table, key)
        if row is None:
            raise LookupError(f"{table.name}: no row {key!r}")
        return row

    def rows_where(self, table: Table, column: str, value: Hashable) -> list[Mapping[str, Any]]:
        """Every row whose `column` equals `value`, as this batch sees them (not to be
        changed). The stored ones are read once per batch (see `preload`)."""
        if (column, value) not in self._loaded.get(table, ()):
            self.preload(table, column, [value])
        return [row for row in self._rows[table].values()
                if row is not None and row[column] == value]

    def preload(self, table: Table, column: str, values: Iterable[Hashable]) -> None:
        """Read the stored rows whose `column` is one of `values` in one statement, so that
        `get` (when `column` is the primary key) and `rows_where` need no more reads."""
        loaded = self._loaded.setdefault(table, set())
        wanted = {v for v in values if (column, v) not in loaded}
        if not wanted:
            return
        rows = self._rows.setdefault(table, {})
        pending = self._updates.get(table, {})
        for found in self.conn.execute(
            select(table).where(table.c[column].in_(wanted))
        ).mappings():
            key = _key_of(table, found)
            if key not in rows:  # a row the batch has seen is newer than the stored one
                rows[key] = {**found, **pending.get(key, {})}
        loaded.update((column, v) for v in wanted)

    # -- anything else --------------------------------------------------------------------

    def execute(self, statement: Executable, parameters: Any = None) -> CursorResult:
        """Run any other statement, after flushing what it could read or change."""
        assert isinstance(statement, ClauseElement)  # as text, select and DML all are
        touched = {t for t in find_tables(statement, check_columns=True, include_joins=True,
                                          include_crud=True) if isinstance(t, Table)}
        # A statement naming no table (text, say) could touch anything.
        self.flush(list(touched) if touched else None)
        result = self.conn.execute(statement, parameters)
        if isinstance(statement, UpdateBase):
            if isinstance(statement.table, Table):  # the batch holds rows of tables only
                self._forget(statement.table)
        elif not touched:
            self._rows.clear()
            self._loaded.clear()
        return result

    def _forget(self, table: Table) -> None:
        """Rows changed behind the batch's back are read again on next use."""
        self._rows.pop(table, None)
        self._loaded.pop(table, None)

    def flush(self, tables: list[Table] | None = None) -> None:
        """Write the buffered rows (of `tables`, or all): one statement per shape."""
        chosen = tables if tables is not None else list(
            {**self._unkeyed, **self._inserts, **self._updates})
        for table in chosen:
            for rows in (self._unkeyed.pop(table, []),
                         list(self._inserts.pop(table, {}).values())):
                for shape in _by_shape(rows):
                    if len(shape) >= COPY_MIN_ROWS and self.conn.dialect.name == "postgresql":
                        self._copy(table, shape)
                    else:
                        self._execute(insert(table), shape)
            pending = self._updates.pop(table, {})
            if pending:
                self._write_updates(table, pending)

    def _write_updates(self, table: Table, pending: dict[Key, dict[str, Any]]) -> None:
        keys = list(table.primary_key.columns)
        shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for key, values in pending.items():
            params = {f"k_{c.name}": v for c, v in zip(keys, key, strict=True)}
            params.update({f"v_{name}": value for name, value in values.items()})
            shapes.setdefault(tuple(sorted(values)), []).append(params)
        for names, rows in shapes.items():
            statement = (
                update(table)
                .where(*(c == bindparam(f"k_{c.name}") for c in keys))
                .values({name: bindparam(f"v_{name}") for name in names})
            )
            self._execute(statement, rows)

    def _copy(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert rows of one shape with COPY, each value bound as INSERT would bind it."""
        dialect = self.conn.dialect
        names = list(rows[0])
        processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                      for name in names]
        quote = dialect.identifier_preparer.quote
        statement = (f"COPY {dialect.identifier_preparer.format_table(table)} "
                     f"({', '.join(quote(name) for name in names)}) FROM STDIN")
        driver = self.conn.connection.driver_connection
        assert driver is not None  # an open connection's
        cursor = driver.cursor()
        with cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[name] if process is None else process(row[name])
                                for name, process in zip(names, processors, strict=True)])

    def _execute(self, statement: Executable, rows: list[dict[str, Any]]) -> None:
        # One row (a live batch, mostly) as a plain statement: no executemany machinery.
        self.conn.execute(statement, rows if len(rows) > 1 else rows[0])


def _as_key(key: Any) -> Key:
    return key if isinstance(key, tuple) else (key,)


def _key_of(table: Table, row: Mapping[Any, Any]) -> Key:
    key_of = table.info.get("batch_key_of")
    if key_of is None:
        names = _key_names(table)
        if len(names) == 1:
            name = names[0]
            key_of = table.info["batch_key_of"] = lambda row: (row[name],)
        else:
            key_of = table.info["batch_key_of"] = lambda row: tuple(row[n] for n in names)
    return key_of(row)


def _key_names(table: Table) -> tuple[str, ...]:
    names = table.info.get("batch_key_names")
    if names is None:
        names = table.info["batch_key_names"] = tuple(c.name for c in table.primary_key)
    return names


def _complete(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """The row with the value each missing column would get from the INSERT: its scalar
    default, else NULL (columns with other defaults are left to the database), so that a
    later `get` sees whole rows and inserts of one table share one shape."""
    for name, value in _filled_columns(table):
        if name not in row:
            row[name] = value
    return row


def _filled_columns(table: Table) -> list[tuple[str, Any]]:
    """(name, value) of each column `_complete` fills in, worked out once per table."""
    filled = table.info.get("batch_filled_columns")
    if filled is None:
        filled = []
        for column in table.columns:
            if column.server_default is not None or column is table.autoincrement_column:
                continue
            default = column.default
            if default is None:
                filled.append((column.name, None))
            elif isinstance(default, ScalarElementColumnDefault):  # `is_scalar`
                filled.append((column.name, default.arg))
        table.info["batch_filled_columns"] = filled
    return filled


def _by_shape(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        shapes.setdefault(tuple(sorted(row)), []).append(row)
    return list(shapes.values())
