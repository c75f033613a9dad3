"""The catalogue as dated versions: given the entries published, when the admin publishes,
amends or withdraws, then the versions' validity — never two versions of one entry on the
same day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from domain.catalogue import (
    CatalogueEntry,
    EntryNotFoundError,
    EntryWithdrawnError,
    InvalidEntryCodeError,
    InvalidEntryError,
    InvalidValidityError,
    OverlappingValidityError,
    PackageItem,
    ServiceCatalogue,
    Standard,
    UnknownPackageServiceError,
)

STANDARD = Standard(delivered="pomoc w domu", frequency="codziennie", hours="8:00–16:00")


def service(code: str = "care.home", valid_from: date = date(2025, 1, 1),
            condition: str = "age >= 65", **fields) -> CatalogueEntry:
    return CatalogueEntry(code=code, kind="service", name_pl="Usługi opiekuńcze",
                          name_en="Home care", form="care_services",
                          legal_basis="art. 50 u.p.s.", condition=condition,
                          description_pl="Opiekunka w domu.", valid_from=valid_from,
                          standard=STANDARD, **fields)


def package(code: str, services: tuple[str, ...], valid_from: date = date(2025, 1, 1)
            ) -> CatalogueEntry:
    return CatalogueEntry(code=code, kind="package", name_pl="Pakiet", name_en="Package",
                          form="package", legal_basis="art. 50 u.p.s.", condition="true",
                          description_pl="Pakiet.", valid_from=valid_from,
                          items=tuple(PackageItem(service=s, standard=STANDARD)
                                      for s in services))


def catalogue(*entries: CatalogueEntry) -> ServiceCatalogue:
    c = ServiceCatalogue.start()
    for e in entries:
        c.publish(e)
    return c


def test_an_amendment_starts_a_new_version_and_ends_the_one_before_the_day_before():
    c = catalogue(service())
    c.amend(service(valid_from=date(2026, 1, 1), condition="age >= 60"))
    assert [(e.version, e.valid_from, e.valid_to) for e in c.entries["care.home"].versions] == [
        (1, date(2025, 1, 1), date(2025, 12, 31)), (2, date(2026, 1, 1), None)]
    assert c.entries_on(date(2025, 12, 31))[0].condition == "age >= 65"
    assert c.entries_on(date(2026, 1, 1))[0].condition == "age >= 60"


def test_a_withdrawn_entry_is_not_in_the_catalogue_after_its_last_day():
    c = catalogue(service())
    c.withdraw("care.home", date(2025, 6, 30))
    assert [e.code for e in c.entries_on(date(2025, 6, 30))] == ["care.home"]
    assert c.entries_on(date(2025, 7, 1)) == []
    with pytest.raises(EntryWithdrawnError):
        c.amend(service(valid_from=date(2025, 8, 1)))
    c.publish(service(valid_from=date(2025, 9, 1)))  # brought back after the gap
    assert c.entry("care.home").version == 2


@pytest.mark.parametrize("valid_from", [date(2025, 1, 1), date(2024, 1, 1), date(2030, 1, 1)])
def test_publishing_an_entry_again_while_it_is_valid_is_an_overlap(valid_from):
    c = catalogue(service())
    with pytest.raises(OverlappingValidityError):
        c.publish(service(valid_from=valid_from))


def test_an_amendment_from_a_day_not_after_the_current_version_is_an_overlap():
    c = catalogue(service())
    for day in (date(2025, 1, 1), date(2024, 12, 31)):
        with pytest.raises(OverlappingValidityError):
            c.amend(service(valid_from=day))
    assert c.version == 2  # started, published: nothing else recorded


def test_withdrawing_before_the_version_starts_or_an_unknown_entry_is_refused():
    c = catalogue(service())
    with pytest.raises(InvalidValidityError):
        c.withdraw("care.home", date(2024, 12, 31))
    with pytest.raises(EntryNotFoundError):
        c.withdraw("no.such", date(2025, 12, 31))


def test_a_package_names_only_services_of_the_catalogue_on_its_first_day():
    c = catalogue(service())
    with pytest.raises(UnknownPackageServiceError) as refused:
        c.publish(package("pkg.x", ("care.home", "meal.hot")))
    assert refused.value.params["services"] == ["meal.hot"]
    with pytest.raises(UnknownPackageServiceError):
        c.publish(package("pkg.y", ("care.home",), valid_from=date(2024, 6, 1)))
    c.publish(package("pkg.z", ("care.home",)))
    assert c.entry("pkg.z").services == ("care.home",)


@pytest.mark.parametrize("fields, error", [
    ({"code": "Care Home"}, InvalidEntryCodeError),
    ({"kind": "thing"}, InvalidEntryError),
    ({"form": "cash"}, InvalidEntryError),
    ({"form": "package"}, InvalidEntryError),
    ({"name_pl": " "}, InvalidEntryError),
    ({"standard": None}, InvalidEntryError),
    ({"places": ("MCUS", "MCUS")}, InvalidEntryError),
    ({"valid_to": date(2024, 1, 1)}, InvalidValidityError),
])
def test_a_bad_entry_is_refused(fields, error):
    with pytest.raises(error):
        replace(service(), **fields)
