"""Many command receipts read in one query, through the event store's own recorder.

The library reads one aggregate at a time; a batch of commands whose ids are known up front
(the synthetic city) asks for all its receipts at once instead of once per command.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.domain import CanMutateAggregate
from eventsourcing.persistence import AggregateRecorder, Mapper, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder
from eventsourcing.sqlite import SQLiteAggregateRecorder
from psycopg.sql import SQL, Identifier

from services.commands import CommandReceipt

# SQLite accepts at most 999 bound parameters in older builds.
CHUNK = 500


def saved_receipts(recorder: AggregateRecorder, mapper: Mapper,
                   receipt_ids: Sequence[UUID]) -> dict[UUID, CommandReceipt]:
    """The receipts among these ids that are in the store, by id."""
    receipts: dict[UUID, CommandReceipt] = {}
    for start in range(0, len(receipt_ids), CHUNK):
        for stored in _select_events(recorder, receipt_ids[start:start + CHUNK]):
            # A receipt is one event (`Accepted`), which creates it.
            created = mapper.to_domain_event(stored)
            assert isinstance(created, CanMutateAggregate)  # an aggregate's first event
            receipt = created.mutate(None)
            if isinstance(receipt, CommandReceipt):
                receipts[receipt.id] = receipt
    return receipts


def _select_events(recorder: AggregateRecorder, ids: Sequence[UUID]) -> list[StoredEvent]:
    if isinstance(recorder, PostgresAggregateRecorder):
        statement = SQL(
            "SELECT originator_id, originator_version, topic, state FROM {schema}.{table}"
            " WHERE originator_id = ANY(%s) AND originator_version = 1"
        ).format(schema=Identifier(recorder.datastore.schema),
                 table=Identifier(recorder.events_table_name))
        with recorder.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, (list(ids),))
            rows = curs.fetchall()
        return [StoredEvent(originator_id=row["originator_id"],
                            originator_version=row["originator_version"],
                            topic=row["topic"], state=bytes(row["state"])) for row in rows]
    if isinstance(recorder, SQLiteAggregateRecorder):
        marks = ",".join("?" * len(ids))
        query = (
            "SELECT originator_id, originator_version, topic, state"  # noqa: S608 -- marks only
            f" FROM {recorder.events_table_name}"
            f" WHERE originator_id IN ({marks}) AND originator_version = 1"
        )
        with recorder.datastore.transaction(commit=False) as curs:
            curs.execute(query, [i.hex for i in ids])
            rows = curs.fetchall()
        return [StoredEvent(originator_id=recorder.convert_originator_id(row["originator_id"]),
                            originator_version=row["originator_version"],
                            topic=row["topic"], state=row["state"]) for row in rows]
    # Any other store (the in-memory one in a unit test): one read per receipt.
    return [event for receipt_id in ids
            for event in recorder.select_events(receipt_id, lte=1)]
