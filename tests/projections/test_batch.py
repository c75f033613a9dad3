"""The rows of one batch, on the SQLite file and on PostgreSQL alike: what a handler reads in
the middle of a batch is what the batch wrote before, and what is stored at the end is what
applying the writes one by one would have stored."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import JSON, Column, Date, Integer, MetaData, String, Table, Uuid, select, update
from sqlalchemy.engine import Engine

from projections.batch import COPY_MIN_ROWS, Batch
from services.settings import Settings
from services.system import make_engine

metadata = MetaData()
folders = Table(
    "batch_test_folders", metadata,
    Column("folder_id", Uuid, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("visits", Integer, nullable=False, default=0),
    Column("last_visit_on", Date),
    Column("address", JSON),
)
timeline = Table(
    "batch_test_timeline", metadata,
    Column("folder_id", Uuid, primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(40), nullable=False),
)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def _stored(engine: Engine, table: Table) -> list[dict]:
    with engine.connect() as conn:
        keys = list(table.primary_key.columns)
        return [dict(r) for r in conn.execute(select(table).order_by(*keys)).mappings()]


def test_a_row_inserted_and_then_updated_in_one_batch_is_stored_with_its_last_values(engine):
    folder = uuid.uuid4()
    with engine.begin() as conn:
        batch = Batch(conn)
        batch.insert(folders, folder_id=folder, status="open", address={"city": "Wrocław"})
        batch.update(folders, folder, visits=1, last_visit_on=date(2026, 3, 1))
        batch.update(folders, folder, visits=2, status="closed")
        batch.flush()
    assert _stored(engine, folders) == [{
        "folder_id": folder, "status": "closed", "visits": 2,
        "last_visit_on": date(2026, 3, 1), "address": {"city": "Wrocław"},
    }]


def test_a_read_in_the_middle_of_a_batch_sees_the_batch_s_earlier_writes(engine):
    stored, new = uuid.uuid4(), uuid.uuid4()
    with engine.begin() as conn:
        conn.execute(folders.insert().values(folder_id=stored, status="open", visits=5))
    with engine.begin() as conn:
        batch = Batch(conn)
        batch.insert(folders, folder_id=new, status="open")
        assert batch.get(folders, new)["visits"] == 0  # the column's default, as stored
        batch.update(folders, stored, last_visit_on=date(2026, 4, 2))
        seen = batch.get(folders, stored)  # read from the database, this batch's update on top
        assert (seen["visits"], seen["last_visit_on"]) == (5, date(2026, 4, 2))
        batch.update(folders, stored, visits=seen["visits"] + 1)
        assert batch.get(folders, stored)["visits"] == 6
        assert batch.get(folders, uuid.uuid4()) is None
        batch.flush()
    assert [(r["folder_id"], r["visits"], r["last_visit_on"]) for r in _stored(engine, folders)
            ] == sorted([(stored, 6, date(2026, 4, 2)), (new, 0, None)], key=lambda r: r[0])


def test_updates_of_different_columns_of_a_stored_row_all_land(engine):
    folder = uuid.uuid4()
    with engine.begin() as conn:
        conn.execute(folders.insert().values(folder_id=folder, status="open", visits=1))
    with engine.begin() as conn:
        batch = Batch(conn)
        batch.update(folders, folder, visits=2)
        batch.update(folders, folder, status="closed")
        batch.update(folders, folder, visits=3)
        batch.flush()
    row, = _stored(engine, folders)
    assert (row["status"], row["visits"]) == ("closed", 3)


def test_a_plain_statement_sees_the_rows_written_before_it_and_the_batch_sees_its_changes(
        engine):
    folder = uuid.uuid4()
    with engine.begin() as conn:
        batch = Batch(conn)
        batch.insert(folders, folder_id=folder, status="open")
        for position in (3, 4):
            batch.insert(timeline, folder_id=folder, position=position, kind="visit")
        counted = batch.execute(select(timeline.c.position).where(
            timeline.c.folder_id == folder)).scalars().all()
        assert counted == [3, 4]
        assert batch.get(folders, folder)["status"] == "open"
        batch.execute(update(folders).where(folders.c.status == "open").values(status="erased"))
        assert batch.get(folders, folder)["status"] == "erased"
        batch.flush()
    assert [r["status"] for r in _stored(engine, folders)] == ["erased"]


def test_an_update_of_a_row_that_is_not_there_changes_nothing(engine):
    missing = uuid.uuid4()
    with engine.begin() as conn:
        batch = Batch(conn)
        batch.update(folders, missing, visits=7)
        # Inserted later in the batch: the earlier update had hit nothing.
        batch.insert(folders, folder_id=missing, status="open")
        batch.update(folders, uuid.uuid4(), status="closed")
        batch.flush()
    row, = _stored(engine, folders)
    assert (row["folder_id"], row["visits"], row["status"]) == (missing, 0, "open")


def test_nothing_of_a_batch_is_stored_when_its_transaction_rolls_back(engine):
    class Crash(Exception):
        pass

    with pytest.raises(Crash), engine.begin() as conn:
        batch = Batch(conn)
        batch.insert(folders, folder_id=uuid.uuid4(), status="open")
        batch.flush()
        raise Crash
    assert _stored(engine, folders) == []


def test_the_rows_of_a_folder_read_in_mid_batch_are_the_stored_ones_with_the_batch_s_writes(
        engine):
    folder, other = uuid.uuid4(), uuid.uuid4()
    with engine.begin() as conn:
        conn.execute(timeline.insert(), [
            {"folder_id": folder, "position": 1, "kind": "folder_opened"},
            {"folder_id": folder, "position": 2, "kind": "visit"},
            {"folder_id": other, "position": 3, "kind": "folder_opened"},
        ])
    with engine.begin() as conn:
        batch = Batch(conn)
        batch.update(timeline, (folder, 2), kind="visit_corrected")
        batch.preload(timeline, "folder_id", [folder])
        batch.insert(timeline, folder_id=folder, position=4, kind="assigned")
        rows = batch.rows_where(timeline, "folder_id", folder)
        assert sorted((r["position"], r["kind"]) for r in rows) == [
            (1, "folder_opened"), (2, "visit_corrected"), (4, "assigned")]
        assert [r["position"] for r in batch.rows_where(timeline, "folder_id", other)] == [3]
        assert batch.get(timeline, (folder, 2))["kind"] == "visit_corrected"
        assert batch.get(timeline, (folder, 9)) is None
        batch.flush()
    assert [(r["position"], r["kind"]) for r in _stored(engine, timeline)
            if r["folder_id"] == folder] == [(1, "folder_opened"), (2, "visit_corrected"),
                                            (4, "assigned")]



def test_many_rows_inserted_in_one_batch_are_stored_as_rows_inserted_one_by_one(engine):
    # Enough rows of one shape for the bulk path (COPY on PostgreSQL), with every kind of
    # value a read model stores: uuid, text with tabs and quotes, dates, JSON and JSON null.
    def rows() -> list[dict]:
        return [{"folder_id": uuid.uuid4(), "status": f"o\tp\"e'n\\{i}",
                 "last_visit_on": date(2026, 1, 1 + i % 28) if i % 3 else None,
                 "address": {"city": "Wrocław", "n": i} if i % 2 else None}
                for i in range(COPY_MIN_ROWS + 5)]

    def stored(written: list[dict]) -> list[tuple]:
        """Each row's values (and whether its JSON is SQL NULL), in the order written."""
        with engine.connect() as conn:
            found = {r[0]: tuple(r[1:]) for r in conn.execute(
                select(folders, folders.c.address.is_(None))
                .where(folders.c.folder_id.in_([row["folder_id"] for row in written])))}
        return [found.get(row["folder_id"]) for row in written]

    together, one_by_one = rows(), rows()
    with engine.begin() as conn:
        batch = Batch(conn)
        for row in together:
            batch.insert(folders, row)
        batch.update(folders, together[0]["folder_id"], visits=7)
        batch.flush()
    for row in one_by_one:
        with engine.begin() as conn:
            conn.execute(folders.insert(), row)
    with engine.begin() as conn:
        conn.execute(update(folders).where(folders.c.folder_id == one_by_one[0]["folder_id"])
                     .values(visits=7))
    assert None not in stored(together)
    assert stored(together) == stored(one_by_one)
