"""The command side: load, act, save — idempotent, concurrency-checked, stamped with metadata."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar, cast, get_type_hints
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError as LibraryNotFound
from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    ApplicationRecorder,
    IntegrityError,
    JSONTranscoder,
    Mapper,
    OperationalError,
    Transcoder,
)
from eventsourcing.utils import get_topic

from domain.access import AccessRecord, ListAccessRecord
from domain.bounds import check_field_time
from domain.errors import DomainError, NotFoundInAggregateError
from domain.payments import PaymentList
from domain.proceeding import Proceeding
from services.commands import (
    AggregateExistsError,
    AggregateNotFoundError,
    ChangeCommand,
    Command,
    CommandContext,
    CommandIdReusedError,
    CommandReceipt,
    CommandResult,
    StaleVersionError,
)
from services.errors import ServiceError, StoreUnavailableError
from services.observability import logs, metrics
from services.settings import Settings
from services.store.aggregate_cache import ErasureAwareRepository
from services.store.group_commit import Expected, GroupCommit
from services.store.personal_data import KeyStore
from services.store.receipts import saved_receipts
from services.store.recorders import TeczkaPostgresRecorder, insert_events_in_binary
from services.store.sealing import SealingMapper
from services.store.transcoder import FastJSONTranscoder
from services.store.transcodings import register_value_types
from services.users.revocations import REVOCATIONS_CHANNEL, REVOKING_TOPICS
from services.work import Work

A = TypeVar("A", bound=Aggregate)


class _RunAgain(Exception):
    """A command's save was refused over a shared claim: run its handler once more."""


@dataclass
class CommandBatch:
    """What the commands run in `CommandApplication.batched()` changed, not yet saved.

    `results` holds every command's result once the batch is saved, each with the position
    of its last event; results returned inside the batch carry position 0 (not saved yet).
    """

    # The latest state of every aggregate a command of the batch changed, by id.
    aggregates: dict[UUID, Aggregate] = field(default_factory=dict)
    # The version each of them had before the batch first changed it (to explain a conflict).
    bases: dict[UUID, int] = field(default_factory=dict)
    receipts: dict[UUID, CommandReceipt] = field(default_factory=dict)
    # Receipts read ahead (`expect_commands`): one saved before the batch, or None for a
    # command that was not, by receipt id.
    saved_before: dict[UUID, CommandReceipt | None] = field(default_factory=dict)
    stamped: list[tuple[CommandContext, list[Any]]] = field(default_factory=list)
    # Each result with the number of events of the batch up to and including its own
    # (None: a retry of a command saved before the batch, whose position is known).
    answered: list[tuple[CommandResult, int | None]] = field(default_factory=list)
    results: list[CommandResult] = field(default_factory=list)
    events: int = 0
    # A command that failed after changing an aggregate of the batch: nothing may be saved.
    spoiled_by: BaseException | None = None

    def add(self, ctx: CommandContext, aggregates: tuple[Aggregate, ...],
            result: CommandResult) -> None:
        new_events: list[Any] = []
        for aggregate in aggregates:
            collected = aggregate.collect_events()
            if collected and aggregate.id not in self.bases:
                self.bases[aggregate.id] = collected[0].originator_version - 1
            self.aggregates[aggregate.id] = aggregate
            new_events.extend(collected)
        self.stamped.append((ctx, new_events))
        self.events += len(new_events)
        self.answered.append((result, self.events))

    def answer_again(self, result: CommandResult) -> None:
        """A retry within the batch: the first command's result, saved with it."""
        end = next(end for first, end in self.answered if first.command_id == result.command_id)
        self.answered.append((result, end))

    def check_unchanged(self, error: BaseException) -> None:
        """After a failed command: refuse to save if it left an aggregate half-changed."""
        if any(aggregate.pending_events for aggregate in self.aggregates.values()):
            self.spoiled_by = error


# The batch that commands run in this context join (`CommandApplication.batched_in_context`),
# with the application it belongs to.
_context_batch: ContextVar[tuple[Any, CommandBatch] | None] = ContextVar(
    "teczka_command_batch", default=None)


