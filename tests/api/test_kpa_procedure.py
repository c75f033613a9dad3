"""The KPA procedure over HTTP, on both stores: the decision maker's pending list shows each
term and is sorted by it; delay notices, suspension, discontinuation, withdrawal, the
appeal's waiver, an appeal by post and the SKO's rulings; bad input a 4xx with a stable
code and nothing written; the handoff follows the SKO (a set-aside ends the care order, a
change changes it)."""

from __future__ import annotations

from datetime import date, timedelta

from domain.kpa import decision_due_on
from services.holidays import polish_holidays
from tests.api.care_givens import care_terms, filed_proceeding, granted_order, post
from tests.support.builders import new_id

TODAY = date.today()


def pending(api, after: int) -> dict[str, dict]:
    with api.client("decision_maker") as decider:
        answer = decider.get("/api/proceedings/pending", params={"after": after})
    assert answer.status_code == 200, answer.text
    return {p["proceeding_id"]: p for p in answer.json()}, answer.json()


def test_the_pending_list_shows_days_left_sorted_by_term(api):
    # Filed 3 days before `start`: one filed long ago is overdue, a recent one is not.
    old = filed_proceeding(api, TODAY - timedelta(days=40))
    recent = filed_proceeding(api, TODAY)
    with api.client("decision_maker") as decider:
        marked = post(decider, f"/api/proceedings/{recent.proceeding_id}/complicated", {
            "expected_version": recent.proceeding_version, "on": TODAY.isoformat(),
            "reason": "Opinia biegłego."})
    by_id, rows = pending(api, marked["position"])

    opened = TODAY - timedelta(days=43)
    old_due = decision_due_on(opened, complicated=False, suspended_days=0,
                              holidays=polish_holidays(opened.year - 1, 3))
    shown = by_id[old.proceeding_id]
    assert shown["decision_due_on"] == old_due.isoformat()
    assert shown["days_left"] == (old_due - TODAY).days < 0
    assert shown["overdue"] is True
    fresh = by_id[recent.proceeding_id]
    assert fresh["complicated"] is True and fresh["overdue"] is False
    assert fresh["days_left"] > 50  # two months
    days = [r["days_left"] for r in rows if r["days_left"] is not None]
    assert days == sorted(days)


def test_a_delay_notice_covers_an_overdue_case_and_suspension_stops_the_term(api):
    care = filed_proceeding(api, TODAY - timedelta(days=40))
    with api.client("decision_maker") as decider:
        noticed = post(decider, f"/api/proceedings/{care.proceeding_id}/delay-notice", {
            "expected_version": care.proceeding_version, "on": TODAY.isoformat(),
            "reason": "Czekamy na zaświadczenie z ZUS.",
            "new_date": (TODAY + timedelta(days=14)).isoformat()})
        shown = pending(api, noticed["position"])[0][care.proceeding_id]
        assert (shown["overdue"], shown["days_left"]) == (False, 14)
        assert shown["delayed_to"] == (TODAY + timedelta(days=14)).isoformat()

        suspended = post(decider, f"/api/proceedings/{care.proceeding_id}/suspension", {
            "expected_version": noticed["version"], "on": TODAY.isoformat(),
            "reason": "Zagadnienie wstępne: sprawa w sądzie."})
        by_id, rows = pending(api, suspended["position"])
        shown = by_id[care.proceeding_id]
        assert (shown["status"], shown["decision_due_on"], shown["days_left"]) == (
            "suspended", None, None)
        assert rows[-1]["days_left"] is None  # suspended ones last

        refused = decider.post(f"/api/proceedings/{care.proceeding_id}/decision", json={
            "command_id": new_id(), "expected_version": suspended["version"],
            "decision_id": new_id(), "outcome": "refuse", "reasons": [],
            "legal_basis": "art. 50", "signatory": "Jan Dec", "issued_on": TODAY.isoformat()})
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "procedure.suspended"

        resumed = post(decider, f"/api/proceedings/{care.proceeding_id}/resumption", {
            "expected_version": suspended["version"], "on": TODAY.isoformat()})
        assert pending(api, resumed["position"])[0][care.proceeding_id]["status"] == "filed"


def test_bad_input_is_refused_with_a_stable_code_and_nothing_written(api):
    care = filed_proceeding(api, TODAY)
    head = api.system.app.head_position()
    with api.client("decision_maker") as decider:
        for path, body, status, code in [
            ("delay-notice", {"on": TODAY.isoformat(), "reason": "Powód",
                              "new_date": TODAY.isoformat()}, 422,
             "procedure.new_date_not_later"),
            ("delay-notice", {"on": TODAY.isoformat(), "reason": "   ",
                              "new_date": (TODAY + timedelta(days=3)).isoformat()}, 422,
             "procedure.reason_required"),
            ("resumption", {"on": TODAY.isoformat()}, 409, "procedure.not_suspended"),
            ("appeal-waiver", {"on": TODAY.isoformat()}, 409, "decision.not_issued"),
            ("suspension", {"on": (TODAY - timedelta(days=30)).isoformat(), "reason": "x"},
             422, "procedure.date_before_opening"),
        ]:
            answer = decider.post(f"/api/proceedings/{care.proceeding_id}/{path}", json={
                "command_id": new_id(), "expected_version": care.proceeding_version, **body})
            assert answer.status_code == status, (path, answer.text)
            assert answer.json()["error"]["code"] == code
            message = answer.json()["error"]["message"]
            assert message["pl"] and message["pl"] != message["en"]
    assert api.system.app.head_position() == head  # nothing written


