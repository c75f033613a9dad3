"""Many commands at once: each is applied and answered as declared, while at most as many
run at a time as the connection pool holds (the others wait their turn, without a thread)."""

from __future__ import annotations

import threading
import time

import anyio
import httpx
import pytest

from api.deps import PoolThreads
from tests.api import given
from tests.support.builders import visit_body
from tests.support.server import running_server
from tests.support.stores import settings_for

PASSWORD = "haslo-testowe-123"
AT_ONCE = 16


def test_no_more_commands_run_at_once_than_the_pool_holds():
    running, most = 0, 0
    lock = threading.Lock()

    def command() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.02)
        with lock:
            running -= 1

    async def burst() -> None:
        threads = PoolThreads(size=3)
        async with anyio.create_task_group() as tasks:
            for _ in range(AT_ONCE):
                tasks.start_soon(threads.run, command)

    anyio.run(burst)
    assert most == 3


@pytest.mark.postgres
def test_a_burst_of_commands_on_a_one_connection_pool_is_applied_and_answered_as_declared(
        request, tmp_path):
    with settings_for("postgres", tmp_path, request, postgres_pool_size=1) as settings, \
            running_server(settings, run_projectors=False) as (base_url, system):
        headers = given.signed_in_worker(system, base_url, PASSWORD)
        with httpx.Client(base_url=base_url, headers=headers, timeout=30) as http:
            folders = [given.open_folder(http) for _ in range(AT_ONCE)]
        start = threading.Barrier(AT_ONCE)
        answers: dict[str, httpx.Response] = {}

        def record_a_visit(folder: given.Folder) -> None:
            with httpx.Client(base_url=base_url, headers=headers, timeout=30) as http:
                start.wait()
                answers[folder.id] = http.post(f"{folder.path}/visits",
                                               json=visit_body(folder.version))

        racers = [threading.Thread(target=record_a_visit, args=(f,)) for f in folders]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join(timeout=60)

        assert sorted(a.status_code for a in answers.values()) == [201] * AT_ONCE
        for folder_id, answer in answers.items():
            assert answer.headers["content-type"] == "application/json"
            body = answer.json()
            assert set(body) == {"command_id", "folder_id", "aggregate_id", "version",
                                 "position", "duplicate"}
            assert (body["folder_id"], body["aggregate_id"], body["version"],
                    body["duplicate"]) == (folder_id, folder_id, 2, False)
            assert body["position"] > 0
        positions = [a.json()["position"] for a in answers.values()]
        assert len(set(positions)) == AT_ONCE
