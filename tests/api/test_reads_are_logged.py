"""Every read route that answers with someone's personal data has recorded it in the access
log first (docs/privacy.md, "Read paths").

People with marker values (names, PESEL, address, visit notes, interview text, care notes,
an observation, and the ids of their folders, persons, proceedings and orders) are seeded
through the real use cases; then every GET route of the OpenAPI document is called as every
role, its path filled with the seeded ids, and each answer is searched for the markers. A
marker in an answer must be matched by an access-log entry of the same caller for the
subject it belongs to (a marker the request itself carried is not counted: the caller knew
it). A route added later is covered by itself: one the test cannot fill
fails, and one that shows no marker to anybody fails unless it is listed below with why it
returns no personal data.
"""

from __future__ import annotations

import itertools
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest

from tests.api.conftest import USERS
from tests.api.read_markers import Seeded, Subject, seed
from tests.support.pdf import pdf_text

# Routes whose answers hold no client's personal data, each with the reason. The test
# checks that none of them shows a marker.
NO_PERSONAL_DATA = {
    "/api/me": "the caller's own account",
    "/api/health": "the service's state",
    "/api/admin/projections": "read models' positions and stalls, for IT (handlers' errors name "
                              "events by id, not their content)",
    "/api/fees": "the fee tables and income criteria in force (law, dated)",
    "/api/fees/fee-share": "a percentage computed from the income figures asked about",
    "/api/providers": "the provider directory: organisations, their addresses and services",
    "/api/payments/lists": "payment lists' dates, states and versions: no line, no one's data",
    "/api/caregivers": "names of the provider's caregivers (staff), to assign one",
    "/api/teams/{team_id}/workers": "names of the team's social workers (staff), to assign one",
    "/api/admin/users": "staff accounts, for IT",
    "/api/admin/user-requests": "staff accounts waiting for a manager's confirmation, for IT",
    "/api/user-requests": "staff accounts and roles waiting for this manager's confirmation",
    "/api/teams/{team_id}/activity": "visit and caseload counts per worker: no client data",
    "/api/teams/{team_id}/workload": "visits and minutes per week, folders per worker: counts",
    "/api/management/teams": "the MOPS management's counts per team and district: no client data",
    "/api/handoff/capacity": "demand against capacity: counts per provider, service and district",
    "/api/catalogue": "the service catalogue: services, packages, their rules and legal basis",
    "/api/returns": "the list of statistical returns (aggregates)",
    "/api/returns/{year}/{part}": "MRPiPS-03 figures: aggregates only (art. 100)",
    "/api/returns/{year}/{part}/verification": "a recount of the aggregates",
    "/api/returns/{year}/{part}/difference": "how aggregates changed between two times",
    "/api/returns/{year}/{part}/export.{fmt}": "the aggregates as a file",
    "/api/federation/status": "which units below sent their returns",
    "/api/federation/aggregate": "the sum of the units' returns",
}

# Routes that show personal data only when the data are wrong, which the seed's are not: each
# has its own test that the read it makes is logged.
SHOWN_WHEN_DATA_IS_WRONG = {
    "/api/returns/{year}/{part}/checks/folders":
        "tests/api/test_return_checks_over_http.py (the families breaking a return's rule)",
}

SSE_READ_S = 1.5  # a stream is read until it has been silent this long,
SSE_OPEN_S = 5.0  # or for this long at most


def _values(seeded: Seeded) -> dict[str, list[Any]]:
    """What each path or required query parameter is filled with, by name."""
    today = date.today()
    now = datetime.now(UTC)
    return {
        "folder_id": seeded.folders,
        "proceeding_id": seeded.proceedings,
        "document_id": seeded.documents,
        "order_id": seeded.orders,
        "team_id": ["ZTPS-1", "ZTPS-2"],
        "year": [today.year],
        "month": [today.month],
        "part": ["Y"],
        "fmt": ["csv", "html"],
        "q": [seeded.surnames[0], seeded.surnames[2]],
        "purpose": ["duplicate_check"],
        "name": [seeded.surnames[0], seeded.surnames[2]],
        "income_per_person": [900],
        "household_size": [1],
        "on": [today.isoformat()],
        # payments (issue #18): today's list is paid; a month on, the next instalment is due
        "payment_date": [today.isoformat(), (today + timedelta(days=40)).isoformat()],
        "kind": ["xml", "csv"],
        "from": [(now - timedelta(days=1)).isoformat()],
        "to": [now.isoformat()],
        # a return's consistency rule and row (issue #19)
        "rule": ["family_persons_at_least_persons"],
        "row": ["benefits.total"],
    }


# Optional query parameters the test sets on streams: a stream shows only what changes after
# it opens unless asked to start from the beginning of the log.
OPTIONAL_VALUES = {"since": [0]}
# Optional query parameters the test sets on a search whose criteria are all optional.
OPTIONAL_CRITERIA = {"/api/persons/city": ("name",)}


def _read_routes(http: httpx.Client) -> list[tuple[str, dict[str, Any]]]:
    paths = http.get("/openapi.json").json()["paths"]
    return [(path, operations["get"]) for path, operations in paths.items()
            if "get" in operations and path.startswith("/api")]


