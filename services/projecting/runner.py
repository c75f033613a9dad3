"""Our projection runner: works on SQLite and PostgreSQL alike.

The library's `ProjectionRunner` needs `subscribe()`, which the SQLite recorder lacks, and
applies one event per transaction. This one reads the notification log in batches filtered
by topic, applies a whole batch and its position in one transaction, and waits for news by
LISTEN on PostgreSQL or by the in-process signal (with a short poll for other writers) on
SQLite.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
import sqlalchemy.exc
from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from domain.projection_skip import ProjectionEventSkip
from projections import tracking
from projections.batch import Batch
from projections.projection import Projection
from services.application import CommandApplication
from services.projecting.positions import PROJECTIONS_CHANNEL, PositionBoard
from services.settings import Settings
from services.store.locks import FileLock, PostgresAdvisoryLock, PostgresAdvisoryLocks
from services.store.recorders import QUIET_NEWS, TeczkaPostgresRecorder

log = logging.getLogger(__name__)

# Errors of the store, not of an event: the batch is tried again as it was, nobody stalls.
STORE_ERRORS = (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError,
                sqlalchemy.exc.TimeoutError, psycopg.OperationalError)

SQLITE_POLL_S = 0.25
# A batch with nothing this projection reads moves its position at most this often: under
# load that spares a write per projection per commit; idle, positions still reach the head.
QUIET_POSITION_LAG_S = 0.25
# How often a runner waiting on PostgreSQL's LISTEN checks whether it is being closed.
STOP_CHECK_S = 0.1
# How long a runner lets saves nobody waits for (reads' access-log entries) gather before it
# applies them: under 100 reads a second, two wake-ups instead of a hundred. The queryable
# access log is that much behind the reads (docs/privacy.md).
QUIET_NEWS_S = 0.5
# How often a runner looks for a rebuilt generation to fill.
GENERATIONS_REFRESH_S = 1.0
# A runner this many events or more behind the head (a first build, a rebuild, a restart
# after a stop) reads batches this big: a tenth of the transactions and statements. Live
# batches stay small, so their rows show soon.
CATCH_UP_BATCH_SIZE = 2000
# How long a rebuilding generation is filled per wake-up of the runner (at least one batch;
# live generations come first).
REBUILD_SLICE_S = 0.5
# Projections whose events in a batch commit before the rest of it, in a transaction of
# their own: the MCUS handoff queue, which coordinators watch on an open screen.
URGENT = frozenset({"handoff_queue"})
# How often a runner tries a stalled generation again (its handler raised on an event): a
# deployed fix then resumes it on its own, without anyone skipping the event.
STALL_RETRY_S = 30.0
SKIP_TOPIC = get_topic(ProjectionEventSkip.ProjectionEventSkipped)
# A read asks for the events of at most this many batches' worth of log positions. Filtered
# by topic with no upper bound, PostgreSQL was seen to gather every matching row from the
# start to the head and sort them for each batch (a bitmap scan and a top-N sort: a rebuild
# quadratic in the length of the log); bounded, each read costs the same wherever it starts.
READ_WINDOW_BATCHES = 2
# `teczka project --part 1|2`: the projections split between two runner processes. A full
# rebuild is Python's work on one core per process; split, two cores share it, each process
# reading and decoding only its part's topics. The parts are balanced by measured work (a
# whole-city build: ~21 s of CPU each): the client view, its searches and the workers'
# activity, against MCUS care services, the returns and the rest.
RUNNER_PARTS = {
    "1": frozenset({"client_view", "person_search", "person_index", "proceedings",
                    "worker_activity", "intake"}),
    "2": frozenset({"handoff_queue", "care_delivery", "returns", "staff", "providers",
                    "user_requests",
                    "access_log", "received_returns",
                    # payments (issue #18): reads proceedings' and lists' events; light
                    "payments"}),
}
# A runner with a part takes the other part's projections only once it has run this long
# (so that two runners started together each take their own), and only while that part's
# runner is absent (its presence lock is free); it hands them back when that runner comes.
STANDBY_GRACE_S = 5.0


@dataclass
class BatchReport:
    projection: str
    generation: int
    applied: int
    position: int


class Projector:
    """Keeps one projection's live generations up to date with the event log."""

    def __init__(
        self,
        app: CommandApplication,
        engine: Engine,
        projection: Projection,
        board: PositionBoard | None = None,
        batch_size: int = 500,
        stall_retry_s: float = STALL_RETRY_S,
    ) -> None:
        self.app = app
        self.engine = engine
        self.projection = projection
        self.board = board
        self.batch_size = batch_size
        self.is_postgres = engine.dialect.name == "postgresql"
        # Per generation: how far the log was read without finding anything to apply, and
        # when its position was last written.
        self._examined: dict[int, int] = {}
        self._written_at: dict[int, float] = {}
        self._live: list[tracking.Generation] | None = None
        self._live_read_at = 0.0
        self.topic_set = frozenset(projection.topics)
        # Generations stopped on an event their handler raised on (projection_stalls), read
        # with the registry; and when each is next tried again.
        self.stalls: dict[int, tracking.Stall] = {}
        self.stall_retry_s = stall_retry_s
        # Told each generation a batch moved (the CLI's rebuild shows its progress).
        self.on_batch: Callable[[tracking.Generation], None] | None = None
        self._retry_at: dict[int, float] = {}
        # Live generations whose tables are not this code's (found by `prepare`).
        self._other_shapes: set[int] = set()

    def prepare(self) -> None:
        """Create the registry and the first generation if this projection has none yet.

        After an upgrade that changed the projection's tables (or its `version`), no live
        generation has the running code's shape: a new one is started beside them and
        rebuilt from the log, and switched in when it has caught up, as `teczka rebuild`
        does. Until then the old generations are neither written (the code cannot) nor read
        (read_model.rebuilding, 503); a rebuild started for an older shape is retired."""
        ensure_registry(self.engine)
        name, shape = self.projection.name, self.projection.shape()
        with self.engine.begin() as conn:
            live = tracking.live_generations(conn, name)
            matching = []
            for gen in live:
                recorded = tracking.shape_of(conn, name, gen.generation)
                if recorded is None:  # made before shapes were recorded: judged by its tables
                    recorded = (shape if self.projection.tables_match(conn, gen.generation)
                                else tracking.STALE_SHAPE)
                    tracking.record_shape(conn, name, gen.generation, recorded)
                if recorded == shape:
                    matching.append(gen)
                elif gen.status == tracking.BUILDING:
                    tracking.retire(conn, name, gen.generation)
            self._other_shapes = {g.generation for g in live if g not in matching}
            if not matching:
                gen = tracking.start_generation(conn, name)
                self.projection.create_tables(conn, gen.generation)
                tracking.record_shape(conn, name, gen.generation, shape)
                if live:
                    log.warning("%s: its tables changed since generation(s) %s; rebuilding "
                                "it from the log as generation %s", name,
                                [g.generation for g in live], gen.generation)
        self._live = None

    def run_once(self, *, settle: bool = True) -> list[BatchReport]:
        """Bring every live generation to the current head; switch a rebuilt one in.

        With `settle=False` a stretch of the log holding nothing this projection reads may be
        passed over without writing the position, for up to QUIET_POSITION_LAG_S.
        """
        reports: list[BatchReport] = []
        caught_up = []
        for gen in self.live(settle):
            gen = self._catch_up(gen, reports, settle)
            caught_up.append(gen)
            if gen.status == tracking.BUILDING and gen.position >= self.app.head_position():
                self._switch(gen)
                self._live = None
        if self._live is not None:
            self._live = caught_up
        return reports

    @property
    def has_unwritten_position(self) -> bool:
        return any(self._examined.get(g.generation, 0) > g.position for g in self._live or ())

    def _catch_up(
        self, gen: tracking.Generation, reports: list[BatchReport], settle: bool,
        max_batches: int | None = None,
    ) -> tracking.Generation:
        head = self.app.head_position()
        topics = self.projection.topics
        batches = 0
        while gen.position < head and (max_batches is None or batches < max_batches):
            if self.is_held(gen):
                break
            batches += 1
            start = self.next_position(gen) + 1
            notifications, new_position = read_batch(
                self.app, start, batch_limit(self.batch_size, start, head), head, topics)
            if not notifications and self.passes_over(gen, new_position, settle):
                if new_position >= head:
                    break
                continue
            gen = self.apply_batch(gen, decode(self.app, notifications), new_position, reports)
            if self.on_batch is not None:
                self.on_batch(gen)
        return gen

    def next_position(self, gen: tracking.Generation) -> int:
        """Where reading the log goes on for this generation (written or only examined)."""
        return max(gen.position, self._examined.get(gen.generation, 0))

    def passes_over(self, gen: tracking.Generation, upto: int, settle: bool) -> bool:
        """Note that the log up to `upto` holds nothing for `gen`; True if the position need
        not be written now (it is written at least every QUIET_POSITION_LAG_S)."""
        quiet_for = time.monotonic() - self._written_at.get(gen.generation, 0.0)
        if settle or quiet_for >= QUIET_POSITION_LAG_S:
            return False
        self._examined[gen.generation] = upto
        return True

    def apply_batch(self, gen: tracking.Generation, events: list, new_position: int,
                    reports: list[BatchReport]) -> tracking.Generation:
        """Apply events and move the position to `new_position`, in one transaction."""
        return apply_batches([(self, gen, events, new_position)], reports)[0]

    def write_batch(self, conn: Connection, gen: tracking.Generation, events: list,
                    new_position: int) -> tracking.Generation:
        """Apply events and move the position within the caller's transaction."""
        tables = self.projection.tables(gen.generation)
        batch = Batch(conn)
        self.projection.preload(batch, tables, events)
        apply = self.projection.apply
        for domain_event in events:
            apply(batch, tables, domain_event)
        # The batch's rows before its position, in the same transaction.
        batch.flush()
        return self._advance(conn, gen, new_position)

    def _advance(self, conn: Connection, gen: tracking.Generation,
                 new_position: int) -> tracking.Generation:
        stall = self.stalls.get(gen.generation)
        if stall is not None and new_position >= stall.event_position:
            # Past the event it stopped on (the handler fixed): no longer stalled.
            tracking.clear_stall(conn, gen.projection, gen.generation)
        return tracking.advance(conn, gen, new_position)

    # -- a handler that raises ------------------------------------------------------------

    def is_held(self, gen: tracking.Generation) -> bool:
        """Whether `gen` is stalled and not yet due to be tried again."""
        return (gen.generation in self.stalls
                and time.monotonic() < self._retry_at.get(gen.generation, 0.0))

    def stall_on_failing_event(self, gen: tracking.Generation, events: list,
                               new_position: int) -> tracking.Generation:
        """Apply `events` one at a time to find the one its handler raises on; commit those
        before it and stop `gen` just before it, recording the error (projection_stalls).
        Only when a batch failed: the one-transaction batch stays the fast path."""
        failing, error = self._first_failing(gen, events)
        if failing is None:  # each applies alone (the batch's failure came of their mix)
            with _transaction(self.engine) as conn:
                self._apply_one_by_one(conn, gen, events)
                moved = self._advance(conn, gen, new_position)
                _notify_positions(conn, [moved])
            return moved
        event = events[failing]
        position = event.notification_id - 1
        with _transaction(self.engine) as conn:
            moved = self.write_batch(conn, gen, events[:failing], position) \
                if failing else tracking.advance(conn, gen, position)
            stall = tracking.record_stall(
                conn, moved, event.notification_id, str(event.originator_id),
                event.originator_version, get_topic(type(event)), error)
            _notify_positions(conn, [moved])
        if stall.attempts == 1:
            log.error("%s (generation %s) stalled at position %s on %s v%s (%s): %s",
                      gen.projection, gen.generation, event.notification_id,
                      event.originator_id, event.originator_version, type(event).__name__,
                      # the error's type only: its text may quote the event's values
                      # (a name, a PESEL); admins read it in GET /api/admin/projections
                      error.strip().splitlines()[-1].split(":", 1)[0])
        self.stalls[gen.generation] = stall
        self._retry_at[gen.generation] = time.monotonic() + self.stall_retry_s
        return moved

    def apply_skips(self) -> None:
        """Move each stalled generation past its event if an admin skipped it: a
        ProjectionEventSkipped naming this projection, generation and position, in the log
        after the event (services/projecting/admin.py)."""
        if not self.stalls:
            return
        start = min(s.event_position for s in self.stalls.values()) + 1
        for notification in self.app.recorder.select_notifications(
                start=start, limit=100, topics=[SKIP_TOPIC]):
            skip = self.app.mapper.to_domain_event(notification)
            stall = self.stalls.get(skip.generation)
            if skip.projection != self.projection.name or stall is None \
                    or skip.event_position != stall.event_position:
                continue
            gen = next((g for g in self.live(settle=True) if g.generation == skip.generation),
                       None)
            if gen is None or gen.position != stall.position:
                continue
            with _transaction(self.engine) as conn:
                moved = self._advance(conn, gen, stall.event_position)
                _notify_positions(conn, [moved])
            log.warning("%s (generation %s) skipped the event at position %s (%s)",
                        gen.projection, gen.generation, stall.event_position, skip.reason)
            self.batch_committed(moved)

    def _first_failing(self, gen: tracking.Generation,
                       events: list) -> tuple[int | None, str]:
        """Which of `events` fails to apply (and the error), in a transaction rolled back."""
        with self.engine.connect() as conn, conn.begin() as transaction:
            try:
                self._apply_one_by_one(conn, gen, events)
                return None, ""
            except _StalledAt as stalled:
                return stalled.index, stalled.error
            finally:
                if transaction.is_active:
                    transaction.rollback()

    def _apply_one_by_one(self, conn: Connection, gen: tracking.Generation,
                          events: list) -> None:
        """Apply `events` flushing after each; _StalledAt names the one that fails."""
        tables = self.projection.tables(gen.generation)
        batch = Batch(conn)
        for index, domain_event in enumerate(events):
            try:
                self.projection.preload(batch, tables, [domain_event])
                self.projection.apply(batch, tables, domain_event)
                batch.flush()
            except STORE_ERRORS:
                raise
            except Exception as error:
                raise _StalledAt(index, traceback.format_exc()) from error

    def batch_committed(self, gen: tracking.Generation) -> None:
        """Note a generation's position, written by a transaction that has committed."""
        stall = self.stalls.get(gen.generation)
        if stall is not None and gen.position >= stall.event_position:
            del self.stalls[gen.generation]
            self._retry_at.pop(gen.generation, None)
            log.warning("%s (generation %s) resumed past position %s", gen.projection,
                        gen.generation, stall.event_position)
        self._examined[gen.generation] = gen.position
        self._written_at[gen.generation] = time.monotonic()
        if self._live is not None:
            self._live = [gen if g.generation == gen.generation else g for g in self._live]
        if self.board is not None:
            self.board.announce(gen.projection)

    def live(self, settle: bool) -> list[tracking.Generation]:
        now = time.monotonic()
        if self._live is None or settle or now - self._live_read_at > GENERATIONS_REFRESH_S:
            with self.engine.connect() as conn:
                self._live = tracking.live_generations(conn, self.projection.name)
                stalls = {s.generation: s for s in
                          tracking.stalls_of(conn, self.projection.name)}
            for generation in stalls.keys() - self.stalls.keys():
                # Stalled before this runner took the projection: tried again at once
                # (a restart after a fix resumes it), then at the slow interval.
                self._retry_at.setdefault(generation, 0.0)
            self.stalls = stalls
            self._live_read_at = now
            # A generation of tables this code does not define waits to be retired.
            self._live = [g for g in self._live if g.generation not in self._other_shapes]
        return self._live

    def _switch(self, gen: tracking.Generation) -> None:
        with self.engine.begin() as conn:
            # Drop generations retired by an earlier switch; the one retired now stays a
            # while for readers that looked it up a moment ago.
            drop_retired_generations(conn, self.projection)
            retired = tracking.switch_to(conn, gen)
            for old in retired:  # a retired generation is read no more: nor is its stall
                tracking.clear_stall(conn, gen.projection, old)
        log.info("%s: generation %s active, retired %s", gen.projection, gen.generation, retired)
        if self.board is not None:
            self.board.announce(gen.projection)