def test_discontinued_and_withdrawn_cases_leave_the_pending_list(api):
    first = filed_proceeding(api, TODAY)
    second = filed_proceeding(api, TODAY)
    with api.client("decision_maker") as decider:
        post(decider, f"/api/proceedings/{first.proceeding_id}/discontinuation", {
            "expected_version": first.proceeding_version, "on": TODAY.isoformat(),
            "reason": "Postępowanie stało się bezprzedmiotowe."})
        withdrawn = post(decider, f"/api/proceedings/{second.proceeding_id}/withdrawal", {
            "expected_version": second.proceeding_version, "on": TODAY.isoformat()})
        by_id, _ = pending(api, withdrawn["position"])
        assert first.proceeding_id not in by_id and second.proceeding_id not in by_id
    with api.client("worker") as worker:  # the folder's team still sees how it ended
        shown = worker.get(f"/api/proceedings/{second.proceeding_id}").json()
    assert (shown["status"], shown["version"]) == ("withdrawn", withdrawn["version"])


def _delivered(api, start: date):
    care = granted_order(api, start, scheduled=False)
    with api.client("decision_maker") as decider:
        delivered = post(decider, f"/api/proceedings/{care.proceeding_id}/delivery", {
            "expected_version": care.proceeding_version, "on": start.isoformat()})
    care.proceeding_version = delivered["version"]
    return care


def test_an_appeal_waiver_makes_the_decision_final_at_once(api):
    start = TODAY - timedelta(days=5)
    care = _delivered(api, start)
    with api.client("decision_maker") as decider:
        waived = post(decider, f"/api/proceedings/{care.proceeding_id}/appeal-waiver", {
            "expected_version": care.proceeding_version, "on": start.isoformat()})
    with api.client("worker") as worker:
        shown = worker.get(f"/api/proceedings/{care.proceeding_id}",
                           params={"after": waived["position"]}).json()
    assert (shown["status"], shown["final_on"]) == ("final", start.isoformat())


def test_an_appeal_by_post_counts_from_its_posting_date(api):
    start = date(2025, 3, 24)  # delivered on a Monday: the term ends Monday 7 April
    care = _delivered(api, start)
    with api.client("decision_maker") as decider:
        late = decider.post(f"/api/proceedings/{care.proceeding_id}/appeal", json={
            "command_id": new_id(), "expected_version": care.proceeding_version,
            "on": "2025-04-09"})
        assert late.status_code == 409 and late.json()["error"]["code"] == "appeal.too_late"
        post(decider, f"/api/proceedings/{care.proceeding_id}/appeal", {
            "expected_version": care.proceeding_version, "on": "2025-04-09",
            "posted_on": "2025-04-07"})


def _appealed(api, start: date):
    care = _delivered(api, start)
    with api.client("decision_maker") as decider:
        appealed = post(decider, f"/api/proceedings/{care.proceeding_id}/appeal", {
            "expected_version": care.proceeding_version,
            "on": (start + timedelta(days=3)).isoformat()})
    care.proceeding_version = appealed["version"]
    return care


def _order(api, care, after: int) -> dict:
    with api.client("coordinator") as coordinator:
        queue = coordinator.get("/api/handoff/queue",
                                params={"after": after, "status": ["awaiting_acceptance", "ended"]})
        assert queue.status_code == 200, queue.text
    return next(o for o in queue.json() if o["order_id"] == care.order_id)


def test_the_sko_setting_the_decision_aside_ends_its_care_order(api):
    start = TODAY - timedelta(days=20)
    care = _appealed(api, start)
    with api.client("decision_maker") as decider:
        ruled = post(decider, f"/api/proceedings/{care.proceeding_id}/appeal-resolution", {
            "expected_version": care.proceeding_version,
            "on": (start + timedelta(days=10)).isoformat(), "decision_upheld": False})
    order = _order(api, care, ruled["position"])
    assert order["status"] == "ended"


def test_the_sko_changing_the_decision_changes_its_care_order(api):
    start = TODAY - timedelta(days=20)
    care = _appealed(api, start)
    with api.client("decision_maker") as decider:
        changed = post(decider, f"/api/proceedings/{care.proceeding_id}/appeal-change", {
            "expected_version": care.proceeding_version,
            "on": (start + timedelta(days=10)).isoformat(),
            "reason": "SKO: 3 godziny dziennie.",
            "care": care_terms(start, hours_per_day="3.00", hours_per_week="15.00")})
        shown = decider.get(f"/api/proceedings/{care.proceeding_id}",
                            params={"after": changed["position"]}).json()
    assert (shown["status"], shown["amendments"]) == ("delivered", 1)
    order = _order(api, care, changed["position"])
    assert order["changed"] is True
