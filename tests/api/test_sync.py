"""The offline sync endpoint: a tablet's queued commands in one request, each answered as its
own route would answer it, applied once, in order, and held after a failure on its folder."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from services.commands import CommandContext
from services.users.commands import RegisterUser
from tests.api import expect, given
from tests.support.builders import new_id, open_folder_body, transfer_body, visit_body
from tests.support.server import running_server
from tests.support.stores import fresh_postgres_database, postgres_settings


def queued(path: str, body: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"command_id": body["command_id"], "method": "POST", "path": path, "body": body} | extra


def visit(folder: given.Folder, version: int | None = None, chain: bool = False, **overrides):
    body = visit_body(folder.version if version is None else version, **overrides)
    return queued(f"{folder.path}/visits", body, chain=chain)


def synced(http, commands: list[dict[str, Any]]) -> dict[str, Any]:
    answer = http.post("/api/sync", json={"commands": commands})
    assert answer.status_code == 200, answer.text
    return answer.json()


def outcomes(result: dict[str, Any]) -> list[tuple[str, int]]:
    return [(r["outcome"], r["status"]) for r in result["results"]]


def visit_ids(api, folder: given.Folder) -> list[str]:
    return [str(e.visit.visit_id) for e in given.events_of(api, folder)
            if type(e).__name__ == "VisitRecorded"]


@pytest.fixture
def folder(api) -> given.Folder:
    with api.client("worker") as http:
        return given.open_folder(http)


def test_visits_queued_offline_on_one_view_are_applied_in_order_with_chained_versions(api, folder):
    commands = [visit(folder), visit(folder, chain=True), visit(folder, chain=True)]
    with api.client("worker") as http:
        result = synced(http, commands)

    assert outcomes(result) == [("applied", 201)] * 3
    assert [r["body"]["version"] for r in result["results"]] == [2, 3, 4]
    assert [r["command_id"] for r in result["results"]] == [c["command_id"] for c in commands]
    assert result["applied"] == 3
    assert visit_ids(api, folder) == [c["body"]["visit"]["visit_id"] for c in commands]


def test_the_same_batch_sent_twice_is_applied_once(api, folder):
    commands = [visit(folder), visit(folder, chain=True)]
    with api.client("worker") as http:
        first = synced(http, commands)
        with expect.nothing_written(api):
            again = synced(http, commands)

    assert outcomes(first) == [("applied", 201)] * 2
    assert outcomes(again) == [("applied", 200)] * 2
    assert [r["body"]["duplicate"] for r in again["results"]] == [True, True]
    assert [r["body"]["version"] for r in again["results"]] == [2, 3]
    assert len(visit_ids(api, folder)) == 2


def test_a_command_synced_and_also_sent_directly_is_applied_once(api, folder):
    command = visit(folder)
    with api.client("worker") as http:
        direct = http.post(command["path"], json=command["body"])
        with expect.nothing_written(api):
            result = synced(http, [command])

    assert direct.status_code == 201
    assert outcomes(result) == [("applied", 200)]
    assert result["results"][0]["body"]["version"] == direct.json()["version"]


def test_a_folder_is_opened_and_visited_in_one_batch(api):
    opening = open_folder_body()
    opened = given.Folder(opening["folder_id"], 1, 0, opening["head"]["member_id"], "ZTPS-1")
    with api.client("worker") as http:
        result = synced(http, [queued("/api/folders", opening), visit(opened, version=1)])

    assert outcomes(result) == [("applied", 201)] * 2
    assert len(visit_ids(api, opened)) == 1


def test_after_a_refused_command_the_later_ones_of_its_folder_are_held_and_others_run(api):
    with api.client("worker") as http:
        a, b = given.open_folder(http), given.open_folder(http)
        bad = visit(a, visit={"minutes": 0})
        commands = [bad, visit(b), visit(a, chain=True), visit(b, chain=True)]
        result = synced(http, commands)

    assert outcomes(result) == [("refused", 422), ("applied", 201), ("held", 424),
                                ("applied", 201)]
    assert result["results"][0]["body"]["error"]["code"] == "visit.invalid_minutes"
    held = result["results"][2]["body"]["error"]
    assert held["code"] == "sync.held"
    assert held["details"]["after"] == bad["command_id"]
    assert held["message"]["pl"] != held["message"]["en"]
    assert (result["refused"], result["applied"], result["held"]) == (1, 2, 1)
    assert visit_ids(api, a) == []
    assert len(visit_ids(api, b)) == 2


def test_a_stale_version_is_reported_as_409_with_the_current_version_and_holds_its_folder(
        api, folder):
    with api.client("worker") as http:
        given.command(http, folder, "/visits", visit_body(folder.version))  # someone else
        with expect.nothing_written(api):
            result = synced(http, [visit(folder, version=1), visit(folder, version=1,
                                                                    chain=True)])

    assert outcomes(result) == [("refused", 409), ("held", 424)]
    error = result["results"][0]["body"]["error"]
    assert error["code"] == "version.stale"
    assert error["details"]["current_version"] == 2


def test_a_refused_command_is_answered_exactly_as_its_own_route_answers_it(api, folder):
    bad = visit(folder, visit={"minutes": 5000})
    other = dict(bad, body=dict(bad["body"], command_id=new_id()))
    other["command_id"] = other["body"]["command_id"]
    with api.client("worker") as http, expect.nothing_written(api):
        direct = http.post(bad["path"], json=bad["body"])
        result = synced(http, [other])

    assert result["results"][0]["status"] == direct.status_code == 422
    assert result["results"][0]["body"] == direct.json()


def test_a_command_the_caller_may_not_run_is_refused_inside_the_batch(api, folder):
    transfer = queued(f"{folder.path}/transfer", transfer_body(folder.version, "ZTPS-2"))
    with api.client("worker") as http, expect.nothing_written(api):
        as_worker = synced(http, [transfer])
    with api.client("caregiver") as http, expect.nothing_written(api):
        as_caregiver = synced(http, [visit(folder)])

    assert outcomes(as_worker) == [("refused", 403)]
    assert as_worker["results"][0]["body"]["error"]["code"] == "auth.forbidden"
    assert outcomes(as_caregiver) == [("refused", 403)]


def test_a_worker_of_another_team_cannot_reach_a_folder_through_sync(api, folder):
    with api.client("worker_other_team") as http, expect.nothing_written(api):
        result = synced(http, [visit(folder)])

    assert outcomes(result) == [("refused", 404)]
    assert result["results"][0]["body"]["error"]["code"] == "case_folder.not_found"


@pytest.mark.parametrize("path", ["/api/auth/login", "/api/auth/logout", "/api/sync",
                                  "/api/me/password", "/api/caseload", "/api/nowhere"])
def test_only_command_routes_can_be_synced(api, folder, path):
    body = {"command_id": new_id(), "username": "worker1", "password": "x", "commands": []}
    with api.client("worker") as http, expect.nothing_written(api):
        result = synced(http, [queued(path, body)])
        still_signed_in = http.get("/api/me")

    assert outcomes(result) == [("refused", 404)]
    assert result["results"][0]["body"]["error"]["code"] == "sync.not_a_command"
    assert still_signed_in.status_code == 200


def bad_batches(folder: given.Folder) -> dict[str, Any]:
    command = visit(folder)
    return {
        "no commands": {"commands": []},
        "not a list": {"commands": command},
        "over 200": {"commands": [visit(folder) for _ in range(201)]},
        "the same command twice": {"commands": [command, command]},
        "id not the body's": {"commands": [dict(command, command_id=new_id())]},
        "a GET": {"commands": [dict(command, method="GET")]},
        "a query string": {"commands": [dict(command, path=command["path"] + "?x=1")]},
        "outside the API": {"commands": [dict(command, path="/assets/x.js")]},
        "an unknown field": {"commands": [dict(command, extra=1)]},
        "a body that is not an object": {"commands": [dict(command, body=[1])]},
    }


@pytest.mark.parametrize("case", sorted(bad_batches(given.Folder("x", 1, 0, "x", "x"))))
def test_a_bad_batch_is_refused_whole_and_changes_nothing(api, folder, case):
    batch = bad_batches(folder)[case]
    with api.client("worker") as http, expect.nothing_written(api):
        answer = http.post("/api/sync", json=batch)

    expect.refused(answer, 422, "request.invalid")
    assert visit_ids(api, folder) == []


def test_a_batch_that_is_not_json_is_refused(api):
    with api.client("worker") as http, expect.nothing_written(api):
        answer = http.post("/api/sync", content=b"{\"commands\": [",
                           headers={"Content-Type": "application/json"})

    expect.refused(answer, 400, "request.malformed")


def test_a_batch_over_the_body_limit_is_refused_before_it_is_read(api, folder):
    notes = "x" * 19_000
    batch = {"commands": [visit(folder, visit={"notes": notes}) for _ in range(20)]}
    with api.client("worker") as http, expect.nothing_written(api):
        answer = http.post("/api/sync", json=batch)

    expect.refused(answer, 413, "request.too_large")


def test_signing_in_is_needed_to_sync(api, folder):
    with api.client(None) as http, expect.nothing_written(api):
        answer = http.post("/api/sync", json={"commands": [visit(folder)]})

    expect.refused(answer, 401, "auth.required")


@pytest.mark.postgres
def test_when_the_store_fails_mid_batch_the_rest_is_not_run_and_a_resend_applies_it_once(
        tmp_path, postgres_admin_url):
    # A table the first command must write is locked by someone else, and this database gives
    # up lock waits after 0.3 s: that command meets a store error (503) half-way through.
    with fresh_postgres_database(postgres_admin_url) as url:
        with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{make_url(url).database}" SET lock_timeout = 300')
        settings = postgres_settings(url, tmp_path)
        with running_server(settings) as (base, system):
            http = signed_in_worker(base, system)
            folder = given.open_folder(http)
            opening = open_folder_body()
            batch = [visit(folder), queued("/api/folders", opening),
                     visit(folder, chain=True), visit(folder, chain=True)]
            with psycopg.connect(url) as locker:
                locker.execute("LOCK TABLE personal_data_keys IN ACCESS EXCLUSIVE MODE")
                first = synced(http, batch)
                locker.rollback()
            again = sent_again_until_stored(http, batch)
            http.close()
            stored = [type(e).__name__ for e in system.app.events.get(uuid.UUID(folder.id))]

    assert outcomes(first) == [("applied", 201)] + [("unavailable", 503)] * 3
    assert all(r["body"]["error"]["code"] == "store.unavailable" for r in first["results"][1:])
    assert all(r["retry_after_s"] for r in first["results"][1:])
    assert outcomes(again) == [("applied", 200)] + [("applied", 201)] * 3
    assert stored.count("VisitRecorded") == 3


def sent_again_until_stored(http: httpx.Client, batch: list[dict]) -> dict[str, Any]:
    """As the outbox does: while the store is unavailable, wait and send again (bounded)."""
    for _ in range(40):
        answer = http.post("/api/sync", json={"commands": batch})
        if answer.status_code == 200 and answer.json()["unavailable"] == 0:
            return answer.json()
        assert answer.status_code in (200, 503), answer.text
        time.sleep(0.25)
    raise AssertionError(f"still unavailable: {answer.text}")


def signed_in_worker(base: str, system) -> httpx.Client:
    system.app.handle(CommandContext(
            command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin", unit="IT"),
        RegisterUser(
            username="sync.worker", display_name="Worker", role="social_worker", unit="ZTPS-1",
            password="haslo-synchronizacji-1"))
    login = httpx.post(f"{base}/api/auth/login",
                       json={"username": "sync.worker", "password": "haslo-synchronizacji-1"})
    return httpx.Client(base_url=base, timeout=30,
                        headers={"Authorization": f"Bearer {login.json()['access_token']}"})


def test_a_route_that_crashed_is_reported_in_the_usual_error_shape():
    # The server's own 500 is plain text; inside a batch it still reads as an error body.
    from api.routes.sync import _parsed

    error = _parsed(b"Internal Server Error", 500)["error"]

    assert error["code"] == "sync.command_crashed"
    assert error["details"] == {"status": 500}
    assert error["message"]["pl"] != error["message"]["en"]


def test_a_contract_signed_between_two_visits_keeps_the_folders_chained_version(api, folder):
    contract = queued(f"{folder.path}/social-contracts", {
        "command_id": new_id(), "contract_id": new_id(), "member_id": folder.head_id,
        "signed_on": "2026-09-01", "ends_on": "2026-12-31", "goals": "Praca"})
    commands = [visit(folder), contract, visit(folder, chain=True)]
    with api.client("worker") as http:
        result = synced(http, commands)

    assert outcomes(result) == [("applied", 201)] * 3
    assert [r["body"]["version"] for r in result["results"]] == [2, 1, 3]


def test_a_stale_command_in_the_middle_of_a_batch_leaves_the_others_applied(api):
    with api.client("worker") as http:
        a, b = given.open_folder(http), given.open_folder(http)
        given.command(http, a, "/visits", visit_body(a.version))  # someone else moved `a`
        commands = [visit(b), visit(a, version=1), visit(b, chain=True), visit(a, chain=True),
                    visit(b, chain=True)]
        result = synced(http, commands)

    assert outcomes(result) == [("applied", 201), ("refused", 409), ("applied", 201),
                                ("held", 424), ("applied", 201)]
    assert result["results"][1]["body"]["error"]["details"]["current_version"] == 2
    assert result["results"][3]["body"]["error"]["details"]["after"] == commands[1]["command_id"]
    assert visit_ids(api, b) == [commands[i]["body"]["visit"]["visit_id"] for i in (0, 2, 4)]
    assert len(visit_ids(api, a)) == 1  # only the other person's


def test_a_command_refused_only_when_saved_does_not_lose_the_others_of_its_batch(api):
    # Opening a folder that exists passes every check and conflicts only when saved, after
    # the commands of its batch were run together: the batch is then saved command by
    # command, so this one is refused as alone and the others are kept.
    with api.client("worker") as http:
        a, b = given.open_folder(http), given.open_folder(http)
        again = queued("/api/folders", open_folder_body(folder_id=a.id))
        commands = [visit(b), again, visit(b, chain=True), visit(a), visit(b, chain=True)]
        result = synced(http, commands)
        alone = http.post("/api/folders", json=open_folder_body(folder_id=a.id))

    assert outcomes(result) == [("applied", 201), ("refused", alone.status_code),
                                ("applied", 201), ("held", 424), ("applied", 201)]
    assert alone.status_code == 409
    assert result["results"][1]["body"]["error"]["code"] == alone.json()["error"]["code"]
    assert len(visit_ids(api, b)) == 3 and visit_ids(api, a) == []


def test_commands_saved_together_answer_the_positions_of_their_own_events(api):
    with api.client("worker") as http:
        a, b = given.open_folder(http), given.open_folder(http)
        head = api.system.app.head_position()
        result = synced(http, [visit(a), visit(b), visit(a, chain=True)])
        # Each answer's position lets its caller read its own write, and no further.
        positions = [r["body"]["position"] for r in result["results"]]
        events = api.system.app.recorder.select_notifications(start=head + 1, limit=100)
        last_of = {}
        for notification in events:
            command = api.system.app.mapper.to_domain_event(notification).meta["command_id"]
            last_of[command] = notification.id

    assert positions == [last_of[r["command_id"]] for r in result["results"]]
    assert head < positions[0] < positions[1] < positions[2]
