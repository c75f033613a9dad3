"""The care handoff in real browsers against a real API on PostgreSQL: a decision maker's care
decision reaches the MCUS coordinator's open queue without a reload, the coordinator hands the
order to a caregiver picked by name, and the caregiver checks in and out of today's visit."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import Page, expect

from tests.api import given
from tests.e2e.conftest import (
    CAREGIVER,
    COORDINATOR,
    DECIDER,
    Client,
    Server,
    is_sync_of,
    sign_in,
    synced,
    wait_until_pending,
)
from tests.support.builders import interview_body, new_id

pytestmark = pytest.mark.postgres

EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]
CASE_NUMBERS = itertools.count(100)
ACCESS = "Domofon nie działa — klucz u sąsiadki spod 4."
HEALTH = "Cukrzyca typu 2, insulina rano."
WARSAW = ZoneInfo("Europe/Warsaw")  # the tablets' time zone (tests/e2e/conftest.py)


@dataclass
class CareCase:
    """A household folder with a care services proceeding waiting for a decision."""

    client: Client
    proceeding_id: str
    proceeding_version: int
    order_id: str | None = None
    order_version: int | None = None


def post(http: Any, path: str, body: dict) -> dict:
    answer = http.post(path, json={"command_id": new_id(), **body})
    assert answer.status_code == 201, answer.text
    return answer.json()


def care_terms(start: date) -> dict:
    return {"tasks": ["personal_hygiene", "meals"], "hours_per_day": "2.00",
            "hours_per_week": "10.00", "weekdays": EVERY_DAY, "period_from": start.isoformat(),
            "period_to": (start + timedelta(days=90)).isoformat(),
            "place": "miejsce zamieszkania", "provider_id": "MCUS", "hourly_cost": "31.50",
            "fee_share_percent": "0.00"}


@pytest.fixture
def care_case(server: Server, client_folder: Client) -> CareCase:
    """The worker conducted the interview and filed the application for care services."""
    folder = client_folder.folder
    with server.http() as worker:
        given.command(worker, folder, f"/interviews/{new_id()}/conducted",
                      interview_body(folder.version))
        proceeding_id = new_id()
        filed = post(worker, f"{folder.path}/proceedings", {
            "proceeding_id": proceeding_id, "person_id": folder.head_id, "form": "care_services",
            "applicant": "person", "on": date.today().isoformat(),
            "case_reference": f"ZTPS1.8210.{next(CASE_NUMBERS)}.{date.today().year}"})
    wait_until_pending(server, proceeding_id, filed["position"])
    return CareCase(client_folder, proceeding_id, filed["version"])


@pytest.fixture
def placed_order(server: Server, care_case: CareCase) -> CareCase:
    """The decision maker granted care (over HTTP): the order waits in the MCUS queue."""
    with server.http(DECIDER) as decider:
        decided = post(decider, f"/api/proceedings/{care_case.proceeding_id}/decision", {
            "expected_version": care_case.proceeding_version, "decision_id": new_id(),
            "outcome": "grant", "reasons": ["5"], "legal_basis": "art. 50 ust. 1",
            "signatory": "z up. Prezydenta Wrocławia, Jan Decyzja",
            "issued_on": date.today().isoformat(), "care": care_terms(date.today()),
            "notes": {"access_notes": ACCESS, "health_notes": HEALTH}})
    with server.http(COORDINATOR) as coordinator:
        queue = coordinator.get("/api/handoff/queue", params={"after": decided["position"]})
    order = next(o for o in queue.json() if o["folder_id"] == care_case.client.folder.id)
    care_case.order_id, care_case.order_version = order["order_id"], order["version"]
    return care_case


@pytest.fixture
def scheduled_order(server: Server, placed_order: CareCase) -> CareCase:
    """The coordinator accepted it, gave it to the caregiver, and set a visit for every day."""
    path = f"/api/handoff/orders/{placed_order.order_id}"
    with server.http(COORDINATOR) as coordinator:
        v = post(coordinator, f"{path}/acceptance", {
            "expected_version": placed_order.order_version,
            "on": date.today().isoformat()})["version"]
        v = post(coordinator, f"{path}/caregiver", {
            "expected_version": v, "caregiver_id": server.ids[CAREGIVER.username]})["version"]
        done = post(coordinator, f"{path}/schedule", {"expected_version": v, "slots": [
            {"weekday": d, "start": "08:00", "minutes": 60} for d in EVERY_DAY]})
    with server.http(CAREGIVER) as caregiver:
        caregiver.get("/api/caregiver/visits", params={"after": done["position"]})
    placed_order.order_version = done["version"]
    return placed_order


def order_row(page: Page, case: CareCase) -> Any:
    return page.locator('[data-testid="order-row"]', has_text=case.client.head_name)


def scroll_under_top_bar(page: Page, testid: str) -> None:
    """Scroll so the element starts just under the sticky top bar (for a screenshot)."""
    page.get_by_test_id(testid).first.evaluate(
        "e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY"
        " - document.querySelector('.topbar').offsetHeight - 16)")


def open_pending(page: Page, case: CareCase) -> None:
    row = page.locator(f'[data-testid="proceeding-row"][data-proceeding-id="{case.proceeding_id}"]')
    expect(row).to_contain_text("usługi opiekuńcze")
    row.click()
    expect(page.get_by_test_id("proceeding-form")).to_have_text("usługi opiekuńcze")


def issue_care_decision(page: Page) -> None:
    """On the proceeding's screen: grant care services, every day, two hours a day."""
    form = page.get_by_test_id("decision-form")
    form.get_by_test_id("decision-outcome-grant").check()
    form.locator('[data-testid="decision-reason"][value="5"]').check()
    for task in ("personal_hygiene", "meals", "shopping"):
        form.locator(f'[data-testid="care-task"][value="{task}"]').check()
    for day in (6, 7):
        form.locator(f'[data-testid="care-weekday"][value="{day}"]').check()
    form.get_by_test_id("care-hours-day").fill("2")
    form.get_by_test_id("care-hours-week").fill("10")
    form.get_by_test_id("care-period-to").fill((date.today() + timedelta(days=90)).isoformat())
    form.get_by_test_id("care-hourly-cost").fill("38,50")
    form.get_by_test_id("care-fee-share").fill("0")
    form.get_by_test_id("note-access").fill(ACCESS)
    form.get_by_test_id("note-health").fill(HEALTH)


