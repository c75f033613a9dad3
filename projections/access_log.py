"""The access log as a queryable table: who viewed whose data, in which view, why, when."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    MetaData,
    String,
    Table,
    Uuid,
    and_,
    case,
    func,
    or_,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select

from domain.access import AccessRecord, ListAccessRecord
from domain.user import User
from projections.batch import Batch
from projections.projection import Projection, Tables, handles

MAX_ROWS = 1000
MAX_LINES = 500  # of the grouped view, one page


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
                # A unit's entries of a period, newest first: the manager's screen and export.
                Index(f"{prefix}_unit_time", "viewer_unit", "viewed_at"),
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
        before: tuple[datetime, UUID] | None = None,
        limit: int = MAX_ROWS,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """Entries newest first, filtered (`_filtered`); `before` (a time and record id) gives
        the next page of a listing that goes on from there (the CSV export's chunks)."""
        c = t.entries.c
        stmt = _filtered(
            select(t.entries, t.staff.c.display_name.label("viewer_name"))
            .join(t.staff, t.staff.c.user_id == c.viewer_id, isouter=True),
            c, **filters,
        ).order_by(c.viewed_at.desc(), c.record_id.desc()).limit(limit)
        if before is not None:
            at, record_id = before
            stmt = stmt.where(or_(c.viewed_at < at,
                                  and_(c.viewed_at == at, c.record_id < record_id)))
        return [dict(row) for row in conn.execute(stmt).mappings()]

    def grouped(
        self, conn: Connection, t: Tables, *, limit: int = MAX_LINES, **filters: Any
    ) -> list[dict[str, Any]]:
        """The entries as people read them: consecutive reads by one person of the same
        subject in the same view for the same purpose make one line with their `count`,
        `first_at` and `last_at`, newest line first. Every read stays an entry; only this
        answer groups them (a gaps-and-islands query: a read starts a new line when the
        person's previous read, in time order, was of something else)."""
        c = t.entries.c
        def previous(column: Any) -> Any:
            """The person's read before this one, in time order: its `column`."""
            return func.lag(column).over(partition_by=c.viewer_id,
                                         order_by=(c.viewed_at, c.record_id))

        same_as_previous = and_(
            previous(c.folder_id).is_not_distinct_from(c.folder_id),
            previous(c.person_id).is_not_distinct_from(c.person_id),
            previous(c.view) == c.view,
            previous(c.purpose) == c.purpose,
        )
        marked = _filtered(select(
            c.record_id, c.viewer_id, c.viewer_role, c.viewer_unit, c.folder_id, c.person_id,
            c.view, c.purpose, c.viewed_at,
            case((same_as_previous, 0), else_=1).label("starts"),
        ), c, **filters).subquery("marked")
        m = marked.c
        runs = select(
            marked, func.sum(m.starts).over(
                partition_by=m.viewer_id, order_by=(m.viewed_at, m.record_id),
                rows=(None, 0)).label("run"),
        ).subquery("runs")
        r = runs.c
        keys = (r.viewer_id, r.run, r.viewer_role, r.viewer_unit, r.folder_id, r.person_id,
                r.view, r.purpose)
        lines = (
            select(*keys, func.count().label("count"), func.min(r.viewed_at).label("first_at"),
                   func.max(r.viewed_at).label("last_at"))
            .group_by(*keys).subquery("lines")
        )
        stmt = (
            select(lines, t.staff.c.display_name.label("viewer_name"))
            .join(t.staff, t.staff.c.user_id == lines.c.viewer_id, isouter=True)
            .order_by(lines.c.last_at.desc(), lines.c.viewer_id, lines.c.run.desc())
            .limit(limit)
        )
        return [{k: v for k, v in row.items() if k != "run"}
                for row in conn.execute(stmt).mappings()]


def _filtered(
    stmt: Select,
    c: Any,
    *,
    unit: str | None = None,
    viewer_id: UUID | None = None,
    folder_id: UUID | None = None,
    purpose: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    leave_out_views: Iterable[str] = (),
) -> Select:
    """`unit` limits to viewers of that unit; `since` inclusive, `until` exclusive;
    `leave_out_views` drops the entries of those views."""
    if unit is not None:
        stmt = stmt.where(c.viewer_unit == unit)
    if viewer_id is not None:
        stmt = stmt.where(c.viewer_id == viewer_id)
    if folder_id is not None:
        stmt = stmt.where(c.folder_id == folder_id)
    if purpose is not None:
        stmt = stmt.where(c.purpose == purpose)
    if since is not None:
        stmt = stmt.where(c.viewed_at >= since)
    if until is not None:
        stmt = stmt.where(c.viewed_at < until)
    leave_out = tuple(leave_out_views)
    if leave_out:
        stmt = stmt.where(c.view.not_in(leave_out))
    return stmt
