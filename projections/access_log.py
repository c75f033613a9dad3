"""The access log as a queryable table: who viewed whose data, in which view, why, when."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from sqlalchemy import Column, DateTime, MetaData, String, Table, Uuid, select
from sqlalchemy.engine import Connection

from domain.access import AccessRecord, ListAccessRecord
from domain.user import User
from projections.batch import Batch
from projections.projection import Projection, Tables, handles

MAX_ROWS = 1000


class AccessLogView(Projection):
    name = "access_log"

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

    @handles(AccessRecord.PersonalDataViewed)
    def on_PersonalDataViewed(
        self, batch: Batch, t: Tables, e: AccessRecord.PersonalDataViewed
    ) -> None:
        batch.insert(
            t.entries, record_id=e.originator_id, viewer_id=e.viewer_id, viewer_role=e.viewer_role,
            viewer_unit=e.viewer_unit, folder_id=e.folder_id, person_id=e.person_id,
            view=e.view, purpose=e.purpose, viewed_at=e.viewed_at,
        )

    @handles(ListAccessRecord.PersonalDataListed)
    def on_PersonalDataListed(
        self, batch: Batch, t: Tables, e: ListAccessRecord.PersonalDataListed
    ) -> None:
        """One row per subject shown, as if each had been read alone: the data subject's
        report and the filters by folder find them all. Each row's id derives from the
        record's and the subject's place in it, so a rebuild writes the same rows."""
        for index, subject in enumerate(e.subjects):
            batch.insert(
                t.entries, record_id=uuid5(e.originator_id, str(index)), viewer_id=e.viewer_id,
                viewer_role=e.viewer_role, viewer_unit=e.viewer_unit,
                folder_id=subject.folder_id, person_id=subject.person_id, view=e.view,
                purpose=e.purpose, viewed_at=e.viewed_at,
            )

    # Created by the operator, or confirmed by a manager: someone who may act (a requested
    # account is not staff until then). Both events carry the name, role and unit.
    @handles(User.UserRegistered, User.UserRegisteredOnServer, User.UserCreationConfirmed)
    def on_UserRegistered(
        self, batch: Batch, t: Tables,
        e: User.UserRegistered | User.UserRegisteredOnServer | User.UserCreationConfirmed,
    ) -> None:
        batch.insert(t.staff, user_id=e.originator_id, display_name=e.display_name,
                     role=e.role, unit=e.unit)

    @handles(User.RoleChanged, User.RoleChangeConfirmed)
    def on_RoleChanged(
        self, batch: Batch, t: Tables, e: User.RoleChanged | User.RoleChangeConfirmed
    ) -> None:
        batch.update(t.staff, e.originator_id, role=e.role, unit=e.unit)

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
        leave_out_views: Iterable[str] = (),
    ) -> list[dict[str, Any]]:
        """Entries newest first, filtered; `unit` limits to viewers of that unit;
        `leave_out_views` drops the entries of those views."""
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
        leave_out = tuple(leave_out_views)
        if leave_out:
            stmt = stmt.where(c.view.not_in(leave_out))
        return [dict(row) for row in conn.execute(stmt).mappings()]
