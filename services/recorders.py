"""What we change in the `eventsourcing` library's recorders, and why."""

from __future__ import annotations

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresAggregateRecorder
from psycopg.sql import SQL

TEXT_ARRAY, BINARY_ARRAY = "unnest(%s::", "unnest(%b::"


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
        recorder.insert_events_statement = SQL(  # type: ignore[assignment]
            statement.replace(TEXT_ARRAY, BINARY_ARRAY))  # type: ignore[arg-type]
