"""The runner reads the log in batches over a bounded stretch of positions: batch after batch
they cover the log exactly (nothing skipped, nothing read twice), and a projection whose
events are far apart is still built to the head. Each batch moves all the projections it
applies to in one transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from projections import tracking
from services.projecting import runner as runner_module
from services.projecting.runner import Projector, read_batch, run_together
from services.synthetic.demo import load_demo_city
from services.system import TeczkaSystem


def test_batches_of_one_projection_s_events_cover_the_log_exactly(system):
    load_demo_city(system.app, folders_per_worker=2)
    head = system.app.head_position()
    topics = system.projection("staff").topics
    expected = [n.id for n in system.app.recorder.select_notifications(
        start=1, limit=head, stop=head, topics=topics)]
    read, ends, start = [], [], 1
    while start <= head:
        notifications, end = read_batch(system.app, start, 5, head, topics)
        assert end <= min(head, start + runner_module.READ_WINDOW_BATCHES * 5 - 1)
        assert all(start <= n.id <= end for n in notifications)
        read += [n.id for n in notifications]
        ends.append(end)
        start = end + 1
    assert read == expected
    assert ends[-1] == head
    # The staff's events are few and far apart: many windows held none of them.
    assert len(ends) > len(expected) // 5 + 1


def test_a_projection_whose_events_are_far_apart_is_built_to_the_head(settings):
    # No runner beside this projector: two writing the same rows would race.
    with TeczkaSystem(settings, run_projectors=False) as system:
        users = load_demo_city(system.app, folders_per_worker=2)
        staff = system.projection("staff")
        projector = Projector(system.app, system.engine, staff, batch_size=3)
        projector.prepare()
        projector.run_once()
        with system.engine.connect() as conn:
            tables, position = staff.active_tables(conn)
            shown = {row["username"] for row in staff.users(conn, tables)}
        assert position == system.app.head_position()
        assert shown == {user.username for user in users}


def _run_with_staff_moved_under_the_runner(system, names: tuple[str, ...]) -> None:
    """Run the projections `names` (the staff last) together once, after another runner
    moved the staff position: the batch's transaction for the staff fails."""
    runners = [Projector(system.app, system.engine, system.projection(name)) for name in names]
    for runner in runners:
        runner.prepare()
    with system.engine.begin() as conn:
        staff = tracking.active_generation(conn, "staff")
    runners[-1].live(settle=True)  # the runner's copy of the position, soon stale
    with system.engine.begin() as conn:
        tracking.advance(conn, staff, 1)  # another runner got there first
    with pytest.raises(tracking.PositionMovedError):
        run_together(system.app, runners, batch_size=10_000)


def test_a_batch_moves_every_projection_or_none(settings):
    """One transaction per batch for all projections: when one position moved under the
    runner, the others' rows and positions of that batch are rolled back with it."""
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=1)
        _run_with_staff_moved_under_the_runner(system, ("client_view", "staff"))
        view = system.projection("client_view")
        with system.engine.connect() as conn:
            tables, position = view.active_tables(conn)
            rows = view.count_rows(conn, tables)
    assert position == 0
    assert rows["folders"] == 0


def test_the_handoff_queue_commits_before_the_rest_of_its_batch(settings):
    """Care orders reach the MCUS coordinators' open screens first: the handoff queue's share
    of a live batch commits on its own, so it stands even when the rest of the batch is
    rolled back (here: another runner moved the staff position first)."""
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=12)  # enough for care orders
        _run_with_staff_moved_under_the_runner(system, ("handoff_queue", "client_view", "staff"))
        handoff, view = system.projection("handoff_queue"), system.projection("client_view")
        with system.engine.connect() as conn:
            handoff_tables, handoff_position = handoff.active_tables(conn)
            orders = conn.execute(select(func.count()).select_from(
                handoff_tables.orders)).scalar()
            _tables, view_position = view.active_tables(conn)
        head = system.app.head_position()
    assert orders > 0
    assert handoff_position == head
    assert view_position == 0