def drop_retired_generations(conn: Connection, projection: Projection) -> list[int]:
    """Drop the tables of a projection's retired generations (a reader still using one
    reads the registry again: services/projecting/generations.py); return their numbers."""
    dropped = tracking.retired_generations(conn, projection.name)
    for old in dropped:
        projection.drop_tables(conn, old)
        for table in (tracking.generations, tracking.shapes):
            conn.execute(table.delete().where(table.c.projection == projection.name,
                                              table.c.generation == old))
    return dropped


def batch_limit(batch_size: int, start: int, head: int) -> int:
    """How many events to read from `start`: more when far behind the head."""
    return max(batch_size, CATCH_UP_BATCH_SIZE) if head - start >= CATCH_UP_BATCH_SIZE \
        else batch_size


def apply_batches(work: list[tuple[Projector, tracking.Generation, list, int]],
                  reports: list[BatchReport] | None = None) -> list[tracking.Generation]:
    """Apply a batch of events to each generation in `work` (projector, generation, its
    events, its new position) and move their positions, all in one transaction: each
    projection's rows still commit with its position, with one commit for all of them."""
    if not work:
        return []
    try:
        moved = _write_together(work)
    except (tracking.PositionMovedError, *STORE_ERRORS):
        raise
    except Exception:
        # A handler raised (or a row broke a constraint): the batch is rolled back for all.
        # Each projection's share is applied again on its own, and the one that fails
        # stops just before the event it fails on; the others go on.
        moved = [_write_alone(entry) for entry in work]
    for (projector, _gen, events, _position), gen in zip(work, moved, strict=True):
        projector.batch_committed(gen)
        if reports is not None:
            reports.append(BatchReport(gen.projection, gen.generation, len(events),
                                       gen.position))
    return moved


