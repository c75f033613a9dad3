"""The access log as a queryable table: who viewed whose data, in which view, why, when."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Column, DateTime, MetaData, String, Table, Uuid, select
from sqlalchemy.engine import Connection

from domain.access import AccessRecord
from domain.user import User
from projections.batch import Batch
from projections.projection import Projection, Tables

MAX_ROWS = 1000


class AccessLogView(Projection):
    name = "access_log"
    reads = (
        AccessRecord.PersonalDataViewed,
        User.UserRegistered,
        User.UserRegisteredOnServer,
        User.UserCreationConfirmed,
        User.RoleChanged,
        User.RoleChangeConfirmed,
    )

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        return {
            "entries": Table(
                f"{prefix}_entries", metadata,
                Column("record_id", Uuid, primary_key=True),
                Column("viewer_id", Uuid, nullable=False, index=True),
                Column("viewer_role", String(32), nullable=False),
                Column("viewer_unit", String(32), nullable=False, index=True),
                Column("folder_id", Uuid, index=True),
                Column("person_id", Uuid, index=True),
                Column("view", String(32), nullable=False),
                Column("purpose", String(200), nullable=False),
                Column("viewed_at", DateTime(timezone=True), nullable=False, index=True),
            ),
            "staff": Table(
                f"{prefix}_staff", metadata,
                Column("user_id", Uuid, primary_key=True),
                Column("display_name", String(120), nullable=False),
                Column("role", String(32), nullable=False),
                Column("unit", String(32), nullable=False),
            ),
        }

    def on_PersonalDataViewed(self, batch: Batch, t: Tables, e: Any) -> None:
        batch.insert(
            t.entries, record_id=e.originator_id, viewer_id=e.viewer_id, viewer_role=e.viewer_role,
            viewer_unit=e.viewer_unit, folder_id=e.folder_id, person_id=e.person_id,
            view=e.view, purpose=e.purpose, viewed_at=e.viewed_at,
        )

    def on_UserRegistered(self, batch: Batch, t: Tables, e: Any) -> None:
        batch.insert(t.staff, user_id=e.originator_id, display_name=e.display_name,
                     role=e.role, unit=e.unit)

    # Created by the operator, or confirmed by a manager: someone who may act (a requested
    # account is not staff until then). Both events carry the name, role and unit.
    on_UserRegisteredOnServer = on_UserCreationConfirmed = on_UserRegistered

    def on_RoleChanged(self, batch: Batch, t: Tables, e: Any) -> None:
        batch.update(t.staff, e.originator_id, role=e.role, unit=e.unit)

    on_RoleChangeConfirmed = on_RoleChanged

    def entries(
        self,
        conn: Connection,
        t: Tables,
        *,
        unit: str | None = None,
        viewer_id: UUID | None = None,
        folder_id: UUID | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """Entries newest first, filtered; `unit` limits to viewers of that unit."""
        c = t.entries.c
        stmt = (
            select(t.entries, t.staff.c.display_name.label("viewer_name"))
            .join(t.staff, t.staff.c.user_id == c.viewer_id, isouter=True)
            .order_by(c.viewed_at.desc())
            .limit(MAX_ROWS)
        )
        if unit is not None:
            stmt = stmt.where(c.viewer_unit == unit)
        if viewer_id is not None:
            stmt = stmt.where(c.viewer_id == viewer_id)
        if folder_id is not None:
            stmt = stmt.where(c.folder_id == folder_id)
        if since is not None:
            stmt = stmt.where(c.viewed_at >= since)
        if until is not None:
            stmt = stmt.where(c.viewed_at < until)
        return [dict(row) for row in conn.execute(stmt).mappings()]
