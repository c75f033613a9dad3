"""Two runner processes can share the projections (`teczka project --part`): each takes its
own part at once, stands in for the other part while that part's runner is absent, and hands
it back when that runner comes."""

from __future__ import annotations

import time

from services.projecting.runner import RUNNER_PARTS, ProjectorThreads, lock_factory_for
from services.synthetic.demo import load_demo_city
from services.system import TeczkaSystem


def test_the_two_parts_hold_every_projection_once(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        names = {p.name for p in system.read_models.projections}
    first, second = RUNNER_PARTS["1"], RUNNER_PARTS["2"]
    assert first | second == names
    assert not first & second


def _wait_until(condition, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def _runner(system, settings, part: str, grace_s: float) -> ProjectorThreads:
    # Each runner makes its own locks, as a process of its own would.
    return ProjectorThreads(system.app, system.engine, system.read_models.projections,
                            system.board, batch_size=100, lock_factory=lock_factory_for(settings),
                            part=part, standby_grace_s=grace_s)


def test_a_runner_stands_in_for_the_other_part_until_its_runner_comes(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=1)
        first = _runner(system, settings, "1", grace_s=2.0)
        first.start()
        second = None
        try:
            _wait_until(lambda: RUNNER_PARTS["1"] <= first.held)
            assert not first.held & RUNNER_PARTS["2"]  # its own part first, at once
            # Nobody runs part 2: after its grace, the first runner stands in for it.
            _wait_until(lambda: first.held == RUNNER_PARTS["1"] | RUNNER_PARTS["2"])
            second = _runner(system, settings, "2", grace_s=60.0)
            second.start()
            # Its runner came: the first runner hands part 2 back.
            _wait_until(lambda: second.held == RUNNER_PARTS["2"])
            assert first.held == RUNNER_PARTS["1"]
            head = system.app.head_position()
            _wait_until(lambda: all(position == head for position
                                    in system.read_models.positions().values()))
        finally:
            first.close()
            if second is not None:
                second.close()