def _write_together(work: list[tuple[Projector, tracking.Generation, list, int]],
                    ) -> list[tracking.Generation]:
    with _transaction(work[0][0].engine) as conn:
        moved = [projector.write_batch(conn, gen, events, new_position)
                 for projector, gen, events, new_position in work]
        _notify_positions(conn, moved)
    return moved


def _write_alone(entry: tuple[Projector, tracking.Generation, list, int],
                 ) -> tracking.Generation:
    projector, gen, events, new_position = entry
    try:
        return _write_together([entry])[0]
    except (tracking.PositionMovedError, *STORE_ERRORS):
        raise
    except Exception:
        if not events:  # nothing to blame: not an event's fault
            raise
        return projector.stall_on_failing_event(gen, events, new_position)


class _StalledAt(Exception):
    def __init__(self, index: int, error: str) -> None:
        super().__init__(index)
        self.index = index
        self.error = error


@contextmanager
def _transaction(engine: Engine):
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # Rows and position commit together, so a crash can lose only the newest
            # batches whole, and they are read again from the log: no need to wait for
            # the WAL flush (the log itself is written with full durability).
            conn.execute(text("SET LOCAL synchronous_commit TO OFF"))
        yield conn


def _notify_positions(conn: Connection, moved: list[tracking.Generation]) -> None:
    """Tell the API processes (PostgreSQL) of the new positions, on commit."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            text("SELECT pg_notify(:channel, payload) "
                 "FROM unnest(CAST(:payloads AS text[])) AS payload"),
            {"channel": PROJECTIONS_CHANNEL,
             "payloads": [f"{gen.projection}:{gen.position}" for gen in moved]},
        )


def read_batch(app: CommandApplication, start: int, limit: int, head: int,
               topics: Sequence[str]) -> tuple[Sequence[Notification], int]:
    """The next batch of the log from `start` (at most `limit` events of `topics`, within a
    window of READ_WINDOW_BATCHES × `limit` positions), and the position it covers up to."""
    if start > head:
        return [], head
    stop = min(head, start + READ_WINDOW_BATCHES * limit - 1)
    notifications = app.recorder.select_notifications(
        start=start, limit=limit, stop=stop, topics=topics)
    return notifications, notifications[-1].id if len(notifications) == limit else stop


def decode(app: CommandApplication, notifications: Sequence[Notification]) -> list[Any]:
    """The batch's events, their personal fields unsealed (keys read in one query)."""
    events = app.mapper.to_domain_events(notifications)
    for n, domain_event in zip(notifications, events, strict=True):
        # Where in the log it stands: read models that push changes need it.
        domain_event.__dict__["notification_id"] = n.id
    return events