class CommandApplication(Application):
    """Runs every command the same way; use-case mixins say what each command does."""

    name = "Teczka"
    # Events nobody waits for on a screen (the access-log entries of reads, saved with every
    # read): saves of only these wake the projection runners a moment later, gathered.
    quiet_events: tuple[type, ...] = (AccessRecord.PersonalDataViewed,
                                      ListAccessRecord.PersonalDataListed)
    # Each class's `@handles` methods by command type, found once (`handler_for`).
    _handlers: ClassVar[dict[type[Command], Callable[[Any, Any, Work], None]]]
    mapper: SealingMapper  # `construct_mapper`'s

    def __init__(self, settings: Settings, keys: KeyStore) -> None:
        self.settings = settings
        self.keys = keys
        self.new_events = threading.Condition()
        self.saved_count = 0
        self._batches = threading.local()
        super().__init__(env=settings.eventsourcing_env())
        # Commands run alone (not in a batch) are saved by group commit when it is on.
        self.group_commit: GroupCommit | None = (
            GroupCommit(self.save_stamped_each, wait_s=settings.group_commit_wait_ms / 1000,
                        max_commands=settings.group_commit_max_commands)
            if settings.group_commit else None)

    def close(self) -> None:
        if self.group_commit is not None:
            self.group_commit.close()
        super().close()

    def construct_recorder(self) -> ApplicationRecorder:
        recorder = super().construct_recorder()
        insert_events_in_binary(recorder)
        if isinstance(recorder, TeczkaPostgresRecorder):
            recorder.quiet_topics = frozenset(get_topic(cls) for cls in self.quiet_events)
            recorder.revoking_topics = REVOKING_TOPICS
            recorder.revocations_channel = REVOCATIONS_CHANNEL
        return recorder

    @property
    def repository(self) -> ErasureAwareRepository:
        # The one `construct_repository` built; typed as ours for `remember` and
        # `get(expected_version=)`.
        return cast(ErasureAwareRepository, self._repository)

    def construct_repository(self) -> ErasureAwareRepository:
        # The library's repository as the environment configures it (the cache:
        # Settings.eventsourcing_env), whose cache also forgets what was erased.
        library = super().construct_repository()
        cache = library.cache
        return ErasureAwareRepository(
            event_store=self.events,
            snapshot_store=self.snapshots,
            cache_maxsize=getattr(cache, "maxsize", None),
            fastforward=library.fastforward,
            fastforward_skipping=library.fastforward_skipping,
            deepcopy_from_cache=library.deepcopy_from_cache,
            keys=self.keys,
        )

    def construct_transcoder(self) -> Transcoder:
        # The library's format and registry, read faster (every read path decodes here).
        transcoder = FastJSONTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def construct_mapper(self) -> Mapper:
        return SealingMapper(transcoder=self.construct_transcoder(), keys=self.keys)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_value_types(transcoder)

    # -- the one path every command takes ------------------------------------------------

    @classmethod
    def handler_for(cls, command_type: type[Command]) -> Callable[[Any, Any, Work], None]:
        """The method marked `@handles` whose `command` parameter is of this type."""
        handlers: dict[type[Command], Callable[[Any, Any, Work], None]] | None = (
            cls.__dict__.get("_handlers"))
        if handlers is None:
            handlers = {}
            for klass in reversed(cls.__mro__):
                for method in vars(klass).values():
                    if getattr(method, "__teczka_handles__", False):
                        handlers[get_type_hints(method)["command"]] = method
            cls._handlers = handlers
        try:
            return handlers[command_type]
        except KeyError:
            raise TypeError(f"no handler for {command_type.__name__}") from None

    def handle(self, ctx: CommandContext, command: Command) -> CommandResult:
        """Apply a command once (`_handle`), counted by outcome for /metrics and named in
        the log lines written meanwhile (services/observability)."""
        if not metrics.SWITCH.enabled:
            return self._handle(ctx, command)
        noted = logs.note_command(ctx.command_id, ctx.actor_id, ctx.role)
        try:
            result = self._handle(ctx, command)
        except (DomainError, ServiceError) as error:
            code = error.code
            outcome = ("stale" if code == "version.stale" else
                       "failed" if isinstance(error, StoreUnavailableError) else "refused")
            metrics.count_command(command.name, outcome, code)
            raise
        except Exception as error:
            metrics.count_command(command.name, "failed", type(error).__name__)
            raise
        finally:
            logs.forget_command(noted)
        metrics.count_command(command.name, "duplicate" if result.duplicate else "applied")
        return result

    def _handle(self, ctx: CommandContext, command: Command) -> CommandResult:
        """Apply a command once: its handler loads, checks and changes (`Work`); its
        changes and its receipt are saved in one transaction (with group commit, together
        with the other commands saved at that moment, services/store/group_commit.py). A
        retry by the same person answers the first result and writes nothing; another
        person's receipt is as if unknown (their command runs as new, and is refused as out
        of scope, or 409 `command.id_reused` naming nothing when it reaches the save)."""
        group = self.group_commit
        if group is None or self.open_batch() is not None:
            return self._handle_with(ctx, command, None)
        # Told to the committer, which may wait a moment for this command to join a group.
        with group.expect() as expected:
            return self._handle_with(ctx, command, expected)

    def _handle_with(self, ctx: CommandContext, command: Command,
                     expected: Expected | None) -> CommandResult:
        handler = self.handler_for(type(command))
        self._check_tablet_clock(ctx)
        # A command on an existing aggregate, run alone, does not look for its receipt up
        # front: a retry of a saved command finds the aggregate moved on (or the receipt's
        # primary key refuses its save), and each of those paths looks for the first result
        # before answering. That saves a round trip on every command; a create command (its
        # handler may refuse a second copy before the save could) and a batch look first.
        looked_first = not isinstance(command, ChangeCommand) or self.open_batch() is not None
        if looked_first and (earlier := self._earlier_result(ctx, command.matches)):
            return earlier
        for last_run in (False, True):
            work = Work(self, ctx)
            try:
                self._act(handler, self, command, work)
            except DomainError as error:
                if looked_first and not isinstance(error, StaleVersionError):
                    raise
                # A copy of a command that was saved a moment ago is a retry, not a conflict
                # (saved perhaps after its receipt was read ahead: look in the store again).
                if earlier := self._earlier_result(ctx, command.matches, read_ahead=False):
                    return earlier
                raise
            try:
                return self._save_work(ctx, command, work, may_rerun=not last_run,
                                       expected=expected)
            except _RunAgain:
                continue
        raise AssertionError("unreachable")  # pragma: no cover

    def _save_work(self, ctx: CommandContext, command: Command, work: Work,
                   may_rerun: bool = False, expected: Expected | None = None) -> CommandResult:
        own = work.own
        receipt = CommandReceipt(command_id=ctx.command_id, name=command.name,
                                 digest=command.digest(), aggregate_id=own.id,
                                 version=own.version, actor_id=ctx.actor_id)
        batch = self.open_batch()
        if batch is not None:
            # Saved with the rest of the batch; the receipt and the stamping are the same.
            result = CommandResult(command_id=ctx.command_id, aggregate_id=own.id,
                                   version=own.version, position=0)
            batch.receipts[receipt.id] = receipt
            batch.add(ctx, (*work.changed, receipt), result)
            return result
        created = work.created
        try:
            if self.group_commit is not None:
                # With the commands that arrive together, in one transaction; refused as a
                # group, it is saved again alone, so an IntegrityError here is this one's.
                events = [e for aggregate in (*work.changed, receipt)
                          for e in aggregate.collect_events()]
                recordings = self.group_commit.submit(ctx, events, expected)
            else:
                recordings = self.save_stamped(ctx, *work.changed, receipt)
        except IntegrityError:
            # Either the same command raced us (its receipt exists) or the aggregate moved on.
            if earlier := self._earlier_result(ctx, command.matches):
                return earlier
            if may_rerun and work.rerun_if_refused:
                # Another command claimed what this one claims (a PESEL) a moment ago.
                raise _RunAgain() from None
            raise self._refusal_of(ctx, work, created) from None
        self.repository.remember(*work.changed)
        return CommandResult(command_id=ctx.command_id, aggregate_id=own.id,
                             version=own.version, position=recordings[-1].notification.id)

    def _refusal_of(self, ctx: CommandContext, work: Work, created: bool) -> DomainError:
        """Why the store refused a command's save (not a retry of the person's own), said
        only as far as the person may know it."""
        if self._saved_receipt(CommandReceipt.create_id(ctx.command_id)) is not None:
            # Another person's command holds this id: nothing of it is named.
            return CommandIdReusedError()
        if created or work.loaded is None:
            # A new aggregate whose id is taken: whose it is and how far it has come is not
            # said (it may be out of the person's scope).
            return AggregateExistsError()
        loaded = work.loaded
        current = self.load(loaded.cls, loaded.aggregate_id, loaded.not_found)
        if not loaded.in_scope(ctx, current):
            # The command acted on a cached state that had moved on: its scope is checked
            # again on the current one.
            return loaded.not_found(id=str(loaded.aggregate_id))
        return StaleVersionError(aggregate_id=str(loaded.aggregate_id),
                                 expected_version=loaded.expected_version,
                                 current_version=current.version)

    @staticmethod
    def _check_tablet_clock(ctx: CommandContext) -> None:
        if ctx.occurred_at is not None:
            # The tablet's clock: bounded like every time of the field (domain/bounds.py).
            check_field_time(ctx.occurred_at, datetime.now(UTC), "occurred_at")

    def save_stamped(self, ctx: CommandContext, *aggregates: Aggregate) -> list[Any]:
        """Save aggregates in one transaction, each new event carrying the command metadata."""
        return self.save_stamped_each([(ctx, aggregate) for aggregate in aggregates])

    def save_stamped_each(
        self, stamped: Sequence[tuple[CommandContext, Aggregate | Sequence[Any]]]
    ) -> list[Any]:
        """Save in one transaction aggregates (or their collected events), each stamped
        with its own command's metadata."""
        processing = ProcessingEvent[UUID]()
        recorded_at = datetime.now(UTC)
        for ctx, item in stamped:
            metadata = ctx.event_metadata(recorded_at=recorded_at)
            if isinstance(item, Aggregate):
                new_events = item.collect_events()
                processing.aggregates[item.id] = item
            else:
                new_events = item
            for domain_event in new_events:
                # Metadata is about the recording, not the fact: it rides beside the event's
                # own fields and comes back as the `meta` attribute when the log is read.
                object.__setattr__(domain_event, "meta", metadata)
            # Not `collect_events`: its check of each event against a runtime Protocol costs
            # ~15 µs an event, a few per cent of the whole synthetic city.
            processing.events.extend(new_events)
        try:
            recordings = self._record(processing)
        except OperationalError as error:
            raise StoreUnavailableError() from error
        self._notify(recordings)
        if metrics.SWITCH.enabled:
            _count_produced(processing.events)
        return recordings

    def _notify(self, recordings: list[Any]) -> None:
        with self.new_events:
            self.saved_count += 1
            self.new_events.notify_all()

    def _earlier_result(self, ctx: CommandContext, matches: Callable[[str], bool],
                        read_ahead: bool = True) -> CommandResult | None:
        """The first result of this command, if this person applied it before; otherwise
        None. Another person's receipt is as if unknown: its result (another aggregate's id
        and version) is theirs, and so is the kind of command it was."""
        command_id = ctx.command_id
        batch = self.open_batch()
        receipt_id = CommandReceipt.create_id(command_id)
        receipt: CommandReceipt | None
        if batch is not None and receipt_id in batch.receipts:
            receipt = batch.receipts[receipt_id]
            if receipt.actor_id != ctx.actor_id:
                # Two people's commands with one id in one batch: both cannot be saved.
                raise CommandIdReusedError()
            if not matches(receipt.digest):
                raise CommandIdReusedError(command_id=str(command_id), name=receipt.name)
            result = CommandResult(command_id=command_id, aggregate_id=receipt.aggregate_id,
                                   version=receipt.result_version, position=0, duplicate=True)
            batch.answer_again(result)
            return result
        if read_ahead and batch is not None and receipt_id in batch.saved_before:
            receipt = batch.saved_before[receipt_id]
        else:
            receipt = self._saved_receipt(receipt_id)
        if receipt is None or receipt.actor_id != ctx.actor_id:
            return None
        if not matches(receipt.digest):
            raise CommandIdReusedError(command_id=str(command_id), name=receipt.name)
        result = CommandResult(
            command_id=command_id,
            aggregate_id=receipt.aggregate_id,
            version=receipt.result_version,
            # The exact position is not kept; the head is at or after it, which is what a
            # reader waiting for its own write needs.
            position=self.recorder.max_notification_id() or 0,
            duplicate=True,
        )
        if batch is not None:
            batch.answered.append((result, None))
        return result

    def _saved_receipt(self, receipt_id: UUID) -> CommandReceipt | None:
        try:
            return self.repository.get(receipt_id)
        except LibraryNotFound:
            return None
        except OperationalError as error:
            raise StoreUnavailableError() from error

    def load(self, cls: type[A], aggregate_id: UUID, not_found: type[NotFoundInAggregateError], *,
              expected_version: int | None = None, read_only: bool = False) -> A:
        """The aggregate as this thread's batch or the store has it; with `expected_version`,
        a cached copy already at that version is taken without reading the store (should it
        have moved on meanwhile, the save is refused by the store's primary key).

        `read_only`: the cached aggregate itself rather than a copy (a copy of an order with
        a year's visits costs more than the rest of a check-in), for a caller that only
        reads it; another thread may bring it up to date meanwhile, so take what is read
        in one step (e.g. `tuple(order.visits.values())`)."""
        batch = self.open_batch()
        if batch is not None and aggregate_id in batch.aggregates:
            # Read your own writes: the batch's state is newer than the store's.
            aggregate = batch.aggregates[aggregate_id]
            if not isinstance(aggregate, cls):
                raise not_found(id=str(aggregate_id))
            return aggregate
        try:
            aggregate = self.repository.get(aggregate_id, expected_version=expected_version,
                                            deepcopy_from_cache=not read_only)
        except LibraryNotFound:
            raise not_found(id=str(aggregate_id)) from None
        except OperationalError as error:
            raise StoreUnavailableError() from error
        if not isinstance(aggregate, cls):
            raise not_found(id=str(aggregate_id))
        return aggregate

    def head_position(self) -> int:
        return self.recorder.max_notification_id() or 0

    def version_of(self, aggregate_id: UUID) -> int:
        """An aggregate's current version, counting the changes of this thread's open batch."""
        return self.load(Aggregate, aggregate_id, AggregateNotFoundError).version

    # -- several commands, one transaction ------------------------------------------------

    @contextmanager
    def batched(self) -> Iterator[CommandBatch]:
        """Run several commands and save everything they changed in one transaction at the
        end of the block (bulk loading: the synthetic city).

        Each command is checked, acted on and answered exactly as alone: its receipt is
        saved with its events, a retry (in the batch or of a command saved earlier) answers
        the first result and writes nothing, a stale version is refused, and each event
        carries its own command's metadata. Later commands see earlier ones' changes. An
        exception leaving the block saves nothing; so does a conflict with another writer
        at the end (StaleVersionError for the first aggregate that moved). Only `execute`
        joins the batch, and only in the thread that opened it.
        """
        if self.open_batch() is not None:
            raise RuntimeError("a command batch is already open in this thread")
        batch = CommandBatch()
        self._batches.open = batch
        try:
            yield batch
        finally:
            self._batches.open = None
        if batch.spoiled_by is not None:
            raise RuntimeError("a failed command left the batch half-changed; nothing saved") \
                from batch.spoiled_by
        self._save_batch(batch)

    def expect_commands(self, command_ids: Iterable[UUID]) -> None:
        """Read the receipts of these coming commands of the open batch in one query, so
        each one's check for an earlier result reads nothing.

        A retry of a command saved before is still answered with its first result. One not
        saved before is taken as new without a second look; should another writer save the
        same command meanwhile, its receipt's primary key refuses the whole batch at the end
        (StaleVersionError), as it refuses a single command racing its retry.
        """
        batch = self.open_batch()
        if batch is None:
            raise RuntimeError("commands are expected only in an open batch")
        receipt_ids = [receipt_id for receipt_id in
                       dict.fromkeys(CommandReceipt.create_id(c) for c in command_ids)
                       if receipt_id not in batch.saved_before]
        try:
            saved = saved_receipts(self.recorder, self.mapper, receipt_ids)
        except OperationalError as error:
            raise StoreUnavailableError() from error
        for receipt_id in receipt_ids:
            batch.saved_before[receipt_id] = saved.get(receipt_id)

    @contextmanager
    def batched_in_context(self) -> Iterator[CommandBatch]:
        """Like `batched()`, but joined by the commands run in this context — also in the
        worker threads a context is copied into (a route's handler in the threadpool) —
        rather than in this thread; and not saved at the end of the block: the caller then
        calls `save_batch` (or drops the batch, which writes nothing)."""
        if self.open_batch() is not None:
            raise RuntimeError("a command batch is already open here")
        batch = CommandBatch()
        token = _context_batch.set((self, batch))
        try:
            yield batch
        finally:
            _context_batch.reset(token)

    def save_batch(self, batch: CommandBatch) -> None:
        """Save a batch run with `batched_in_context` in one transaction. Raises
        StaleVersionError if another writer moved one of its aggregates meanwhile,
        StoreUnavailableError if the store failed, RuntimeError if a failed command left it
        half-changed; in each case nothing of it is saved."""
        if batch.spoiled_by is not None:
            raise RuntimeError("a failed command left the batch half-changed; nothing saved") \
                from batch.spoiled_by
        self._save_batch(batch)

    def open_batch(self) -> CommandBatch | None:
        opened = getattr(self._batches, "open", None)
        if opened is not None:
            return opened
        joined = _context_batch.get()
        return joined[1] if joined is not None and joined[0] is self else None

    def _act(self, act: Callable[..., Any], *args: Any) -> Any:
        try:
            return act(*args)
        except BaseException as error:
            batch = self.open_batch()
            if batch is not None:
                batch.check_unchanged(error)
            raise

    def _save_batch(self, batch: CommandBatch) -> None:
        if not batch.stamped:
            batch.results = [result for result, _end in batch.answered]
            return
        # The keys of the batch's new people first, in one transaction rather than a commit
        # each; should the events then be refused, an unused key is harmless.
        self.keys.create_for_writing(self.mapper.subjects_to_seal(
            event for _ctx, events in batch.stamped for event in events))
        try:
            recordings = self.save_stamped_each(batch.stamped)
        except IntegrityError:
            raise self._batch_conflict(batch) from None
        batch.results = [
            result if end is None else replace(result, position=recordings[end - 1].notification.id)
            for result, end in batch.answered]

    def _batch_conflict(self, batch: CommandBatch) -> Exception:
        """Which aggregate of a refused batch another writer moved first."""
        for aggregate_id, base in batch.bases.items():
            try:
                current: int = self.repository.get(aggregate_id).version
            except LibraryNotFound:
                continue
            if current != base:
                return StaleVersionError(aggregate_id=str(aggregate_id), expected_version=base,
                                         current_version=current)
        return StaleVersionError(aggregate_id="", expected_version=0, current_version=0)


def _count_produced(events: Sequence[Any]) -> None:
    """Documents and payments made by a save, for /metrics (counted once saved)."""
    for domain_event in events:
        kind = type(domain_event)
        if kind is Proceeding.DocumentIssued:
            metrics.DOCUMENTS.labels(str(domain_event.kind)).inc()
        elif kind is PaymentList.BenefitPaid:
            metrics.PAYMENTS.inc()
        elif kind is PaymentList.PaymentListApproved:
            metrics.PAYMENT_LISTS.inc()
