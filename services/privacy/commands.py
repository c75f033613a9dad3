"""The commands of privacy: the end of retention, said as the operator would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from services.commands import Command


@dataclass(frozen=True, kw_only=True)
class ErasePersonalData(Command):
    """Destroy the keys of a closed folder's people (and of its proceedings' and care
    orders', `related`) and record the erasure. Not a change on a version the sender saw:
    the end of retention erases the folder as it stands."""

    folder_id: UUID
    erased_on: date
    related: tuple[UUID, ...] = ()

    def legacy_payload(self) -> dict[str, Any]:
        # Until 2026-12 the related records were not digested.
        return {"folder_id": self.folder_id, "erased_on": self.erased_on}