def run_together(app: CommandApplication, projectors: list[Projector], batch_size: int,
                 settle: bool = False) -> bool:
    """Bring the active generations of several projections to the head, reading the log once
    for all of them and applying each batch to all of them in one transaction.

    Generations being rebuilt are read together too, but only for REBUILD_SLICE_S per call,
    so a rebuild never holds live read models back for long. True while one of them is
    still behind the head (call again at once rather than wait for news).
    """
    head = app.head_position()
    for projector in projectors:
        projector.apply_skips()
    # One look at the registry serves both passes: the live pass moves only active ones.
    live = [(p, p.live(settle)) for p in projectors]
    work = [_Reading(p, g) for p, gens in live for g in gens if g.status == tracking.ACTIVE]
    _apply_together(app, work, head, batch_size, settle)
    building = [_Reading(p, g) for p, gens in live for g in gens
                if g.status == tracking.BUILDING]
    if not building:
        return False
    head = app.head_position()
    _apply_together(app, building, head, batch_size, settle,
                    until=time.monotonic() + REBUILD_SLICE_S)
    behind = False
    for entry in building:
        projector, gen = entry.projector, entry.gen
        if gen.position >= head:
            projector._switch(gen)
            projector._live = None
        elif projector.next_position(gen) < head:
            behind = True
    return behind


