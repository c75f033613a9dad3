"""Backups of the event log and of the wrapped data keys, as hash-chained JSON lines.

An event backup holds every stored event in notification order exactly as the store holds it:
the state bytes are copied, not decoded, so personal fields stay the ciphertext that
`services/sealing.py` wrote. The data keys are NOT in it: they are backed up on their own
(`backup_keys`), still wrapped with the master key, and the master key is in neither file. A
stolen event backup alone therefore reveals no personal data; one whose keys were destroyed at
the end of retention stays unreadable for that person after a restore.

Each file is a header line, one line per record and a trailer line. Every line carries
`hash` = SHA-256(previous line's hash + the line's other fields as canonical JSON), the
header's previous hash being empty; the trailer repeats the record count and the last
record's hash. `verify` recomputes the chain and names the first line that does not match, so
a changed byte, a lost line or a cut-off file is found before anything is restored. The chain
detects damage, not forgery: it has no secret.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import StoredEvent
from sqlalchemy import func, insert, select

from services.errors import ServiceError
from services.personal_data import personal_data_keys
from services.system import TeczkaSystem

EVENTS_FORMAT = "teczka-events/1"
KEYS_FORMAT = "teczka-keys/1"
BATCH = 1000
EVENTS_NOTE = (
    "Event states as stored: personal fields are ciphertext sealed per data subject. "
    "The data keys are NOT in this file (see `teczka backup-keys`); the master key is in no "
    "backup. Restore the keys with the same TECZKA_MASTER_KEY to read personal data again."
)
KEYS_NOTE = (
    "Per-subject data keys, still wrapped (AES-GCM) with the installation's master key, "
    "which is not in this file. Erased subjects have no key. Keep apart from event backups."
)


class BackupError(ServiceError):
    """A backup cannot be read or restored."""

    code = "backup.invalid"


class BackupCorruptError(BackupError):
    code = "backup.corrupt"

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(line=line, reason=reason)
        self.line = line
        self.reason = reason

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class KeysMissingError(BackupError):
    code = "backup.keys_missing"

    def __str__(self) -> str:
        return ("the keys table is empty: restore the keys first (`teczka restore-keys` or "
                "`--keys`), or pass --without-keys to build projections with redacted data")


class StoreNotEmptyError(BackupError):
    code = "backup.store_not_empty"

    def __str__(self) -> str:
        return "the target store is not empty; restore only into an empty database"


@dataclass(frozen=True)
class BackupSummary:
    format: str
    count: int
    final_hash: str


def _chain(previous: str, fields: dict[str, Any]) -> str:
    body = orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(previous.encode() + body).hexdigest()


class _ChainWriter:
    def __init__(self, path: Path, fmt: str, store: str, note: str) -> None:
        self.file = path.open("wb")
        self.previous = ""
        self.count = 0
        self._write({"kind": "header", "format": fmt, "store": store, "note": note,
                     "created_at": datetime.now(UTC).isoformat(),
                     # The count is only known at the end: the trailer carries it.
                     "count": None})
        self.header_hash = self.previous

    def _write(self, fields: dict[str, Any]) -> None:
        self.previous = _chain(self.previous, fields)
        self.file.write(orjson.dumps(fields | {"hash": self.previous}) + b"\n")

    def record(self, fields: dict[str, Any]) -> None:
        self._write({"kind": "record"} | fields)
        self.count += 1

    def close(self, fmt: str) -> BackupSummary:
        final = self.previous
        self._write({"kind": "trailer", "count": self.count, "final_hash": final})
        self.file.close()
        return BackupSummary(fmt, self.count, final)


def read_verified(path: Path, fmt: str | None = None) -> Iterator[dict[str, Any]]:
    """Yield the records of a backup file, raising BackupCorruptError at the first bad line
    (after the last record, if the trailer is missing or disagrees)."""
    previous = ""
    count = 0
    header: dict[str, Any] | None = None
    trailer_seen = False
    with path.open("rb") as file:
        for number, raw in enumerate(file, start=1):
            if trailer_seen:
                raise BackupCorruptError(number, "a line after the trailer")
            if not raw.endswith(b"\n"):
                raise BackupCorruptError(number, "the line is cut off (file truncated)")
            try:
                fields = orjson.loads(raw)
                stated = fields.pop("hash")
            except (orjson.JSONDecodeError, KeyError, AttributeError, TypeError):
                raise BackupCorruptError(number, "not a backup line") from None
            expected = _chain(previous, fields)
            if stated != expected:
                raise BackupCorruptError(number, "hash chain broken (changed or missing line)")
            previous = expected
            kind = fields.get("kind")
            if number == 1:
                if kind != "header" or (fmt and fields.get("format") != fmt):
                    raise BackupCorruptError(1, f"not a {fmt or 'Teczka'} backup header")
                header = fields
            elif kind == "record":
                count += 1
                yield fields
            elif kind == "trailer":
                if fields.get("count") != count:
                    raise BackupCorruptError(number, f"trailer says {fields.get('count')} "
                                                     f"records, found {count}")
                trailer_seen = True
            else:
                raise BackupCorruptError(number, "unexpected line")
    if header is None:
        raise BackupCorruptError(1, "empty file")
    if not trailer_seen:
        raise BackupCorruptError(count + 2, "no trailer (file truncated)")


def verify(path: Path) -> BackupSummary:
    """Check the whole file; return what it holds or raise at the first bad line."""
    with path.open("rb") as file:
        first = file.readline()
    try:
        fmt = orjson.loads(first).get("format", "?")
    except (orjson.JSONDecodeError, AttributeError):
        fmt = "?"
    count = sum(1 for _ in read_verified(path))
    with path.open("rb") as file:
        *_, final_line = file
    return BackupSummary(fmt, count, orjson.loads(final_line)["final_hash"])


def _store_kind(system: TeczkaSystem) -> str:
    return "postgres" if system.settings.is_postgres else "sqlite"


def backup_events(system: TeczkaSystem, path: Path, batch: int = BATCH) -> BackupSummary:
    """Write the event log, in notification order, with states as stored (ciphertext)."""
    writer = _ChainWriter(path, EVENTS_FORMAT, _store_kind(system), EVENTS_NOTE)
    recorder = system.app.recorder
    start = 1
    while True:
        notifications = recorder.select_notifications(start=start, limit=batch)
        for n in notifications:
            writer.record({
                "id": n.id, "originator_id": str(n.originator_id),
                "version": n.originator_version, "topic": n.topic,
                "state": base64.b64encode(n.state).decode(),
            })
        if len(notifications) < batch:
            break
        start = notifications[-1].id + 1
    return writer.close(EVENTS_FORMAT)


def _originator(text: str) -> UUID | str:
    try:
        return UUID(text)
    except ValueError:
        return text


def restore_events(system: TeczkaSystem, path: Path, batch: int = BATCH) -> BackupSummary:
    """Insert a verified event backup into an empty store, in order, then build projections.

    Notification ids are those the target store assigns; their order is the backup's."""
    summary = verify(path)
    if system.app.head_position():
        raise StoreNotEmptyError()
    recorder = system.app.recorder
    pending: list[StoredEvent] = []
    for record in read_verified(path, EVENTS_FORMAT):
        pending.append(StoredEvent(
            originator_id=_originator(record["originator_id"]),
            originator_version=record["version"], topic=record["topic"],
            state=base64.b64decode(record["state"]),
        ))
        if len(pending) >= batch:
            recorder.insert_events(pending)
            pending = []
    if pending:
        recorder.insert_events(pending)
    system.catch_up()
    return summary


