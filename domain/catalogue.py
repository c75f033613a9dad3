"""The service catalogue: services and packages as dated, versioned data (issue #20).

An entry says "in situation S a person may receive U, under conditions W, at places M": its
form of help (an art. 36 code of `domain/help.py`, or a local kind such as a referral to the
labour office), its legal basis, its standard (what is delivered, how often, in which hours,
by whom), its condition (a CEL expression over the facts of `domain/catalogue_facts.py`,
checked by the services layer before it gets here), the providers delivering it (directory
codes) and a plain-Polish description for the client. A package names its services, each
with the standard it is given at in the package.

The whole catalogue is one aggregate: its version is the catalogue's version, which a
proposal records, and `repository.get(CATALOGUE_ID, version=n)` gives the catalogue exactly
as a proposal saw it. An entry's versions follow each other in time: publishing starts one
(`valid_from`), amending starts the next (the previous one ends the day before), withdrawing
ends the last (`valid_to`). Two versions of one code never cover the same day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import (
    DomainConflictError,
    DomainError,
    InvalidValueError,
    NotFoundInAggregateError,
)
from domain.help import FORMS
from domain.text import within

CATALOGUE_ID = uuid5(UUID("6b1f7a0e-2c4d-4e8f-9a1b-3c5d7e9f0a2b"), "service-catalogue")

MAX_ENTRY_CODE_LENGTH = 40
MAX_ENTRY_NAME_LENGTH = 200
MAX_LEGAL_BASIS_LENGTH = 300
MAX_CONDITION_LENGTH = 2_000
MAX_DESCRIPTION_LENGTH = 4_000
MAX_STANDARD_TEXT_LENGTH = 300
MAX_QUALIFICATIONS = 10
MAX_PLACES = 20
MAX_PACKAGE_ITEMS = 20
# An entry's code as the seed writes it: "care.home", "pkg.senior-after-hospital".
_CODE = re.compile(r"[a-z0-9][a-z0-9_.-]*")


class EntryKind(StrEnum):
    SERVICE = "service"
    PACKAGE = "package"


class LocalKind(StrEnum):
    """Help the city gives that is not a form of art. 36 (its own programmes, referrals)."""

    REFERRAL = "referral"  # to the labour office, a therapy centre, a legal aid point
    NGO_PROGRAMME = "ngo_programme"  # a commissioned task run by an NGO
    LOCAL_PROGRAMME = "local_programme"  # a municipal programme by a council resolution
    TRANSPORT = "transport"
    SUPPORT_GROUP = "support_group"


PACKAGE_FORM = "package"
LOCAL_FORMS: tuple[str, ...] = tuple(kind.value for kind in LocalKind)
ENTRY_FORMS: tuple[str, ...] = (*(str(form) for form in FORMS), *LOCAL_FORMS, PACKAGE_FORM)


class CatalogueError(DomainError):
    code = "catalogue.error"


class InvalidEntryCodeError(CatalogueError, InvalidValueError):
    code = "catalogue.invalid_code"


class InvalidEntryError(CatalogueError, InvalidValueError):
    """A field of the entry is missing or not of its kind (`field` names it)."""

    code = "catalogue.invalid_entry"


class UnknownPackageServiceError(CatalogueError, InvalidValueError):
    """A package names a service the catalogue does not hold on the package's first day."""

    code = "catalogue.unknown_service"


class InvalidValidityError(CatalogueError, InvalidValueError):
    code = "catalogue.invalid_validity"


class OverlappingValidityError(CatalogueError, DomainConflictError):
    """Two versions of one entry would cover the same day."""

    code = "catalogue.overlapping_validity"


class EntryNotFoundError(CatalogueError, NotFoundInAggregateError):
    code = "catalogue.entry_not_found"


class EntryWithdrawnError(CatalogueError, DomainConflictError):
    code = "catalogue.entry_withdrawn"


class CatalogueVersionSupersededError(CatalogueError, DomainConflictError):
    """A proposal made at a catalogue version whose entries for its day were changed since (an
    amendment or withdrawal taking effect by then): it is not used; propose again."""

    code = "catalogue.version_superseded"


@dataclass(frozen=True)
class Standard:
    """What the service is, as delivered: the what, how often, the hours, who may give it."""

    delivered: str
    frequency: str
    hours: str = ""
    qualifications: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("delivered", "frequency"):
            _text(getattr(self, name), f"standard.{name}", MAX_STANDARD_TEXT_LENGTH)
        _text(self.hours, "standard.hours", MAX_STANDARD_TEXT_LENGTH, required=False)
        qualifications = tuple(self.qualifications)
        if len(qualifications) > MAX_QUALIFICATIONS:
            raise InvalidEntryError(field="standard.qualifications")
        for q in qualifications:
            _text(q, "standard.qualifications", MAX_STANDARD_TEXT_LENGTH)
        object.__setattr__(self, "qualifications", qualifications)


