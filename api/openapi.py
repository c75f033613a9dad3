"""The OpenAPI document, told truly: stable operation ids, the one error body, and the error
answers each route can give, read from what the route depends on rather than pasted per route.

FastAPI's own document says nothing of the answers given outside a route's return value; this
module adds them once for every route (`document`):

- 401 for a route that depends on `current_user` (no, bad or ended session);
- 403 for a route behind an `allow(...)` role dependency (the roles are listed);
- 404 for a path that names a record it loads (`{folder_id}`, `{proceeding_id}` …);
- 409 for a command (its body carries `command_id`): a stale version or a domain conflict;
- 400 (malformed JSON, a domain refusal) and 413 (over the body limit) for a route with a body;
- 422 (invalid values, a NUL character) for every API route, with the real body, not FastAPI's
  `HTTPValidationError`;
- 429 for a route behind an attempt limit (`limited` dependencies), 503 for every API route
  (the store guard in front of them, a read model not ready).

Each error answer lists the codes it is known to carry in `x-error-codes` (and its description).
A route may declare more answers itself (`responses=`); their content gets the error schema.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, Field

from api.deps import current_user

ERROR_SCHEMA = "ErrorOut"
REF = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")

# A path value that names a record the route loads → the code of its 404.
NOT_FOUND_CODES = {
    "folder_id": "case_folder.not_found",
    "member_id": "case_folder.member_not_found",
    "interview_id": "interview.not_found",
    "proceeding_id": "proceeding.not_found",
    "document_id": "document.not_found",
    "order_id": "order.not_found",
    "visit_id": "care_visit.not_found",
    "contract_id": "social_contract.not_found",
    "user_id": "user.not_found",
    "provider_id": "provider.not_found",
    "payment_date": "payment.list_not_found",
    "name": "projection.not_found",
    "part": "return.not_found",
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again",
                               "schema": {"type": "integer"}}}


class ErrorMessage(BaseModel):
    pl: str
    en: str


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable; the client chooses what to do by it",
                      examples=["version.stale"])
    message: ErrorMessage = Field(description="What to show the person, Polish and English")
    details: dict[str, Any] = Field(
        description="What the code needs said: e.g. `current_version`, `retry_after_s`, "
        "`errors` (each invalid field's `loc`, `type`, `msg`)")


class ErrorOut(BaseModel):
    """The one body of every 4xx and 5xx answer (api/errors.py)."""

    error: ErrorDetail


def operation_id(route: APIRoute) -> str:
    """The route function's own name (`open_folder`, `issue_decision`): stable as long as the
    function keeps its name, unlike FastAPI's default, which spells the path and method."""
    return route.name


