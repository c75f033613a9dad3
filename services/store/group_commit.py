"""Group commit: the saves of commands that arrive together, written in one transaction.

Every save on PostgreSQL takes the event table's lock and pays its own round trips and its
own WAL flush at commit, so concurrent commands queue on that lock one commit at a time. A
`GroupCommit` has one committer thread per process that saves whatever commands are waiting
in one transaction: each command's events and its receipt, in the order they arrived, each
event stamped with its own command's metadata. Each caller waits for its own answer.

- A command's own optimistic-concurrency check is the store's primary key on its events and
  on its receipt, as alone. If the group's transaction is refused (one command's events or
  receipt collide: a stale version, a copy of the same command) or fails for anything but
  the store being unreachable, nothing of it is saved and each command of the group is saved
  again **alone**, in order: the others commit, and the one refused gets its own
  IntegrityError, which its caller answers as it always did (the first result for a retry,
  409 otherwise). An unreachable store fails the whole group (each caller answers 503).
- A group is saved in one transaction, so it is written entirely or not at all: no event is
  lost or written twice, and the log's positions follow commit order as before (one insert
  under the table lock, one NOTIFY).
- The committer waits for more commands at most `wait_s` after the first of a group, and only
  while another command is still being prepared (between `expect` and `submit`), so a
  command arriving alone is saved at once; a group holds at most `max_commands`.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from services.commands import CommandContext
from services.errors import StoreUnavailableError

# A caller never waits forever for a committer that died with the process's shutdown.
ANSWER_TIMEOUT_S = 60.0

Stamped = tuple[CommandContext, Sequence[Any]]
# Saves stamped events in one transaction, returning their recordings in the same order.
Save = Callable[[Sequence[Stamped]], list[Any]]


@dataclass
class _Entry:
    ctx: CommandContext
    events: Sequence[Any]
    saved: Future = field(default_factory=Future)


class Expected:
    """A command being prepared that will submit its save (or leave without one)."""

    __slots__ = ("counted",)

    def __init__(self) -> None:
        self.counted = True


class GroupCommit:
    """One committer thread per process; commands hand it their events and wait."""

    def __init__(self, save: Save, *, wait_s: float, max_commands: int) -> None:
        self._save = save
        self.wait_s = wait_s
        self.max_commands = max(1, max_commands)
        self._queue: deque[_Entry] = deque()
        self._preparing = 0
        self._changed = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None
        # Groups saved and the commands in them; the size of the group being saved now.
        self.groups = 0
        self.commands = 0
        self.saving = 0

    def queued(self) -> int:
        """Commands waiting for the next group (for /metrics and tests)."""
        with self._changed:
            return len(self._queue)

    @contextmanager
    def expect(self) -> Iterator[Expected]:
        """Around a command from its start to its answer: while it is being prepared, the
        committer may wait (at most `wait_s`) for it to join the group being formed."""
        expected = Expected()
        with self._changed:
            self._preparing += 1
        try:
            yield expected
        finally:
            if expected.counted:
                with self._changed:
                    self._preparing -= 1
                    expected.counted = False
                    self._changed.notify_all()

    def submit(self, ctx: CommandContext, events: Sequence[Any],
               expected: Expected | None = None) -> list[Any]:
        """Save one command's events with the group; return their recordings once the
        group (or, after a refusal, the command alone) is committed. Raises what saving it
        alone would raise (IntegrityError, StoreUnavailableError)."""
        entry = _Entry(ctx, events)
        with self._changed:
            if self._closed:
                raise StoreUnavailableError()
            if expected is not None and expected.counted:
                expected.counted = False
                self._preparing -= 1
            self._queue.append(entry)
            self._start()
            self._changed.notify_all()
        return entry.saved.result(timeout=ANSWER_TIMEOUT_S)

    def close(self) -> None:
        """Save what is queued, then stop; later submits fail (503)."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout=ANSWER_TIMEOUT_S)

    def _start(self) -> None:
        # Started with the first command (after uvicorn's workers have forked); started again
        # should it ever have died, so no command waits for a committer that is gone.
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            group = self._next_group()
            if group is None:
                return
            try:
                self._commit(group)
            finally:
                self.saving = 0

    def _next_group(self) -> list[_Entry] | None:
        with self._changed:
            while not self._queue:
                if self._closed:
                    return None
                self._changed.wait()
            # Whatever queued while the last group was being saved, and what is still being
            # prepared if it comes within `wait_s` of the first.
            deadline = time.monotonic() + self.wait_s
            while (self._preparing > 0 and len(self._queue) < self.max_commands
                   and not self._closed):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            count = min(len(self._queue), self.max_commands)
            self.saving = count
            return [self._queue.popleft() for _ in range(count)]

    def _commit(self, group: list[_Entry]) -> None:
        try:
            recordings = self._save([(entry.ctx, entry.events) for entry in group])
        except StoreUnavailableError as error:
            for entry in group:
                unavailable = StoreUnavailableError()
                unavailable.__cause__ = error.__cause__
                entry.saved.set_exception(unavailable)
            return
        except Exception as error:  # refused or failed: each command alone, in order
            if len(group) == 1:
                group[0].saved.set_exception(error)
                return
            for entry in group:
                self._commit_alone(entry)
            return
        self.groups += 1
        self.commands += len(group)
        start = 0
        for entry in group:
            end = start + len(entry.events)
            entry.saved.set_result(recordings[start:end])
            start = end

    def _commit_alone(self, entry: _Entry) -> None:
        try:
            recordings = self._save([(entry.ctx, entry.events)])
        except Exception as error:  # its caller's to answer, as alone
            entry.saved.set_exception(error)
            return
        self.groups += 1
        self.commands += 1
        entry.saved.set_result(recordings)
