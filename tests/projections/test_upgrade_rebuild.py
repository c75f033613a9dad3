"""An upgrade that changes a projection's tables rebuilds it by itself: the new code finds no
generation of its shape, starts one beside the old, fills it from the log and switches it in;
meanwhile the old tables are neither written nor read (503 read_model.rebuilding), and no
operator has to remember `teczka rebuild`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from projections import tracking
from projections.worker_activity import WorkerActivity
from services.errors import ReadModelRebuildingError
from services.projecting.runner import Projector, request_rebuild
from services.synthetic.demo import load_demo_city
from services.system import TeczkaSystem

NAME = "worker_activity"


def _figures(system: TeczkaSystem) -> list:
    today = date.today()
    return system.read_models.unit_figures(today - timedelta(days=365), today)


def _active(system: TeczkaSystem) -> tracking.Generation:
    with system.engine.connect() as conn:
        active = tracking.active_generation(conn, NAME)
    assert active is not None
    return active


def _as_made_before_the_upgrade(system: TeczkaSystem) -> int:
    """The active generation as the code before districts left it: no `district` column,
    and no shape recorded (the registry had none)."""
    generation = _active(system).generation
    folders = system.projection(NAME).tables(generation).folders.name
    with system.engine.begin() as conn:
        conn.execute(text(f"DROP INDEX IF EXISTS ix_{folders}_district"))
        conn.execute(text(f"ALTER TABLE {folders} DROP COLUMN district"))
        conn.execute(tracking.shapes.delete().where(tracking.shapes.c.projection == NAME))
    return generation


def test_a_projection_whose_tables_changed_is_rebuilt_on_start_and_unreadable_until_then(
        settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=1)
        system.catch_up()
        expected = _figures(system)
        old = _as_made_before_the_upgrade(system)

    with TeczkaSystem(settings, run_projectors=False) as upgraded:
        # Before its runner has looked, a read already knows the old tables are not its own.
        with pytest.raises(ReadModelRebuildingError):
            _figures(upgraded)
        upgraded.catch_up()  # the runner: prepare (a new generation), fill, switch
        active = _active(upgraded)
        assert active.generation > old and active.position == upgraded.app.head_position()
        with upgraded.engine.connect() as conn:
            assert tracking.shape_of(conn, NAME, active.generation) == \
                upgraded.projection(NAME).shape()
            assert [g.generation for g in tracking.live_generations(conn, NAME)] == \
                [active.generation]
        figures = _figures(upgraded)
        assert figures == expected and any(row["teryt"] for row in figures["districts"])


def test_a_generation_of_the_running_codes_tables_is_kept_and_its_shape_recorded(settings):
    """Tables made before shapes were recorded but equal to the code's are adopted, not
    rebuilt; a second start changes nothing."""
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=1)
        system.catch_up()
        before = _active(system).generation
        with system.engine.begin() as conn:
            conn.execute(tracking.shapes.delete().where(tracking.shapes.c.projection == NAME))
    for _ in range(2):
        with TeczkaSystem(settings, run_projectors=False) as again:
            again.catch_up()
            assert _active(again).generation == before
            with again.engine.connect() as conn:
                assert tracking.shape_of(conn, NAME, before) == again.projection(NAME).shape()


def test_a_new_version_of_the_handlers_rebuilds_and_an_older_rebuild_is_retired(settings):
    """`version` raised (rows counted differently, same tables): rebuilt as for a new column;
    a rebuild started for the older shape is retired, never switched in."""
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=1)
        system.catch_up()
        old = _active(system).generation
        stale_building = request_rebuild(system.engine, system.projection(NAME)).generation

        class NextVersion(WorkerActivity):
            version = WorkerActivity.version + 1

        projector = Projector(system.app, system.engine, NextVersion())
        projector.prepare()
        with system.engine.connect() as conn:
            statuses = {g.generation: g.status for g in
                        tracking.live_generations(conn, NAME)}
        assert statuses[old] == tracking.ACTIVE and stale_building not in statuses
        rebuilt = max(statuses)
        assert statuses[rebuilt] == tracking.BUILDING and rebuilt > stale_building
        projector.run_once()
        assert _active(system).generation == rebuilt
