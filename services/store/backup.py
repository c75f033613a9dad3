"""Backups of the event log and of the wrapped data keys, as hash-chained JSON lines.

An event backup holds every stored event in notification order exactly as the store holds it:
the state bytes are copied, not decoded, so personal fields stay the ciphertext that
`services/store/sealing.py` wrote. The data keys are NOT in it: they are backed up on their own
(`backup_keys`), still wrapped with the master key, and the master key is in neither file. A
stolen event backup alone therefore reveals no personal data; one whose keys were destroyed at
the end of retention stays unreadable for that person after a restore.

Each file is a header line, one line per record and a trailer line. Every line carries
`hash` = SHA-256(previous line's hash + the line's other fields as canonical JSON), the
header's previous hash being empty; the trailer repeats the record count and the last
record's hash. `verify` recomputes the chain and names the first line that does not match, so
a changed byte, a lost line or a cut-off file is found before anything is restored. The chain
detects damage, not forgery: it has no secret. The trailer is therefore also signed
(services/store/backup_signature.py: an HMAC keyed from the master key over the format, the
count and the final hash), and a file is read only if both hold. Restoring is in
services/store/restore.py.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import select

from services.store.backup_errors import BackupCorruptError
from services.store.backup_signature import BackupSigner, KeylessChecker, signer_for
from services.store.personal_data import personal_data_keys

if TYPE_CHECKING:  # the system is handed in; the store's adapters import no use case
    from services.system import TeczkaSystem

# Version 2 is signed; version 1 files (unsigned) are read only to say that they are.
EVENTS_FAMILY, KEYS_FAMILY = "teczka-events", "teczka-keys"
EVENTS_FORMAT = f"{EVENTS_FAMILY}/2"
KEYS_FORMAT = f"{KEYS_FAMILY}/2"
BATCH = 1000

# A long job's progress, told as (done, total) to the CLI's progress bar (api/progress.py).
Progress = Callable[[int, int], None]
EVENTS_NOTE = (
    "Event states as stored: personal fields are ciphertext sealed per data subject. "
    "The data keys are NOT in this file (see `teczka backup-keys`); the master key is in no "
    "backup. Restore the keys with the same TECZKA_MASTER_KEY to read personal data again."
)
KEYS_NOTE = (
    "Per-subject data keys, still wrapped (AES-GCM) with the installation's master key, "
    "which is not in this file. Erased subjects have no key. Keep apart from event backups."
)


@dataclass(frozen=True)
class BackupSummary:
    format: str
    count: int
    final_hash: str
    key_id: str


def _chain(previous: str, fields: dict[str, Any]) -> str:
    body = orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(previous.encode() + body).hexdigest()


class _ChainWriter:
    def __init__(self, path: Path, fmt: str, store: str, note: str,
                 signer: BackupSigner) -> None:
        self.file = path.open("wb")
        self.format = fmt
        self.signer = signer
        self.previous = ""
        self.count = 0
        self._write({"kind": "header", "format": fmt, "store": store, "note": note,
                     "created_at": datetime.now(UTC).isoformat(),
                     # The count is only known at the end: the trailer carries it.
                     "count": None})

    def _write(self, fields: dict[str, Any]) -> None:
        self.previous = _chain(self.previous, fields)
        self.file.write(orjson.dumps(fields | {"hash": self.previous}) + b"\n")

    def record(self, fields: dict[str, Any]) -> None:
        self._write({"kind": "record"} | fields)
        self.count += 1

    def close(self) -> BackupSummary:
        final = self.previous
        self._write({"kind": "trailer", "count": self.count, "final_hash": final,
                     "signature": self.signer.sign(self.format, self.count, final)})
        self.file.close()
        return BackupSummary(self.format, self.count, final, self.signer.key_id)


def read_verified(path: Path, family: str | None,
                  signer: BackupSigner | KeylessChecker) -> Iterator[dict[str, Any]]:
    """Yield the records of a backup file, raising BackupCorruptError at the first bad line
    (after the last record, if the trailer is missing or disagrees), and a
    BackupSignatureError at the trailer when the chain is whole but the file is unsigned,
    forged or signed with another master key. A caller writing the records must write them
    in one transaction that commits only once this generator has finished."""
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
            kind = fields.get("kind")
            if number == 1:
                if kind != "header" or not _of_family(fields.get("format"), family):
                    raise BackupCorruptError(1, f"not a {family or 'Teczka'} backup header")
                header = fields
            elif kind == "record":
                count += 1
                yield fields
            elif kind == "trailer":
                if fields.get("count") != count:
                    raise BackupCorruptError(number, f"trailer says {fields.get('count')} "
                                                     f"records, found {count}")
                if fields.get("final_hash") != previous:
                    raise BackupCorruptError(number, "the trailer names another final hash")
                signer.check(header["format"] if header else "?", count, previous,
                             fields.get("signature"))
                trailer_seen = True
            else:
                raise BackupCorruptError(number, "unexpected line")
            previous = expected
    if header is None:
        raise BackupCorruptError(1, "empty file")
    if not trailer_seen:
        raise BackupCorruptError(count + 2, "no trailer (file truncated)")


def _of_family(fmt: Any, family: str | None) -> bool:
    families = (family,) if family else (EVENTS_FAMILY, KEYS_FAMILY)
    return isinstance(fmt, str) and fmt.split("/")[0] in families


def verify(path: Path, signer: BackupSigner | KeylessChecker,
           family: str | None = None) -> BackupSummary:
    """Check the whole file, chain and signature; return what it holds or raise naming
    the first bad line (damage) or what is wrong with the signature (forgery)."""
    with path.open("rb") as file:
        first = file.readline()
    try:
        fmt = orjson.loads(first).get("format", "?")
    except (orjson.JSONDecodeError, AttributeError):
        fmt = "?"
    count = sum(1 for _ in read_verified(path, family, signer))
    with path.open("rb") as file:
        *_, final_line = file
    return BackupSummary(fmt, count, orjson.loads(final_line)["final_hash"], signer.key_id)


def _store_kind(system: TeczkaSystem) -> str:
    return "postgres" if system.settings.is_postgres else "sqlite"


def backup_events(system: TeczkaSystem, path: Path, batch: int = BATCH,
                  progress: Progress | None = None) -> BackupSummary:
    """Write the event log, in notification order, with states as stored (ciphertext)."""
    writer = _ChainWriter(path, EVENTS_FORMAT, _store_kind(system), EVENTS_NOTE,
                          signer_for(system.settings))
    recorder = system.app.recorder
    head = system.app.head_position()
    start = 1
    while True:
        notifications = recorder.select_notifications(start=start, limit=batch)
        for n in notifications:
            writer.record({
                "id": n.id, "originator_id": str(n.originator_id),
                "version": n.originator_version, "topic": n.topic,
                "state": base64.b64encode(n.state).decode(),
            })
        if progress is not None and notifications:
            progress(min(notifications[-1].id, head), head)
        if len(notifications) < batch:
            break
        start = notifications[-1].id + 1
    return writer.close()


def backup_keys(system: TeczkaSystem, path: Path) -> BackupSummary:
    """Write the data keys as they are stored: wrapped with the master key, or erased."""
    writer = _ChainWriter(path, KEYS_FORMAT, _store_kind(system), KEYS_NOTE,
                          signer_for(system.settings))
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
    return writer.close()
