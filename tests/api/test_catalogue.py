"""The service catalogue over HTTP, on both stores: the admin publishes Wrocław's seed and
keeps entries; a bad rule, an overlap, an unknown provider are refused and write nothing; a
social worker gets proposals for a household after its interview and records her choice,
which needs a justification where the household's facts do not meet the conditions."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from uuid import UUID

import pytest

from domain.case_folder import CaseFolder
from services.catalogue.seed import seed_entries
from services.commands import AggregateExistsError
from services.synthetic.providers import CITY_PROVIDERS
from tests.api import expect
from tests.api.care_givens import post
from tests.support.builders import interview_body, new_id, open_folder_body
from tests.support.providers import admin_ctx

INTERVIEW_DAY = date.today() - timedelta(days=2)


@pytest.fixture(scope="module")
def seeded(api) -> int:
    """The city's providers and the seed published (once per server): the catalogue version."""
    for provider in CITY_PROVIDERS:
        with contextlib.suppress(AggregateExistsError):
            api.system.app.handle(admin_ctx(), provider)
    with api.client("admin") as admin:
        post(admin, "/api/admin/catalogue/seed", {})
        return admin.get("/api/catalogue").json()["version"]


def entry(code: str, **overrides) -> dict:
    return {"command_id": new_id(), "code": code, "kind": "service",
            "name_pl": "Usługa testowa", "name_en": "Test service", "form": "referral",
            "legal_basis": "art. 45 u.p.s.", "condition": "age >= 65",
            "description_pl": "Opis dla klienta.", "valid_from": "2025-01-01",
            "standard": {"delivered": "porada", "frequency": "raz"}} | overrides


def interviewed_senior(api, *, income: str | None) -> dict:
    """A woman born in 1956 living alone, interviewed two days ago; her income declared for
    the month before when `income` is given."""
    body = open_folder_body(opened_on=(INTERVIEW_DAY - timedelta(days=30)).isoformat())
    interview_id = new_id()
    with api.client("worker") as worker:
        folder = post(worker, "/api/folders", body)
        version = post(worker, f"/api/folders/{folder['folder_id']}/interviews/{interview_id}"
                       "/conducted", interview_body(folder["version"],
                                                    conducted_on=INTERVIEW_DAY.isoformat())
                       )["version"]
        if income is not None:
            month = (INTERVIEW_DAY.replace(day=1) - timedelta(days=1)).replace(day=1)
            version = post(worker, f"/api/folders/{folder['folder_id']}/incomes", {
                "expected_version": version, "member_id": body["head"]["member_id"],
                "month": month.isoformat(), "net_income": income})["version"]
    return {"folder_id": folder["folder_id"], "version": version,
            "person_id": body["head"]["member_id"], "interview_id": interview_id}


def test_the_seed_is_the_catalogue_every_reader_sees(api, seeded):
    for who in ("admin", "worker", "decision_maker", "manager", "coordinator"):
        with api.client(who) as http:
            got = http.get("/api/catalogue")
        assert got.status_code == 200, got.text
        catalogue = got.json()
        codes = {e["code"] for e in catalogue["entries"]}
        assert {e.code for e in seed_entries()} <= codes
        assert "income_per_person" in {f["name"] for f in catalogue["facts"]}
    services = [e for e in catalogue["entries"] if e["kind"] == "service"]
    packages = [e for e in catalogue["entries"] if e["kind"] == "package"]
    assert len(services) >= 30 and len(packages) >= 8
    assert all(e["legal_basis"] and e["description_pl"] for e in catalogue["entries"])
    for who in ("caregiver", "first_contact", "analyst"):
        with api.client(who) as http:
            expect.refused(http.get("/api/catalogue"), 403, "auth.forbidden")


