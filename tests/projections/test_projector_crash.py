"""SIGKILL the projection process mid-batch while events flow: after a restart the view
equals an independent recount, with no event applied twice or skipped."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import date

import pytest

from domain.social_work import Visit
from domain.user import Role, User
from projections import tracking
from services.casework.commands import RecordVisit
from services.commands import CommandContext
from services.synthetic.demo import load_demo_city
from services.system import TeczkaSystem
from tests.support.recount import recount_folders

KILLS = 4


def _projector_env(settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "TECZKA_DATA_DIR": str(settings.data_dir),
        "TECZKA_SECRET_KEY": settings.secret_key.get_secret_value(),
        "TECZKA_MASTER_KEY": settings.master_key.get_secret_value(),
        # Small batches: a kill lands inside a batch's transaction far more often.
        "TECZKA_PROJECTION_BATCH_SIZE": "20",
    })
    if settings.database_url:
        env["TECZKA_DATABASE_URL"] = settings.database_url
    return env


def _start_projector(settings) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "api.cli", "project"],
        env=_projector_env(settings), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _keep_writing(system: TeczkaSystem, folders: list[uuid.UUID], stop: threading.Event,
                  worker: uuid.UUID, written: list[int]) -> None:
    rng = random.Random(3)
    while not stop.is_set() and written[0] < 2000:
        folder_id = rng.choice(folders)
        folder = system.app.repository.get(folder_id)
        visit = Visit(visit_id=uuid.uuid4(), visited_on=date.today(), minutes=30,
                      activity="phone_call", place="", notes="kontrola")
        ctx = CommandContext(command_id=uuid.uuid4(), actor_id=worker,
                             role=Role.SOCIAL_WORKER.value, unit=folder.team_id)
        system.app.handle(ctx, RecordVisit(
            folder_id=folder_id, expected_version=folder.version, visit=visit))
        written[0] += 1
        time.sleep(0.005)


@pytest.mark.parametrize("kills", [pytest.param(KILLS, id="4-kills"),
                                   pytest.param(20, id="20-kills", marks=pytest.mark.slow)])
def test_killing_the_projector_mid_batch_neither_skips_nor_repeats_an_event(settings, kills):
    rng = random.Random(11)
    with TeczkaSystem(settings, run_projectors=False) as system:
        users = load_demo_city(system.app, folders_per_worker=15)
        # The registry of generations exists before the first runner starts, so reading the
        # positions between kills never races a runner that has not created it yet.
        tracking.registry_metadata.create_all(system.engine)
        folders = [uuid.UUID(f) for f in recount_folders(system.app)]
        worker = User.id_for(users[0].username)
        stop, written = threading.Event(), [0]
        writer = threading.Thread(target=_keep_writing,
                                  args=(system, folders, stop, worker, written))
        writer.start()
        behind_at_kill = []
        try:
            for _ in range(kills):
                projector = _start_projector(settings)
                time.sleep(rng.uniform(1.2, 2.5))
                projector.send_signal(signal.SIGKILL)
                projector.wait(timeout=10)
                position = system.read_models.positions()["client_view"] or 0
                behind_at_kill.append(system.app.head_position() - position)
        finally:
            stop.set()
            writer.join(timeout=30)
        assert written[0] > 0
        # The kills landed while the runner was catching up, not while it idled.
        assert any(behind > 0 for behind in behind_at_kill), behind_at_kill

        projector = _start_projector(settings)
        try:
            head = system.app.head_position()
            deadline = time.monotonic() + 60
            while any(p is None or p < head for p in system.read_models.positions().values()):
                assert projector.poll() is None, projector.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, system.read_models.positions()
                time.sleep(0.05)
        finally:
            projector.send_signal(signal.SIGTERM)
            projector.wait(timeout=10)

        expected = recount_folders(system.app)
        view = system.projection("client_view")
        with system.engine.connect() as conn:
            tables, _ = view.active_tables(conn)
            today = date.today()
            for folder_id, counts in expected.items():
                shown = view.client_view(conn, tables, uuid.UUID(folder_id), today)
                assert shown["version"] == counts["version"]
                assert len(shown["timeline"]) == counts["timeline"]
                assert len(shown["members"]) == counts["members"]