# --- the tests ----------------------------------------------------------------------------


def test_a_care_decision_appears_highlighted_on_the_open_coordinator_page_without_reload(
    server: Server, care_case: CareCase, new_tablet, shot
):
    coordinator = new_tablet()
    sign_in(coordinator, COORDINATOR)
    expect(coordinator.get_by_test_id("stream-status")).to_have_attribute("data-state", "live")
    expect(order_row(coordinator, care_case)).to_have_count(0)
    coordinator.evaluate("window.__loadedOnce = true")  # a reload would lose this

    decider = new_tablet()
    sign_in(decider, DECIDER)
    open_pending(decider, care_case)
    issue_care_decision(decider)
    scroll_under_top_bar(decider, "care-terms")
    shot(decider, "05-decision-care-terms")
    with decider.expect_response(is_sync_of("/decision")) as sent:
        decider.get_by_test_id("decision-submit").click()
    decision, _ = synced(sent.value, f"/proceedings/{care_case.proceeding_id}/decision", 201)
    assert decision["care"]["hourly_cost"] == "38.50"
    assert decision["care"]["weekdays"] == EVERY_DAY

    # The coordinator's open page shows the new order at once, marked new, with no reload.
    row = order_row(coordinator, care_case)
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-new", "true")
    expect(row).to_have_attribute("data-status", "awaiting_acceptance")
    expect(row.locator(".badge-new")).to_have_text("nowe")
    assert coordinator.evaluate("window.__loadedOnce === true"), "the page was reloaded"
    expect(coordinator.get_by_test_id("stream-status")).to_have_attribute("data-state", "live")
    shot(coordinator, "06-coordinator-new-order")

    # The server's queue holds that one order for the folder.
    with server.http(COORDINATOR) as http:
        queue = http.get("/api/handoff/queue").json()
    mine = [o for o in queue if o["folder_id"] == care_case.client.folder.id]
    assert [o["order_id"] for o in mine] == [row.get_attribute("data-order-id")]
    assert mine[0]["access_notes"] == ACCESS


