"""The catalogue's commands: the admin's (publish, amend, withdraw an entry; publish a seed)
and the social worker's (record what was proposed for a household and what she chose).
One frozen dataclass each, handled in services/catalogue/catalogue.py and proposals.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.catalogue import CatalogueEntry
from domain.catalogue_facts import StatedFindings
from services.commands import ChangeCommand, Command


@dataclass(frozen=True, kw_only=True)
class PublishCatalogueEntry(Command):
    """Add a service or a package to the catalogue from its `valid_from`."""

    entry: CatalogueEntry


@dataclass(frozen=True, kw_only=True)
class PublishCatalogueEntries(Command):
    """Publish several entries at once, services before the packages naming them (a seed)."""

    entries: tuple[CatalogueEntry, ...]


@dataclass(frozen=True, kw_only=True)
class AmendCatalogueEntry(Command):
    """A new version of an entry from its `valid_from`; the one before ends the day before."""

    entry: CatalogueEntry


@dataclass(frozen=True, kw_only=True)
class WithdrawCatalogueEntry(Command):
    """The entry's last day."""

    code: str
    valid_to: date


@dataclass(frozen=True, kw_only=True)
class Justification:
    """Why the worker picks an entry whose condition the household's facts do not meet."""

    code: str
    text: str


@dataclass(frozen=True, kw_only=True)
class ChooseServices(ChangeCommand):
    """Record the proposal for a household at a catalogue version and the worker's picks."""

    folder_id: UUID
    person_id: UUID
    interview_id: UUID
    catalogue_version: int
    stated: StatedFindings
    chosen: tuple[str, ...]
    justifications: tuple[Justification, ...] = ()
    proposed_on: date