def limited(check: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a dependency that answers 429 when its caller tries too often."""
    check.answers_429 = True  # type: ignore[attr-defined]
    return check


# Documents built in this process, by the routes they describe: building one takes seconds of
# CPU (5-8 s on a loaded 2-core machine, most of it FastAPI's own), and every app of a process
# (a test run starts many servers) has the same routers. Read-only once built.
_BUILT: dict[tuple[Any, ...], dict[str, Any]] = {}


def document(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document (built once, then kept as FastAPI keeps its own)."""
    if app.openapi_schema:
        return app.openapi_schema
    # The routers are module-level, so their routes are the same objects in every app.
    key = (app.title, app.version, *(
        id(context.original_route) for context in iter_route_contexts(app.routes)
        if getattr(context.original_route, "include_in_schema", False)))
    if key not in _BUILT:
        _BUILT[key] = _built(app)
    app.openapi_schema = _BUILT[key]
    return app.openapi_schema


def _built(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                         description=app.description, routes=app.routes,
                         openapi_version=app.openapi_version, tags=app.openapi_tags,
                         servers=app.servers,
                         separate_input_output_schemas=app.separate_input_output_schemas)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(error_schema.pop("$defs", {}))
    components[ERROR_SCHEMA] = error_schema
    shared = schema["components"].setdefault("responses", {})
    # FastAPI (0.165) keeps included routers as such: their routes are reached through
    # the contexts it reads its own document from.
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        path = context.path_format or route.path_format
        for method in sorted(route.methods or ()):
            operation = schema["paths"][path][method.lower()]
            if roles := allowed_roles(route):
                operation["x-roles"] = roles
            responses = operation["responses"]
            # What the route declares itself, but FastAPI's 422, which is replaced.
            declared = {status for status in responses
                        if status != "422" and status.isdigit() and int(status) >= 400}
            for status, said in _errors_of(route, path, declared).items():
                if said.shared and str(status) not in declared:
                    shared[said.shared] = _declare({}, said)
                    responses[str(status)] = {"$ref": f"#/components/responses/{said.shared}"}
                else:
                    responses[str(status)] = _declare(responses.get(str(status), {}), said)
            operation["responses"] = dict(sorted(responses.items()))
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


@dataclass(frozen=True)
class Answer:
    """An error answer: what it means, the codes it carries, its headers, and the name it is
    shared under in `components.responses` when it is the same for every route."""

    description: str
    codes: tuple[str, ...] = ()
    headers: dict[str, Any] | None = None
    shared: str | None = None


def _declare(answer: dict[str, Any], said: Answer) -> dict[str, Any]:
    """The response object: the error body, the codes (the route's own and these)."""
    answer["content"] = {"application/json": {"schema": REF}}
    known = sorted(set(answer.get("x-error-codes", [])) | set(said.codes))
    description = (answer.get("description") or said.description).split(". Codes: ")[0]
    answer["description"] = description.rstrip(".") + "."
    if known:
        answer["x-error-codes"] = known
        answer["description"] += " Codes: " + ", ".join(f"`{c}`" for c in known) + "."
    if said.headers:
        answer["headers"] = said.headers
    return answer


UNAUTHORIZED = Answer("No valid access token, or the session may no longer be used",
                      ("auth.required", "auth.invalid_token", "auth.session_ended"),
                      shared="Unauthorized")
BAD_REQUEST = Answer("The body is not JSON, or the domain refuses the request",
                     ("request.malformed",), shared="BadRequest")
TOO_LARGE = Answer("The body is over the size limit", ("request.too_large",),
                   shared="TooLarge")
INVALID = Answer("Invalid values (`details.errors` names each field; a date out of its "
                 "bounds has its own code), or a NUL character in the request",
                 ("request.invalid", "request.nul_character"), shared="Invalid")
TOO_MANY = Answer("Too many attempts: wait `Retry-After` seconds", ("auth.too_many_attempts",),
                  RETRY_AFTER, shared="TooManyAttempts")
UNAVAILABLE = Answer("The store is unavailable or busy, or a read model is not ready: try "
                     "again after `Retry-After` seconds",
                     ("store.unavailable", "store.busy", "read_model.not_ready",
                      "read_model.stalled", "read_model.rebuilding"), RETRY_AFTER,
                     shared="Unavailable")


def _errors_of(route: APIRoute, path: str, declared: set[str]) -> dict[int, Answer]:
    """The error answers a route can give, from its dependencies, path and body; a status
    the route declares itself (`declared`) keeps its description and codes."""
    calls = list(_calls(route.dependant))
    body = route.body_field is not None
    command = body and "command_id" in _body_properties(route)
    is_api = path.startswith("/api/")
    answers: dict[int, Answer] = {int(status): Answer("Refused") for status in declared}
    if body:
        answers[400] = BAD_REQUEST
    if current_user in calls or any(getattr(call, "signs_in", False) for call in calls):
        answers[401] = UNAUTHORIZED
    if roles := allowed_roles(route):
        answers[403] = Answer(f"Only for: {', '.join(roles)}", ("auth.forbidden",))
    missing = tuple(NOT_FOUND_CODES[name] for name in _path_names(path)
                    if name in NOT_FOUND_CODES)
    if missing:
        answers[404] = Answer(
            "A record the path names is not there, or not in the caller's scope", missing)
    if command:
        answers[409] = Answer("The record changed since the client read it (`details."
                              "current_version`), or its state does not allow this",
                              ("version.stale",))
    if body:
        answers[413] = TOO_LARGE
    if is_api:
        answers[422] = INVALID
    if any(getattr(call, "answers_429", False) for call in calls):
        answers[429] = TOO_MANY
    elif 429 in answers:
        answers[429] = Answer("Refused", (), RETRY_AFTER)
    if is_api:
        answers[503] = UNAVAILABLE
    return answers


def allowed_roles(route: APIRoute) -> list[str]:
    """The roles an `allow(...)` dependency of the route lets through (none: no such check)."""
    return sorted({role for call in _calls(route.dependant)
                   for role in getattr(call, "allowed_roles", ())})


def _calls(dependant: Dependant) -> Iterator[Any]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def _body_properties(route: APIRoute) -> dict[str, Any]:
    assert route.body_field is not None
    model = getattr(route.body_field.field_info, "annotation", None)
    fields = getattr(model, "model_fields", None)
    return dict(fields or {})


def _path_names(path: str) -> list[str]:
    return re.findall(r"\{([^}:]+)", path)


def exported(app: FastAPI) -> str:
    """The document as committed (openapi.json, scripts/export_openapi.py): the tablet's API
    types are generated from this text, so its form is fixed here."""
    return json.dumps(document(app), indent=2, ensure_ascii=False) + "\n"