def _calls(path: str, operation: dict[str, Any], values: dict[str, list[Any]]):
    """Every (url, query) the route is called with; ValueError naming a parameter the test
    cannot fill."""
    path_names, query_names = [], []
    for parameter in operation.get("parameters", []):
        name, where = parameter["name"], parameter["in"]
        if where == "path" or (where == "query" and parameter.get("required")):
            if name not in values:
                raise ValueError(f"{path}: no value for the {where} parameter {name!r}")
            (path_names if where == "path" else query_names).append(name)
        elif where == "query" and (
                (name in OPTIONAL_VALUES and _is_stream(operation))
                or name in OPTIONAL_CRITERIA.get(path, ())):
            query_names.append(name)
    names = path_names + query_names
    for combination in itertools.product(*({**values, **OPTIONAL_VALUES}[n] for n in names)):
        chosen = dict(zip(names, combination, strict=True))
        url = path.format(**{n: chosen[n] for n in path_names})
        yield url, {n: chosen[n] for n in query_names}


def _is_stream(operation: dict[str, Any]) -> bool:
    return "text/event-stream" in operation["responses"].get("200", {}).get("content", {})


def _answer(http: httpx.Client, url: str, query: dict[str, Any], stream: bool) -> str:
    if not stream:
        answer = http.get(url, params=query)
        if answer.headers.get("content-type") == "application/pdf":
            return pdf_text(answer.content)  # a document: what its reader sees
        return answer.text
    text = []
    deadline = time.monotonic() + SSE_OPEN_S
    try:
        with http.stream("GET", url, params=query,
                         timeout=httpx.Timeout(15, read=SSE_READ_S)) as response:
            for chunk in response.iter_text():
                text.append(chunk)
                if time.monotonic() > deadline:
                    break
    except httpx.ReadTimeout:  # silent for a while: everything there was is read
        pass
    return "".join(text)


def _logged(api, viewer: str, since: datetime) -> list[dict[str, Any]]:
    """The caller's access-log entries since `since`, every view included."""
    return api.system.read_models.access_entries(
        after=api.system.app.head_position(), viewer_id=UUID(viewer), since=since)


def _covers(entry: dict[str, Any], subject: Subject) -> bool:
    folder, person = entry["folder_id"], entry["person_id"]
    if folder is not None and str(folder) == subject.folder_id:
        return True
    return person is not None and subject.person_id is not None and \
        str(person) == subject.person_id


@pytest.fixture(scope="module")
def seeded(api) -> Seeded:
    return seed(api)


def test_every_read_that_shows_personal_data_is_in_the_access_log(api, seeded):
    values = _values(seeded) | {  # a manager's drill-down: her team's worker, and another's
        "worker_id": [api.user_ids["worker"], api.user_ids["worker_other_team"]]}
    with api.client(None) as anonymous:
        routes = _read_routes(anonymous)
    unfillable, unlogged, leaking, shown_by = [], [], [], {path: set() for path, _ in routes}
    for (path, operation), who in itertools.product(routes, USERS):
        try:
            calls = list(_calls(path, operation, values))
        except ValueError as error:
            unfillable.append(str(error))
            continue
        with api.client(who) as http:
            for url, query in calls:
                before = datetime.now(UTC)
                text = _answer(http, url, query, _is_stream(operation))
                # What the caller sent (an id in the path, a name searched for) it knew
                # already: an answer echoing it, as a 404 does, discloses nothing.
                asked = url + " " + " ".join(str(v) for v in query.values())
                found = {marker: subject for marker, subject in seeded.markers.items()
                         if marker in text and marker not in asked}
                if not found:
                    continue
                shown_by[path].add(who)
                if path in NO_PERSONAL_DATA:
                    leaking.append(f"{who} {url}: {sorted(found)[:3]}")
                    continue
                entries = _logged(api, api.user_ids[who], before)
                missing = sorted(m for m, s in found.items()
                                 if not any(_covers(e, s) for e in entries))
                if missing:
                    unlogged.append(f"{who} GET {url} {query}: {missing[:3]}")
    assert not sorted(set(unfillable)), "read routes the test cannot fill"
    assert not unlogged, "personal data answered without an access-log entry"
    assert not leaking, "routes listed as holding no personal data showed some"
    silent = sorted(p for p, who in shown_by.items()
                    if not who and p not in NO_PERSONAL_DATA and p not in SHOWN_WHEN_DATA_IS_WRONG)
    assert not silent, ("read routes that showed no seeded data to any role: seed some, or "
                        "list them in NO_PERSONAL_DATA with the reason")
    assert set(NO_PERSONAL_DATA) <= set(shown_by), "NO_PERSONAL_DATA names routes that are gone"


def test_a_read_route_the_test_cannot_fill_fails_it_rather_than_being_skipped():
    operation = {"parameters": [{"name": "household_id", "in": "path", "required": True}]}
    with pytest.raises(ValueError, match="household_id"):
        list(_calls("/api/households/{household_id}", operation, {}))
