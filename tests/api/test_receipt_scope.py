"""A command's receipt answers only the person who applied it: to anyone else, directly or
through the offline sync, it is as if unknown — never another folder's id or version. A
receipt written before receipts named their actor still answers its own person's retry."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import httpx
import pytest
from eventsourcing.persistence import StoredEvent

from api.schemas.commands import RecordVisitIn
from domain.user import Role
from services.commands import CommandContext, CommandReceipt, payload_digest
from tests.api import expect, given
from tests.api.conftest import PASSWORD
from tests.api.test_sync import queued, synced
from tests.support.builders import new_id, open_folder_body, visit_body

TODAY = date.today().isoformat()
UUID_IN_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def tells_nothing(answer: httpx.Response | dict[str, Any], path: str) -> None:
    """No version and no id but those the caller sent in the path."""
    text = answer.text if isinstance(answer, httpx.Response) else str(answer)
    assert "version" not in text, text
    assert set(UUID_IN_TEXT.findall(text)) <= set(UUID_IN_TEXT.findall(path)), text


@pytest.fixture(scope="module")
def teammate(api) -> httpx.Client:
    """A second social worker of ZTPS-1: the folder is in her scope too."""
    signed = given.signed_up(api.system, api.base_url, "worker1b", Role.SOCIAL_WORKER,
                             "ZTPS-1", PASSWORD)
    with httpx.Client(base_url=api.base_url, timeout=15,
                      headers={"Authorization": f"Bearer {signed['access_token']}"}) as http:
        yield http


@pytest.fixture
def visited(api) -> tuple[given.Folder, dict[str, Any]]:
    """A ZTPS-1 folder and the visit its worker recorded (the command's body)."""
    with api.client("worker") as http:
        folder = given.open_folder(http)
        body = visit_body(folder.version)
        given.command(http, folder, "/visits", body)
    return folder, body


def test_another_teams_worker_replaying_a_command_learns_nothing_of_its_folder(api, visited):
    folder, body = visited
    path = f"{folder.path}/visits"
    with api.client("worker_other_team") as http, expect.nothing_written(api):
        answer = http.post(path, json=body)

    expect.refused(answer, 404, "case_folder.not_found")
    tells_nothing(answer, path)


def test_a_teammate_replaying_a_command_gets_no_receipt_of_it(api, visited, teammate):
    folder, body = visited
    with expect.nothing_written(api):
        answer = teammate.post(f"{folder.path}/visits", json=body)

    # Run as her own command, on the version it names: since moved on by the command itself.
    error = expect.refused(answer, 409, "version.stale")
    assert error["details"]["current_version"] == folder.version


def test_a_command_id_of_someone_else_is_refused_naming_nothing_of_their_command(
        api, visited, teammate):
    folder, body = visited
    reused = visit_body(folder.version, command_id=body["command_id"])
    with expect.nothing_written(api):
        answer = teammate.post(f"{folder.path}/visits", json=reused)

    error = expect.refused(answer, 409, "command.id_reused")
    assert error["details"] == {}


def test_another_teams_worker_reusing_a_command_id_on_her_own_folder_learns_nothing(
        api, visited):
    _folder, body = visited
    with api.client("worker_other_team") as http:
        own = given.open_folder(http, team_id="ZTPS-2")
        with expect.nothing_written(api):
            on_her_folder = http.post(f"{own.path}/visits",
                                      json=visit_body(own.version, command_id=body["command_id"]))
            opening = http.post("/api/folders", json=open_folder_body(
                team_id="ZTPS-2", command_id=body["command_id"]))

    for answer in (on_her_folder, opening):
        error = expect.refused(answer, 409, "command.id_reused")
        assert error["details"] == {}


def test_creating_under_an_id_another_team_holds_says_nothing_of_that_record(api, visited):
    folder, _body = visited
    with api.client("worker") as http:
        proceeding_id = new_id()
        given.applied(http.post(f"{folder.path}/proceedings", json={
            "command_id": new_id(), "proceeding_id": proceeding_id, "person_id": folder.head_id,
            "form": "purpose_allowance", "applicant": "person", "on": TODAY,
            "case_reference": "ZTPS1.8210.77.2026"}))
    with api.client("worker_other_team") as http:
        own = given.open_folder(http, team_id="ZTPS-2")
        with expect.nothing_written(api):
            filing = http.post(f"{own.path}/proceedings", json={
                "command_id": new_id(), "proceeding_id": proceeding_id,
                "person_id": own.head_id, "form": "purpose_allowance", "applicant": "person",
                "on": TODAY, "case_reference": "ZTPS2.8210.77.2026"})
            opening = http.post("/api/folders", json=open_folder_body(
                team_id="ZTPS-2", folder_id=folder.id))

    for answer in (filing, opening):
        error = expect.refused(answer, 409, "aggregate.exists")
        assert error["details"] == {}


def test_through_the_offline_sync_a_receipt_answers_only_its_own_person(api, visited):
    folder, body = visited
    command = queued(f"{folder.path}/visits", body)
    with api.client("worker_other_team") as http, expect.nothing_written(api):
        replayed = synced(http, [command])
    with api.client("worker") as http, expect.nothing_written(api):
        retried = synced(http, [command])

    [result] = replayed["results"]
    assert (result["outcome"], result["status"]) == ("refused", 404)
    assert result["body"]["error"]["code"] == "case_folder.not_found"
    tells_nothing(result["body"], command["path"])
    [own] = retried["results"]
    assert (own["outcome"], own["status"]) == ("applied", 200)
    assert own["body"]["duplicate"] is True
    assert own["body"]["version"] == folder.version


# -- receipts written before they named their actor ------------------------------------------

def visit_the_old_way(api, folder: given.Folder, body: dict[str, Any]) -> StoredEvent:
    """Record the visit as the code before this change did: the folder's event and its
    receipt, an `Accepted` event of class version 1 (no `actor_id`, no `class_version`),
    saved together, each stamped with the command's metadata (which names the actor).
    Returns the receipt as stored."""
    app = api.system.app
    ctx = CommandContext(command_id=UUID(body["command_id"]),
                         actor_id=UUID(api.user_ids["worker"]),
                         role=Role.SOCIAL_WORKER.value, unit="ZTPS-1")
    now = datetime.now(UTC)
    visit = RecordVisitIn.model_validate(body).visit.to_domain()
    changed = app.repository.get(UUID(folder.id))
    changed.record_visit(visit)
    [visited] = changed.collect_events()
    object.__setattr__(visited, "meta", ctx.event_metadata(now))
    receipt_state = {  # services/commands.py CommandReceipt's only event, as it was
        "timestamp": now, "originator_topic": "services.commands:CommandReceipt",
        "command_id": ctx.command_id, "name": "record_visit",
        "digest": payload_digest("record_visit", {"folder_id": changed.id, "visit": visit}),
        "aggregate_id": changed.id, "version": changed.version,
        "meta": ctx.event_metadata(now)}
    receipt = StoredEvent(originator_id=CommandReceipt.create_id(ctx.command_id),
                          originator_version=1,
                          topic="services.commands:CommandReceipt.Accepted",
                          state=app.mapper.transcoder.encode(receipt_state))
    app.recorder.insert_events([app.mapper.to_stored_event(visited), receipt])
    return receipt


def test_a_receipt_written_before_receipts_named_their_actor_still_answers_its_own_person(
        api, teammate):
    with api.client("worker") as http:
        folder = given.open_folder(http)
    body = visit_body(folder.version)
    visit_the_old_way(api, folder, body)
    path = f"{folder.path}/visits"

    with api.client("worker") as http, expect.nothing_written(api):
        retried = http.post(path, json=body)
        synced_again = synced(http, [queued(path, body)])
    with api.client("worker_other_team") as http, expect.nothing_written(api):
        replayed = http.post(path, json=body)
    with expect.nothing_written(api):
        by_teammate = teammate.post(path, json=body)

    assert retried.status_code == 200, retried.text
    assert retried.json()["duplicate"] is True
    assert retried.json()["version"] == folder.version + 1
    assert synced_again["results"][0]["status"] == 200
    assert synced_again["results"][0]["body"]["version"] == folder.version + 1
    expect.refused(replayed, 404, "case_folder.not_found")
    tells_nothing(replayed, path)
    # Her own command now: stale, or refused at the save by the receipt's key (this process's
    # cached folder did not see the visit written beside the app) — either way not answered.
    assert by_teammate.status_code == 409, by_teammate.text
    assert by_teammate.json()["error"]["code"] in {"version.stale", "command.id_reused"}
