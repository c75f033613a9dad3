"""`GET /api/folders/{id}` answers the same whether the shortcut (api/client_view_shortcut.py)
or the route answers it.

The shortcut takes a request with no query or only `?after=`; any other query parameter
sends it on to the FastAPI route (which ignores unknown parameters), so each case below is
asked both ways and must get the same answer.
"""

from __future__ import annotations

import pytest

from tests.api import given
from tests.support.builders import new_id

SHORTCUT, ROUTE = "", "&via=route"


def _get(api, who: str | None, path: str, query: str, way: str):
    with api.client(who) as http:
        return http.get(f"{path}?{query}{way}" if query or way else path)


@pytest.mark.parametrize("way", [SHORTCUT, ROUTE])
def test_a_client_view_is_the_same_document_with_the_same_headers(api, way):
    with api.client("worker") as http:
        folder = given.open_folder(http)
    head = api.system.app.head_position()
    answer = _get(api, "worker", folder.path, f"after={folder.position}", way)
    assert answer.status_code == 200, answer.text
    assert answer.json()["folder_id"] == folder.id
    assert answer.headers["content-type"] == "application/json"
    assert int(answer.headers["content-length"]) == len(answer.content)
    assert answer.headers["x-content-type-options"] == "nosniff"
    # Its access-log entry was saved before it was answered.
    assert api.system.app.head_position() == head + 1


@pytest.mark.parametrize("way", [SHORTCUT, ROUTE])
@pytest.mark.parametrize(("who", "folder", "query", "status", "code"), [
    ("worker_other_team", "theirs", "", 404, "case_folder.not_found"),
    ("worker", "unknown", "", 404, "case_folder.not_found"),
    ("worker", "theirs", "after=999999999", 422, "read_model.position_unknown"),
    ("worker", "theirs", "after=-1", 422, "request.invalid"),
    ("worker", "not-a-uuid", "", 422, "request.invalid"),
    (None, "theirs", "", 401, "auth.required"),
    ("caregiver", "theirs", "", 403, "auth.forbidden"),
])
def test_refusals_are_the_same_both_ways(api, way, who, folder, query, status, code):
    with api.client("worker") as http:
        theirs = given.open_folder(http)
    head = api.system.app.head_position()
    path = {"theirs": theirs.path, "unknown": f"/api/folders/{new_id()}",
            "not-a-uuid": "/api/folders/not-a-uuid"}[folder]
    query = query or f"after={theirs.position}"
    answer = _get(api, who, path, query, way)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == code
    assert api.system.app.head_position() == head  # a refused read leaves no entry
