"""Reads remember which generation of each read model is active (services/projecting/generations.py)
and still follow every rebuild: a switch is seen, and a read never fails on the dropped
tables of a generation it remembered."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import delete

from domain.user import User
from projections import tracking
from services.projecting.generations import ActiveGenerations
from services.projecting.runner import Projector, request_rebuild
from services.synthetic.demo import load_demo_city
from services.system import TeczkaSystem


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _a_folder(system: TeczkaSystem) -> uuid.UUID:
    users = load_demo_city(system.app, folders_per_worker=2)
    system.catch_up()
    worker = User.id_for(users[0].username)
    return system.read_models.caseload(worker)[0]["folder_id"]


def _rebuild_unheard(system: TeczkaSystem, name: str) -> int:
    """Rebuild and switch a read model as a runner in another process would, without a word
    to this process's position board; return the new active generation."""
    projection = system.projection(name)
    request_rebuild(system.engine, projection)
    Projector(system.app, system.engine, projection, board=None).run_once()
    with system.engine.connect() as conn:
        return tracking.active_generation(conn, name).generation


def _remember_with(system: TeczkaSystem, clock: Clock) -> ActiveGenerations:
    """Remember generations by this clock, and hear no news at all (on PostgreSQL the
    runner's NOTIFYs would otherwise come in through the listener, at a moment of their
    own): the worst case, where only the age limit and a failed read make reads look again."""
    if system.listener is not None:
        system.listener.close()
    generations = ActiveGenerations(system.board, max_age_s=1.0, monotonic=clock)
    system.read_models.generations = generations
    return generations


def _empty_folders_of(system: TeczkaSystem, generation: int) -> None:
    """Make a generation's answer tell itself apart: no folders at all."""
    folders = system.projection("client_view").tables(generation).folders
    with system.engine.begin() as conn:
        conn.execute(delete(folders))


def test_a_switch_is_read_from_once_the_remembered_generation_ages_out(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        folder_id = _a_folder(system)
        clock = Clock()
        _remember_with(system, clock)
        before = system.read_models.client_view(folder_id)
        with system.engine.connect() as conn:
            old = tracking.active_generation(conn, "client_view").generation
        _rebuild_unheard(system, "client_view")
        _empty_folders_of(system, old)
        # Within the age limit this process still reads the retired generation (kept, not
        # dropped, until the next switch) ...
        assert system.read_models.client_view(folder_id) is None
        clock.now += 1.5
        # ... and the new one once the entry has aged out.
        assert system.read_models.client_view(folder_id) == before


def test_news_of_the_read_model_on_the_board_makes_reads_look_again_at_once(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        folder_id = _a_folder(system)
        _remember_with(system, Clock())
        before = system.read_models.client_view(folder_id)
        with system.engine.connect() as conn:
            old = tracking.active_generation(conn, "client_view").generation
        _rebuild_unheard(system, "client_view")
        _empty_folders_of(system, old)
        system.board.announce("client_view")  # what the runner's NOTIFY brings
        assert system.read_models.client_view(folder_id) == before


def test_a_read_never_fails_on_the_dropped_tables_of_a_remembered_generation(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        folder_id = _a_folder(system)
        generations = _remember_with(system, Clock())
        before = system.read_models.client_view(folder_id)
        with system.engine.connect() as conn:
            old = tracking.active_generation(conn, "client_view").generation
        # Two switches unheard within the age limit: the remembered generation is dropped.
        _rebuild_unheard(system, "client_view")
        newest = _rebuild_unheard(system, "client_view")
        with system.engine.connect() as conn:
            assert old not in [g.generation
                               for g in tracking.live_generations(conn, "client_view")]
            assert tracking.retired_generations(conn, "client_view") == [newest - 1]
        reads_before = generations.registry_reads
        assert system.read_models.client_view(folder_id) == before
        # It found the tables gone, looked the generation up again and read the new one.
        assert generations.registry_reads > reads_before
        assert generations.active(None, system.projection("client_view"))[2] == newest


def test_reads_going_on_through_rebuilds_all_answer_the_same(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        folder_id = _a_folder(system)
        before = system.read_models.client_view(folder_id)
        stop = threading.Event()
        answers: list[object] = []

        def read_on() -> None:
            while not stop.is_set():
                try:
                    answers.append(system.read_models.client_view(folder_id))
                except Exception as error:  # any failure is the finding
                    answers.append(error)

        readers = [threading.Thread(target=read_on) for _ in range(3)]
        for reader in readers:
            reader.start()
        try:
            for _ in range(4):
                _rebuild_unheard(system, "client_view")
        finally:
            stop.set()
            for reader in readers:
                reader.join(timeout=30)
        assert answers
        assert [a for a in answers if a != before] == []
