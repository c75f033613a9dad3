"""What the decision maker reads to decide, on both stores: the pending list and one
proceeding name the party and its folder; one proceeding gives its KPA term as the pending
list does (none once decided); the folder's client view gives the household, the interview
and earlier decisions while a proceeding is open, and nothing once none is."""

from __future__ import annotations

from datetime import date, timedelta

from tests.api.care_givens import filed_proceeding, granted_order, post

TODAY = date.today()


def test_the_pending_list_and_one_proceeding_name_the_party_and_its_term(api):
    care = filed_proceeding(api, TODAY - timedelta(days=2))
    with api.client("decision_maker") as decider:
        noticed = post(decider, f"/api/proceedings/{care.proceeding_id}/delay-notice", {
            "expected_version": care.proceeding_version, "on": TODAY.isoformat(),
            "reason": "Czekamy na zaświadczenie.",
            "new_date": (TODAY + timedelta(days=40)).isoformat()})
        listed = decider.get("/api/proceedings/pending", params={"after": noticed["position"]})
        row = next(p for p in listed.json() if p["proceeding_id"] == care.proceeding_id)
        after = {"after": noticed["position"]}
        one = decider.get(f"/api/proceedings/{care.proceeding_id}", params=after).json()
        view = decider.get(f"/api/folders/{care.folder_id}", params=after).json()

    head = next(m for m in view["members"] if m["member_id"] == care.person_id)
    name = f"{head['first_name']} {head['last_name']}"
    assert (row["client_name"], row["folder_id"]) == (name, care.folder_id)
    assert (one["client_name"], one["folder_id"]) == (name, care.folder_id)
    for field in ("decision_due_on", "days_left", "overdue", "delayed_to", "complicated"):
        assert one[field] == row[field], field
    assert one["days_left"] == 40 and one["delayed_to"] is not None
    # what the screen shows beside it: the interview's conclusions (I) and plan (J)
    conducted = [i for i in view["interviews"] if i["conducted_on"]]
    assert conducted and {"I", "J"} <= set(conducted[0]["sections"])


def test_a_decided_proceeding_has_no_term_and_is_listed_with_its_party(api):
    care = granted_order(api, TODAY, scheduled=False)
    after = {"after": api.system.app.head_position()}
    with api.client("decision_maker") as decider:
        one = decider.get(f"/api/proceedings/{care.proceeding_id}", params=after).json()
        decided = decider.get("/api/proceedings/decided", params=after).json()
    assert (one["status"], one["decision_due_on"], one["days_left"], one["overdue"]) == (
        "decided", None, None, False)
    assert one["client_name"]
    row = next(p for p in decided if p["proceeding_id"] == care.proceeding_id)
    assert (row["client_name"], row["folder_id"]) == (one["client_name"], care.folder_id)
