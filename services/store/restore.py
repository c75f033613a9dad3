"""Restoring backups: check everything first, then write the keys and the events in one go.

A restore writes nothing until every file given has been read whole and found intact
(hash chain) and signed by this installation (services/store/backup_signature.py), and the
target is empty. It then writes the keys and the events in ONE transaction of the store,
reading the files again as it writes: should a file change in between, its check fails at
the trailer, before the commit, and the transaction is rolled back. So a refused restore
leaves the event store and the key table as empty as they were — never keys without
events, nor half a log.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from sqlalchemy import func, insert, select

from services.store.backup import (
    BATCH,
    EVENTS_FAMILY,
    KEYS_FAMILY,
    BackupSummary,
    Progress,
    read_verified,
    verify,
)
from services.store.backup_errors import KeysMissingError, StoreNotEmptyError
from services.store.backup_signature import signer_for
from services.store.personal_data import personal_data_keys

if TYPE_CHECKING:  # the system is handed in; the store's adapters import no use case
    from services.system import TeczkaSystem

T = TypeVar("T")


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass(frozen=True)
class RestoreSummary:
    events: BackupSummary | None
    keys: BackupSummary | None


class _Writer(Protocol):
    def keys(self, rows: list[dict[str, Any]]) -> None: ...

    def events(self, events: list[StoredEvent]) -> None: ...


def key_count(system: TeczkaSystem) -> int:
    with system.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(personal_data_keys)).scalar_one()


def restore(system: TeczkaSystem, events: Path | None, keys: Path | None, *,
            require_keys: bool = False, progress: Progress | None = None,
            building: Progress | None = None) -> RestoreSummary:
    """Restore a keys backup and/or an event backup into an empty store, all or nothing;
    then build the projections. `require_keys`: refuse events without any key to read them.
    `progress` is told the records written, `building` the projections built."""
    signer = signer_for(system.settings)
    keys_summary = verify(keys, signer, KEYS_FAMILY) if keys is not None else None
    events_summary = verify(events, signer, EVENTS_FAMILY) if events is not None else None
    if keys is not None and key_count(system):
        raise StoreNotEmptyError()
    if events is not None and system.app.head_position():
        raise StoreNotEmptyError()
    if events is not None and require_keys and keys is None and not key_count(system):
        raise KeysMissingError()
    total = sum(s.count for s in (keys_summary, events_summary) if s is not None)
    done = 0
    with _transaction(system) as writer:
        if keys is not None:
            for rows in _batched(_key_rows(read_verified(keys, KEYS_FAMILY, signer)), BATCH):
                writer.keys(rows)
                done += len(rows)
                if progress is not None:
                    progress(done, total)
        if events is not None:
            records = read_verified(events, EVENTS_FAMILY, signer)
            for chunk in _batched(_stored_events(records), BATCH):
                writer.events(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
    if events is not None:
        system.catch_up(progress=building)
    return RestoreSummary(events_summary, keys_summary)


def restore_events(system: TeczkaSystem, path: Path) -> BackupSummary:
    """Insert a verified, signed event backup into an empty store, then build projections.
    Notification ids are those the target store assigns; their order is the backup's."""
    return cast(BackupSummary, restore(system, path, None).events)


def restore_keys(system: TeczkaSystem, path: Path) -> BackupSummary:
    """Copy the wrapped keys of a verified, signed keys backup into an empty keys table."""
    return cast(BackupSummary, restore(system, None, path).keys)


def _key_rows(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for record in records:
        yield {
            "subject_id": UUID(record["subject_id"]),
            "wrapped_key": (base64.b64decode(record["wrapped_key"])
                            if record["wrapped_key"] else None),
            "created_at": datetime.fromisoformat(record["created_at"]),
            "erased_at": (datetime.fromisoformat(record["erased_at"])
                          if record["erased_at"] else None),
        }


def _originator(text: str) -> UUID | str:
    try:
        return UUID(text)
    except ValueError:
        return text


def _stored_events(records: Iterable[dict[str, Any]]) -> Iterator[StoredEvent]:
    for record in records:
        yield StoredEvent(
            originator_id=_originator(record["originator_id"]),
            originator_version=record["version"], topic=record["topic"],
            state=base64.b64decode(record["state"]),
        )


@contextmanager
def _transaction(system: TeczkaSystem) -> Iterator[_Writer]:
    """One transaction over the key table and the events table, committed on a clean exit.

    The recorder's own `insert_events` commits each call, so the events are written with
    the library's statements on a connection we hold in a transaction: on SQLite the read
    models' engine (the same file), on PostgreSQL the recorder's own pool (its connections
    know the composite type the library inserts with)."""
    recorder: Any = system.app.recorder
    if system.settings.is_postgres:
        with recorder.datastore.transaction(commit=True) as cursor:
            yield _PostgresWriter(recorder, cursor)
    else:
        with system.engine.begin() as conn:
            yield _SqliteWriter(recorder, conn)


class _SqliteWriter:
    def __init__(self, recorder: Any, conn: Any) -> None:
        self.recorder, self.conn = recorder, conn

    def keys(self, rows: list[dict[str, Any]]) -> None:
        self.conn.execute(insert(personal_data_keys), rows)

    def events(self, events: list[StoredEvent]) -> None:
        self.conn.exec_driver_sql(self.recorder.insert_events_statement, [
            (e.originator_id.hex if isinstance(e.originator_id, UUID) else e.originator_id,
             e.originator_version, e.topic, e.state)
            for e in events
        ])


class _PostgresWriter:
    def __init__(self, recorder: Any, cursor: Any) -> None:
        self.recorder, self.cursor = recorder, cursor

    def keys(self, rows: list[dict[str, Any]]) -> None:
        self.cursor.executemany(
            "INSERT INTO personal_data_keys (subject_id, wrapped_key, created_at, erased_at) "
            "VALUES (%(subject_id)s, %(wrapped_key)s, %(created_at)s, %(erased_at)s)", rows)

    def events(self, events: list[StoredEvent]) -> None:
        # The library's insert (table lock, NOTIFY at commit, the statement itself),
        # without its own transaction.
        self.recorder._insert_stored_events(self.cursor, events)
