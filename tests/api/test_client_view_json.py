"""The client view PostgreSQL builds as JSON is the one the Python path builds, to the field.

On PostgreSQL `GET /api/folders/{id}` answers with the document the database built in one
statement (projections/client_view_json.py); on SQLite with the rows turned into
`ClientViewOut` in Python. Both must be exactly what `ClientViewOut` documents.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from api.schemas.views import ClientViewOut
from tests.api.care_givens import granted_order, post
from tests.support.builders import (
    add_member_body,
    change_address_body,
    interview_body,
    member_body,
    new_id,
    schedule_interview_body,
    visit_body,
)


def _folder_with_every_part(api) -> tuple[str, int]:
    """A folder with a household, a changed address, an assigned worker (registered at first
    contact, assigned by the manager), a visit, a conducted and a scheduled interview, a
    decided proceeding, a running care order and a caregiver's observation."""
    start = date.today() - timedelta(days=10)
    care = granted_order(api, start, assigned=True)
    folder = care.folder_id
    with api.client("worker") as worker:
        # The decision may have moved the folder on (e.g. permanent help noted).
        v = worker.get(f"/api/folders/{folder}", params={"after": care.order_position}).json()[
            "version"]
        for body in (
            add_member_body(v, member=member_body("spouse", first_name="Zenon",
                                                  last_name="Abacki")),
            change_address_body(0),
            visit_body(0),
            schedule_interview_body(0, trigger_date=start),
        ):
            path = {"member": "/members", "address": "/address", "visit": "/visits",
                    "interview_id": "/interviews"}
            where = next(p for key, p in path.items() if key in body)
            v = post(worker, f"/api/folders/{folder}{where}", body | {"expected_version": v})[
                "version"]
        # A member who joined and left again (effective dates, issue #17).
        lodger = member_body("unrelated", first_name="Jan", last_name="Lokator")
        v = post(worker, f"/api/folders/{folder}/members", add_member_body(
            v, member=lodger, joined_on=(start - timedelta(days=5)).isoformat()))["version"]
        v = post(worker, f"/api/folders/{folder}/members/{lodger['member_id']}/departure", {
            "expected_version": v, "left_on": start.isoformat(), "reason": "Wyprowadzka"})[
            "version"]
        # An interview with the person's statement and the asset declaration.
        v = post(worker, f"/api/folders/{folder}/interviews/{new_id()}/conducted", interview_body(
            v, statement={"text": "Oświadczam.", "signed_on": date.today().isoformat()},
            assets={"savings": "1 200 zł", "declared_on": date.today().isoformat()}))["version"]
    with api.client("caregiver") as caregiver:
        raised = post(caregiver, f"/api/caregiver/orders/{care.order_id}/observations", {
            "expected_version": care.order_version, "observation_id": new_id(),
            "kind": "fall", "note": "Upadła w łazience, siniak na ręce. \"Cytat\" \\ ó",
            "raised_at": datetime.now(UTC).isoformat()})
    return folder, raised["position"]


def test_the_client_view_is_exactly_what_the_python_path_and_the_schema_give(api):
    folder, position = _folder_with_every_part(api)
    with api.client("worker") as worker:
        answer = worker.get(f"/api/folders/{folder}", params={"after": position})
    assert answer.status_code == 200, answer.text
    document = answer.json()

    # Every part is filled, so every part is compared.
    assert len(document["members"]) == 3
    assert document["household_size"] == 2
    assert [m["end_kind"] for m in document["members"] if m["left_on"]] == ["left"]
    assert document["interview"]["due_interview_id"] is not None
    assert len(document["interviews"]) == 3
    assert any(i["assets"] and i["assets"]["savings"] == "1 200 zł"
               for i in document["interviews"])
    assert document["address"]["street"] == "Powstańców Śląskich"
    assert document["worker_id"] == api.user_ids["worker"]
    # Names for people, beside the ids (the staff directory's display names).
    assert document["worker_name"] == "Worker1"
    assert document["orders"][0]["caregiver_name"] == "Carer1"
    assert document["observations"][0]["caregiver_name"] == "Carer1"
    assigned = [e for e in document["timeline"] if e["kind"] == "assigned"]
    assert {e["worker_name"] for e in assigned} == {"Worker1"}
    assert document["last_visit_on"] is not None
    assert document["interview"]["due_on"] is not None
    assert {e["kind"] for e in document["timeline"]} >= {
        "folder_opened", "member_added", "address_changed", "assigned", "visit",
        "interview_conducted", "interview_scheduled", "application_filed", "decision_issued",
        "order_placed", "observation"}
    assert document["observations"][0]["note"].endswith("\"Cytat\" \\ ó")
    assert document["alerts"] == 1
    assert document["proceedings"][0]["reasons"] == ["5"]
    assert document["orders"][0]["terms"]["hours_per_week"] == "10.00"

    # Exactly the schema's fields, nothing more, nothing less, in the schema's formats.
    assert ClientViewOut.model_validate(document).model_dump(mode="json") == document
    # And the same as the rows turned into the schema in Python.
    in_python = api.system.read_models.client_view(UUID(folder), after=position)
    assert ClientViewOut.model_validate(in_python).model_dump(mode="json") == document


def test_the_store_builds_the_document_itself_only_on_postgresql(api):
    folder, position = _folder_with_every_part(api)
    read_models = api.system.read_models
    assert read_models.builds_json == api.system.settings.is_postgres
    if read_models.builds_json:
        team, text = read_models.client_view_json(UUID(folder), after=position)
        assert team == "ZTPS-1"
        in_python = read_models.client_view(UUID(folder), after=position)
        assert ClientViewOut.model_validate_json(text) == ClientViewOut.model_validate(in_python)
        assert read_models.client_view_json(UUID(new_id())) is None
