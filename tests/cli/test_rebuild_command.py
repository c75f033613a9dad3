"""`teczka rebuild NAME` builds a new generation beside the old one and switches reads to it;
`teczka project` runs the projections (all, or one part of them)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time

from projections import tracking
from services.synthetic.demo import load_demo_city
from services.system import TeczkaSystem
from tests.support.cli import cli_env, run_teczka


def _digest(system: TeczkaSystem, name: str) -> tuple[int, str]:
    projection = system.projection(name)
    with system.engine.connect() as conn:
        gen = tracking.active_generation(conn, name)
        return gen.generation, projection.digest(conn, projection.tables(gen.generation))


def test_rebuild_switches_to_an_identical_new_generation(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=3)
        system.catch_up()
        generation, before = _digest(system, "client_view")
    # No runner is running: the command does the work itself.
    done = run_teczka(settings, "rebuild", "client_view")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"generation {generation + 1} active" in done.stdout
    # its progress bar, on stderr: the events of the log read into the new generation
    assert f"client_view g{generation + 1}: events" in done.stderr
    shown = re.search(r"(\d+)/(\d+)", done.stderr)
    assert shown and shown[1] == shown[2] != "0", done.stderr  # the bar full at the end
    with TeczkaSystem(settings, run_projectors=False) as system:
        assert _digest(system, "client_view") == (generation + 1, before)


def test_rebuild_lets_a_running_projector_fill_and_switch_the_new_generation(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=2)
        system.catch_up()
        generation, before = _digest(system, "person_search")
    runner = subprocess.Popen([sys.executable, "-m", "api.cli", "project"], env=cli_env(settings),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(2)  # the runner holds the projection's lock
        done = run_teczka(settings, "rebuild", "person_search")
        assert done.returncode == 0, done.stdout + done.stderr
    finally:
        runner.send_signal(signal.SIGTERM)
        runner.wait(timeout=15)
    with TeczkaSystem(settings, run_projectors=False) as system:
        assert _digest(system, "person_search") == (generation + 1, before)


def test_rebuild_of_an_unknown_projection_says_which_exist(settings):
    done = run_teczka(settings, "rebuild", "nonexistent")
    assert done.returncode != 0
    assert "client_view" in done.stdout + done.stderr


def test_project_refuses_an_unknown_part_names_the_parts_and_builds_nothing(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=1)
        before = system.read_models.positions()
    done = run_teczka(settings, "project", "--part", "3")
    assert done.returncode != 0
    assert "'3': one of 1, 2" in done.stdout + done.stderr
    with TeczkaSystem(settings, run_projectors=False) as system:
        assert system.read_models.positions() == before