def test_the_coordinator_accepts_and_hands_the_order_to_a_caregiver_picked_by_name(
    server: Server, placed_order: CareCase, new_tablet, shot
):
    page = new_tablet()
    sign_in(page, COORDINATOR)
    order_row(page, placed_order).click()
    view = page.get_by_test_id("order-view")
    expect(view.get_by_test_id("order-access")).to_have_text(ACCESS)
    # money as people read it, not "31.50" (Intl puts a no-break space before "zł")
    expect(view.get_by_test_id("order-hourly-cost")).to_have_text(re.compile(r"^31,50\s+zł$"))

    with page.expect_response(is_sync_of("/acceptance")) as accepted:
        view.get_by_test_id("order-accept").click()
    synced(accepted.value, "/acceptance", 201)
    expect(view.get_by_test_id("caregiver-select")).to_be_visible()
    view.get_by_test_id("caregiver-select").select_option(label=CAREGIVER.display_name)
    with page.expect_response(is_sync_of("/caregiver")) as assigned:
        view.get_by_test_id("caregiver-assign").click()
    body, answer = synced(assigned.value, "/caregiver", 201)
    assert body["caregiver_id"] == server.ids[CAREGIVER.username]
    expect(view.get_by_test_id("order-caregiver")).to_have_text(CAREGIVER.display_name)
    view.get_by_test_id("caregiver-form").scroll_into_view_if_needed()
    shot(page, "07-coordinator-order")

    with server.http(COORDINATOR) as http:
        order = http.get(f"/api/handoff/orders/{placed_order.order_id}",
                         params={"after": answer["position"]}).json()
    assert order["caregiver_id"] == server.ids[CAREGIVER.username]
    assert order["status"] == "caregiver_assigned"

    # A suspension's reason typed but not sent survives "← Wróć" (a draft, issue #17 item 9).
    view.get_by_test_id("suspend-reason").fill("Pobyt w szpitalu od poniedziałku")
    page.get_by_text("← Wróć").click()
    expect(page.get_by_test_id("order-view")).to_have_count(0)
    order_row(page, placed_order).click()
    suspend = page.get_by_test_id("suspend-form")
    expect(suspend.get_by_test_id("suspend-reason")).to_have_value(
        "Pobyt w szpitalu od poniedziałku")
    expect(suspend.get_by_test_id("draft-note")).to_have_attribute("data-restored", "true")
    suspend.scroll_into_view_if_needed()
    shot(page, "i17-coordinator-draft-restored")
    # thrown away on purpose: the field is empty again and nothing was sent
    suspend.get_by_test_id("draft-discard").click()
    expect(suspend.get_by_test_id("suspend-reason")).to_have_value("")
    expect(suspend.get_by_test_id("draft-note")).to_have_count(0)


