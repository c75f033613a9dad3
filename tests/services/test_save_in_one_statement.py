"""On PostgreSQL a save is one statement (services/store/recorders.py): it still keeps the
log's positions in commit order for a reader following it, and a refused save writes nothing
and leaves the table free for the next."""

from __future__ import annotations

import threading
import uuid

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from services.system import TeczkaSystem
from tests.support.stores import settings_for

WRITERS, SAVES = 8, 40


@pytest.fixture
def pg_system(tmp_path, request):
    with settings_for("postgres", tmp_path, request) as settings, \
            TeczkaSystem(settings, run_projectors=False) as system:
        yield system


def _save(recorder, count: int = 2) -> list[int]:
    return list(recorder.insert_events([
        StoredEvent(uuid.uuid4(), 1, "tests:Saved", b"{}") for _ in range(count)]))


def test_a_follower_never_passes_a_position_that_commits_later(pg_system):
    recorder = pg_system.app.recorder
    start = pg_system.app.head_position()
    saved: list[int] = []
    followed: list[int] = []
    writing = threading.Event()
    writing.set()

    def write() -> None:
        for _ in range(SAVES):
            ids = _save(recorder)
            saved.extend(ids)

    def follow() -> None:
        position = start
        while True:
            still_writing = writing.is_set()
            notifications = recorder.select_notifications(
                start=position, limit=1000, inclusive_of_start=False)
            followed.extend(n.id for n in notifications)
            if notifications:
                position = notifications[-1].id
            elif not still_writing:
                return

    follower = threading.Thread(target=follow)
    writers = [threading.Thread(target=write) for _ in range(WRITERS)]
    follower.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    writing.clear()
    follower.join(timeout=60)
    assert len(saved) == WRITERS * SAVES * 2
    # Every position saved was read, once, in order: none committed behind the reader.
    assert followed == sorted(saved)


def test_a_refused_save_writes_none_of_its_events_and_frees_the_table(pg_system):
    recorder = pg_system.app.recorder
    taken = uuid.uuid4()
    recorder.insert_events([StoredEvent(taken, 1, "tests:Saved", b"{}")])
    head = pg_system.app.head_position()
    fresh = uuid.uuid4()
    with pytest.raises(IntegrityError):
        recorder.insert_events([StoredEvent(fresh, 1, "tests:Saved", b"{}"),
                                StoredEvent(taken, 1, "tests:Saved", b"{}")])
    assert recorder.select_events(fresh) == []
    assert pg_system.app.head_position() == head
    # The statement's transaction ended with the refusal: the lock is free at once.
    (position,) = _save(recorder, 1)
    assert position > head