@dataclass(frozen=True)
class PackageItem:
    """One service of a package, at the standard the package gives it."""

    service: str
    standard: Standard

    def __post_init__(self) -> None:
        check_entry_code(self.service)
        if isinstance(self.standard, dict):  # read back from the store's JSON
            object.__setattr__(self, "standard", Standard(**self.standard))


@dataclass(frozen=True)
class CatalogueEntry:
    """One version of a service or a package."""

    code: str
    kind: str
    name_pl: str
    name_en: str
    form: str
    legal_basis: str
    condition: str
    description_pl: str
    valid_from: date
    valid_to: date | None = None
    standard: Standard | None = None
    items: tuple[PackageItem, ...] = ()
    places: tuple[str, ...] = ()
    # A local entry's basis names its programme or resolution generically until MOPS
    # confirms the act's number and date.
    basis_to_confirm: bool = False
    version: int = 1

    def __post_init__(self) -> None:
        check_entry_code(self.code)
        if self.kind not in tuple(EntryKind):
            raise InvalidEntryError(field="kind")
        if self.form not in ENTRY_FORMS or \
                (self.form == PACKAGE_FORM) != (self.kind == EntryKind.PACKAGE):
            raise InvalidEntryError(field="form")
        for name, maximum in (("name_pl", MAX_ENTRY_NAME_LENGTH),
                              ("name_en", MAX_ENTRY_NAME_LENGTH),
                              ("legal_basis", MAX_LEGAL_BASIS_LENGTH),
                              ("description_pl", MAX_DESCRIPTION_LENGTH)):
            _text(getattr(self, name), name, maximum)
        _text(self.condition, "condition", MAX_CONDITION_LENGTH)
        if not isinstance(self.valid_from, date):
            raise InvalidEntryError(field="valid_from")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise InvalidValidityError(valid_from=self.valid_from.isoformat(),
                                       valid_to=self.valid_to.isoformat())
        standard = self.standard
        if isinstance(standard, dict):  # read back from the store's JSON
            standard = Standard(**standard)
        items = tuple(PackageItem(**i) if isinstance(i, dict) else i for i in self.items)
        if self.kind == EntryKind.SERVICE and (standard is None or items):
            raise InvalidEntryError(field="standard")
        if self.kind == EntryKind.PACKAGE and not 0 < len(items) <= MAX_PACKAGE_ITEMS:
            raise InvalidEntryError(field="items")
        places = tuple(self.places)
        if len(places) > MAX_PLACES or len(set(places)) != len(places):
            raise InvalidEntryError(field="places")
        object.__setattr__(self, "standard", standard)
        object.__setattr__(self, "items", items)
        object.__setattr__(self, "places", places)

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def services(self) -> tuple[str, ...]:
        """The services a pick of this entry asks for: itself, or a package's items."""
        return tuple(i.service for i in self.items) if self.items else (self.code,)


def check_entry_code(code: object) -> str:
    if not isinstance(code, str) or len(code) > MAX_ENTRY_CODE_LENGTH or \
            not _CODE.fullmatch(code):
        raise InvalidEntryCodeError(code=code)
    return code


