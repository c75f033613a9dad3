"""What we change in the `eventsourcing` library's recorders, and why."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder
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
    """The library's application recorder, whose NOTIFY also says whether anyone is waiting.

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

    def _insert_stored_events(self, curs: Cursor[dict[str, Any]],
                              stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        self._saving.quiet = bool(stored_events) and all(
            e.topic in self.quiet_topics for e in stored_events)
        self._saving.revokes = any(e.topic in self.revoking_topics for e in stored_events)
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
