"""The access log as a queryable table: who viewed whose data, in which view, why, when."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid5

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    and_,
    func,
    or_,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select

from domain.access import AccessRecord, ListAccessRecord, ViewKind
from domain.user import User
from projections.batch import Batch
from projections.projection import Projection, Tables, handles

MAX_ROWS = 1000
MAX_LINES = 500  # of the grouped view, one page

# What a read must share with the person's current line to continue it (besides the person).
LINE_KEY = ("viewer_role", "viewer_unit", "folder_id", "person_id", "view", "purpose")
# The reads of the log itself make lines of their own: one between two reads of a folder
# does not split that folder's line, so the lines are the same whether they are shown or not.
LOG_VIEWS = frozenset({ViewKind.ACCESS_LOG.value, ViewKind.ACCESS_LOG_EXPORT.value})


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
                # The line (`lines`) this read is counted in.
                Column("line_id", Uuid, nullable=False, index=True),
                # A unit's entries of a period, newest first: the manager's screen and export.
                Index(f"{prefix}_unit_time", "viewer_unit", "viewed_at"),
            ),
            # The entries as people read them, grouped as they arrive: a person's read that
            # continues their current line (same LINE_KEY) counts in it, any other starts a
            # new one. A line's id is its first entry's record id.
            "lines": Table(
                f"{prefix}_lines", metadata,
                Column("line_id", Uuid, primary_key=True),
                Column("viewer_id", Uuid, nullable=False),
                # The person's lines in the order they began (of both streams).
                Column("seq", Integer, nullable=False),
                Column("viewer_role", String(32), nullable=False),
                Column("viewer_unit", String(32), nullable=False),
                Column("folder_id", Uuid),
                Column("person_id", Uuid),
                Column("view", String(32), nullable=False),
                Column("purpose", String(200), nullable=False),
                Column("count", Integer, nullable=False),
                Column("first_at", DateTime(timezone=True), nullable=False),
                Column("last_at", DateTime(timezone=True), nullable=False),
                # The first page of a unit's period, newest line first; by worker; by folder.
                Index(f"{prefix}_lines_unit_last", "viewer_unit", "last_at"),
                Index(f"{prefix}_lines_viewer_last", "viewer_id", "last_at"),
                Index(f"{prefix}_lines_folder_last", "folder_id", "last_at"),
            ),
            # Each person's current line, per stream ("log": reads of the log; "reads").
            "heads": Table(
                f"{prefix}_heads", metadata,
                Column("viewer_id", Uuid, primary_key=True),
                Column("stream", String(8), primary_key=True),
                Column("line_id", Uuid, nullable=False),
                Column("seq", Integer, nullable=False),
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
        _enter(batch, t, dict(
            record_id=e.originator_id, viewer_id=e.viewer_id, viewer_role=e.viewer_role,
            viewer_unit=e.viewer_unit, folder_id=e.folder_id, person_id=e.person_id,
            view=e.view, purpose=e.purpose, viewed_at=e.viewed_at,
        ))

    @handles(ListAccessRecord.PersonalDataListed)
    def on_PersonalDataListed(
        self, batch: Batch, t: Tables, e: ListAccessRecord.PersonalDataListed
    ) -> None:
        """One row per subject shown, as if each had been read alone: the data subject's
        report and the filters by folder find them all. Each row's id derives from the
        record's and the subject's place in it, so a rebuild writes the same rows."""
        for index, subject in enumerate(e.subjects):
            _enter(batch, t, dict(
                record_id=uuid5(e.originator_id, str(index)), viewer_id=e.viewer_id,
                viewer_role=e.viewer_role, viewer_unit=e.viewer_unit,
                folder_id=subject.folder_id, person_id=subject.person_id, view=e.view,
                purpose=e.purpose, viewed_at=e.viewed_at,
            ))

    def preload(self, batch: Batch, tables: Tables, events: list[Any]) -> None:
        """The current lines of the batch's readers, read in two statements."""
        viewers = {e.viewer_id for e in events
                   if isinstance(e, AccessRecord.PersonalDataViewed
                                 | ListAccessRecord.PersonalDataListed)}
        if not viewers:
            return
        batch.preload(tables.heads, "viewer_id", viewers)
        batch.preload(tables.lines, "line_id", [
            head["line_id"] for viewer in viewers
            for head in batch.rows_where(tables.heads, "viewer_id", viewer)])

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
        return [{k: v for k, v in row.items() if k != "line_id"}
                for row in conn.execute(stmt).mappings()]

    def grouped(
        self,
        conn: Connection,
        t: Tables,
        *,
        limit: int = MAX_LINES,
        since: datetime | None = None,
        until: datetime | None = None,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """The entries as people read them: consecutive reads by one person of the same
        subject in the same view for the same purpose make one line with their `count`,
        `first_at` and `last_at`, newest line first. Every read stays an entry; the lines
        are kept as the reads arrive (`lines`), so the first page is an index range scan.
        A filter picks lines, it does not regroup them. A line running over `since` or
        `until` counts only its reads inside the period (recounted from its entries)."""
        c = t.lines.c
        base = _filtered(
            select(t.lines, t.staff.c.display_name.label("viewer_name"))
            .join(t.staff, t.staff.c.user_id == c.viewer_id, isouter=True),
            c, **filters)
        order = (c.last_at.desc(), c.viewer_id, c.seq.desc())
        inside = base
        if since is not None:
            inside = inside.where(c.last_at >= since)
        if until is not None:
            inside = inside.where(c.last_at < until)
        rows = [dict(r) for r in conn.execute(inside.order_by(*order).limit(limit)).mappings()]
        if until is not None:
            # Lines going on after `until` (few: none when it is now) but begun before it.
            over = base.where(c.last_at >= until, c.first_at < until)
            if since is not None:
                over = over.where(c.last_at >= since)
            rows += [dict(r) for r in conn.execute(over).mappings()]
        cut = {r["line_id"]: r for r in rows
               if (since is not None and _aware(r["first_at"]) < since)
               or (until is not None and _aware(r["last_at"]) >= until)}
        if cut:
            e = t.entries.c
            within = select(e.line_id, func.count().label("count"),
                            func.min(e.viewed_at).label("first_at"),
                            func.max(e.viewed_at).label("last_at")
                            ).where(e.line_id.in_(cut)).group_by(e.line_id)
            if since is not None:
                within = within.where(e.viewed_at >= since)
            if until is not None:
                within = within.where(e.viewed_at < until)
            counted = {r.line_id: r for r in conn.execute(within)}
            for line_id, row in cut.items():
                found = counted.get(line_id)
                if found is None:  # defensive: no read of the line in the period
                    row["count"] = 0
                    continue
                row.update(count=found.count, first_at=found.first_at, last_at=found.last_at)
            rows = [r for r in rows if r["count"]]
        rows.sort(key=lambda r: r["seq"], reverse=True)
        rows.sort(key=lambda r: r["viewer_id"])
        rows.sort(key=lambda r: _aware(r["last_at"]), reverse=True)
        return [{k: v for k, v in row.items() if k not in ("line_id", "seq")}
                for row in rows[:limit]]


def _enter(batch: Batch, t: Tables, entry: dict[str, Any]) -> None:
    """Save one read as its entry and count it in its person's current line, or begin one.
    Reads are taken in the order they arrive (the log's order), so a rebuild makes the
    same lines as were made live."""
    viewer, at = entry["viewer_id"], _aware(entry["viewed_at"])
    stream = "log" if entry["view"] in LOG_VIEWS else "reads"
    head = batch.get(t.heads, (viewer, stream))
    line = batch.get(t.lines, head["line_id"]) if head is not None else None
    if line is not None and all(line[k] == entry[k] for k in LINE_KEY):
        line_id = line["line_id"]
        batch.update(t.lines, line_id, count=line["count"] + 1,
                     first_at=min(_aware(line["first_at"]), at),
                     last_at=max(_aware(line["last_at"]), at))
    else:
        line_id = entry["record_id"]
        seq = _next_seq(batch, t, viewer)
        batch.insert(t.lines, line_id=line_id, viewer_id=viewer, seq=seq, count=1,
                     first_at=at, last_at=at, **{k: entry[k] for k in LINE_KEY})
        if head is None:
            batch.insert(t.heads, viewer_id=viewer, stream=stream, line_id=line_id, seq=seq)
        else:
            batch.update(t.heads, (viewer, stream), line_id=line_id, seq=seq)
    batch.insert(t.entries, **entry, line_id=line_id)


def _next_seq(batch: Batch, t: Tables, viewer: UUID) -> int:
    """One more than the person's last line's, of either stream."""
    heads = [batch.get(t.heads, (viewer, stream)) for stream in ("log", "reads")]
    return 1 + max((h["seq"] for h in heads if h is not None), default=0)


def _aware(at: datetime) -> datetime:
    """SQLite gives times back without their zone; they are stored in UTC."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


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
