"""Two runner processes can share the projections (`teczka project --part`): each takes its
own part at once and the other part only as a standby, when nobody has held it for a while."""

from __future__ import annotations

import time

from services.demo import load_demo_city
from services.projector import RUNNER_PARTS, ProjectorThreads, lock_factory_for
from services.system import TeczkaSystem


def test_the_two_parts_hold_every_projection_once(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        names = {p.name for p in system.read_models.projections}
    care, casework = RUNNER_PARTS["care"], RUNNER_PARTS["casework"]
    assert care | casework == names
    assert not care & casework


def _held_by_someone_else(settings, name: str) -> bool:
    lock = lock_factory_for(settings)(name)
    if lock.try_acquire():
        lock.release()
        return False
    return True


def _wait_until(condition, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_runner_takes_its_part_at_once_and_the_other_part_only_after_the_grace(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=1)
        runner = ProjectorThreads(system.app, system.engine, system.read_models.projections,
                                  system.board, batch_size=100,
                                  lock_factory=lock_factory_for(settings), part="care",
                                  standby_grace_s=3.0)
        runner.start()
        try:
            _wait_until(lambda: all(_held_by_someone_else(settings, name)
                                    for name in RUNNER_PARTS["care"]))
            assert not any(_held_by_someone_else(settings, name)
                           for name in RUNNER_PARTS["casework"])
            # Nobody runs case work: the care runner stands in for it and builds it.
            _wait_until(lambda: all(_held_by_someone_else(settings, name)
                                    for name in RUNNER_PARTS["casework"]))
            head = system.app.head_position()
            _wait_until(lambda: all(position == head for position
                                    in system.read_models.positions().values()))
        finally:
            runner.close()
