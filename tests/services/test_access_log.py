"""The access log answers a read only once its entry is saved, and fails the read when it
cannot be saved (docs/privacy.md)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import wait
from uuid import uuid4

import pytest
from sqlalchemy import text

from domain.access import AccessSubject, ViewKind
from services.privacy.access_log import Viewer, _Entry

VIEWER = Viewer(uuid4(), "social_worker", "ZTPS-1")


def _record(system, folder_id=None):
    return system.access_log.record(VIEWER, view=ViewKind.CLIENT_VIEW, purpose="case_work",
                                    folder_id=folder_id or uuid4())


def _rename_events_table(system, old: str, new: str) -> None:
    with system.engine.begin() as conn:
        conn.execute(text(f"ALTER TABLE {old} RENAME TO {new}"))


def test_each_entry_is_in_the_log_when_its_read_may_be_answered(system):
    head = system.app.head_position()
    entries = [_record(system) for _ in range(20)]
    for saved in entries:
        saved.result(timeout=30)
        # Done means saved: nothing is left to a later flush.
    assert system.app.head_position() == head + 20


def test_a_read_whose_entry_cannot_be_saved_fails_and_leaves_nothing(system):
    head = system.app.head_position()
    table = system.app.recorder.events_table_name
    _rename_events_table(system, table, "events_away")
    try:
        entries = [_record(system) for _ in range(3)]
        wait(entries, timeout=30)
        for saved in entries:
            with pytest.raises(Exception):  # noqa: B017 -- whatever the store says, it fails
                saved.result(timeout=0)
    finally:
        _rename_events_table(system, "events_away", table)
    assert system.app.head_position() == head
    # The log works again once the store does.
    _record(system).result(timeout=30)
    assert system.app.head_position() == head + 1



class _QueueingAsTheLogCloses:
    """The log's queue, which lets the log close while an entry is on its way in: the entry
    goes in only once close() has returned, or after 0.5 s if close() cannot go on."""

    def __init__(self, log) -> None:
        self.log, self.inner = log, log._queue

    def put(self, item) -> None:
        if isinstance(item, _Entry):
            closing = threading.Thread(target=self.log.close)
            closing.start()
            closing.join(timeout=0.5)
        self.inner.put(item)

    def get(self, *args, **kwargs):
        return self.inner.get(*args, **kwargs)

    def get_nowait(self):
        return self.inner.get_nowait()


def test_a_read_whose_entry_is_queued_as_the_log_closes_is_not_left_waiting(system):
    system.access_log._queue = _QueueingAsTheLogCloses(system.access_log)
    entry = _record(system)
    _done, waiting = wait([entry], timeout=5)
    assert not waiting  # saved, or failed with the store unavailable: never left unanswered


def _subjects(n: int) -> list[AccessSubject]:
    return [AccessSubject(uuid4(), uuid4()) for _ in range(n)]


def _listed(system, subjects):
    return system.access_log.record_list(VIEWER, view=ViewKind.CASELOAD, purpose="case_work",
                                         subjects=subjects)


def test_a_list_read_is_saved_as_one_entry_of_at_most_500_subjects_an_event(system):
    subjects = _subjects(700)
    head = system.app.head_position()
    _listed(system, subjects + subjects[:50]).result(timeout=30)  # repeats counted once
    assert system.app.head_position() == head + 2
    rows = system.read_models.access_entries(after=head + 2, viewer_id=VIEWER.user_id)
    assert sorted((r["folder_id"], r["person_id"]) for r in rows) == sorted(
        (s.folder_id, s.person_id) for s in subjects)
    assert {(r["view"], r["purpose"], r["viewer_role"]) for r in rows} == {
        ("caseload", "case_work", "social_worker")}


def test_a_list_that_showed_nobody_records_nothing(system):
    head = system.app.head_position()
    saved = _listed(system, [])
    assert saved.done() and saved.result() is None
    assert system.app.head_position() == head


def test_a_list_read_whose_entry_cannot_be_saved_fails_and_leaves_nothing(system):
    head = system.app.head_position()
    table = system.app.recorder.events_table_name
    _rename_events_table(system, table, "events_away")
    try:
        saved = _listed(system, _subjects(3))
        wait([saved], timeout=30)
        with pytest.raises(Exception):  # noqa: B017 -- whatever the store says, it fails
            saved.result(timeout=0)
    finally:
        _rename_events_table(system, "events_away", table)
    assert system.app.head_position() == head


def test_a_rebuilt_access_log_holds_the_same_rows_for_list_reads(system):
    _listed(system, _subjects(30)).result(timeout=30)
    head = system.app.head_position()
    system.read_models.access_entries(after=head)
    projection = system.projection("access_log")
    with system.engine.connect() as conn:
        tables, _position = projection.active_tables(conn)
        before = projection.digest(conn, tables)
    generation = system.rebuild("access_log")
    deadline = time.monotonic() + 30
    while True:
        with system.engine.connect() as conn:
            tables, position = projection.active_tables(conn)
            if tables is projection.tables(generation) and position >= head:
                after = projection.digest(conn, tables)
                break
        assert time.monotonic() < deadline, "the rebuilt access log never switched in"
        time.sleep(0.05)
    assert after == before
