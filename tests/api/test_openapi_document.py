"""The OpenAPI document tells the truth: the committed export is the app's, operation ids are
stable names, every error answer has the real error body and the codes a real refusal
carries, the roles it names are the ones refused, and its request examples are accepted."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs  # schemathesis's validator (a dev dependency through it)
import pytest

from api.app import create_app
from api.openapi import SNAKE_CASE, exported
from tests.api import given
from tests.api.test_roles import PUBLIC, SIGNED_IN, WHO_MAY_CALL
from tests.support.builders import new_id, visit_body
from tests.support.stores import sqlite_settings

ROOT = Path(__file__).resolve().parents[2]
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data_dir:
        return json.loads(exported(create_app(sqlite_settings(Path(data_dir)))))


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, operation)
            for path, item in document["paths"].items()
            for method, operation in item.items() if method in METHODS]


def answer(document: dict[str, Any], operation: dict[str, Any], status: int) -> dict[str, Any]:
    """The operation's response object for the status, its `$ref` followed."""
    found = operation["responses"][str(status)]
    ref = found.get("$ref")
    return document["components"]["responses"][ref.rsplit("/", 1)[-1]] if ref else found


def test_the_committed_document_is_the_apps():
    """openapi.json (from which the tablet's types are generated) is the app's document:
    after changing the API, run scripts/export_openapi.py and `npm run api-types`."""
    with tempfile.TemporaryDirectory() as data_dir:
        current = exported(create_app(sqlite_settings(Path(data_dir))))
    assert (ROOT / "openapi.json").read_text(encoding="utf-8") == current, (
        "openapi.json is stale: run scripts/export_openapi.py, then cd tablet_ui && "
        "npm run api-types")


def test_operation_ids_are_the_route_functions_names_unique_and_snake_case(document):
    ids = [operation["operationId"] for _, _, operation in operations(document)]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not SNAKE_CASE.fullmatch(i)] == []
    by_route = {(m, p): o["operationId"] for m, p, o in operations(document)}
    assert by_route[("POST", "/api/folders")] == "open_folder"
    assert by_route[("POST", "/api/proceedings/{proceeding_id}/decision")] == "issue_decision"
    assert by_route[("POST", "/api/handoff/orders/{order_id}/acceptance")] == "accept_order"


def test_every_error_answer_is_the_one_error_body(document):
    assert "HTTPValidationError" not in document["components"]["schemas"]
    wrong = [(method, path, status)
             for method, path, operation in operations(document)
             for status in operation["responses"] if int(status) >= 400
             if answer(document, operation, int(status))["content"]["application/json"]
             ["schema"] != {"$ref": "#/components/schemas/ErrorOut"}]
    assert wrong == []


def test_each_route_declares_the_answers_its_dependencies_give(document):
    paths = document["paths"]
    visit = paths["/api/folders/{folder_id}/visits"]["post"]
    assert set(visit["responses"]) >= {"200", "201", "400", "401", "403", "404", "409", "413",
                                       "422", "503"}
    assert answer(document, visit, 404)["x-error-codes"] == ["case_folder.not_found"]
    assert answer(document, visit, 409)["x-error-codes"] == ["version.stale"]
    assert "auth.session_ended" in answer(document, visit, 401)["x-error-codes"]
    assert visit["x-roles"] == ["social_worker"]
    health = paths["/api/health"]["get"]
    assert "401" not in health["responses"] and "403" not in health["responses"]
    login = paths["/api/auth/login"]["post"]
    assert answer(document, login, 401)["x-error-codes"] == ["auth.invalid_credentials"]
    assert set(answer(document, login, 429)["x-error-codes"]) == {
        "auth.sign_in_delayed", "auth.too_many_attempts"}
    assert "Retry-After" in answer(document, login, 429)["headers"]
    refresh = paths["/api/auth/refresh"]["post"]
    assert answer(document, refresh, 429)["x-error-codes"] == ["auth.too_many_attempts"]


def test_the_roles_the_document_names_are_the_roles_let_through(document):
    """x-roles (from the route's allow(...) dependency) against tests/api/test_roles.py's
    table, which tries every route with every role."""
    for method, path, operation in operations(document):
        if not path.startswith("/api"):  # /livez, /readyz, /metrics: tests/api/test_operations.py
            assert "x-roles" not in operation, (method, path)
            continue
        allowed = WHO_MAY_CALL[(method, path)]
        if allowed in (PUBLIC, SIGNED_IN):
            assert "x-roles" not in operation, (method, path)
        else:
            assert set(operation["x-roles"]) == {r.value for r in allowed}, (method, path)


def test_real_refusals_match_the_documented_body_and_codes(api, document):
    """Refused requests of each kind the document derives, checked against it."""
    error_schema = jsonschema_rs.validator_for(
        {"$ref": "#/components/schemas/ErrorOut", "components": document["components"]})
    path = "/api/folders/{folder_id}/visits"
    operation = document["paths"][path]["post"]
    with api.client("worker") as worker:
        folder = given.open_folder(worker)
        stale = visit_body(folder.version)
        given.command(worker, folder, "/visits", visit_body(folder.version))
        refusals = {
            401: httpx.post(f"{api.base_url}/api/folders/{folder.id}/visits", json=stale),
            404: worker.post(f"/api/folders/{new_id()}/visits", json=visit_body(1)),
            409: worker.post(f"/api/folders/{folder.id}/visits", json=stale),
            422: worker.post(f"/api/folders/{folder.id}/visits", json={"visit": 1}),
            400: worker.post(f"/api/folders/{folder.id}/visits", content=b"{",
                             headers={"content-type": "application/json"}),
        }
    with api.client("caregiver") as caregiver:
        refusals[403] = caregiver.post(f"/api/folders/{folder.id}/visits",
                                       json=visit_body(folder.version))
    for status, response in refusals.items():
        assert response.status_code == status, response.text
        body = response.json()
        error_schema.validate(body)
        assert body["error"]["code"] in answer(document, operation, status)["x-error-codes"]


# The documented examples, posted in this order as whom: the folder the first opens is the
# one the next ones name (its id is in the example), so they are accepted; the order and
# visit are not there (the server makes an order's id), so they answer 404.
EXAMPLES = [
    ("open_folder", "worker", 201),
    ("record_visit", "worker", 201),
    ("conduct_interview", "worker", 201),
    ("file_application", "worker", 201),
    ("issue_decision", "decision_maker", 201),
    ("accept_order", "coordinator", 404),
    ("check_in", "caregiver", 404),
    ("login", None, 401),
]


def test_the_request_examples_are_accepted(api, document):
    by_id = {o["operationId"]: (p, o) for _, p, o in operations(document)}
    schemas = document["components"]["schemas"]
    shown = {}
    for operation_id, _, _ in EXAMPLES:
        path, operation = by_id[operation_id]
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        shown[operation_id] = (path, schemas[ref.rsplit("/", 1)[-1]]["examples"][0])
    folder_id = shown["open_folder"][1]["folder_id"]
    values = {"folder_id": folder_id, "interview_id": new_id(), "order_id": new_id(),
              "proceeding_id": shown["file_application"][1]["proceeding_id"]}
    for operation_id, who, status in EXAMPLES:
        path, body = shown[operation_id]
        with api.client(who) as http:
            response = http.post(path.format(**values), json=body)
        assert response.status_code == status, (operation_id, response.text)

