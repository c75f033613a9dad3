"""The provider directory: who delivers which forms of help, where, for how many — for the
admin who keeps it and for those who choose a provider in a decision. No case content."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Column, Integer, MetaData, String, Table, Uuid, select
from sqlalchemy.engine import Connection

from domain.provider import MAX_PROVIDER_ADDRESS_LENGTH, MAX_PROVIDER_NAME_LENGTH, Provider
from domain.user import MAX_UNIT_LENGTH
from projections.batch import Batch
from projections.projection import Projection, Tables, handles


def _row(e: Provider.Registered | Provider.Amended) -> dict[str, Any]:
    return {"name": e.name, "address": e.address, "services": ",".join(e.services),
            "capacity": e.capacity}


class ProviderDirectory(Projection):
    name = "providers"

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        return {
            "providers": Table(
                f"{prefix}_providers", metadata,
                Column("provider_key", Uuid, primary_key=True),
                Column("provider_id", String(MAX_UNIT_LENGTH), nullable=False, unique=True),
                Column("version", Integer, nullable=False),
                Column("name", String(MAX_PROVIDER_NAME_LENGTH), nullable=False),
                Column("address", String(MAX_PROVIDER_ADDRESS_LENGTH), nullable=False),
                # The forms of help it offers, comma-separated codes (domain/help.py).
                Column("services", String(600), nullable=False),
                Column("capacity", Integer, nullable=True),
                Column("active", Boolean, nullable=False),
                # Places per service (form → places) where set; the queue is the handoff's.
                Column("places", JSON, nullable=False),
            ),
        }

    @handles(Provider.Registered)
    def on_Registered(self, batch: Batch, t: Tables, e: Provider.Registered) -> None:
        batch.insert(t.providers, provider_key=e.originator_id, provider_id=e.code,
                     version=e.originator_version, active=True, places={}, **_row(e))

    @handles(Provider.Amended)
    def on_Amended(self, batch: Batch, t: Tables, e: Provider.Amended) -> None:
        batch.update(t.providers, e.originator_id, version=e.originator_version, **_row(e))

    @handles(Provider.Deactivated)
    def on_Deactivated(self, batch: Batch, t: Tables, e: Provider.Deactivated) -> None:
        batch.update(t.providers, e.originator_id, version=e.originator_version, active=False)

    @handles(Provider.Reactivated)
    def on_Reactivated(self, batch: Batch, t: Tables, e: Provider.Reactivated) -> None:
        batch.update(t.providers, e.originator_id, version=e.originator_version, active=True)

    @handles(Provider.CapacitySet)
    def on_CapacitySet(self, batch: Batch, t: Tables, e: Provider.CapacitySet) -> None:
        row = batch.row(t.providers, e.originator_id)
        batch.update(t.providers, e.originator_id, version=e.originator_version,
                     places={**row["places"], e.form: e.places})

    @handles(Provider.PlaceTaken, Provider.OrderQueued, Provider.PlaceFreed, Provider.LeftQueue)
    def on_place(self, batch: Batch, t: Tables,
                 e: Provider.PlaceTaken | Provider.OrderQueued | Provider.PlaceFreed
                 | Provider.LeftQueue) -> None:
        # Who holds and who waits is the handoff queue's; here only the version moves (the
        # admin's next command names it).
        batch.update(t.providers, e.originator_id, version=e.originator_version)

    def providers(self, conn: Connection, t: Tables, *, form: str | None = None,
                  active_only: bool = False) -> list[dict[str, Any]]:
        """The directory by code; only the active ones offering `form` when asked."""
        p = t.providers.c
        stmt = select(t.providers).order_by(p.provider_id)
        if active_only:
            stmt = stmt.where(p.active.is_(True))
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
        for row in rows:
            row["services"] = [s for s in row["services"].split(",") if s]
        if form is not None:
            rows = [row for row in rows if form in row["services"]]
        return rows