def _text(value: object, name: str, maximum: int, *, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidEntryError(field=name)
    return within(value, name, maximum)


@dataclass
class _Versions:
    """One entry's versions, oldest first (state, not an event payload)."""

    versions: list[CatalogueEntry] = field(default_factory=list)

    @property
    def last(self) -> CatalogueEntry:
        return self.versions[-1]


class ServiceCatalogue(Aggregate):
    """The city's catalogue of services and packages; its version is the catalogue's."""

    @classmethod
    def start(cls) -> ServiceCatalogue:
        return cls._create(cls.Started, id=CATALOGUE_ID)

    class Started(Aggregate.Created):
        pass

    @event(Started)
    def __init__(self) -> None:
        self.entries: dict[str, _Versions] = {}

    # -- reading ---------------------------------------------------------------------

    def entries_on(self, day: date) -> list[CatalogueEntry]:
        """The version of every entry valid on `day`, services before packages, by code."""
        valid = [v for e in self.entries.values() for v in e.versions if v.valid_on(day)]
        return sorted(valid, key=lambda e: (e.kind != EntryKind.SERVICE, e.code))

    def check_still_valid(self, seen: ServiceCatalogue, day: date) -> None:
        """The catalogue `seen` (an older version of this one) gives `day` the same entries
        as this one does; else 409 naming the current version."""
        def valid(c: ServiceCatalogue) -> list[tuple[str, int]]:
            return [(e.code, e.version) for e in c.entries_on(day)]
        if seen.version != self.version and valid(seen) != valid(self):
            raise CatalogueVersionSupersededError(version=seen.version,
                                                  current_version=self.version,
                                                  day=day.isoformat())

    def all_versions(self) -> list[CatalogueEntry]:
        return [v for e in self.entries.values() for v in e.versions]

    def entry(self, code: str) -> CatalogueEntry:
        found = self.entries.get(code)
        if found is None:
            raise EntryNotFoundError(code=code)
        return found.last

    # -- the admin's commands ----------------------------------------------------------

    def publish(self, entry: CatalogueEntry) -> None:
        """Add an entry (or bring back a withdrawn one from after its last day)."""
        known = self.entries.get(entry.code)
        if known is not None:
            last = known.last
            if last.valid_to is None or entry.valid_from <= last.valid_to:
                raise OverlappingValidityError(
                    code=entry.code, valid_from=entry.valid_from.isoformat(),
                    existing_from=last.valid_from.isoformat(),
                    existing_to=last.valid_to.isoformat() if last.valid_to else None)
        self._check_items(entry)
        version = 1 if known is None else known.last.version + 1
        self._entry_published(entry=replace(entry, version=version))

    class EntryPublished(Aggregate.Event):
        entry: CatalogueEntry

    @event(EntryPublished)
    def _entry_published(self, entry: CatalogueEntry) -> None:
        self.entries.setdefault(entry.code, _Versions()).versions.append(entry)

    def amend(self, entry: CatalogueEntry) -> None:
        """A new version of the entry from `valid_from`; the one before ends the day before."""
        known = self.entries.get(entry.code)
        if known is None:
            raise EntryNotFoundError(code=entry.code)
        last = known.last
        if last.valid_to is not None and last.valid_to < entry.valid_from:
            raise EntryWithdrawnError(code=entry.code, valid_to=last.valid_to.isoformat())
        if entry.valid_from <= last.valid_from:
            raise OverlappingValidityError(
                code=entry.code, valid_from=entry.valid_from.isoformat(),
                existing_from=last.valid_from.isoformat(),
                existing_to=last.valid_to.isoformat() if last.valid_to else None)
        if entry.kind != last.kind:
            raise InvalidEntryError(field="kind")
        self._check_items(entry)
        self._entry_amended(entry=replace(entry, version=last.version + 1))

    class EntryAmended(Aggregate.Event):
        entry: CatalogueEntry

    @event(EntryAmended)
    def _entry_amended(self, entry: CatalogueEntry) -> None:
        versions = self.entries[entry.code].versions
        versions[-1] = replace(versions[-1], valid_to=entry.valid_from - timedelta(days=1))
        versions.append(entry)

    def withdraw(self, code: str, valid_to: date) -> None:
        """The entry's last day: no proposal made for a later day offers it."""
        known = self.entries.get(code)
        if known is None:
            raise EntryNotFoundError(code=code)
        last = known.last
        if last.valid_to is not None and last.valid_to <= valid_to:
            raise EntryWithdrawnError(code=code, valid_to=last.valid_to.isoformat())
        if valid_to < last.valid_from:
            raise InvalidValidityError(valid_from=last.valid_from.isoformat(),
                                       valid_to=valid_to.isoformat())
        self._entry_withdrawn(code=code, valid_to=valid_to)

    class EntryWithdrawn(Aggregate.Event):
        code: str
        valid_to: date

    @event(EntryWithdrawn)
    def _entry_withdrawn(self, code: str, valid_to: date) -> None:
        versions = self.entries[code].versions
        versions[-1] = replace(versions[-1], valid_to=valid_to)

    def _check_items(self, entry: CatalogueEntry) -> None:
        """A package's services are services of the catalogue on the package's first day."""
        on_first_day = {e.code: e for e in self.entries_on(entry.valid_from)}
        unknown = sorted(i.service for i in entry.items
                         if i.service not in on_first_day
                         or on_first_day[i.service].kind != EntryKind.SERVICE)
        if unknown:
            raise UnknownPackageServiceError(code=entry.code, services=unknown)