def backup_keys(system: TeczkaSystem, path: Path) -> BackupSummary:
    """Write the data keys as they are stored: wrapped with the master key, or erased."""
    writer = _ChainWriter(path, KEYS_FORMAT, _store_kind(system), KEYS_NOTE)
    table = personal_data_keys
    with system.engine.connect() as conn:
        for row in conn.execute(select(table).order_by(table.c.subject_id)):
            wrapped = row.wrapped_key
            writer.record({
                "subject_id": str(row.subject_id),
                "wrapped_key": base64.b64encode(bytes(wrapped)).decode() if wrapped else None,
                "created_at": row.created_at.isoformat(),
                "erased_at": row.erased_at.isoformat() if row.erased_at else None,
            })
    return writer.close(KEYS_FORMAT)


def key_count(system: TeczkaSystem) -> int:
    with system.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(personal_data_keys)).scalar_one()


def restore_keys(system: TeczkaSystem, path: Path, batch: int = BATCH) -> BackupSummary:
    """Copy the wrapped keys of a verified keys backup into an empty keys table."""
    summary = verify(path)
    table = personal_data_keys
    if key_count(system):
        raise StoreNotEmptyError()
    with system.engine.begin() as conn:
        rows: list[dict[str, Any]] = []
        for record in read_verified(path, KEYS_FORMAT):
            rows.append({
                "subject_id": UUID(record["subject_id"]),
                "wrapped_key": (base64.b64decode(record["wrapped_key"])
                                if record["wrapped_key"] else None),
                "created_at": datetime.fromisoformat(record["created_at"]),
                "erased_at": (datetime.fromisoformat(record["erased_at"])
                              if record["erased_at"] else None),
            })
            if len(rows) >= batch:
                conn.execute(insert(table), rows)
                rows = []
        if rows:
            conn.execute(insert(table), rows)
    return summary
