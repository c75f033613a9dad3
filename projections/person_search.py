"""Person search by name or PESEL across the household members of every folder."""

from __future__ import annotations

import unicodedata
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    and_,
    delete,
    select,
    update,
)
from sqlalchemy.engine import Connection

from domain.case_folder import CaseFolder
from projections.batch import Batch
from projections.projection import Projection, Tables, handles

MAX_HITS = 50

# Letters NFKD does not decompose into a base letter and a mark.
_FOLD = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "ß": "ss"})


def fold(text: str) -> str:
    """Lower-case, without Polish diacritics: 'Łukasz Żółć' → 'lukasz zolc'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _search_text(first_name: str, last_name: str) -> str:
    return f" {fold(first_name)} {fold(last_name)} "


class PersonSearch(Projection):
    name = "person_search"

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        return {
            "persons": Table(
                f"{prefix}_persons", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("member_id", Uuid, primary_key=True),
                Column("first_name", String(80), nullable=False),
                Column("last_name", String(80), nullable=False),
                Column("search_text", String(200), nullable=False, index=True),
                Column("pesel", String(11), index=True),
                Column("birth_year", Integer),
                Column("team_id", String(32), nullable=False, index=True),
                Column("folder_status", String(16), nullable=False),
            )
        }

    def _add(self, batch: Batch, t: Tables, folder_id: UUID, member: Any,
             team_id: str | None = None) -> None:
        if team_id is None:
            household = batch.rows_where(t.persons, "folder_id", folder_id)
            team_id = household[0]["team_id"] if household else None
        batch.insert(
            t.persons,
            folder_id=folder_id,
            member_id=member.member_id,
            first_name=member.first_name,
            last_name=member.last_name,
            search_text=_search_text(member.first_name, member.last_name),
            pesel=member.pesel,
            birth_year=member.birth_date.year if member.birth_date else None,
            team_id=team_id,
            folder_status="open",
        )

    def preload(self, batch: Batch, tables: Tables, events: list[Any]) -> None:
        batch.preload(tables.persons, "folder_id", {
            e.originator_id for e in events
            if isinstance(e, CaseFolder.HouseholdMemberAdded | CaseFolder.MemberJoined
                          | CaseFolder.MemberDetailsCorrected)})

    @handles(CaseFolder.CaseFolderOpened)
    def on_CaseFolderOpened(self, batch: Batch, t: Tables, e: CaseFolder.CaseFolderOpened) -> None:
        self._add(batch, t, e.originator_id, e.head, e.team_id)

    @handles(CaseFolder.HouseholdMemberAdded)
    def on_HouseholdMemberAdded(
        self, batch: Batch, t: Tables, e: CaseFolder.HouseholdMemberAdded
    ) -> None:
        self._add(batch, t, e.originator_id, e.member)

    @handles(CaseFolder.MemberJoined)
    def on_MemberJoined(self, batch: Batch, t: Tables, e: CaseFolder.MemberJoined) -> None:
        self._add(batch, t, e.originator_id, e.member)

    @handles(CaseFolder.MemberDetailsCorrected)
    def on_MemberDetailsCorrected(
        self, batch: Batch, t: Tables, e: CaseFolder.MemberDetailsCorrected
    ) -> None:
        key = (e.originator_id, e.member_id)
        row = batch.row(t.persons, key)
        first = e.first_name or row["first_name"]
        last = e.last_name or row["last_name"]
        values: dict[str, Any] = {
            "first_name": first, "last_name": last, "search_text": _search_text(first, last),
        }
        if e.pesel is not None:
            values["pesel"] = e.pesel
        if e.birth_date is not None:
            values["birth_year"] = e.birth_date.year
        batch.update(t.persons, key, **values)

    @handles(CaseFolder.FolderTransferredToTeam)
    def on_FolderTransferredToTeam(
        self, batch: Batch, t: Tables, e: CaseFolder.FolderTransferredToTeam
    ) -> None:
        batch.execute(
            update(t.persons).where(t.persons.c.folder_id == e.originator_id)
            .values(team_id=e.team_id)
        )

    @handles(CaseFolder.CaseFolderClosed)
    def on_CaseFolderClosed(self, batch: Batch, t: Tables, e: CaseFolder.CaseFolderClosed) -> None:
        batch.execute(
            update(t.persons).where(t.persons.c.folder_id == e.originator_id)
            .values(folder_status="closed")
        )

    @handles(CaseFolder.PersonalDataErased)
    def on_PersonalDataErased(
        self, batch: Batch, t: Tables, e: CaseFolder.PersonalDataErased
    ) -> None:
        batch.execute(delete(t.persons).where(t.persons.c.folder_id == e.originator_id))

    def search(
        self, conn: Connection, t: Tables, query: str, team_id: str | None = None
    ) -> list[dict]:
        """Members whose PESEL starts with the digits given, or whose names hold every word."""
        p = t.persons.c
        # NFKC: digits typed full-width find the PESEL stored in ASCII (domain/identifiers.py).
        q = unicodedata.normalize("NFKC", query).strip()
        if q.isascii() and q.isdigit():
            condition = p.pesel.startswith(q)
        else:
            words = [fold(w) for w in q.split() if w]
            condition = and_(*(p.search_text.contains(f" {w}") for w in words))
        stmt = select(t.persons).where(condition).order_by(p.last_name, p.first_name)
        if team_id is not None:
            stmt = stmt.where(p.team_id == team_id)
        rows = conn.execute(stmt.limit(MAX_HITS))
        return [
            {
                "folder_id": r.folder_id,
                "member_id": r.member_id,
                "name": f"{r.first_name} {r.last_name}",
                "pesel_masked": (r.pesel[:6] + "*****") if r.pesel else None,
                "birth_year": r.birth_year,
                "folder_status": r.folder_status,
            }
            for r in rows
        ]