@dataclass
class _Reading:
    """A generation being brought forward by its projector (`gen` moves on in place)."""

    projector: Projector
    gen: tracking.Generation


def _apply_together(app: CommandApplication, work: list[_Reading], head: int,
                    batch_size: int, settle: bool, until: float | None = None) -> None:
    """Read the log up to `head` once and apply each batch to every generation in `work`
    that has not read it yet; with `until`, stop after the first batch that ends past that
    monotonic time."""
    work = [entry for entry in work if not entry.projector.is_held(entry.gen)]
    topics = sorted({t for entry in work for t in entry.projector.projection.topics})
    start = min((entry.projector.next_position(entry.gen) for entry in work),
                default=head) + 1
    while work and start <= head:
        notifications, end = read_batch(
            app, start, batch_limit(batch_size, start, head), head, topics)
        events = decode(app, notifications)
        due: list[tuple[_Reading, list[Any]]] = []
        for entry in work:
            projector, gen = entry.projector, entry.gen
            after = projector.next_position(gen)
            if after >= end or projector.is_held(gen):
                continue
            wanted = projector.topic_set
            mine = [e for n, e in zip(notifications, events, strict=True)
                    if n.id > after and n.topic in wanted]
            if not mine and projector.passes_over(gen, end, settle):
                continue
            due.append((entry, mine))
        # News for people waiting on an open screen (a decision on its way to MCUS) commits
        # on its own, before the rest of the batch: ~8 ms sooner under 100 commands/s.
        urgent = [d for d in due if d[1] and d[0].projector.projection.name in URGENT]
        _apply_entries(urgent, end)
        _apply_entries([d for d in due if not any(d is u for u in urgent)], end)
        start = end + 1
        if until is not None and time.monotonic() >= until:
            break
    # Examined to the head, the last events none of its own, but not written: write it once
    # the quiet lag has passed; a generation being rebuilt at once, since it switches in
    # only once written (else the call would say "not behind" before it had switched).
    _apply_entries([(entry, []) for entry in work
                    if entry.gen.position < head <= entry.projector.next_position(entry.gen)
                    and not entry.projector.is_held(entry.gen)
                    and (entry.gen.status == tracking.BUILDING
                         or not entry.projector.passes_over(entry.gen, head, settle))], head)


