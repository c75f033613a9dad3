"""The catalogue's use cases: the admin publishes, amends and withdraws entries (each
condition checked as CEL over the fact schema, each place a provider of the directory),
and anyone proposing services reads the catalogue — as it is now, or at the version a
proposal recorded."""

from __future__ import annotations

from domain.catalogue import CATALOGUE_ID, CatalogueEntry, ServiceCatalogue
from domain.provider import Provider, UnknownProviderError, provider_key
from services.application import CommandApplication
from services.catalogue.commands import (
    AmendCatalogueEntry,
    PublishCatalogueEntries,
    PublishCatalogueEntry,
    WithdrawCatalogueEntry,
)
from services.catalogue.rules import check_rule
from services.commands import AggregateNotFoundError, CommandContext
from services.scope import NotPermittedError, may_manage_catalogue
from services.work import Work, handles


class CatalogueNotFoundError(AggregateNotFoundError):
    """Nothing was ever published (read as an empty catalogue, but a version asked for is
    not found)."""

    code = "catalogue.not_published"


class CatalogueVersionNotFoundError(AggregateNotFoundError):
    code = "catalogue.version_not_found"


def _always(ctx: CommandContext, catalogue: ServiceCatalogue) -> bool:
    return True  # the permission is the role's, asked before anything is read


def catalogue_to_change(work: Work) -> ServiceCatalogue:
    """The catalogue, for an admin only (else 403); started if there is none yet. The version
    read now is the precondition: a concurrent admin's change is refused as stale (409)."""
    if not may_manage_catalogue(work.ctx):
        raise NotPermittedError()
    try:
        current = work.read(ServiceCatalogue, CATALOGUE_ID)
    except AggregateNotFoundError:
        return work.create(ServiceCatalogue.start())
    return work.change(ServiceCatalogue, CATALOGUE_ID, current.version, in_scope=_always,
                       not_found=AggregateNotFoundError)


def checked(work: Work, entry: CatalogueEntry) -> CatalogueEntry:
    """The entry if its condition is CEL over the facts (422 with the error's position) and
    its places are providers of the directory (422 `provider.unknown`)."""
    check_rule(entry.condition)
    for code in entry.places:
        try:
            work.read(Provider, provider_key(code))
        except AggregateNotFoundError:
            raise UnknownProviderError(provider_id=code) from None
    return entry


class CatalogueUseCases(CommandApplication):
    @handles
    def publish_catalogue_entry(self, command: PublishCatalogueEntry, work: Work) -> None:
        """Add a service or a package to the catalogue."""
        catalogue = catalogue_to_change(work)
        catalogue.publish(checked(work, command.entry))

    @handles
    def publish_catalogue_entries(self, command: PublishCatalogueEntries, work: Work) -> None:
        """Publish a seed's entries in one transaction (all or none)."""
        catalogue = catalogue_to_change(work)
        for entry in command.entries:
            catalogue.publish(checked(work, entry))

    @handles
    def amend_catalogue_entry(self, command: AmendCatalogueEntry, work: Work) -> None:
        """A new version of an entry from its first day."""
        catalogue = catalogue_to_change(work)
        catalogue.amend(checked(work, command.entry))

    @handles
    def withdraw_catalogue_entry(self, command: WithdrawCatalogueEntry, work: Work) -> None:
        """The entry's last day."""
        catalogue_to_change(work).withdraw(command.code, command.valid_to)

    def service_catalogue(self, version: int | None = None) -> ServiceCatalogue:
        """The catalogue now, or at `version` (as a recorded proposal saw it); an empty one
        when nothing was published. Only read: the cached aggregate itself, not a copy (a
        copy of 200 entries costs more than a proposal); an older version is replayed."""
        try:
            current = self.load(ServiceCatalogue, CATALOGUE_ID, CatalogueNotFoundError,
                                read_only=True)
        except CatalogueNotFoundError:
            if version is not None:
                raise CatalogueVersionNotFoundError(version=version) from None
            return ServiceCatalogue.start()
        if version is None or version == current.version:
            return current
        if version > current.version:
            raise CatalogueVersionNotFoundError(version=version)
        older: ServiceCatalogue = self.repository.get(CATALOGUE_ID, version=version,
                                                      deepcopy_from_cache=False)
        return older
