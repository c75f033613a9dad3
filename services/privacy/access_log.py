"""Records reads of personal data before they are answered, by group commit: entries of
concurrent reads are saved together, one transaction per group, by one background thread,
and each read is answered only once its entry is saved.

A read whose entry cannot be saved fails (the caller gets the error): an answered read
without its entry would be a gap in the audit of who read a vulnerable person's file.
"""

from __future__ import annotations

import queue
import threading
import uuid
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain.access import AccessRecord, AccessSubject, ListAccessRecord
from services.application import CommandApplication
from services.commands import CommandContext
from services.errors import StoreUnavailableError

MAX_BATCH = 500
SAVE_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Viewer:
    user_id: UUID
    role: str
    unit: str


@dataclass(frozen=True)
class _Entry:
    ctx: CommandContext
    events: Sequence[Any]
    saved: Future


_STOP = object()


class AccessLog:
    def __init__(self, app: CommandApplication) -> None:
        self.app = app
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="access-log", daemon=True)
        self._closed = False
        # Taken to queue an entry and to close: no entry is queued after the last drain.
        self._closing = threading.Lock()

    def depth(self) -> int:
        """Entries waiting for their group commit (for /metrics)."""
        return self._queue.qsize()

    def start(self) -> AccessLog:
        self._thread.start()
        return self

    def close(self) -> None:
        """Save what is queued, then stop (entries recorded after this fail)."""
        with self._closing:
            self._closed = True
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout=SAVE_TIMEOUT_S)
        while True:  # queued as it closed: those reads fail rather than wait
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not _STOP:
                item.saved.set_exception(StoreUnavailableError())

    def record(
        self,
        viewer: Viewer,
        *,
        view: str,
        purpose: str,
        folder_id: UUID | None = None,
        person_id: UUID | None = None,
    ) -> Future:
        """Queue one access-log entry (validated now); the future is done once it is saved,
        or fails with the reason it could not be."""
        record = AccessRecord.record(
            viewer_id=viewer.user_id, viewer_role=viewer.role, viewer_unit=viewer.unit,
            folder_id=folder_id, person_id=person_id, view=view, purpose=purpose,
            viewed_at=datetime.now(UTC),
        )
        return self._queued(viewer, record.collect_events())

    def record_list(
        self, viewer: Viewer, *, view: str, purpose: str, subjects: Iterable[AccessSubject]
    ) -> Future:
        """Queue the entry of one read that showed several people's data (a list, a stream's
        new messages): one queued entry and, up to MAX_SUBJECTS_PER_RECORD distinct
        subjects, one event. The future is done once it is saved; at once if the read
        showed nobody's data."""
        records = ListAccessRecord.record(
            viewer_id=viewer.user_id, viewer_role=viewer.role, viewer_unit=viewer.unit,
            subjects=subjects, view=view, purpose=purpose, viewed_at=datetime.now(UTC),
        )
        if not records:
            done: Future = Future()
            done.set_result(None)
            return done
        return self._queued(viewer, [e for record in records for e in record.collect_events()])

    def _queued(self, viewer: Viewer, events: Sequence[Any]) -> Future:
        ctx = CommandContext(command_id=uuid.uuid4(), actor_id=viewer.user_id,
                             role=viewer.role, unit=viewer.unit)
        saved: Future = Future()
        with self._closing:
            if self._closed:
                saved.set_exception(StoreUnavailableError())
            else:
                self._queue.put(_Entry(ctx, events, saved))
        return saved

    def viewed(self, viewer: Viewer, **entry) -> None:
        """Record one access-log entry and return once it is saved."""
        self.record(viewer, **entry).result(timeout=SAVE_TIMEOUT_S)

    def _run(self) -> None:
        stopping = False
        while not stopping:
            batch: list[_Entry] = []
            item = self._queue.get()
            # Whatever arrived while the previous group was being saved goes in this one.
            while True:
                if item is _STOP:
                    stopping = True
                else:
                    batch.append(item)
                if len(batch) >= MAX_BATCH:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if batch:
                self._save(batch)

    def _save(self, batch: list[_Entry]) -> None:
        try:
            self.app.save_stamped_each([(entry.ctx, entry.events) for entry in batch])
        except Exception as error:  # each waiting read fails with it; nothing is answered
            for entry in batch:
                entry.saved.set_exception(error)
            return
        for entry in batch:
            entry.saved.set_result(None)