def _apply_entries(due: list[tuple[_Reading, list[Any]]], end: int) -> None:
    """Apply each entry's events and move its generation's position to `end` (in place),
    in one transaction for all."""
    moved = apply_batches([(entry.projector, entry.gen, mine, end) for entry, mine in due])
    for (entry, _mine), gen in zip(due, moved, strict=True):
        entry.gen = gen


def ensure_registry(engine: Engine) -> None:
    """Create the generations registry if it is missing (TeczkaSystem does it at start under
    the schema lock, so processes starting together never race on it)."""
    tracking.registry_metadata.create_all(engine)


def request_rebuild(engine: Engine, projection: Projection) -> tracking.Generation:
    """Start a new generation beside the active one; the runner fills and switches it."""
    ensure_registry(engine)
    with engine.begin() as conn:
        gen = tracking.start_generation(conn, projection.name)
        projection.create_tables(conn, gen.generation)
        tracking.record_shape(conn, projection.name, gen.generation, projection.shape())
    return gen


class ProjectorThreads:
    """Runs the projections of this process in one thread that reads the log once per
    wake-up; each projection is run only while this process holds its runner lock (other
    processes wait as hot standbys and take over a projection whose runner is gone)."""

    # Whose events reach people waiting on an open screen go first.
    PRIORITY = ("handoff_queue", "client_view")

    def __init__(
        self,
        app: CommandApplication,
        engine: Engine,
        projections: Sequence[Projection],
        board: PositionBoard | None,
        *,
        batch_size: int,
        lock_factory,
        part: str | None = None,
        standby_grace_s: float = STANDBY_GRACE_S,
        stall_retry_s: float = STALL_RETRY_S,
    ) -> None:
        self.app = app
        self.stop = threading.Event()
        # The part this runner takes at once; the others only as a standby (None: all).
        self.part = part
        self.standby_grace_s = standby_grace_s
        self.held: set[str] = set()  # the projections whose lock this runner holds
        ordered = sorted(projections, key=lambda p: (p.name not in self.PRIORITY,
                                                      self.PRIORITY.index(p.name)
                                                      if p.name in self.PRIORITY else 0))
        self.projectors = [
            Projector(app, engine, p, board, batch_size=batch_size, stall_retry_s=stall_retry_s)
            for p in ordered
        ]
        self.batch_size = batch_size
        self.lock_factory = lock_factory
        self._thread: threading.Thread | None = None
        self.active = threading.Event()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="projector", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.stop.set()
        with self.app.new_events:
            self.app.new_events.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        locks = {p.projection.name: self.lock_factory(p.projection.name) for p in self.projectors}
        parts = _Parts(self.part, self.lock_factory, self.standby_grace_s)
        held = self.held
        waiter = None
        next_try = 0.0
        try:
            while not self.stop.is_set():
                try:
                    if time.monotonic() >= next_try:
                        parts.look()
                        for name in parts.to_hand_back(held):
                            held.discard(name)
                            locks[name].release()
                        for projector in self.projectors:
                            name = projector.projection.name
                            if name not in held and parts.may_take(name) \
                                    and locks[name].try_acquire():
                                projector.prepare()
                                held.add(name)
                        next_try = time.monotonic() + 1.0
                    mine = [p for p in self.projectors if p.projection.name in held]
                    if not mine:
                        self.stop.wait(0.5)
                        continue
                    if waiter is None:
                        # Listen before reading, so nothing committed in between is missed.
                        waiter = _waiter_for(mine[0])
                    seen = self.app.saved_count
                    rebuilding = run_together(self.app, mine, self.batch_size)
                    self.active.set()
                    if rebuilding:  # the next slice now: news would only wake us later
                        continue
                    quiet = any(p.has_unwritten_position for p in mine)
                    waiter(self.stop, seen, QUIET_POSITION_LAG_S if quiet else 1.0)
                except tracking.PositionMovedError as moved:
                    log.error("%s moved under us: another runner is active", moved.args[0])
                    held.discard(moved.args[0])
                    locks[moved.args[0]].release()
                except Exception:
                    log.exception("projections failed; retrying")
                    if waiter is not None:
                        waiter.close()
                    waiter = None
                    for projector in self.projectors:
                        projector._live = None
                    self.stop.wait(1.0)
        finally:
            if waiter is not None:
                waiter.close()
            for name in held:
                locks[name].release()
            parts.leave()