def test_a_caregiver_checks_in_and_out_and_the_server_has_the_visit_once(
    server: Server, scheduled_order: CareCase, new_tablet, shot, monkeypatch
):
    # One calendar day for both sides. The server lists visits from its own local date and the
    # tablet puts under "today" what falls on its Warsaw date; near midnight those two differ
    # (and so would the month). So the tablet's clock starts 55 minutes ago (its check-out,
    # 50 minutes later, is not ahead of the server's clock: issue #15 refuses a time more
    # than 10 minutes ahead), and the server's "today" is pinned to that Warsaw day.
    start = datetime.now(WARSAW).replace(microsecond=0) - timedelta(minutes=55)
    day = start.date()
    monkeypatch.setattr(server.system.read_models, "today", lambda: day)
    page = new_tablet()
    # the tablet's own clock, so the visit can last its fifty minutes
    page.clock.install(time=start)
    refreshes: list[str] = []
    page.on("request", lambda r: r.url.endswith("/api/auth/refresh") and refreshes.append(r.url))
    sign_in(page, CAREGIVER)
    row = page.locator(f'[data-testid="care-visits-today"] [data-testid="care-visit-row"]'
                       f'[data-order-id="{scheduled_order.order_id}"]')
    expect(row).to_contain_text(scheduled_order.client.head_name)
    expect(row.get_by_test_id("care-visit-access")).to_have_text(ACCESS)
    expect(row.get_by_test_id("care-visit-health")).to_have_text(HEALTH)
    shot(page, "08-caregiver-today")

    reread = "/api/caregiver/visits?after="
    with page.expect_response(is_sync_of(f"/orders/{scheduled_order.order_id}/visits")) as ins, \
            page.expect_response(lambda r: reread in r.url):  # before the clock moves on
        row.get_by_test_id("check-in").click()
    check_in, _ = synced(ins.value, "/visits", 201)
    visit_id = check_in["visit_id"]
    # Fifty minutes of care: longer than the 15-minute access token lives.
    page.clock.fast_forward("50:00")
    out = row.get_by_test_id("check-out-form")
    expect(out).to_be_visible()
    out.locator('[data-testid="task-done"][value="meals"]').check()
    out.locator('[data-testid="task-done"][value="personal_hygiene"]').check()
    shot(page, "09-caregiver-check-out")
    with page.expect_response(is_sync_of(f"/visits/{visit_id}/completion")) as outs:
        out.get_by_test_id("check-out").click()
    check_out, done = synced(outs.value, "/completion", 201)
    assert sorted(check_out["tasks_done"]) == ["meals", "personal_hygiene"]
    # The tablet refreshed its expired access token on its own, once, and stayed signed in.
    assert len(refreshes) == 1, refreshes
    expect(page.get_by_test_id("login-form")).to_have_count(0)

    # Nothing left to send; the row offers a check-in again, and says what she has done.
    expect(row.get_by_test_id("check-in")).to_be_visible()
    finished = row.get_by_test_id("finished-visit")
    expect(finished).to_have_count(1)
    expect(finished).to_contain_text("Wizyta zakończona")
    expect(finished).to_contain_text("przygotowanie posiłków")
    # the outbox's notice goes once everything is sent
    expect(page.get_by_test_id("outbox-notice")).to_have_count(0)
    row.scroll_into_view_if_needed()
    shot(page, "i17-caregiver-finished-visit")
    expect(page.get_by_test_id("pending-badge")).to_have_count(0)
    expect(page.get_by_test_id("outbox-count")).to_have_count(0)

    # What the server delivered that month for the order: the one visit, closed, once.
    assert check_in["started_at"].startswith(f"{day.isoformat()}T")
    with server.http(COORDINATOR) as http:
        month = http.get(f"/api/handoff/orders/{scheduled_order.order_id}/months/"
                         f"{day.year}/{day.month}", params={"after": done["position"]})
    assert month.status_code == 200, month.text
    visits = month.json()["visits"]
    assert [v["visit_id"] for v in visits] == [visit_id]
    assert visits[0]["caregiver_id"] == server.ids[CAREGIVER.username]
    assert visits[0]["ended_at"] is not None
    assert 49 <= visits[0]["minutes"] <= 51
    assert sorted(visits[0]["tasks_done"]) == ["meals", "personal_hygiene"]


