"""Wrocław's starting catalogue, a data file (services/catalogue/seed/wroclaw.toml): read
into entries and published by the admin in one command (all or none). Services come before
the packages that name them."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from domain.catalogue import PACKAGE_FORM, CatalogueEntry, EntryKind, PackageItem, Standard
from services.application import CommandApplication
from services.catalogue.commands import PublishCatalogueEntries
from services.commands import CommandContext, CommandResult

WROCLAW_SEED = Path(__file__).parent / "seed" / "wroclaw.toml"


def _standard(data: dict[str, Any]) -> Standard:
    return Standard(delivered=data["delivered"], frequency=data["frequency"],
                    hours=data.get("hours", ""),
                    qualifications=tuple(data.get("qualifications", ())))


def _entry(data: dict[str, Any], kind: EntryKind, valid_from: date) -> CatalogueEntry:
    return CatalogueEntry(
        code=data["code"], kind=kind.value, name_pl=data["name_pl"], name_en=data["name_en"],
        form=data.get("form", PACKAGE_FORM), legal_basis=data["legal_basis"],
        condition=data["condition"], description_pl=data["description_pl"],
        valid_from=valid_from,
        standard=_standard(data["standard"]) if "standard" in data else None,
        items=tuple(PackageItem(service=i["service"], standard=_standard(i["standard"]))
                    for i in data.get("items", ())),
        places=tuple(data.get("places", ())),
        basis_to_confirm=bool(data.get("basis_to_confirm", False)))


def seed_entries(path: Path = WROCLAW_SEED) -> tuple[CatalogueEntry, ...]:
    """The file's services, then its packages, each valid from the file's `valid_from`."""
    with path.open("rb") as file:
        data = tomllib.load(file)
    valid_from = data["valid_from"]
    if not isinstance(valid_from, date):
        valid_from = date.fromisoformat(str(valid_from))
    return (*(_entry(s, EntryKind.SERVICE, valid_from) for s in data.get("service", ())),
            *(_entry(p, EntryKind.PACKAGE, valid_from) for p in data.get("package", ())))


def publish_seed(app: CommandApplication, ctx: Callable[[], CommandContext],
                 path: Path = WROCLAW_SEED) -> CommandResult:
    """Publish the seed's entries as the admin (`ctx` makes the command's context)."""
    return app.handle(ctx(), PublishCatalogueEntries(entries=seed_entries(path)))