class _Parts:
    """Which projections a runner of a part may take, and which it must hand back: its own
    part always; another part's after the start-up grace, while that part's runner is
    absent. A runner of a part says it is present by holding that part's presence lock."""

    def __init__(self, part: str | None, lock_factory, grace_s: float) -> None:
        self.part = part
        self._presence = {name: lock_factory(f"part:{name}") for name in RUNNER_PARTS}
        self._standby_from = time.monotonic() + grace_s
        self._part_of = {p: name for name, members in RUNNER_PARTS.items() for p in members}
        self._present: set[str] = set()  # other parts whose runner was present at `look`

    def look(self) -> None:
        """Say this runner is here, and see which other parts' runners are."""
        if self.part is None:
            return
        self._presence[self.part].try_acquire()  # again after a lost session: no harm
        self._present = set()
        for name, lock in self._presence.items():
            if name == self.part:
                continue
            if lock.try_acquire():  # free: nobody runs that part
                lock.release()
            else:
                self._present.add(name)

    def _others(self, projection: str) -> str | None:
        """The part of `projection` if it is another runner's part, else None."""
        owner = self._part_of.get(projection)
        return owner if self.part is not None and owner not in (None, self.part) else None

    def may_take(self, projection: str) -> bool:
        other = self._others(projection)
        return other is None or (time.monotonic() >= self._standby_from
                                 and other not in self._present)

    def to_hand_back(self, held: set[str]) -> list[str]:
        """Projections of another part held here while that part's runner is present."""
        return [name for name in held if self._others(name) in self._present]

    def leave(self) -> None:
        if self.part is not None:
            self._presence[self.part].release()


