"""The server's log lines carry who acted and in which request, and no personal data: a
whole chain (a folder opened, searched for by PESEL, name and address, read, visited, an
application, an interview and a granted decision with its document, a refused PESEL, a
stale command) runs against a real server on both stores while every log line of the
server's process is captured as JSON, then the lines are searched for each PESEL, name and
address the chain used."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import pytest

from domain.user import Role
from services.observability.logs import JsonFormatter
from tests.api import given
from tests.api.conftest import PASSWORD, USERS, Api
from tests.api.test_payments import granted
from tests.support.builders import open_folder_body, visit_body
from tests.support.providers import register_providers
from tests.support.server import running_server

# The test's own HTTP client logs each URL it asks (with the search's query): not the
# server's lines, so not captured.
CLIENT_LOGGERS = ("httpx", "httpcore")


class _ServerLines(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.name.startswith(CLIENT_LOGGERS)


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Every INFO-or-above line of the process, as production writes it (JSON)."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(_ServerLines())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_a_whole_chain_logs_ids_and_no_personal_data(settings, captured):
    with running_server(settings) as (base_url, system):
        tokens, ids = {}, {}
        for key in ("worker", "manager", "decision_maker", "admin"):
            username, role, unit = USERS[key]
            signed = given.signed_up(system, base_url, username, Role(role), unit, PASSWORD)
            tokens[key], ids[key] = signed["access_token"], signed["user"]["id"]
        register_providers(system.app)
        api = Api(base_url, system, tokens, ids)
        body = open_folder_body()
        head = body["head"]
        street = body["address"]["street"]
        with api.client("worker") as worker:
            opened = worker.post("/api/folders", json=body)
            assert opened.status_code == 201, opened.text
            folder = body["folder_id"]
            after = opened.json()["position"]
            for query in ({"pesel": head["pesel"]}, {"name": head["last_name"]},
                          {"address": street}):
                found = worker.get("/api/persons/city",
                                   params={"purpose": "case_work", "after": after, **query})
                assert found.status_code == 200, found.text
            assert worker.get(f"/api/folders/{folder}", params={"after": after}).status_code \
                == 200
            visited = worker.post(f"/api/folders/{folder}/visits",
                                  json=visit_body(opened.json()["version"]))
            assert visited.status_code == 201, visited.text
            stale = worker.post(f"/api/folders/{folder}/visits", json=visit_body(1))
            assert stale.status_code == 409
            bad = open_folder_body()
            bad["head"]["pesel"] = head["pesel"][:-1] + str((int(head["pesel"][-1]) + 1) % 10)
            assert worker.post("/api/folders", json=bad).status_code == 422
            unknown = worker.get("/api/persons/city", params={
                "purpose": "case_work", "pesel": bad["head"]["pesel"]})
            assert unknown.status_code == 422
        case, _ = granted(api, "permanent_allowance", ["640.00"], "370.00")
        with api.client("worker") as worker:
            granted_view = worker.get(f"/api/folders/{case.folder_id}").json()

    lines = [json.loads(line) for line in captured.getvalue().splitlines()]
    text = captured.getvalue()
    # what the lines should carry: the chain's requests, by route, with who made them
    requests = [line for line in lines if line["logger"] == "teczka.request"]
    searches = [line for line in requests if line.get("route") == "/api/persons/city"]
    assert len(searches) == 4, requests
    assert all(line["actor_id"] == ids["worker"] and line["role"] == "social_worker"
               and line["correlation_id"] for line in searches)
    commands = [line for line in requests if line.get("command_id")]
    assert any(line["route"] == "/api/folders" and line["command_id"] == body["command_id"]
               for line in commands)
    assert any(line["route"] == "/api/proceedings/{proceeding_id}/decision"
               for line in commands)
    # and what they must not
    personal = {head["pesel"], bad["head"]["pesel"], head["first_name"], head["last_name"],
                street, f"{street} {body['address']['building']}", body["address"]["postal_code"],
                *_personal_values(granted_view)}
    leaked = {value: _found(value, text) for value in personal if value}
    leaked = {value: where for value, where in leaked.items() if where}
    assert not leaked, f"personal data in the logs: {leaked}"


def _found(value: str, text: str) -> list[str]:
    """Where ``value`` stands in ``text`` as itself: not inside a longer run of letters and
    digits, where a short value (a postal code such as 54-203) can turn up by chance — in a
    random UUID's `…c54-2036…`, which failed this test once in a CI run."""
    pattern = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")
    return [text[max(0, m.start() - 60):m.end() + 60] for m in pattern.finditer(text)]


def _personal_values(view: dict) -> set[str]:
    """The PESELs and names of a client view's members (whatever the view's shape)."""
    found: set[str] = set()

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in ("pesel", "first_name", "last_name", "street"):
            found.add(value)

    walk(view)
    assert found, view
    return found
