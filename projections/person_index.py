"""The city-wide person index: every member of every folder, found by PESEL (exact), name
(without diacritics or case, typos tolerated), birth date and address, whichever team holds
the folder. What a searcher may see of a hit is the route's to decide (api/routes/persons.py):
her own team's folders in full, another team's only as "has a folder in team X (no. …)".

PostgreSQL: trigram indexes (`pg_trgm`, GIN) on the folded name and address, the query's text
folded by `unaccent`; a typo still finds the person by word similarity. SQLite: an FTS5 table
kept by triggers, each word a prefix. Both extensions are created with the tables (the
projection's generation is its migration). Names and addresses are folded in Python when
stored (`fold`: also the Polish ł, which Unicode does not decompose), so both stores compare
alike. The PESEL is kept as the person search keeps it (a read model, dropped with the
folder's data at erasure); the log itself holds only keyed hashes of PESELs
(services/casework/claims.py).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    MetaData,
    String,
    Table,
    Uuid,
    and_,
    delete,
    func,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.elements import ColumnElement

from domain.case_folder import CaseFolder
from domain.identifiers import Pesel
from projections.batch import Batch
from projections.person_search import fold
from projections.projection import Projection, Tables, handles

MAX_HITS = 30
# Trigram word similarity a typed name or street must reach (pg_trgm's default is 0.6: one
# wrong letter in a seven-letter surname falls just below it).
WORD_SIMILARITY = 0.45
_WORD = re.compile(r"\w+")


def _birth_date(member: Any) -> date | None:
    if getattr(member, "birth_date", None) is not None:
        return member.birth_date
    pesel = getattr(member, "pesel", None)
    return Pesel(pesel).birth_date if pesel else None


def _address_line(address: Any) -> str:
    street = getattr(address, "street", "") or ""
    building = getattr(address, "building", "") or ""
    flat = getattr(address, "flat", None)
    city = getattr(address, "city", "") or ""
    place = f"{street} {building}".strip() + (f"/{flat}" if flat else "")
    return ", ".join(part for part in (place, city) if part)


def _words(text_: str) -> list[str]:
    return _WORD.findall(fold(text_))


class PersonIndex(Projection):
    name = "person_index"

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        return {
            "people": Table(
                f"{prefix}_people", metadata,
                Column("folder_id", Uuid, primary_key=True),
                Column("member_id", Uuid, primary_key=True),
                Column("first_name", String(80), nullable=False),
                Column("last_name", String(80), nullable=False),
                Column("name_folded", String(200), nullable=False),
                Column("pesel", String(11), index=True),
                Column("birth_date", Date, index=True),
                Column("address_line", String(300), nullable=False),
                Column("address_folded", String(300), nullable=False),
                Column("team_id", String(32), nullable=False),
                Column("is_open", Boolean, nullable=False),
            )
        }

    # -- the indexes only one store has ---------------------------------------------------

    def create_tables(self, engine_or_conn: Engine | Connection, generation: int) -> None:
        super().create_tables(engine_or_conn, generation)
        people = self.tables(generation).people.name
        if isinstance(engine_or_conn, Engine):
            with engine_or_conn.begin() as conn:
                self._create_search_indexes(conn, people)
        else:
            self._create_search_indexes(engine_or_conn, people)

    @staticmethod
    def _create_search_indexes(conn: Connection, people: str) -> None:
        if conn.dialect.name == "postgresql":
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
            # fastupdate off: with it, the rows a build or a day's work inserted wait in the
            # index's pending list, which every search reads through until a vacuum merges it
            # (measured on the whole city just built: 11 ms a search, 0.4 ms after VACUUM).
            for column in ("name_folded", "address_folded"):
                conn.execute(text(f"CREATE INDEX IF NOT EXISTS {people}_{column}_trgm "
                                  f"ON {people} USING gin ({column} gin_trgm_ops) "
                                  "WITH (fastupdate = off)"))
            return
        fts = f"{people}_fts"
        conn.execute(text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(name_folded, address_folded, "
            f"content='{people}', tokenize='unicode61 remove_diacritics 2', prefix='2 3')"))
        # Table names are ours (projection and generation), never typed by anyone.
        new = (f"INSERT INTO {fts}(rowid, name_folded, address_folded) "  # noqa: S608
               "VALUES (new.rowid, new.name_folded, new.address_folded);")
        old = (f"INSERT INTO {fts}({fts}, rowid, name_folded, address_folded) "  # noqa: S608
               "VALUES ('delete', old.rowid, old.name_folded, old.address_folded);")
        for name, when, body in (("ai", "AFTER INSERT", new), ("ad", "AFTER DELETE", old),
                                 ("au", "AFTER UPDATE", old + new)):
            conn.execute(text(f"CREATE TRIGGER IF NOT EXISTS {people}_{name} {when} ON {people} "
                              f"BEGIN {body} END"))

    def drop_tables(self, conn: Connection, generation: int) -> None:
        if conn.dialect.name == "sqlite":
            conn.execute(text(f"DROP TABLE IF EXISTS {self.tables(generation).people.name}_fts"))
        super().drop_tables(conn, generation)

    def purge_deleted(self, conn: Connection, generation: int) -> None:
        if conn.dialect.name == "sqlite":
            # Merging the segments drops the words of deleted rows (secure_delete zeroes the
            # freed pages); PostgreSQL's VACUUM FULL rebuilds the GIN indexes with the table.
            fts = f"{self.tables(generation).people.name}_fts"
            conn.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('optimize')"))  # noqa: S608

    # -- events ---------------------------------------------------------------------------

    def preload(self, batch: Batch, tables: Tables, events: list[Any]) -> None:
        batch.preload(tables.people, "folder_id", {
            e.originator_id for e in events
            if isinstance(e, CaseFolder.HouseholdMemberAdded | CaseFolder.MemberDetailsCorrected)})

    def _add(self, batch: Batch, t: Tables, folder_id: UUID, member: Any,
             **household: Any) -> None:
        if not household:
            rows = batch.rows_where(t.people, "folder_id", folder_id)
            if not rows:
                return
            household = {k: rows[0][k] for k in
                         ("address_line", "address_folded", "team_id", "is_open")}
        batch.insert(
            t.people, folder_id=folder_id, member_id=member.member_id,
            first_name=member.first_name, last_name=member.last_name,
            name_folded=" ".join(_words(f"{member.first_name} {member.last_name}")),
            pesel=member.pesel, birth_date=_birth_date(member), **household)

    @handles(CaseFolder.CaseFolderOpened)
    def on_CaseFolderOpened(self, batch: Batch, t: Tables, e: CaseFolder.CaseFolderOpened) -> None:
        line = _address_line(e.address)
        self._add(batch, t, e.originator_id, e.head, address_line=line,
                  address_folded=" ".join(_words(line)), team_id=e.team_id, is_open=True)

    @handles(CaseFolder.HouseholdMemberAdded)
    def on_HouseholdMemberAdded(
        self, batch: Batch, t: Tables, e: CaseFolder.HouseholdMemberAdded
    ) -> None:
        self._add(batch, t, e.originator_id, e.member)

    @handles(CaseFolder.MemberDetailsCorrected)
    def on_MemberDetailsCorrected(
        self, batch: Batch, t: Tables, e: CaseFolder.MemberDetailsCorrected
    ) -> None:
        key = (e.originator_id, e.member_id)
        row = batch.get(t.people, key)
        if row is None:
            return
        first = e.first_name or row["first_name"]
        last = e.last_name or row["last_name"]
        values: dict[str, Any] = {"first_name": first, "last_name": last,
                                  "name_folded": " ".join(_words(f"{first} {last}"))}
        if e.pesel is not None:
            values["pesel"] = e.pesel
            values["birth_date"] = Pesel(e.pesel).birth_date
        if e.birth_date is not None:
            values["birth_date"] = e.birth_date
        batch.update(t.people, key, **values)

    def _household(self, batch: Batch, t: Tables, folder_id: UUID, **values: Any) -> None:
        batch.execute(update(t.people).where(t.people.c.folder_id == folder_id).values(**values))

    @handles(CaseFolder.AddressChanged)
    def on_AddressChanged(self, batch: Batch, t: Tables, e: CaseFolder.AddressChanged) -> None:
        line = _address_line(e.address)
        self._household(batch, t, e.originator_id, address_line=line,
                        address_folded=" ".join(_words(line)))

    @handles(CaseFolder.FolderTransferredToTeam)
    def on_FolderTransferredToTeam(
        self, batch: Batch, t: Tables, e: CaseFolder.FolderTransferredToTeam
    ) -> None:
        self._household(batch, t, e.originator_id, team_id=e.team_id)

    @handles(CaseFolder.CaseFolderClosed)
    def on_CaseFolderClosed(self, batch: Batch, t: Tables, e: CaseFolder.CaseFolderClosed) -> None:
        self._household(batch, t, e.originator_id, is_open=False)

    @handles(CaseFolder.PersonalDataErased)
    def on_PersonalDataErased(
        self, batch: Batch, t: Tables, e: CaseFolder.PersonalDataErased
    ) -> None:
        batch.execute(delete(t.people).where(t.people.c.folder_id == e.originator_id))

    # -- reading --------------------------------------------------------------------------

    def open_folders_of(self, conn: Connection, t: Tables, pesel: str) -> list[UUID]:
        p = t.people.c
        return list(conn.scalars(select(p.folder_id).where(p.pesel == pesel, p.is_open)))

    def search(
        self, conn: Connection, t: Tables, *, pesel: str | None = None, name: str | None = None,
        birth_date: date | None = None, address: str | None = None,
    ) -> list[dict[str, Any]]:
        """Members matching every criterion given, best first; with a PESEL, also members
        without one whose name and birth date match (flagged: `warning`)."""
        postgres = conn.dialect.name == "postgresql"
        if postgres and (name or address):
            return self._with_trigram_settings(
                conn, lambda: self._search(conn, t, pesel, name, birth_date, address, True))
        return self._search(conn, t, pesel, name, birth_date, address, postgres)

    @staticmethod
    def _with_trigram_settings(conn: Connection, query: Any) -> Any:
        # The word similarity `<%` asks for, and the trigram index even where the planner
        # would scan the table (it prices word_similarity as cheap: a scan of the city's
        # 24,000 people took 40–80 ms, the GIN index 5–17 ms on the same loaded machine,
        # 2026-12-07). Reads run in autocommit, so the settings are the session's, and are
        # put back before the pooled connection serves anyone else.
        conn.execute(select(func.set_config("pg_trgm.word_similarity_threshold",
                                            str(WORD_SIMILARITY), False),
                            func.set_config("enable_seqscan", "off", False)))
        try:
            return query()
        finally:
            conn.execute(text("RESET enable_seqscan"))
            conn.execute(text("RESET pg_trgm.word_similarity_threshold"))

    def _search(self, conn: Connection, t: Tables, pesel: str | None, name: str | None,
                birth_date: date | None, address: str | None,
                postgres: bool) -> list[dict[str, Any]]:
        p = t.people.c
        rank: ColumnElement[Any] = literal(0)
        by_text: list[ColumnElement[bool]] = []
        for column, typed in (("name_folded", name), ("address_folded", address)):
            if typed and _words(typed):
                condition, similarity = (self._similar if postgres else self._prefixed)(
                    t, column, typed)
                by_text.append(condition)
                rank = rank + similarity
        if pesel is not None:
            exact = p.pesel == pesel
            unidentified = (and_(p.pesel.is_(None), p.birth_date == birth_date, *by_text)
                            if birth_date is not None and name else None)
            condition = or_(exact, unidentified) if unidentified is not None else exact
        else:
            condition = and_(*by_text, *([p.birth_date == birth_date] if birth_date else []))
        stmt = (select(t.people, rank.label("rank")).where(condition)
                .order_by(rank.desc(), p.last_name, p.first_name).limit(MAX_HITS))
        return [
            {
                "folder_id": r.folder_id, "member_id": r.member_id, "team_id": r.team_id,
                "first_name": r.first_name, "last_name": r.last_name, "pesel": r.pesel,
                "birth_date": r.birth_date, "address": r.address_line, "is_open": r.is_open,
                "match": "pesel" if pesel is not None and r.pesel == pesel else "details",
                "warning": r.pesel is None,
            }
            for r in conn.execute(stmt)
        ]

    @staticmethod
    def _similar(t: Tables, column: str,
                 typed: str) -> tuple[ColumnElement[bool], ColumnElement[Any]]:
        # Each typed word must be like a word stored (`<%`: word similarity above the
        # threshold set in `search`, answered by the GIN index; the words' conditions
        # intersect there, so "anna nowk" finds the Anna Nowaks, not every Anna).
        # `unaccent` folds what was typed as `fold` folded what was stored (ł → l alike).
        col = t.people.c[column]
        words = [func.unaccent(w) for w in _WORD.findall(typed.lower())]
        rank: ColumnElement[Any] = literal(0)
        for word in words:
            rank = rank + func.word_similarity(word, col)
        return and_(*(word.op("<%")(col) for word in words)), rank

    @staticmethod
    def _prefixed(t: Tables, column: str,
                  typed: str) -> tuple[ColumnElement[bool], ColumnElement[Any]]:
        people = t.people.name
        # Each word a quoted prefix of a word in that column (quotes: nothing typed is
        # read as FTS5 syntax; the words are letters and digits only).
        match = " ".join(f'{column} : "{w}"*' for w in _words(typed))
        condition = text(f"{people}.rowid IN (SELECT rowid FROM {people}_fts "  # noqa: S608
                         f"WHERE {people}_fts MATCH :match_{column})"
                         ).bindparams(**{f"match_{column}": match})
        return condition, literal(1)  # type: ignore[return-value]