def test_a_rule_that_does_not_parse_or_names_an_unknown_fact_is_refused_with_its_position(
        api, seeded):
    with api.client("admin") as admin, expect.nothing_written(api):
        error = expect.refused(admin.post("/api/admin/catalogue/entries", json=entry(
            "test.bad-syntax", condition="age >=\n  65 &&& living_alone")),
            422, "catalogue.rule_syntax")
        assert (error["details"]["line"], error["details"]["column"]) == (2, 8)
        error = expect.refused(admin.post("/api/admin/catalogue/entries", json=entry(
            "test.unknown-fact", condition="age >= 65 && salary < 100")),
            422, "catalogue.rule_unknown_fact")
        assert {k: error["details"][k] for k in ("fact", "line", "column")} == {
            "fact": "salary", "line": 1, "column": 14}
        expect.refused(admin.post("/api/admin/catalogue/entries", json=entry(
            "test.number", condition="age + 1")), 422, "catalogue.rule_not_boolean")


def test_overlapping_validity_and_an_unknown_provider_are_refused(api, seeded):
    with api.client("admin") as admin:
        post(admin, "/api/admin/catalogue/entries", entry("test.once"))
        with expect.nothing_written(api):
            expect.refused(admin.post("/api/admin/catalogue/entries", json=entry(
                "test.once", valid_from="2026-01-01")), 409, "catalogue.overlapping_validity")
            earlier = entry("x", valid_from="2024-06-01")
            del earlier["code"]
            expect.refused(admin.post("/api/admin/catalogue/entries/test.once/amendment",
                                      json=earlier), 409, "catalogue.overlapping_validity")
            expect.refused(admin.post("/api/admin/catalogue/entries", json=entry(
                "test.nowhere", places=["NOWHERE"])), 422, "provider.unknown")
        # A new version from a later day; the old one ends the day before.
        body = entry("x", condition="age >= 60", valid_from="2026-01-01")
        del body["code"]
        post(admin, "/api/admin/catalogue/entries/test.once/amendment", body)
        post(admin, "/api/admin/catalogue/entries/test.once/withdrawal",
             {"valid_to": "2026-12-31"})
        versions = [e for e in admin.get("/api/catalogue").json()["entries"]
                    if e["code"] == "test.once"]
    assert [(v["version"], v["valid_from"], v["valid_to"]) for v in versions] == [
        (1, "2025-01-01", "2025-12-31"), (2, "2026-01-01", "2026-12-31")]
    for who in ("worker", "manager", "decision_maker"):
        with api.client(who) as http:
            expect.refused(http.post("/api/admin/catalogue/entries", json=entry("test.w")),
                           403, "auth.forbidden")


def test_proposals_say_why_and_the_nearest_misses_say_why_not(api, seeded):
    senior = interviewed_senior(api, income="1050.00")
    with api.client("worker") as worker:
        got = worker.post(f"/api/folders/{senior['folder_id']}/services-proposal", json={
            "person_id": senior["person_id"], "interview_id": senior["interview_id"],
            "stated": {"reasons": ["5"], "disability": "moderate",
                       "findings": ["needs_daily_help", "after_hospital", "no_hot_meal"]}})
    assert got.status_code == 200, got.text
    proposal = got.json()
    assert proposal["facts"]["income_per_person"] == 1050.0
    assert proposal["facts"]["living_alone"] is True
    matched = {m["code"] for m in proposal["matches"]}
    assert {"care.home", "pkg.senior-after-hospital", "teleassistance"} <= matched
    # 1,050 zł > the single person's 1,010 zł: the permanent allowance is a near miss.
    assert "cash.permanent" not in matched
    miss = next(m for m in proposal["near_misses"] if m["code"] == "cash.permanent")
    failed = [c for c in miss["checks"] if not c["held"]]
    assert failed == [{"condition": "income_per_person <= criterion", "held": False,
                       "values": {"income_per_person": 1050.0, "criterion": 1010.0},
                       "left": "income_per_person", "op": "<=", "right": "criterion"}]


