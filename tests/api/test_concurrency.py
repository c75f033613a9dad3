"""Two people changing one folder: the one who saw an old version is told, never merged."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests.api import expect, given
from tests.support.builders import closure_body, visit_body


@pytest.mark.parametrize("seen", [1, 5], ids=["older", "newer"])
def test_a_visit_on_a_version_the_folder_no_longer_has_is_refused_as_stale(api, seen):
    with api.client("worker") as http:
        folder = given.open_folder(http)
        given.command(http, folder, "/visits", visit_body(folder.version))
        given.command(http, folder, "/visits", visit_body(folder.version))

        with expect.nothing_written(api):
            answer = http.post(f"{folder.path}/visits", json=visit_body(seen))

        error = expect.refused(answer, 409, "version.stale")
        assert error["details"]["current_version"] == folder.version == 3
        assert given.view(http, folder)["version"] == 3
        assert len(given.events_of(api, folder)) == 3


def test_a_manager_closing_a_folder_the_worker_just_changed_is_told_the_current_version(api):
    with api.client("worker") as worker, api.client("manager") as manager:
        folder = given.open_folder(worker)
        seen_by_manager = folder.version
        given.command(worker, folder, "/visits", visit_body(folder.version))

        with expect.nothing_written(api):
            answer = manager.post(f"{folder.path}/closure", json=closure_body(seen_by_manager))

        error = expect.refused(answer, 409, "version.stale")
        assert error["details"]["current_version"] == 2
        assert given.view(worker, folder)["status"] == "open"


def test_two_workers_recording_visits_from_the_same_version_one_wins_one_is_told(api):
    with api.client("worker") as http:
        folder = given.open_folder(http)
    start = threading.Barrier(2)
    answers: list[httpx.Response] = []

    def record_a_visit() -> None:
        with api.client("worker") as http:
            body = visit_body(folder.version)
            start.wait()
            answers.append(http.post(f"{folder.path}/visits", json=body))

    racers = [threading.Thread(target=record_a_visit) for _ in range(2)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=30)

    assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
    winner = next(a for a in answers if a.status_code == 201)
    loser = next(a for a in answers if a.status_code == 409)
    error = expect.refused(loser, 409, "version.stale")
    assert error["details"]["current_version"] == winner.json()["version"] == 2
    assert len(given.events_of(api, folder)) == 2
    folder.saw(winner.json())
    with api.client("worker") as http:
        visits = [e for e in given.view(http, folder)["timeline"] if e["kind"] == "visit"]
    assert len(visits) == 1
