"""The command side: load, act, save — idempotent, concurrency-checked, stamped with metadata."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError as LibraryNotFound
from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, OperationalError

from services.commands import (
    AggregateNotFoundError,
    CommandContext,
    CommandIdReusedError,
    CommandReceipt,
    CommandResult,
    StaleVersionError,
    payload_digest,
)
from services.errors import StoreUnavailableError
from services.personal_data import KeyStore
from services.sealing import SealingMapper
from services.settings import Settings
from services.transcodings import register_value_types

A = TypeVar("A", bound=Aggregate)


class CommandApplication(Application):
    """Runs every command the same way; use-case mixins say what each command does."""

    name = "Teczka"

    def __init__(self, settings: Settings, keys: KeyStore) -> None:
        self.settings = settings
        self.keys = keys
        self.new_events = threading.Condition()
        self.saved_count = 0
        super().__init__(env=settings.eventsourcing_env())

    def construct_mapper(self) -> Mapper:
        return SealingMapper(transcoder=self.construct_transcoder(), keys=self.keys)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_value_types(transcoder)

    # -- the one path every command takes ------------------------------------------------

    def execute(
        self,
        ctx: CommandContext,
        name: str,
        payload: dict[str, Any],
        act: Callable[[], Aggregate],
        *,
        load: tuple[type[A], UUID, int] | None = None,
        not_found: type[AggregateNotFoundError] = AggregateNotFoundError,
        may_act: Callable[[A], None] | None = None,
    ) -> CommandResult:
        """Apply a command once: a retry answers the first result and writes nothing.

        `load` is (aggregate class, id, expected version) for commands on an existing
        aggregate; `act` then receives the loaded aggregate and returns it changed. `act` may
        return a tuple: the command's own aggregate first, then others a policy changed in
        the same transaction (e.g. the service order a care decision places). `may_act`
        checks the person's scope on the loaded aggregate before anything else is said about
        it, so a refused person learns neither its version nor its state.
        """
        digest = payload_digest(name, payload)
        earlier = self._earlier_result(ctx.command_id, digest)
        if earlier is not None:
            return earlier
        if load is not None:
            cls, aggregate_id, expected_version = load
            aggregate = self._load(cls, aggregate_id, not_found)
            if may_act is not None:
                may_act(aggregate)
            if aggregate.version != expected_version:
                # A copy of a command that was saved a moment ago is a retry, not a conflict.
                earlier = self._earlier_result(ctx.command_id, digest)
                if earlier is not None:
                    return earlier
                raise StaleVersionError(
                    aggregate_id=str(aggregate_id),
                    expected_version=expected_version,
                    current_version=aggregate.version,
                )
            changed = act(aggregate)  # type: ignore[call-arg]
        else:
            changed = act()
        others: tuple[Aggregate, ...] = ()
        if isinstance(changed, tuple):
            changed, *rest = changed
            others = tuple(rest)
        receipt = CommandReceipt(
            command_id=ctx.command_id,
            name=name,
            digest=digest,
            aggregate_id=changed.id,
            version=changed.version,
        )
        try:
            recordings = self.save_stamped(ctx, changed, *others, receipt)
        except IntegrityError:
            # Either the same command raced us (its receipt exists) or the aggregate moved on.
            earlier = self._earlier_result(ctx.command_id, digest)
            if earlier is not None:
                return earlier
            current = self._load(type(changed), changed.id, not_found)
            raise StaleVersionError(
                aggregate_id=str(changed.id),
                expected_version=load[2] if load else 0,
                current_version=current.version,
            ) from None
        return CommandResult(
            command_id=ctx.command_id,
            aggregate_id=changed.id,
            version=changed.version,
            position=recordings[-1].notification.id,
        )

    def save_stamped(self, ctx: CommandContext, *aggregates: Aggregate) -> list[Any]:
        """Save aggregates in one transaction, each new event carrying the command metadata."""
        return self.save_stamped_each([(ctx, aggregate) for aggregate in aggregates])

    def save_stamped_each(
        self, stamped: list[tuple[CommandContext, Aggregate | list[Any]]]
    ) -> list[Any]:
        """Save in one transaction aggregates (or their collected events), each stamped
        with its own command's metadata."""
        processing = ProcessingEvent()
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
            processing.collect_events(*new_events)
        try:
            recordings = self._record(processing)
        except OperationalError as error:
            raise StoreUnavailableError() from error
        self._notify(recordings)
        return recordings

    def _notify(self, recordings: list[Any]) -> None:
        with self.new_events:
            self.saved_count += 1
            self.new_events.notify_all()

    def _earlier_result(self, command_id: UUID, digest: str) -> CommandResult | None:
        try:
            receipt = self.repository.get(CommandReceipt.create_id(command_id))
        except LibraryNotFound:
            return None
        except OperationalError as error:
            raise StoreUnavailableError() from error
        if receipt.digest != digest:
            raise CommandIdReusedError(command_id=str(command_id), name=receipt.name)
        return CommandResult(
            command_id=command_id,
            aggregate_id=receipt.aggregate_id,
            version=receipt.result_version,
            # The exact position is not kept; the head is at or after it, which is what a
            # reader waiting for its own write needs.
            position=self.recorder.max_notification_id() or 0,
            duplicate=True,
        )

    def _load(self, cls: type[A], aggregate_id: UUID, not_found: type[Exception]) -> A:
        try:
            aggregate = self.repository.get(aggregate_id)
        except LibraryNotFound:
            raise not_found(id=str(aggregate_id)) from None
        except OperationalError as error:
            raise StoreUnavailableError() from error
        if not isinstance(aggregate, cls):
            raise not_found(id=str(aggregate_id))
        return aggregate

    def head_position(self) -> int:
        return self.recorder.max_notification_id() or 0
