"""What every command carries (metadata) and answers (result), and its idempotency receipt."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID, uuid5

import orjson
from eventsourcing.domain import Aggregate, event

from domain.errors import DomainConflictError, NotFoundInAggregateError

RECEIPT_NAMESPACE = UUID("6f1f4c3e-1d7a-4c55-9a35-0d3c2b8e7a10")


class AggregateNotFoundError(NotFoundInAggregateError):
    code = "aggregate.not_found"


class FolderNotFoundError(AggregateNotFoundError):
    code = "case_folder.not_found"


class StaleVersionError(DomainConflictError):
    """The client saw an older version than the one stored: refuse, never merge."""

    code = "version.stale"


class CommandIdReusedError(DomainConflictError):
    """A command id came back with a different body: a client bug, not a retry. Or another
    person's command holds the id: then the error names nothing (no `command_id`, no
    `name`), as that command is none of this person's business."""

    code = "command.id_reused"


class AggregateExistsError(DomainConflictError):
    """A command would create an aggregate under an id that is taken. Nothing more is
    said: the existing one may be outside the person's scope."""

    code = "aggregate.exists"


@dataclass(frozen=True)
class CommandContext:
    """Who did what, when and why: stamped on every event a command writes."""

    command_id: UUID
    actor_id: UUID
    role: str
    unit: str
    occurred_at: datetime | None = None
    correlation_id: UUID | None = None
    causation_id: UUID | None = None

    def event_metadata(self, recorded_at: datetime) -> dict[str, str | None]:
        return {
            "actor_id": str(self.actor_id),
            "role": self.role,
            "unit": self.unit,
            "command_id": str(self.command_id),
            "occurred_at": self.occurred_at.isoformat() if self.occurred_at else None,
            "recorded_at": recorded_at.isoformat(),
            "correlation_id": str(self.correlation_id or self.command_id),
            "causation_id": str(self.causation_id) if self.causation_id else None,
        }


@dataclass(frozen=True)
class CommandResult:
    command_id: UUID
    aggregate_id: UUID
    version: int
    position: int
    duplicate: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def payload_digest(name: str, payload: dict[str, Any]) -> str:
    """A stable digest of a command's body, so a retry can be told from a reused id (the
    first format: receipts written before commands were data carry it; `Command.digest`)."""
    body = orjson.dumps([name, payload], option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(body).hexdigest()


# A receipt's digest in the second format starts with this; one without it is the first.
DIGEST_V2 = "2:"


@dataclass(frozen=True, kw_only=True)
class Command:
    """A request to change what Teczka records, as data: one frozen dataclass per command,
    named as a worker would say it (`RecordVisit`), handled by one method of the application
    (`services/application.py`, `handles`).

    `name` is what its receipt records, snake case of the class name unless given
    (`class OpenFolder(Command, name="open_folder")`): stable for good, since receipts keep it.
    """

    name: ClassVar[str]
    # Whether the answer names the command's aggregate as `folder_id` too (case work).
    answers_folder: ClassVar[bool] = False

    def __init_subclass__(cls, *, name: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.name = name or re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

    def fields(self) -> dict[str, Any]:
        """Every field by name, the values as they are (no copy)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def digest(self) -> str:
        """Tells a retry from another command under the same id: every field counts, so no
        field can be left out of it by a hand-written dict — but the expected version, which
        is the precondition the sender saw, not what the command says (a retry re-read after
        a conflict, or a batch replayed, names another)."""
        return DIGEST_V2 + payload_digest(self.name, self._digested())

    def legacy_payload(self) -> dict[str, Any]:
        """The body a receipt of the first format digested (`payload_digest`), so a tablet's
        retry sent before commands were data (2026-12) and after is still answered as a
        retry: the same fields as `digest`, unless a command's use case digested others."""
        return self._digested()

    def _digested(self) -> dict[str, Any]:
        return {name: value for name, value in self.fields().items()
                if name != "expected_version"}

    def matches(self, digest: str) -> bool:
        """Whether a receipt's digest is this command's, in either format."""
        if digest.startswith(DIGEST_V2):
            return digest == self.digest()
        return digest == payload_digest(self.name, self.legacy_payload())


@dataclass(frozen=True, kw_only=True)
class ChangeCommand(Command):
    """A command on an aggregate that exists: it names the version its sender saw, so a
    stale one is refused (409 with the current version), never merged."""

    expected_version: int


class CommandReceipt(Aggregate):
    """Proof that a command was applied, and by whom; its id derives from the command id.

    Saved in the same transaction as the command's events, so a second copy of the
    command fails atomically on the receipt's primary key instead of applying twice. Only
    the person who applied it is answered its result again (`actor_id`); to anyone else the
    receipt is as if unknown (services/application.py).
    """

    class Accepted(Aggregate.Created):
        # Version 2 names the actor. Version 1 (receipts written before 2026-12) did not,
        # but every event has always carried the metadata of the command that wrote it,
        # actor included (CommandContext.event_metadata): read from there, an old receipt
        # answers exactly the person who applied it, as a new one does.
        class_version = 2
        command_id: UUID
        name: str
        digest: str
        aggregate_id: UUID
        version: int
        actor_id: UUID | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            actor = (state.get("meta") or {}).get("actor_id")
            # None only for a receipt saved unstamped, which no code path ever did; such a
            # receipt answers nobody (services/application.py).
            state["actor_id"] = UUID(actor) if actor else None

    @staticmethod
    def create_id(command_id: UUID) -> UUID:
        return uuid5(RECEIPT_NAMESPACE, str(command_id))

    @event(Accepted)
    def __init__(
        self, *, command_id: UUID, name: str, digest: str, aggregate_id: UUID, version: int,
        actor_id: UUID | None,
    ) -> None:
        self.command_id = command_id
        self.name = name
        self.digest = digest
        self.aggregate_id = aggregate_id
        self.result_version = version
        self.actor_id = actor_id
