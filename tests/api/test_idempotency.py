"""A tablet retrying a command gets the first answer back, and the folder changes once."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import httpx

from tests.api import expect, given
from tests.support.builders import change_address_body, open_folder_body, visit_body

COPIES = 10
ROUNDS = 8


def send_at_once(api, path: str, body: dict) -> list[httpx.Response]:
    """Send the same body from COPIES clients released together."""
    start = threading.Barrier(COPIES)
    answers: list[httpx.Response] = []

    def send() -> None:
        with api.client("worker") as http:
            start.wait()
            answers.append(http.post(path, json=body))

    threads = [threading.Thread(target=send) for _ in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(answers) == COPIES
    return answers


def visits_in_timeline(http: httpx.Client, folder: given.Folder) -> list[dict]:
    return [e for e in given.view(http, folder)["timeline"] if e["kind"] == "visit"]


def test_a_retried_visit_answers_200_with_the_first_result_and_is_recorded_once(api):
    with api.client("worker") as http:
        folder = given.open_folder(http)
        body = visit_body(folder.version)
        first = http.post(f"{folder.path}/visits", json=body)
        with expect.nothing_written(api):
            retry = http.post(f"{folder.path}/visits", json=body)

        assert first.status_code == 201, first.text
        assert first.json()["duplicate"] is False
        assert retry.status_code == 200, retry.text
        assert retry.json()["duplicate"] is True
        assert retry.json()["folder_id"] == first.json()["folder_id"] == folder.id
        assert retry.json()["version"] == first.json()["version"] == 2
        assert len(given.events_of(api, folder)) == 2  # opened + one visit
        folder.saw(retry.json())
        assert len(visits_in_timeline(http, folder)) == 1


def test_a_retried_visit_still_answers_its_first_result_after_the_folder_moved_on(api):
    with api.client("worker") as http:
        folder = given.open_folder(http)
        body = visit_body(folder.version)
        first = given.command(http, folder, "/visits", body)
        given.command(http, folder, "/visits", visit_body(folder.version))

        retry = http.post(f"{folder.path}/visits", json=body)

        assert retry.status_code == 200, retry.text
        assert retry.json()["duplicate"] is True
        assert retry.json()["version"] == first["version"]
        assert len(given.events_of(api, folder)) == 3
        assert len(visits_in_timeline(http, folder)) == 2


def test_a_retried_open_folder_answers_200_and_opens_one_folder(api):
    with api.client("worker") as http:
        body = open_folder_body()
        first = http.post("/api/folders", json=body)
        with expect.nothing_written(api):
            retry = http.post("/api/folders", json=body)

        assert first.status_code == 201, first.text
        assert retry.status_code == 200, retry.text
        assert retry.json()["duplicate"] is True
        assert retry.json()["folder_id"] == first.json()["folder_id"] == body["folder_id"]
        assert retry.json()["version"] == first.json()["version"] == 1
        folder = given.Folder(body["folder_id"], 1, first.json()["position"],
                              body["head"]["member_id"], body["team_id"])
        assert len(given.events_of(api, folder)) == 1
        assert [e["kind"] for e in given.view(http, folder)["timeline"]] == ["folder_opened"]


def test_ten_copies_of_one_visit_sent_at_once_are_applied_exactly_once(api):
    with api.client("worker") as http:
        folder = given.open_folder(http)
        answers = send_at_once(api, f"{folder.path}/visits", visit_body(folder.version))

        applied = [a for a in answers if a.status_code == 201]
        assert len(applied) == 1, [a.text for a in answers]
        assert applied[0].json()["version"] == 2
        assert {a.status_code for a in answers} <= {200, 201}
        assert all(a.json()["version"] == 2 for a in answers if a.status_code == 200)
        assert len(given.events_of(api, folder)) == 2
        folder.position = max(a.json()["position"] for a in answers if a.status_code < 300)
        assert len(visits_in_timeline(http, folder)) == 1


def test_copies_racing_their_original_are_all_answered_as_retries(api):
    # The race is timing-dependent; a few rounds make it show reliably on both stores.
    with api.client("worker") as http:
        for _ in range(ROUNDS):
            folder = given.open_folder(http)
            answers = send_at_once(api, f"{folder.path}/visits", visit_body(folder.version))
            statuses = sorted(a.status_code for a in answers)
            assert statuses == [200] * (COPIES - 1) + [201], [a.text for a in answers]


def test_ten_copies_of_one_open_folder_sent_at_once_open_it_exactly_once(api):
    body = open_folder_body()
    answers = send_at_once(api, "/api/folders", body)

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] * (COPIES - 1) + [201], [a.text for a in answers]
    assert {a.json()["folder_id"] for a in answers} == {body["folder_id"]}
    folder = given.Folder(body["folder_id"], 1, max(a.json()["position"] for a in answers),
                          body["head"]["member_id"], body["team_id"])
    assert len(given.events_of(api, folder)) == 1


def test_a_command_id_reused_for_a_different_visit_is_refused_and_writes_nothing(api):
    with api.client("worker") as http:
        folder = given.open_folder(http)
        body = visit_body(folder.version)
        given.command(http, folder, "/visits", body)
        changed = body | {"visit": body["visit"] | {"minutes": 90}}

        with expect.nothing_written(api):
            answer = http.post(f"{folder.path}/visits", json=changed)

        expect.refused(answer, 409, "command.id_reused")
        assert len(given.events_of(api, folder)) == 2
        assert given.view(http, folder)["timeline"][0]["details"]["minutes"] == 45


def test_a_command_id_reused_for_another_kind_of_command_is_refused(api):
    with api.client("worker") as http:
        folder = given.open_folder(http)
        body = visit_body(folder.version)
        given.command(http, folder, "/visits", body)
        reused = open_folder_body(command_id=body["command_id"])

        with expect.nothing_written(api):
            answer = http.post("/api/folders", json=reused)

        expect.refused(answer, 409, "command.id_reused")


def test_a_command_id_reused_to_open_a_folder_on_another_day_is_refused(api):
    with api.client("worker") as http:
        body = open_folder_body()
        given.applied(http.post("/api/folders", json=body))
        other_day = (date.today() - timedelta(days=3)).isoformat()

        answer = http.post("/api/folders", json=body | {"opened_on": other_day})

        expect.refused(answer, 409, "command.id_reused")


def test_a_command_id_reused_for_a_move_on_another_day_is_refused(api):
    with api.client("worker") as http:
        folder = given.open_folder(http)
        body = change_address_body(folder.version)
        given.command(http, folder, "/address", body)
        other_day = (date.today() - timedelta(days=3)).isoformat()

        answer = http.post(f"{folder.path}/address", json=body | {"changed_on": other_day})

        expect.refused(answer, 409, "command.id_reused")
