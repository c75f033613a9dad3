"""First contact's own registrations: the folders a `first_contact` worker registered at the
counter or by phone, the team each went to and whether its manager assigned a worker yet.

First contact sees only what it registered (services/scope.py, docs/privacy.md): this list,
never the folder's content afterwards.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Column, Date, Integer, MetaData, String, Table, Uuid, select
from sqlalchemy.engine import Connection

from domain.case_folder import ERASED, CaseFolder
from domain.proceeding import Proceeding
from projections.batch import Batch
from projections.projection import Projection, Tables, handles

# At most this many of a person's registrations are listed (newest first).
LIST_LIMIT = 200


class Intake(Projection):
    name = "intake"

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        return {
            "registrations": Table(
                f"{prefix}_registrations", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("registered_by", Uuid, nullable=False, index=True),
                Column("team_id", String(32), nullable=False),
                Column("worker_id", Uuid),
                Column("status", String(16), nullable=False),
                Column("opened_on", Date, nullable=False),
                Column("head_member_id", Uuid, nullable=False),
                Column("head_name", String(200), nullable=False),
                Column("address_line", String(300), nullable=False),
                Column("applications", Integer, nullable=False),
                # The log position of the registration: newest first.
                Column("position", Integer, nullable=False),
            ),
        }

    @handles(CaseFolder.CaseFolderOpened)
    def on_CaseFolderOpened(self, batch: Batch, t: Tables, e: CaseFolder.CaseFolderOpened) -> None:
        if e.registered_by is None:  # opened by a social worker: not first contact's
            return
        batch.insert(t.registrations, folder_id=e.originator_id, registered_by=e.registered_by,
                     team_id=e.team_id, worker_id=None, status="open", opened_on=e.opened_on,
                     head_member_id=e.head.member_id, head_name=e.head.full_name,
                     address_line=e.address.line, applications=0,
                     position=_log_position(e))

    @handles(CaseFolder.FolderAssignedToWorker)
    def on_FolderAssignedToWorker(
        self, batch: Batch, t: Tables, e: CaseFolder.FolderAssignedToWorker
    ) -> None:
        batch.update(t.registrations, e.originator_id, worker_id=e.worker_id)

    @handles(CaseFolder.FolderTransferredToTeam)
    def on_FolderTransferredToTeam(
        self, batch: Batch, t: Tables, e: CaseFolder.FolderTransferredToTeam
    ) -> None:
        batch.update(t.registrations, e.originator_id, team_id=e.team_id, worker_id=None)

    @handles(CaseFolder.CaseFolderClosed)
    def on_CaseFolderClosed(self, batch: Batch, t: Tables, e: CaseFolder.CaseFolderClosed) -> None:
        batch.update(t.registrations, e.originator_id, status="closed")

    @handles(CaseFolder.PersonalDataErased)
    def on_PersonalDataErased(
        self, batch: Batch, t: Tables, e: CaseFolder.PersonalDataErased
    ) -> None:
        batch.update(t.registrations, e.originator_id, head_name=ERASED, address_line=ERASED)

    @handles(Proceeding.ApplicationFiled)
    def on_ApplicationFiled(self, batch: Batch, t: Tables, e: Proceeding.ApplicationFiled) -> None:
        row = batch.get(t.registrations, e.folder_id)
        if row is not None:
            batch.update(t.registrations, e.folder_id, applications=row["applications"] + 1)

    def registered_by(self, conn: Connection, t: Tables, user_id: UUID) -> list[dict[str, Any]]:
        """The folders this person registered, newest first."""
        r = t.registrations.c
        rows = conn.execute(select(t.registrations).where(r.registered_by == user_id)
                            .order_by(r.position.desc()).limit(LIST_LIMIT)).mappings()
        return [{name: row[name] for name in (
            "folder_id", "team_id", "worker_id", "status", "opened_on", "head_member_id",
            "head_name", "address_line", "applications")} for row in rows]


def _log_position(event: Any) -> int:
    # Set on each event by the runner as it reads the log (as the client view's timeline).
    return int(event.notification_id)
