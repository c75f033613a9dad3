"""A return that breaks the form's consistency rules cannot be submitted: the manager sees
each failing rule with its row and figures, asks for the families that cause it (a read of
their data, logged), the data are corrected, and the return compiled again is submitted."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from services.casework.commands import CorrectMembership
from tests.api import expect
from tests.support.municipality import add_late_spouse, build_municipality, ctx

H1 = "/api/returns/2026/H1"
ROW = "benefits.special_purpose_allowance.own"


@pytest.fixture(scope="module")
def town(api):
    town = build_municipality(api.system.app)
    town.spouse = add_late_spouse(api.system.app, town, date.today())
    return town


def _compile(http) -> dict:
    compiled = http.post(f"{H1}/compilation", json={"command_id": str(uuid.uuid4())})
    assert compiled.status_code in (200, 201), compiled.text
    return compiled.json()


def test_a_failing_rule_is_shown_blocks_submission_and_names_its_family_until_fixed(api, town):
    c = town.households["C"]
    with api.client("manager") as http:
        draft = _compile(http)
        checks = draft["compiled"]["checks"]
        assert {"rule": "family_persons_at_least_persons", "row": ROW,
                "figures": {"persons": 2, "family_persons": 1},
                "has_folders": True} in checks
        refused = http.post(f"{H1}/submission", json={
            "command_id": str(uuid.uuid4()), "expected_version": draft["version"],
            "content_hash": draft["compiled"]["content_hash"]})
        error = expect.refused(refused, 409, "return.checks_failed")
        assert ROW in {f["row"] for f in error["details"]["failures"]}
        shown = http.get(H1).json()
        assert shown["submitted"] is None

        before = datetime.now(UTC)
        drill = http.get(f"{H1}/checks/folders", params={
            "rule": "family_persons_at_least_persons", "row": ROW})
        assert drill.status_code == 200, drill.text
        assert [f["folder_id"] for f in drill.json()["folders"]] == [str(c.folder_id)]
        assert drill.json()["folders"][0]["head_name"].startswith("Cecylia")
    entries = api.system.read_models.access_entries(
        after=api.system.app.head_position(), viewer_id=uuid.UUID(api.user_ids["manager"]),
        since=before)
    assert any(e["view"] == "return_check" and str(e["folder_id"]) == str(c.folder_id)
               for e in entries)

    # The worker corrects the day the husband joined: he lived there all along.
    api.system.app.handle(ctx(), CorrectMembership(
        folder_id=c.folder_id, expected_version=api.system.app.repository.get(c.folder_id).version,
        member_id=town.spouse, joined_on=date(2025, 12, 1)))
    with api.client("manager") as http:
        draft = _compile(http)
        assert draft["compiled"]["checks"] == []
        done = http.post(f"{H1}/submission", json={
            "command_id": str(uuid.uuid4()), "expected_version": draft["version"],
            "content_hash": draft["compiled"]["content_hash"]})
        assert done.status_code == 201, done.text


def test_the_drill_down_takes_only_the_form_s_rules_and_rows(api):
    with api.client("manager") as http:
        for params in ({"rule": "no_such_rule", "row": ROW},
                       {"rule": "total_at_least_row", "row": "benefits/../x"}):
            answer = http.get(f"{H1}/checks/folders", params=params)
            assert answer.status_code == 422, answer.text