def test_a_tablet_clock_twenty_minutes_ahead_gets_its_check_in_refused_saying_why(
    server: Server, scheduled_order: CareCase, new_tablet, monkeypatch
):
    # The server allows a tablet's time at most ten minutes ahead of its own clock (issue
    # #15): the caregiver is told, in Polish, to check the tablet's clock.
    ahead = datetime.now(WARSAW) + timedelta(minutes=20)
    monkeypatch.setattr(server.system.read_models, "today", lambda: ahead.date())
    page = new_tablet()
    page.clock.install(time=ahead)
    sign_in(page, CAREGIVER)
    row = page.locator(f'[data-testid="care-visits-today"] [data-testid="care-visit-row"]'
                       f'[data-order-id="{scheduled_order.order_id}"]')
    with page.expect_response(is_sync_of(f"/orders/{scheduled_order.order_id}/visits")) as ins:
        row.get_by_test_id("check-in").click()
    synced(ins.value, "/visits", 422)
    expect(row.get_by_test_id("failed-message")).to_have_text(
        "Czas jest późniejszy niż teraz: sprawdź zegar i datę na tablecie.")
    with server.http(COORDINATOR) as http:
        order = http.get(f"/api/handoff/orders/{scheduled_order.order_id}").json()
    assert order["version"] == scheduled_order.order_version  # nothing was stored


def test_the_decision_maker_records_the_delivery_and_amends_the_hours_and_mcus_sees_the_change(
    server: Server, care_case: CareCase, new_tablet, shot
):
    page = new_tablet()
    sign_in(page, DECIDER)
    open_pending(page, care_case)
    issue_care_decision(page)
    with page.expect_response(is_sync_of("/decision")) as sent:
        page.get_by_test_id("decision-submit").click()
    synced(sent.value, "/decision", 201)

    # Back home, the decided proceeding waits under "Decyzje w toku".
    decided = page.locator(f'[data-testid="decided-list"] [data-testid="proceeding-row"]'
                           f'[data-proceeding-id="{care_case.proceeding_id}"]')
    expect(decided).to_have_attribute("data-status", "decided")
    decided.click()
    view = page.get_by_test_id("proceeding-view")
    expect(view).to_have_attribute("data-status", "decided")
    expect(view.get_by_test_id("action-appeal")).to_have_count(0)  # not before delivery

    view.get_by_test_id("action-delivery").click()
    # Delivered today on the tablet's calendar (Warsaw), which near midnight UTC is not the
    # machine's: the day before and after the click, in case the click crosses midnight.
    days = {datetime.now(WARSAW).date().isoformat()}
    with page.expect_response(is_sync_of("/delivery")) as delivered:
        view.get_by_test_id("action-submit").click()
    days.add(datetime.now(WARSAW).date().isoformat())
    assert synced(delivered.value, "/delivery", 201)[0]["on"] in days
    expect(view).to_have_attribute("data-status", "delivered")
    expect(view.get_by_test_id("action-appeal")).to_be_visible()

    # More hours: the amendment starts from the terms sent with the decision.
    view.get_by_test_id("action-amendment").click()
    form = view.get_by_test_id("action-form")
    expect(form.get_by_test_id("care-hours-day")).to_have_value("2")
    form.get_by_test_id("care-hours-day").fill("3")
    form.get_by_test_id("care-hours-week").fill("15")
    form.get_by_test_id("action-reason").fill("Po upadku potrzebna pomoc także po południu.")
    scroll_under_top_bar(page, "decision-actions")
    shot(page, "10-decision-amendment")
    with page.expect_response(is_sync_of("/amendment")) as amended:
        form.get_by_test_id("action-submit").click()
    body, answer = synced(amended.value, "/amendment", 201)
    assert body["care"]["hours_per_day"] == "3.00" and body["care"]["tasks"] == [
        "personal_hygiene", "meals", "shopping"]
    expect(page.get_by_test_id("pending-badge")).to_have_count(0)

    # MCUS has the order with the new hours, marked changed.
    with server.http(COORDINATOR) as http:
        queue = http.get("/api/handoff/queue", params={"after": answer["position"]}).json()
    order = next(o for o in queue if o["folder_id"] == care_case.client.folder.id)
    assert order["changed"] is True
    assert (order["terms"]["hours_per_day"], order["terms"]["hours_per_week"]) == ("3.00", "15.00")
    with server.http(DECIDER) as http:
        proceeding = http.get(f"/api/proceedings/{care_case.proceeding_id}").json()
    assert proceeding["status"] == "delivered"
