"""One person, one open folder: a folder's claim on a person's PESEL.

A PESEL is in at most one open household at a time (shared/DOMAIN.md, "One person, one
folder"). The claim is an aggregate whose id is derived from the PESEL by the service (a keyed
hash, never the PESEL itself: its events live for ever in the log, see docs/privacy.md), so two
folders claiming the same person at once collide on the event store's primary key and only one
of them is saved.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainConflictError


class PersonHasOpenFolderError(DomainConflictError):
    """The person is a member of another open household: its team and folder are named, and
    nothing else of it (the same as the search's "has a folder in team X")."""

    code = "person.has_open_folder"


class PersonClaim(Aggregate):
    """Which open folder holds a person now (none once released)."""

    @classmethod
    def stake(cls, *, claim_id: UUID, folder_id: UUID) -> PersonClaim:
        """A folder claims a person no folder has claimed before."""
        return cls._create(cls.PersonClaimed, id=claim_id, folder_id=folder_id)

    class PersonClaimed(Aggregate.Created):
        folder_id: UUID

    @event(PersonClaimed)
    def __init__(self, *, folder_id: UUID) -> None:
        self.folder_id: UUID | None = folder_id

    def holder_other_than(self, folder_id: UUID) -> UUID | None:
        """The open folder holding the person, if it is not this one."""
        return self.folder_id if self.folder_id not in (None, folder_id) else None

    def claim(self, folder_id: UUID) -> None:
        """A folder claims a person no open folder holds (nothing new if it holds them)."""
        holder = self.holder_other_than(folder_id)
        if holder is not None:
            raise PersonHasOpenFolderError(folder_id=str(holder))
        if self.folder_id != folder_id:
            self._claim_taken(folder_id=folder_id)

    class ClaimTaken(Aggregate.Event):
        folder_id: UUID

    @event(ClaimTaken)
    def _claim_taken(self, folder_id: UUID) -> None:
        self.folder_id = folder_id

    def release(self, folder_id: UUID) -> None:
        """The folder lets the person go (closed, or the member's PESEL corrected)."""
        if self.folder_id == folder_id:
            self._claim_released(folder_id=folder_id)

    class ClaimReleased(Aggregate.Event):
        folder_id: UUID

    @event(ClaimReleased)
    def _claim_released(self, folder_id: UUID) -> None:
        self.folder_id = None
