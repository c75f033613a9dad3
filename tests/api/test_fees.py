"""Fee parameters are data: read by staff, extended by admins, applied by service date."""

from __future__ import annotations

from tests.support.builders import new_id


def test_the_fee_share_follows_the_statutory_criterion_and_the_table(api):
    with api.client("decision_maker") as http:
        # 1010 zł single-person criterion from 2025: exactly 100% pays nothing…
        at_limit = http.get("/api/fees/fee-share", params={
            "income_per_person": "1010.00", "household_size": 1, "on": "2025-06-01"})
        above = http.get("/api/fees/fee-share", params={
            "income_per_person": "1111.00", "household_size": 1, "on": "2025-06-01"})
        family = http.get("/api/fees/fee-share", params={
            "income_per_person": "900.00", "household_size": 3, "on": "2025-06-01"})
    assert at_limit.json()["fee_share_percent"] == "0.00" or \
        float(at_limit.json()["fee_share_percent"]) == 0
    assert float(above.json()["fee_share_percent"]) == 3
    assert float(family.json()["fee_share_percent"]) == 10


def test_an_admin_adds_a_table_that_applies_from_its_date_and_nobody_else_can(api):
    table = {"valid_from": "2030-01-01", "brackets": [
        {"up_to_percent": "150.00", "single_percent": "0.00", "family_percent": "0.00"},
        {"up_to_percent": None, "single_percent": "50.00", "family_percent": "60.00"}]}
    with api.client("manager") as manager:
        refused = manager.post("/api/admin/fees/tables", json={"command_id": new_id(), **table})
        assert refused.status_code == 403
    with api.client("admin") as admin:
        added = admin.post("/api/admin/fees/tables", json={"command_id": new_id(), **table})
        assert added.status_code == 201, added.text
        again = admin.post("/api/admin/fees/tables", json={"command_id": new_id(), **table})
        assert again.status_code == 409
        assert again.json()["error"]["code"] == "parameters.duplicate_valid_from"
        before = admin.get("/api/fees/fee-share", params={
            "income_per_person": "1111.00", "household_size": 1, "on": "2029-12-31"})
        after = admin.get("/api/fees/fee-share", params={
            "income_per_person": "1111.00", "household_size": 1, "on": "2030-01-01"})
    assert float(before.json()["fee_share_percent"]) == 3
    assert float(after.json()["fee_share_percent"]) == 0


def test_a_care_decision_takes_its_fee_share_from_the_tables_valid_on_the_service_date(api):
    from datetime import date, timedelta

    from tests.api.care_givens import care_terms, filed_proceeding, post

    start = date.today() - timedelta(days=10)
    care = filed_proceeding(api, start)
    terms = care_terms(start)
    del terms["fee_share_percent"]
    with api.client("decision_maker") as decider:
        missing = decider.post(f"/api/proceedings/{care.proceeding_id}/decision", json={
            "command_id": new_id(), "expected_version": care.proceeding_version,
            "decision_id": new_id(), "outcome": "grant", "reasons": ["5"],
            "legal_basis": "art. 50", "signatory": "z up. Prezydenta", "care": terms,
            "issued_on": start.isoformat()})
        assert missing.status_code == 422
        assert missing.json()["error"]["code"] == "care_terms.fee_share_inputs_missing"
        decided = post(decider, f"/api/proceedings/{care.proceeding_id}/decision", {
            "expected_version": care.proceeding_version, "decision_id": new_id(),
            "outcome": "grant", "reasons": ["5"], "legal_basis": "art. 50",
            "signatory": "z up. Prezydenta", "issued_on": start.isoformat(),
            # 1111 zł for a person living alone: 110% of the 1010 zł criterion → 3%
            "care": terms | {"income_per_person": "1111.00", "household_size": 1}})
    with api.client("coordinator") as coordinator:
        queue = coordinator.get("/api/handoff/queue", params={"after": decided["position"]})
        order = next(o for o in queue.json() if o["folder_id"] == care.folder_id)
    assert float(order["terms"]["fee_share_percent"]) == 3
