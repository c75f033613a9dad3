"""Givens for care tests: a folder with an interview, a proceeding, a granted care order."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import httpx

from tests.support.builders import interview_body, new_id, open_folder_body

_case_numbers = itertools.count(1)


def post(http: httpx.Client, path: str, body: dict, status: int = 201) -> dict:
    answer = http.post(path, json={"command_id": new_id(), **body})
    assert answer.status_code == status, answer.text
    return answer.json()


def care_terms(start: date, **overrides) -> dict:
    return {"tasks": ["personal_hygiene", "meals"], "hours_per_day": "2.00",
            "hours_per_week": "10.00", "weekdays": [1, 2, 3, 4, 5],
            "period_from": start.isoformat(), "period_to": (start + timedelta(days=90)).isoformat(),
            "place": "miejsce zamieszkania", "provider_id": "MCUS", "hourly_cost": "40.00",
            "fee_share_percent": "0.00"} | overrides


@dataclass
class Care:
    folder_id: str
    folder_version: int
    person_id: str
    proceeding_id: str
    proceeding_version: int
    order_id: str | None = None
    order_version: int | None = None
    order_position: int | None = None


def _registered_and_assigned(api, body: dict) -> dict:
    """A folder registered at first contact (the team's, nobody's yet) that the team's
    manager then assigns to the worker: its timeline holds an assignment. The answer of the
    assignment, with the folder's id."""
    with api.client("first_contact") as first_contact:
        opened = post(first_contact, "/api/folders", body)
    with api.client("manager") as manager:
        assigned = post(manager, f"/api/folders/{opened['folder_id']}/assignment",
                        {"expected_version": opened["version"],
                         "worker_id": api.user_ids["worker"]})
    return assigned | {"folder_id": opened["folder_id"]}


def filed_proceeding(api, start: date, *, assigned: bool = False) -> Care:
    """A folder with a conducted interview and a care application filed by the worker. The
    worker opens the folder (so it is hers from the start), or, if `assigned`, first contact
    registers it and the manager assigns it to her."""
    body = open_folder_body(opened_on=(start - timedelta(days=20)).isoformat())
    with api.client("worker") as worker:
        folder = (_registered_and_assigned(api, body) if assigned
                  else post(worker, "/api/folders", body))
        v = post(worker, f"/api/folders/{folder['folder_id']}/interviews/{new_id()}/conducted",
                 interview_body(folder["version"],
                                conducted_on=(start - timedelta(days=3)).isoformat())
                 | {"command_id": new_id()})
        proceeding_id = new_id()
        filed = post(worker, f"/api/folders/{folder['folder_id']}/proceedings", {
            "proceeding_id": proceeding_id, "person_id": body["head"]["member_id"],
            "form": "care_services", "applicant": "person",
            "on": (start - timedelta(days=3)).isoformat(),
            "case_reference": f"ZTPS1.8210.{next(_case_numbers)}.2026"})
    return Care(folder["folder_id"], v["version"], body["head"]["member_id"], proceeding_id,
                filed["version"])


def granted_order(api, start: date, *, scheduled: bool = True,
                  caregiver_id: str | None = None, assigned: bool = False) -> Care:
    """A care order granted on the worker's application (`filed_proceeding`), accepted by MCUS,
    its caregiver assigned and its visits scheduled unless not `scheduled`."""
    care = filed_proceeding(api, start, assigned=assigned)
    with api.client("decision_maker") as decider:
        decided = post(decider, f"/api/proceedings/{care.proceeding_id}/decision", {
            "expected_version": care.proceeding_version, "decision_id": new_id(),
            "outcome": "grant", "reasons": ["5"], "legal_basis": "art. 50 ust. 1",
            "signatory": "z up. Prezydenta Wrocławia, Jan Dec", "issued_on": start.isoformat(),
            "care": care_terms(start)})
    care.proceeding_version = decided["version"]
    with api.client("coordinator") as coordinator:
        queue = coordinator.get("/api/handoff/queue", params={"after": decided["position"]})
        order = next(o for o in queue.json() if o["folder_id"] == care.folder_id)
        care.order_id, v = order["order_id"], order["version"]
        if scheduled:
            v = post(coordinator, f"/api/handoff/orders/{care.order_id}/acceptance",
                     {"expected_version": v, "on": start.isoformat()})["version"]
            v = post(coordinator, f"/api/handoff/orders/{care.order_id}/caregiver",
                     {"expected_version": v,
                      "caregiver_id": caregiver_id or api.user_ids["caregiver"]})["version"]
            scheduled_order = post(coordinator, f"/api/handoff/orders/{care.order_id}/schedule", {
                "expected_version": v,
                "slots": [{"weekday": d, "start": "10:00", "minutes": 120} for d in range(1, 6)],
            })
            v, care.order_position = scheduled_order["version"], scheduled_order["position"]
        care.order_version = v
    return care
