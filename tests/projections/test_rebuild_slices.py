"""A generation being rebuilt is filled slice by slice; the runner is told while it is still
behind the head, so it fills the next slice at once instead of waiting for news."""

from __future__ import annotations

import time
import uuid

from domain.access import ViewKind
from projections import tracking
from services.privacy.access_log import Viewer
from services.projecting import runner as runner_module
from services.projecting.runner import Projector, request_rebuild, run_together
from services.synthetic.demo import load_demo_city
from services.system import TeczkaSystem


def test_a_rebuild_is_reported_behind_until_it_switches_in(settings, monkeypatch):
    monkeypatch.setattr(runner_module, "REBUILD_SLICE_S", 0.0)  # one batch per call
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=1)
        system.catch_up()
        projection = system.projection("client_view")
        rebuilt = request_rebuild(system.engine, projection).generation
        runner = Projector(system.app, system.engine, projection, batch_size=5)
        runner.prepare()
        calls = []
        while not calls or calls[-1]:
            calls.append(run_together(system.app, [runner], batch_size=5))
            assert len(calls) <= system.app.head_position()
        with system.engine.connect() as conn:
            active = tracking.active_generation(conn, "client_view")
        head = system.app.head_position()
    # Several slices reported behind, then the last one switched the generation in.
    assert len(calls) > 1 and all(calls[:-1]) and calls[-1] is False
    assert active.generation == rebuilt
    assert active.position == head


def test_a_rebuild_whose_last_events_are_none_of_its_own_still_switches_in(settings):
    """A live runner (no settling) rebuilding two projections reads the log's last batches
    for both; the client view finds none of its own events there, writes its position at
    the head all the same and switches in."""
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=1)
        system.catch_up()
        names = ("client_view", "access_log")
        rebuilt = {name: request_rebuild(system.engine, system.projection(name)).generation
                   for name in names}
        # The log ends with access-log entries (more than a batch): not client-view events.
        viewer = Viewer(uuid.uuid4(), "social_worker", "ztps-1")
        for _ in range(12):
            system.access_log.viewed(viewer, view=ViewKind.CLIENT_VIEW, purpose="case_work",
                                     folder_id=uuid.uuid4())
        runners = [Projector(system.app, system.engine, system.projection(name), batch_size=5)
                   for name in names]
        for runner in runners:
            runner.prepare()
        for _ in range(100):  # bounded: a few slices, then the quiet-position lag
            behind = run_together(system.app, runners, batch_size=5)
            with system.engine.connect() as conn:
                active = {name: tracking.active_generation(conn, name) for name in names}
            if all(active[name].generation == rebuilt[name] for name in names):
                break
            if not behind:
                time.sleep(runner_module.QUIET_POSITION_LAG_S)
        head = system.app.head_position()
    assert {name: gen.generation for name, gen in active.items()} == rebuilt
    assert all(gen.position == head for gen in active.values())
