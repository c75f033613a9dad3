"""A permanent allowance granted and delivered over HTTP, as the e2e tests of payments and
receivables start from: a single person with 640 zł, 370 zł a month from today."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from tests.e2e.conftest import DECIDER, Server
from tests.support.builders import income_body, interview_body, open_folder_body


def post(http, path: str, body: dict) -> dict:
    """A command with a new id; it must be accepted (201)."""
    answer = http.post(path, json={"command_id": str(uuid.uuid4()), **body})
    assert answer.status_code == 201, answer.text
    return answer.json()


@dataclass(frozen=True)
class Granted:
    folder_id: str
    proceeding_id: str
    reference: str


def permanent_allowance_delivered(server: Server, reference: str, today: date,
                                  iban: str | None = None) -> Granted:
    """The social worker opens the folder, interviews, declares the income (and records the
    bank account, if given) and files the application; the decision maker grants 370 zł
    from `today` and records its delivery. Returns once the payments' read model has it."""
    with server.http() as worker:
        body = open_folder_body(opened_on=(today - timedelta(days=20)).isoformat())
        folder = post(worker, "/api/folders", body)
        fid, head = folder["folder_id"], body["head"]["member_id"]
        v = post(worker, f"/api/folders/{fid}/interviews/{uuid.uuid4()}/conducted",
                 interview_body(folder["version"], conducted_on=today.isoformat()))["version"]
        v = post(worker, f"/api/folders/{fid}/incomes", income_body(v, head))["version"]
        if iban is not None:
            post(worker, f"/api/folders/{fid}/bank-accounts",
                 {"expected_version": v, "member_id": head, "iban": iban})
        proceeding_id = str(uuid.uuid4())
        filed = post(worker, f"/api/folders/{fid}/proceedings", {
            "proceeding_id": proceeding_id, "person_id": head, "form": "permanent_allowance",
            "applicant": "person", "on": today.isoformat(), "case_reference": reference})
    with server.http(DECIDER) as decider:
        issued = post(decider, f"/api/proceedings/{proceeding_id}/decision", {
            "expected_version": filed["version"], "decision_id": str(uuid.uuid4()),
            "outcome": "grant", "reasons": ["1"], "legal_basis": "art. 37 ust. 1",
            "signatory": "z up. Prezydenta Wrocławia, Jan Dec", "issued_on": today.isoformat(),
            "cash": {"amount": "370.00", "period_from": today.isoformat()}})
        delivered = post(decider, f"/api/proceedings/{proceeding_id}/delivery",
                         {"expected_version": issued["version"], "on": today.isoformat()})
    server.system.read_models.payment_draft_inputs(today, after=delivered["position"])
    return Granted(fid, proceeding_id, reference)
