"""What we change in the `eventsourcing` library's recorders, and why."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    InterfaceError,
    OperationalError,
    StoredEvent,
)
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Composed, Identifier, Literal

TEXT_ARRAY, BINARY_ARRAY = "unnest(%s::", "unnest(%b::"
# The NOTIFY payload of a save nobody waits for (TeczkaPostgresRecorder).
QUIET_NEWS = "quiet"


def insert_events_in_binary(recorder: ApplicationRecorder) -> None:
    """PostgreSQL: send new events to the server in binary rather than as text.

    The library passes a save's events as one array of a composite type; as text, psycopg
    escapes every event's state with a regular expression (~0.1–0.2 ms an event, ~10x the
    binary form), a large part of writing the synthetic city. The statement is otherwise
    the library's own (with its RETURNING); left alone if it is no longer what we expect.
    """
    if not isinstance(recorder, PostgresAggregateRecorder):
        return
    statement = recorder.insert_events_statement.as_string(None)
    if statement.count(TEXT_ARRAY) == 1:
        recorder.insert_events_statement = Composed(
            [SQL(statement.replace(TEXT_ARRAY, BINARY_ARRAY))])


class TeczkaPostgresRecorder(PostgresApplicationRecorder):
    """The library's application recorder, saving in one round trip, whose NOTIFY also says
    whether anyone is waiting.

    A save is one statement in autocommit: a server-side function (made with the table,
    `save_function_name`) takes the table's EXCLUSIVE lock, notifies, inserts and returns the
    positions, and the statement's own transaction commits at its end, releasing the lock.
    The library instead locks, inserts and commits in several round trips from Python, so
    the lock was held while the saving thread waited to get the GIL back from the process's
    other threads, every other save in every process waiting behind it (issue #23:
    scripts/bench/lock_hold.py measured a save holding it 14–38 ms beside two busy threads,
    against 1–3 ms in one statement). The guarantee the lock is for is kept as the library has
    it: a save's positions are given and committed under the lock, so positions follow
    commit order and a reader never passes a gap filled later. (The library's own function,
    POSTGRES_ENABLE_DB_FUNCTIONS, takes no lock and does not keep that guarantee.)

    A save whose events are all of `quiet_topics` (the access log's entries, one or more
    for every read of a client's file) notifies with the payload QUIET_NEWS; any other save
    notifies as the library does, with none. Projection runners wake at once for the
    latter and gather the former for a moment (services/projecting/runner.py): on two cores, a
    runner woken by every read spent as much CPU per read as the API answering it.
    """

    quiet_topics: frozenset[str] = frozenset()
    # A save holding one of these also notifies `revocations_channel`, in its transaction:
    # every API process then reads it at once (services/users/revocations.py).
    revoking_topics: frozenset[str] = frozenset()
    revocations_channel: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saving = threading.local()
        self.save_function_name = f"{self.channel_name}_save"
        self.check_identifier_length(self.save_function_name)
        schema, table = Identifier(self.datastore.schema), Identifier(self.events_table_name)
        function = Identifier(self.save_function_name)
        # Arguments: the events, the NOTIFY's payload, another channel to notify (or NULL)
        # and the lock timeout (the library's `SET LOCAL lock_timeout`).
        self.sql_create_statements.append(SQL(
            "CREATE OR REPLACE FUNCTION {schema}.{function}("
            "p_events {schema}.{event}[], p_payload text, p_also_notify text,"
            " p_lock_timeout text) RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$"
            " BEGIN"
            "  PERFORM set_config('lock_timeout', p_lock_timeout, true);"
            "  LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE;"
            "  PERFORM pg_notify({channel}, p_payload);"
            "  IF p_also_notify IS NOT NULL THEN PERFORM pg_notify(p_also_notify, ''); END IF;"
            "  RETURN QUERY INSERT INTO {schema}.{table}"
            "   (originator_id, originator_version, topic, state)"
            "   SELECT originator_id, originator_version, topic, state FROM unnest(p_events)"
            "   RETURNING notification_id;"
            " END; $BODY$").format(
            schema=schema, function=function, table=table,
            event=Identifier(self.stored_event_type_name), channel=Literal(self.channel_name)))
        # %b: the events go in binary, as `insert_events_in_binary` makes the library's.
        self.save_statement = SQL(
            "SELECT notification_id FROM {schema}.{function}(%b, %s, %s, %s)"
            " AS notification_id").format(schema=schema, function=function)

    # Retried as the library's own insert_events is: the connection's errors come out of
    # `get_connection` as the library's InterfaceError / OperationalError, not psycopg's.
    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent],
                      **kwargs: Any) -> Sequence[int] | None:
        if not stored_events or self.datastore.enable_db_functions:
            return super().insert_events(stored_events, **kwargs)
        quiet, revokes = self._news(stored_events)
        events = [self.construct_pg_stored_event(e.originator_id, e.originator_version,
                                                 e.topic, e.state) for e in stored_events]
        params = (events, QUIET_NEWS if quiet else "",
                  self.revocations_channel if revokes else None,
                  f"{self.datastore.lock_timeout}s")
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            # A refused insert (a taken (originator, version)) raises IntegrityError here,
            # and its statement's transaction is rolled back with nothing written.
            curs.execute(self.save_statement, params, prepare=True)
            return [row["notification_id"] for row in curs.fetchall()]

    def _news(self, stored_events: Sequence[StoredEvent]) -> tuple[bool, bool]:
        """Whether a save is quiet news, and whether it revokes sessions."""
        quiet = bool(stored_events) and all(e.topic in self.quiet_topics for e in stored_events)
        return quiet, any(e.topic in self.revoking_topics for e in stored_events)

    # The library's statements, still used where a caller holds its own transaction (the
    # restore's, services/store/restore.py).
    def _insert_stored_events(self, curs: Cursor[dict[str, Any]],
                              stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        self._saving.quiet, self._saving.revokes = self._news(stored_events)
        try:
            super()._insert_stored_events(curs, stored_events, **kwargs)
        finally:
            self._saving.quiet = self._saving.revokes = False

    def _notify_channel(self, curs: Cursor[dict[str, Any]]) -> None:
        if getattr(self._saving, "quiet", False):
            curs.execute(SQL("NOTIFY {0}, {1}").format(
                Identifier(self.channel_name), Literal(QUIET_NEWS)))
        else:
            super()._notify_channel(curs)
        if getattr(self._saving, "revokes", False) and self.revocations_channel:
            curs.execute(SQL("NOTIFY {0}").format(Identifier(self.revocations_channel)))

    def stream_notifications(self, stop: int, topics: Sequence[str], itersize: int = 10_000,
                             ) -> Iterator[tuple[int, UUID, int, str, bytes]]:
        """The notifications of ``topics`` up to ``stop``, in order, as plain tuples (id,
        originator id, version, topic, state) from one query read through a server-side
        cursor: what a pass over a long log needs (the statistical recount). The library's
        `select_notifications` pages by LIMIT, each page a query of its own that a planner
        without statistics answered by scanning the rest of the log (1–2 s a page), and
        builds a dict and a `Notification` for every row."""
        statement = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state"
            " FROM {schema}.{table} WHERE notification_id <= %s AND topic = ANY(%s)"
            " ORDER BY notification_id").format(
            schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name))
        with (self.datastore.get_connection() as conn, conn.transaction(),
              # Binary: a state comes as its bytes, not as hex text twice its size.
              conn.cursor("teczka_stream", row_factory=tuple_row, binary=True) as curs):
            curs.itersize = itersize
            curs.execute(statement, (stop, list(topics)))
            for notification_id, originator_id, version, topic, state in curs:
                yield notification_id, originator_id, version, topic, bytes(state)
