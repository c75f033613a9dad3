"""One command's unit of work: what its handler loads, checks and changes, saved together.

A handler reads as load → act (the save is `CommandApplication.handle`'s, with the receipt):

    @handles
    def record_visit(self, command: RecordVisit, work: Work) -> None:
        folder = work.change(CaseFolder, command.folder_id, command.expected_version,
                             in_scope=may_change_folder, not_found=FolderNotFoundError)
        folder.record_visit(command.visit)

`change` loads the aggregate the command is about, asks the person's scope of it before
anything else is said about it (out of scope: its kind's 404, so a refused person learns
neither its version nor its state), then compares versions (409 `version.stale`); `create`
adds a new one; `read` loads another aggregate a policy reads or changes (then `add` it).
The first aggregate changed or created is the command's own: its id and version answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import NotFoundInAggregateError
from services.commands import AggregateNotFoundError, CommandContext, StaleVersionError

if TYPE_CHECKING:
    from services.application import CommandApplication

A = TypeVar("A", bound=Aggregate)
F = TypeVar("F", bound=Callable[..., Any])

InScope = Callable[[CommandContext, Any], bool]


def handles(method: F) -> F:
    """Mark an application method as the handler of the command type its `command`
    parameter names (found by type: `CommandApplication.handler_for`)."""
    method.__teczka_handles__ = True  # type: ignore[attr-defined]
    return method


@dataclass(frozen=True)
class Loaded:
    """The aggregate a command changes, as its handler asked for it (to explain a refusal
    of the save: stale, or out of scope on the state that had moved on)."""

    cls: type[Aggregate]
    aggregate_id: UUID
    expected_version: int
    not_found: type[NotFoundInAggregateError]
    in_scope: InScope


class Work:
    """What one command's handler loads and changes."""

    def __init__(self, app: CommandApplication, ctx: CommandContext) -> None:
        self.app = app
        self.ctx = ctx
        self.changed: list[Aggregate] = []
        self.loaded: Loaded | None = None
        # Set by a handler that claims something shared (a person's PESEL): should the store
        # refuse the save, the command runs once more and meets the other's claim.
        self.rerun_if_refused = False

    def change(self, cls: type[A], aggregate_id: UUID, expected_version: int, *,
               in_scope: Callable[[CommandContext, A], bool],
               not_found: type[NotFoundInAggregateError]) -> A:
        """The aggregate this command changes, as the person saw it: in their scope, at the
        version they name."""
        # In a batch the store is read as before: a cached copy left behind by another
        # process would be found out only when the whole batch's save fails.
        alone = self.app.open_batch() is None
        aggregate = self.app.load(cls, aggregate_id, not_found,
                                  expected_version=expected_version if alone else None)
        if not in_scope(self.ctx, aggregate):
            raise not_found(id=str(aggregate_id))
        if aggregate.version != expected_version:
            raise StaleVersionError(aggregate_id=str(aggregate_id),
                                    expected_version=expected_version,
                                    current_version=aggregate.version)
        if self.loaded is None:
            self.loaded = Loaded(cls, aggregate_id, expected_version, not_found, in_scope)
        self.add(aggregate)
        return aggregate

    def create(self, aggregate: A) -> A:
        """A new aggregate this command brings into being."""
        self.add(aggregate)
        return aggregate

    def read(self, cls: type[A], aggregate_id: UUID,
             not_found: type[NotFoundInAggregateError] = AggregateNotFoundError) -> A:
        """Another aggregate the command reads (a policy may change it too: then `add`)."""
        return self.app.load(cls, aggregate_id, not_found)

    def add(self, *aggregates: Aggregate) -> None:
        """Aggregates to save with the command (each once, in the order first added)."""
        for aggregate in aggregates:
            if not any(known is aggregate for known in self.changed):
                self.changed.append(aggregate)

    @property
    def own(self) -> Aggregate:
        """The command's own aggregate: the first it changed or created."""
        if not self.changed:
            raise RuntimeError("a command's handler changed nothing")
        return self.changed[0]

    @property
    def created(self) -> bool:
        """Whether the command brought its own aggregate into being."""
        own = self.own
        return self.loaded is None and own.version == len(own.pending_events)