def test_a_pick_the_facts_do_not_meet_needs_a_justification_and_the_choice_is_recorded(
        api, seeded):
    senior = interviewed_senior(api, income="1050.00")
    with api.client("worker") as worker:  # the other tests may have changed it since the seed
        version = worker.get("/api/catalogue").json()["version"]
    body = {"expected_version": senior["version"], "person_id": senior["person_id"],
            "interview_id": senior["interview_id"], "catalogue_version": version,
            "stated": {"disability": "moderate", "findings": ["needs_daily_help"]},
            "chosen": ["care.home", "cash.permanent"], "on": date.today().isoformat()}
    path = f"/api/folders/{senior['folder_id']}/services-choice"
    with api.client("worker") as worker:
        with expect.nothing_written(api):
            error = expect.refused(worker.post(path, json=body | {"command_id": new_id()}),
                                   422, "catalogue.justification_required")
            assert error["details"]["codes"] == ["cash.permanent"]
            expect.refused(worker.post(path, json=body | {
                "command_id": new_id(), "chosen": ["no.such-entry"]}),
                422, "catalogue.entry_not_valid")
            expect.refused(worker.post(path, json=body | {
                "command_id": new_id(), "catalogue_version": seeded + 1000}),
                404, "catalogue.version_not_found")
            expect.refused(worker.post(path, json=body | {
                "command_id": new_id(), "chosen": ["care.home"],
                "on": (INTERVIEW_DAY - timedelta(days=1)).isoformat()}),
                422, "catalogue.choice_before_interview")
        chosen = post(worker, path, body | {"justifications": [
            {"code": "cash.permanent", "text": "Dochód spadnie od przyszłego miesiąca."}]})
    # The team's manager sees on the folder's timeline what was proposed and chosen, and why.
    with api.client("manager") as manager:
        timeline = manager.get(f"/api/folders/{senior['folder_id']}",
                               params={"after": chosen["position"]}).json()["timeline"]
    entry = next(e for e in timeline if e["kind"] == "services_proposed")
    assert entry["details"]["chosen"] == ["care.home", "cash.permanent"]
    assert entry["details"]["catalogue_version"] == version
    assert entry["details"]["justifications"] == {
        "cash.permanent": "Dochód spadnie od przyszłego miesiąca."}
    folder: CaseFolder = api.system.app.repository.get(UUID(senior["folder_id"]))
    recorded = [e for e in api.system.app.events.get(folder.id)
                if isinstance(e, CaseFolder.ServicesProposed)][-1]
    assert recorded.catalogue_version == version
    assert recorded.chosen == ["care.home", "cash.permanent"]
    assert "care.home" in recorded.matched and "cash.permanent" in recorded.near_misses
    assert recorded.justifications == {
        "cash.permanent": "Dochód spadnie od przyszłego miesiąca."}
    assert recorded.facts["income_per_person"] == 1050.0


def test_another_teams_worker_gets_no_proposal(api, seeded):
    senior = interviewed_senior(api, income=None)
    with api.client("worker_other_team") as other:
        expect.refused(other.post(f"/api/folders/{senior['folder_id']}/services-proposal",
                                  json={"person_id": senior["person_id"],
                                        "interview_id": senior["interview_id"]}),
                       404, "case_folder.not_found")


def test_a_choice_made_on_a_catalogue_version_superseded_for_the_interviews_day_is_refused(
        api, seeded):
    senior = interviewed_senior(api, income=None)
    with api.client("admin") as admin:
        seen = admin.get("/api/catalogue").json()["version"]
        # A change from after the interview's day leaves the version good for that day …
        later = entry("x", condition="age >= 66 && living_alone",
                      valid_from=(date.today() + timedelta(days=30)).isoformat())
        del later["code"]
        post(admin, "/api/admin/catalogue/entries/teleassistance/amendment", later)
    body = {"expected_version": senior["version"], "person_id": senior["person_id"],
            "interview_id": senior["interview_id"], "catalogue_version": seen,
            "stated": {}, "chosen": ["social-work"], "on": date.today().isoformat()}
    path = f"/api/folders/{senior['folder_id']}/services-choice"
    with api.client("worker") as worker:
        chosen = post(worker, path, body)
    # … one taking effect by then supersedes it.
    with api.client("admin") as admin:
        post(admin, "/api/admin/catalogue/entries/social-work/withdrawal",
             {"valid_to": (INTERVIEW_DAY - timedelta(days=1)).isoformat()})
    with api.client("worker") as worker, expect.nothing_written(api):
        error = expect.refused(worker.post(path, json=body | {
            "command_id": new_id(), "expected_version": chosen["version"]}),
            409, "catalogue.version_superseded")
    assert error["details"]["current_version"] > seen
