"""Request examples shown in the OpenAPI document (each schema's `examples`).

They are valid bodies: tests/api/test_openapi_examples.py posts each to a real server and
expects it accepted or refused by the domain (a record not there, a stale version), never
refused for its shape. Dates are in the past and within the bounds of api/schemas/bounds.py;
the PESEL has a right check digit. Ids are fixed, so a client trying one twice sees a retry.
"""

from __future__ import annotations

from typing import Any


def examples(*bodies: dict[str, Any]) -> dict[str, Any]:
    """The `json_schema_extra` of a request schema with these examples."""
    return {"examples": list(bodies)}


LOGIN = {"username": "anna.kowalska", "password": "correct horse battery staple"}

OPEN_FOLDER = {
    "command_id": "6f1c2a8e-4b0d-4e43-9a52-0c7d3b1e9f01",
    "folder_id": "0b8f6d2e-1c1a-4f7e-8d6b-3a2c5e4f7a10",
    "team_id": "ZTPS-1",
    "opened_on": "2026-11-02",
    "address": {"street": "Legnicka", "building": "12", "flat": "3", "postal_code": "54-203",
                "city": "Wrocław", "teryt": "0264029"},
    "head": {"member_id": "5d3e2b1a-7c6f-4a8e-9b0d-1f2e3c4d5a60", "first_name": "Helena",
             "last_name": "Nowak", "pesel": "48051473121", "birth_date": "1948-05-14",
             "relation": "head"},
}

RECORD_VISIT = {
    "command_id": "2a7e9c41-5b3d-4f60-8e1a-9d0c2b3a4f51",
    "expected_version": 1,
    "visit": {"visit_id": "7c4b1e2d-3a5f-4d6e-8b9a-0f1e2d3c4b52", "visited_on": "2026-11-05",
              "minutes": 45, "activity": "home_visit", "place": "mieszkanie",
              "notes": "Rozmowa o potrzebach; pani Helena prosi o pomoc w zakupach."},
}

CONDUCT_INTERVIEW = {
    "command_id": "3b8f0d52-6c4e-4071-9f2b-ae1d3c4b5a62",
    "expected_version": 2,
    "conducted_on": "2026-11-05",
    "sections": {"A": "Dane osoby i rodziny.", "H": "Oczekuje pomocy w prowadzeniu domu.",
                 "I": "Samotna, niesamodzielna.", "J": "Usługi opiekuńcze, praca socjalna."},
}

FILE_APPLICATION = {
    "command_id": "4c9a1e63-7d5f-4182-8a3c-bf2e4d5c6b73",
    "proceeding_id": "8d5c2f3e-4b6a-4e7f-9c0b-1a2f3e4d5c74",
    "person_id": "5d3e2b1a-7c6f-4a8e-9b0d-1f2e3c4d5a60",
    "form": "care_services",
    "applicant": "person",
    "on": "2026-11-05",
    "case_reference": "ZTPS1.8210.117.2026",
}

ISSUE_DECISION = {
    "command_id": "5dab2f74-8e60-4293-9b4d-c03f5e6d7c84",
    "expected_version": 1,
    "decision_id": "9e6d3a4f-5c7b-4f80-8d1c-2b3a4f5e6d85",
    "outcome": "grant",
    "reasons": ["5"],
    "legal_basis": "art. 50 ust. 1",
    "signatory": "z up. Prezydenta Wrocławia, Jan Dec",
    "issued_on": "2026-11-20",
    "care": {"tasks": ["personal_hygiene", "meals"], "hours_per_day": "2.00",
             "hours_per_week": "10.00", "weekdays": [1, 2, 3, 4, 5],
             "period_from": "2026-12-01", "period_to": "2027-02-28",
             "place": "miejsce zamieszkania", "provider_id": "MCUS", "hourly_cost": "40.00",
             "fee_share_percent": "0.00"},
}

ACCEPT_ORDER = {
    "command_id": "6ebc3085-9f71-43a4-8c5e-d14a6f7e8d95",
    "expected_version": 1,
    "on": "2026-11-23",
}

CHECK_IN = {
    "command_id": "7fcd4196-a082-44b5-9d6f-e25b7a8f9ea6",
    "expected_version": 4,
    "visit_id": "af7e4b5a-6d8c-4a91-9e2d-3c4b5a6f7ea7",
    "started_at": "2026-12-01T10:02:00+01:00",
}
