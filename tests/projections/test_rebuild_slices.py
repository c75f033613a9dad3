"""A generation being rebuilt is filled slice by slice; the runner is told while it is still
behind the head, so it fills the next slice at once instead of waiting for news."""

from __future__ import annotations

from projections import tracking
from services import projector as runner_module
from services.demo import load_demo_city
from services.projector import Projector, request_rebuild, run_together
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
