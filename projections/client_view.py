"""The live client view: a folder with its household, address, worker, interviews and timeline.

Also serves the lists built from the same rows: a worker's caseload and a team's folders.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

from domain.calendar import interview_update_due_on
from domain.case_folder import ERASED, CaseFolder
from projections.projection import Projection, Tables, event_classes_of


def _address_dict(address: Any) -> dict[str, Any]:
    return {
        "street": address.street,
        "building": address.building,
        "flat": address.flat,
        "postal_code": address.postal_code,
        "city": address.city,
        "teryt": address.teryt,
    }


def _member_row(folder_id: UUID, member: Any) -> dict[str, Any]:
    return {
        "folder_id": folder_id,
        "member_id": member.member_id,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "pesel": member.pesel,
        "document_kind": member.document.kind if member.document else None,
        "document_number": member.document.number if member.document else None,
        "birth_date": member.birth_date,
        "relation": member.relation,
    }


def _meta(event: Any) -> dict[str, Any]:
    return getattr(event, "meta", None) or {}


class ClientView(Projection):
    name = "client_view"
    reads = event_classes_of(CaseFolder)

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        return {
            "folders": Table(
                f"{prefix}_folders", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("version", Integer, nullable=False),
                Column("team_id", String(32), nullable=False, index=True),
                Column("worker_id", Uuid, index=True),
                Column("status", String(16), nullable=False),
                Column("opened_on", Date, nullable=False),
                Column("closed_on", Date),
                Column("close_reason", Text),
                Column("address", JSON, nullable=False),
                Column("address_line", String(300), nullable=False),
                Column("head_member_id", Uuid),
                Column("head_name", String(200)),
                Column("permanent_help", Boolean, nullable=False, default=False),
                Column("last_visit_on", Date),
                Column("next_interview_due_on", Date),
                Column("last_interview_on", Date),
                Column("interview_update_due_on", Date),
                Column("updated_at", String(40)),
            ),
            "members": Table(
                f"{prefix}_members", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("member_id", Uuid, primary_key=True),
                Column("first_name", String(80), nullable=False),
                Column("last_name", String(80), nullable=False),
                Column("pesel", String(11)),
                Column("document_kind", String(20)),
                Column("document_number", String(20)),
                Column("birth_date", Date),
                Column("relation", String(20), nullable=False),
            ),
            "interviews": Table(
                f"{prefix}_interviews", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("interview_id", Uuid, primary_key=True),
                Column("trigger_date", Date),
                Column("urgent", Boolean, nullable=False, default=False),
                Column("due_on", Date),
                Column("conducted_on", Date),
                Column("last_update_on", Date),
                Column("sections", JSON, nullable=False, default=dict),
            ),
            "timeline": Table(
                f"{prefix}_timeline", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("version", Integer, primary_key=True),
                Column("kind", String(40), nullable=False),
                Column("on_date", Date),
                Column("details", JSON, nullable=False),
                Column("actor_id", String(36)),
                Column("recorded_at", String(40)),
            ),
        }

    # -- writing -------------------------------------------------------------------------

    def _touch(self, conn: Connection, t: Tables, event: Any, **values: Any) -> None:
        conn.execute(
            update(t.folders)
            .where(t.folders.c.folder_id == event.originator_id)
            .values(
                version=event.originator_version,
                updated_at=_meta(event).get("recorded_at"),
                **values,
            )
        )

    def _timeline(
        self, conn: Connection, t: Tables, event: Any, kind: str, on: date | None, **details: Any
    ) -> None:
        meta = _meta(event)
        conn.execute(
            insert(t.timeline).values(
                folder_id=event.originator_id,
                version=event.originator_version,
                kind=kind,
                on_date=on,
                details=details,
                actor_id=meta.get("actor_id"),
                recorded_at=meta.get("recorded_at"),
            )
        )

    def on_CaseFolderOpened(self, conn: Connection, t: Tables, e: Any) -> None:
        conn.execute(
            insert(t.folders).values(
                folder_id=e.originator_id,
                version=e.originator_version,
                team_id=e.team_id,
                worker_id=None,
                status="open",
                opened_on=e.opened_on,
                address=_address_dict(e.address),
                address_line=e.address.line,
                head_member_id=e.head.member_id,
                head_name=e.head.full_name,
                permanent_help=False,
                updated_at=_meta(e).get("recorded_at"),
            )
        )
        conn.execute(insert(t.members).values(_member_row(e.originator_id, e.head)))
        self._timeline(conn, t, e, "folder_opened", e.opened_on, team_id=e.team_id)

    def on_HouseholdMemberAdded(self, conn: Connection, t: Tables, e: Any) -> None:
        conn.execute(insert(t.members).values(_member_row(e.originator_id, e.member)))
        self._touch(conn, t, e)
        self._timeline(conn, t, e, "member_added", None, member_id=str(e.member.member_id),
                       name=e.member.full_name, relation=e.member.relation)

    def on_MemberDetailsCorrected(self, conn: Connection, t: Tables, e: Any) -> None:
        changes: dict[str, Any] = {}
        for name in ("first_name", "last_name", "pesel", "birth_date", "relation"):
            value = getattr(e, name, None)
            if value is not None:
                changes[name] = value
        document = getattr(e, "document", None)
        if document is not None:
            changes["document_kind"] = document.kind
            changes["document_number"] = document.number
        m = t.members.c
        conn.execute(
            update(t.members)
            .where(m.folder_id == e.originator_id, m.member_id == e.member_id)
            .values(**changes)
        )
        folder_values: dict[str, Any] = {}
        head = conn.execute(
            select(m.first_name, m.last_name, m.relation).where(
                m.folder_id == e.originator_id, m.member_id == e.member_id
            )
        ).one()
        if head.relation == "head":
            folder_values["head_name"] = f"{head.first_name} {head.last_name}"
        self._touch(conn, t, e, **folder_values)
        self._timeline(conn, t, e, "member_corrected", None, member_id=str(e.member_id),
                       fields=sorted(changes))

    def on_AddressChanged(self, conn: Connection, t: Tables, e: Any) -> None:
        self._touch(conn, t, e, address=_address_dict(e.address), address_line=e.address.line)
        self._timeline(conn, t, e, "address_changed", e.changed_on, address=e.address.line)

    def on_FolderAssignedToWorker(self, conn: Connection, t: Tables, e: Any) -> None:
        self._touch(conn, t, e, worker_id=e.worker_id)
        self._timeline(conn, t, e, "assigned", None, worker_id=str(e.worker_id))

    def on_FolderTransferredToTeam(self, conn: Connection, t: Tables, e: Any) -> None:
        self._touch(conn, t, e, team_id=e.team_id, worker_id=None)
        self._timeline(conn, t, e, "transferred", None, team_id=e.team_id)

    def on_VisitRecorded(self, conn: Connection, t: Tables, e: Any) -> None:
        v = e.visit
        last = conn.execute(
            select(t.folders.c.last_visit_on).where(t.folders.c.folder_id == e.originator_id)
        ).scalar()
        self._touch(conn, t, e, last_visit_on=max(filter(None, (last, v.visited_on))))
        self._timeline(conn, t, e, "visit", v.visited_on, visit_id=str(v.visit_id),
                       minutes=v.minutes, activity=v.activity, place=v.place, notes=v.notes)

    def on_InterviewScheduled(self, conn: Connection, t: Tables, e: Any) -> None:
        conn.execute(
            insert(t.interviews).values(
                folder_id=e.originator_id, interview_id=e.interview_id,
                trigger_date=e.trigger_date, urgent=e.urgent, due_on=e.due_on, sections={},
            )
        )
        self._refresh_interview_dates(conn, t, e)
        self._timeline(conn, t, e, "interview_scheduled", e.trigger_date,
                       interview_id=str(e.interview_id), urgent=e.urgent,
                       due_on=e.due_on.isoformat())

    def on_InterviewConducted(self, conn: Connection, t: Tables, e: Any) -> None:
        i = t.interviews.c
        key = (i.folder_id == e.originator_id, i.interview_id == e.interview_id)
        exists = conn.execute(select(func.count()).where(*key)).scalar()
        values = {"conducted_on": e.conducted_on, "sections": dict(e.sections)}
        if exists:
            conn.execute(update(t.interviews).where(*key).values(**values))
        else:
            conn.execute(
                insert(t.interviews).values(
                    folder_id=e.originator_id, interview_id=e.interview_id, urgent=False,
                    **values,
                )
            )
        self._refresh_interview_dates(conn, t, e)
        self._timeline(conn, t, e, "interview_conducted", e.conducted_on,
                       interview_id=str(e.interview_id), sections=sorted(e.sections))

    def on_InterviewUpdated(self, conn: Connection, t: Tables, e: Any) -> None:
        i = t.interviews.c
        key = (i.folder_id == e.originator_id, i.interview_id == e.interview_id)
        sections = conn.execute(select(i.sections).where(*key)).scalar() or {}
        sections = {**sections, **{k: v for k, v in e.sections.items() if v and v.strip()}}
        conn.execute(
            update(t.interviews).where(*key).values(last_update_on=e.updated_on, sections=sections)
        )
        self._refresh_interview_dates(conn, t, e)
        self._timeline(conn, t, e, "interview_updated", e.updated_on,
                       interview_id=str(e.interview_id), sections=sorted(e.sections))

    def on_PermanentHelpNoted(self, conn: Connection, t: Tables, e: Any) -> None:
        self._touch(conn, t, e, permanent_help=bool(e.on))
        self._refresh_interview_dates(conn, t, e)

    def on_CaseFolderClosed(self, conn: Connection, t: Tables, e: Any) -> None:
        self._touch(conn, t, e, status="closed", closed_on=e.closed_on, close_reason=e.reason)
        self._timeline(conn, t, e, "folder_closed", e.closed_on, reason=e.reason)

    def on_PersonalDataErased(self, conn: Connection, t: Tables, e: Any) -> None:
        folder = e.originator_id
        teryt = conn.execute(
            select(t.folders.c.address).where(t.folders.c.folder_id == folder)
        ).scalar()["teryt"]
        self._touch(conn, t, e, status="erased", head_name=ERASED, address_line=ERASED,
                    address={"street": ERASED, "building": "", "flat": None,
                             "postal_code": "", "city": "", "teryt": teryt},
                    close_reason=None)
        conn.execute(update(t.members).where(t.members.c.folder_id == folder).values(
            first_name=ERASED, last_name="", pesel=None, document_kind=None,
            document_number=None, birth_date=None,
        ))
        conn.execute(update(t.interviews).where(t.interviews.c.folder_id == folder)
                     .values(sections={}))
        conn.execute(update(t.timeline).where(t.timeline.c.folder_id == folder)
                     .values(details={}))
        self._timeline(conn, t, e, "personal_data_erased", e.erased_on)

    def _refresh_interview_dates(self, conn: Connection, t: Tables, e: Any) -> None:
        i = t.interviews.c
        folder = e.originator_id
        next_due = conn.execute(
            select(func.min(i.due_on)).where(i.folder_id == folder, i.conducted_on.is_(None))
        ).scalar()
        last = conn.execute(
            select(func.max(func.coalesce(i.last_update_on, i.conducted_on))).where(
                i.folder_id == folder
            )
        ).scalar()
        if isinstance(last, str):  # SQLite returns dates from aggregates as text
            last = date.fromisoformat(last)
        if isinstance(next_due, str):
            next_due = date.fromisoformat(next_due)
        permanent = conn.execute(
            select(t.folders.c.permanent_help).where(t.folders.c.folder_id == folder)
        ).scalar()
        # Art. 107: an update at least every 6 months for people on permanent help.
        update_due = interview_update_due_on(last) if (permanent and last) else None
        self._touch(
            conn, t, e,
            next_interview_due_on=next_due, last_interview_on=last,
            interview_update_due_on=update_due,
        )

    # -- reading -------------------------------------------------------------------------

    def client_view(self, conn: Connection, t: Tables, folder_id: UUID, today: date) -> dict | None:
        folder = conn.execute(select(t.folders).where(t.folders.c.folder_id == folder_id)).first()
        if folder is None:
            return None
        members = conn.execute(
            select(t.members).where(t.members.c.folder_id == folder_id)
            .order_by(t.members.c.relation != "head", t.members.c.last_name)
        ).mappings().all()
        interviews = conn.execute(
            select(t.interviews).where(t.interviews.c.folder_id == folder_id)
            .order_by(t.interviews.c.due_on)
        ).mappings().all()
        timeline = conn.execute(
            select(t.timeline).where(t.timeline.c.folder_id == folder_id)
            .order_by(t.timeline.c.version.desc())
        ).mappings().all()
        view = _folder_summary(folder, today)
        view.update(
            opened_on=folder.opened_on,
            closed_on=folder.closed_on,
            address=folder.address,
            permanent_help=folder.permanent_help,
            members=[dict(m) for m in members],
            interviews=[dict(i) for i in interviews],
            timeline=[dict(entry) for entry in timeline],
            interview={
                "due_on": folder.next_interview_due_on,
                "last_on": folder.last_interview_on,
                "update_due_on": folder.interview_update_due_on,
                "overdue": _interview_overdue(folder, today),
            },
        )
        return view

    def caseload(self, conn: Connection, t: Tables, worker_id: UUID, today: date) -> list[dict]:
        f = t.folders.c
        rows = conn.execute(
            select(t.folders).where(f.worker_id == worker_id, f.status == "open")
            .order_by(f.head_name)
        )
        return [_folder_summary(r, today) for r in rows]

    def team_folders(self, conn: Connection, t: Tables, team_id: str, today: date) -> list[dict]:
        f = t.folders.c
        rows = conn.execute(
            select(t.folders).where(f.team_id == team_id, f.status == "open").order_by(f.head_name)
        )
        return [_folder_summary(r, today) for r in rows]

    def folder_scope(
        self, conn: Connection, t: Tables, folder_id: UUID
    ) -> tuple[str, UUID | None] | None:
        """(team, worker) of a folder, for authorisation; None if unknown."""
        row = conn.execute(
            select(t.folders.c.team_id, t.folders.c.worker_id)
            .where(t.folders.c.folder_id == folder_id)
        ).first()
        return (row.team_id, row.worker_id) if row else None

    def closed_on_or_before(self, conn: Connection, t: Tables, deadline: date) -> list[UUID]:
        """Closed, not yet erased folders closed on or before `deadline`."""
        f = t.folders.c
        rows = conn.execute(select(f.folder_id).where(f.status == "closed",
                                                      f.closed_on <= deadline))
        return [r.folder_id for r in rows]

    def count_rows(self, conn: Connection, t: Tables) -> dict[str, int]:
        return {
            name: conn.execute(select(func.count()).select_from(getattr(t, name))).scalar()
            for name in ("folders", "members", "interviews", "timeline")
        }


def _interview_overdue(folder: Any, today: date) -> bool:
    due = [d for d in (folder.next_interview_due_on, folder.interview_update_due_on) if d]
    return any(d < today for d in due)


def _folder_summary(folder: Any, today: date) -> dict[str, Any]:
    return {
        "folder_id": folder.folder_id,
        "version": folder.version,
        "team_id": folder.team_id,
        "worker_id": folder.worker_id,
        "status": folder.status,
        "head_name": folder.head_name,
        "address_line": folder.address_line,
        "last_visit_on": folder.last_visit_on,
        "interview_due_on": folder.next_interview_due_on or folder.interview_update_due_on,
        "interview_overdue": _interview_overdue(folder, today),
    }

