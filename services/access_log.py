"""Records reads of personal data without slowing the reads: entries are queued and saved
in batches (one transaction per batch) by a background thread, at most ~100 ms later.

The queue is flushed on shutdown. A process killed outright can lose the entries of its last
~100 ms; the trade-off is documented in docs/privacy.md.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from domain.access import AccessRecord
from services.application import CommandApplication
from services.commands import CommandContext

log = logging.getLogger(__name__)

FLUSH_INTERVAL_S = 0.1
MAX_BATCH = 500


@dataclass(frozen=True)
class Viewer:
    user_id: UUID
    role: str
    unit: str


class AccessLog:
    def __init__(self, app: CommandApplication) -> None:
        self.app = app
        # (metadata, the record's events): events, so a failed batch can be saved again.
        self._queue: queue.Queue[tuple[CommandContext, list]] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="access-log", daemon=True)
        self._flushed = threading.Condition()
        self._pending = 0

    def start(self) -> AccessLog:
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.flush()

    def viewed(
        self,
        viewer: Viewer,
        *,
        view: str,
        purpose: str,
        folder_id: UUID | None = None,
        person_id: UUID | None = None,
    ) -> None:
        """Queue one access-log entry (validated now, saved within ~100 ms)."""
        record = AccessRecord.record(
            viewer_id=viewer.user_id, viewer_role=viewer.role, viewer_unit=viewer.unit,
            folder_id=folder_id, person_id=person_id, view=view, purpose=purpose,
            viewed_at=datetime.now(UTC),
        )
        ctx = CommandContext(command_id=uuid.uuid4(), actor_id=viewer.user_id,
                             role=viewer.role, unit=viewer.unit)
        with self._flushed:
            self._pending += 1
        self._queue.put((ctx, record.collect_events()))

    def flush(self) -> int:
        """Save everything queued so far; return how many entries were saved."""
        batch: list[tuple[CommandContext, list]] = []
        while len(batch) < MAX_BATCH:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        if batch:
            try:
                self.app.save_stamped_each(batch)
            except Exception:
                for entry in batch:  # keep them for the next attempt: an audit gap is not ok
                    self._queue.put(entry)
                raise
            with self._flushed:
                self._pending -= len(batch)
                self._flushed.notify_all()
        return len(batch)

    def wait_until_saved(self, timeout: float = 5.0) -> bool:
        """For tests and shutdown: block until every queued entry is in the log."""
        with self._flushed:
            return self._flushed.wait_for(lambda: self._pending == 0, timeout=timeout)

    def _run(self) -> None:
        while not self._stop.wait(FLUSH_INTERVAL_S):
            try:
                while self.flush() == MAX_BATCH:
                    pass
            except Exception:
                log.exception("could not save access-log entries; retrying")
