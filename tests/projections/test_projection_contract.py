"""The projection contract, on the SQLite file and on PostgreSQL alike.

Rows and position move together; a rebuilt generation equals the live one; a second runner
stands by; a batch whose position moved under it is rolled back, never applied twice.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from domain.user import User
from projections import tracking
from services.projecting.runner import Projector, lock_factory_for
from services.store.locks import acquire
from services.synthetic.demo import load_demo_city
from services.system import TeczkaSystem
from tests.support.recount import recount_folders


def _active(system: TeczkaSystem, name: str) -> tracking.Generation:
    with system.engine.connect() as conn:
        gen = tracking.active_generation(conn, name)
    assert gen is not None
    return gen


def _wait_for_head(system: TeczkaSystem, timeout: float = 30) -> None:
    head = system.app.head_position()
    deadline = time.monotonic() + timeout
    while any(p is None or p < head for p in system.read_models.positions().values()):
        assert time.monotonic() < deadline, system.read_models.positions()
        time.sleep(0.02)


def test_the_client_view_equals_an_independent_recount_of_the_log(system):
    load_demo_city(system.app, folders_per_worker=4)
    _wait_for_head(system)
    expected = recount_folders(system.app)
    projection = system.projection("client_view")
    with system.engine.connect() as conn:
        tables, position = projection.active_tables(conn)
        assert position == system.app.head_position()
        for folder_id, counts in expected.items():
            today = system.read_models.today()
            view = projection.client_view(conn, tables, uuid.UUID(folder_id), today)
            assert view["version"] == counts["version"]
            assert len(view["members"]) == counts["members"]
            assert len(view["timeline"]) == counts["timeline"]
            assert sum(e["kind"] == "visit" for e in view["timeline"]) == counts["visits"]


def test_a_rebuilt_generation_holds_exactly_the_rows_of_the_live_one(system):
    load_demo_city(system.app, folders_per_worker=3)
    _wait_for_head(system)
    for name in ("client_view", "person_search", "person_index"):
        projection = system.projection(name)
        before = _active(system, name)
        with system.engine.connect() as conn:
            digest_before = projection.digest(conn, projection.tables(before.generation))
        new_generation = system.rebuild(name)
        deadline = time.monotonic() + 30
        while _active(system, name).generation != new_generation:
            assert time.monotonic() < deadline, "the rebuilt generation never became active"
            time.sleep(0.05)
        with system.engine.connect() as conn:
            after = tracking.active_generation(conn, name)
            assert after.position >= before.position
            digest_after = projection.digest(conn, projection.tables(after.generation))
            retired = tracking.retired_generations(conn, name)
        assert digest_after == digest_before
        assert retired == [before.generation]


def test_reads_keep_working_while_a_rebuild_fills_the_new_generation(system):
    users = load_demo_city(system.app, folders_per_worker=3)
    _wait_for_head(system)
    worker = User.id_for(users[0].username)
    before = system.read_models.caseload(worker)
    system.rebuild("client_view")
    # The old generation answers until the new one is switched in: never empty, never half.
    for _ in range(20):
        assert len(system.read_models.caseload(worker)) == len(before)


def test_a_second_runner_waits_as_a_hot_standby_while_the_first_holds_the_lock(settings):
    # Each runner process makes its locks once: two factories are two runners.
    first = lock_factory_for(settings)("client_view")
    second = lock_factory_for(settings)("client_view")
    stop = threading.Event()
    assert acquire(first, stop)
    try:
        assert second.try_acquire() is False
    finally:
        first.release()
    # The standby takes over once the active runner is gone.
    assert acquire(second, stop)
    second.release()


def test_a_runner_holds_all_its_locks_on_one_connection_and_frees_each_on_its_own(settings):
    if not settings.is_postgres:
        pytest.skip("advisory locks and their sessions are PostgreSQL's")
    names = ["client_view", "handoff_queue", "staff", "returns"]
    runner, standby = lock_factory_for(settings), lock_factory_for(settings)
    held = {name: runner(name) for name in names}
    assert all(lock.try_acquire() for lock in held.values())
    with TeczkaSystem(settings, run_projectors=False) as system, system.engine.connect() as conn:
        holders = conn.exec_driver_sql(
            "SELECT count(DISTINCT pid) FROM pg_locks WHERE locktype = 'advisory' AND "
            "database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ).scalar()
    assert holders == 1
    try:
        held["staff"].release()
        # The standby takes the freed projection and only that one.
        assert [name for name in names if standby(name).try_acquire()] == ["staff"]
    finally:
        for lock in held.values():
            lock.release()
        standby("staff").release()
    assert runner("client_view").try_acquire()  # all freed: a new session takes them again
    runner("client_view").release()


def test_a_batch_whose_position_moved_is_rolled_back_not_applied_twice(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=1)
        projection = system.projection("client_view")
        projector = Projector(system.app, system.engine, projection, batch_size=10_000)
        projector.prepare()
        gen = _active(system, "client_view")
        # Another runner (here: a stale copy of the position) advanced the generation first.
        with system.engine.begin() as conn:
            tracking.advance(conn, gen, 1)
        with pytest.raises(tracking.PositionMovedError):
            projector._catch_up(gen, [], True)
        with system.engine.connect() as conn:
            tables = projection.tables(gen.generation)
            assert projection.count_rows(conn, tables)["folders"] == 0
            assert tracking.active_generation(conn, "client_view").position == 1