class _PostgresWaiter:
    """Waits on the store's LISTEN channel, in slices so a closing runner stops at once."""

    def __init__(self, projector: Projector) -> None:
        conninfo = projector.app.settings.libpq_url()
        assert conninfo is not None  # the waiter of PostgreSQL (`_waiter_for`)
        recorder = projector.app.recorder
        assert isinstance(recorder, TeczkaPostgresRecorder)
        self.conn = psycopg.connect(conninfo, autocommit=True)
        self.conn.execute(f'LISTEN "{recorder.channel_name}"')
        self.quiet_news_s = QUIET_NEWS_S

    def __call__(self, stop: threading.Event, seen: int, timeout: float) -> str:
        """Wait for news: "news" at once for a save someone may wait for, "quiet" at most
        QUIET_NEWS_S after the first save nobody waits for (the access log's entries of
        reads: they are gathered and applied together), else "timeout" or "stop"."""
        deadline = time.monotonic() + timeout
        heard = "timeout"
        while (left := deadline - time.monotonic()) > 0:
            if stop.is_set():
                return "stop"
            # Read to the generator's end: leaving it early drops the rest of a packet.
            payloads = [note.payload for note in
                        self.conn.notifies(timeout=min(left, STOP_CHECK_S), stop_after=1)]
            if any(payload != QUIET_NEWS for payload in payloads):
                return "news"
            if payloads and heard != "quiet":
                heard = "quiet"
                deadline = min(deadline, time.monotonic() + self.quiet_news_s)
        return heard

    def close(self) -> None:
        self.conn.close()


class _SqliteWaiter:
    def __init__(self, projector: Projector) -> None:
        self.app = projector.app

    def __call__(self, stop: threading.Event, seen: int, timeout: float) -> str:
        # In-process saves signal at once; another process's writes show within the poll.
        app = self.app
        with app.new_events:
            app.new_events.wait_for(
                lambda: app.saved_count != seen or stop.is_set(),
                timeout=min(timeout, SQLITE_POLL_S),
            )
            return "stop" if stop.is_set() else "news" if app.saved_count != seen else "timeout"

    def close(self) -> None:
        pass


def _waiter_for(projector: Projector) -> _PostgresWaiter | _SqliteWaiter:
    """How a runner waits for new events on its store."""
    return _PostgresWaiter(projector) if projector.is_postgres else _SqliteWaiter(projector)


def lock_factory_for(settings: Settings) -> Callable[[str], PostgresAdvisoryLock | FileLock]:
    """The runner locks of one process (one runner: call once, and share what it gives)."""
    if settings.is_postgres:
        conninfo = settings.libpq_url()
        assert conninfo is not None
        return PostgresAdvisoryLocks(conninfo).lock
    return lambda name: FileLock(settings.data_dir / f"projector-{name}.lock")
