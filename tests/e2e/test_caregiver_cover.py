"""A caregiver's absence with cover in real browsers against a real API on PostgreSQL (issue
#20): the coordinator records it on her tablet, and both caregivers' schedules follow — the
cover's shows the absent colleague's client on the absence's days, marked as cover; the
absent caregiver's no longer shows them on those days."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from services.commands import CommandContext
from services.users.commands import RegisterUser
from tests.e2e.conftest import CAREGIVER, COORDINATOR, PASSWORD, Person, Server, sign_in
from tests.e2e.test_care_flow import (  # noqa: F401 (fixtures)
    CareCase,
    care_case,
    placed_order,
    scheduled_order,
)

pytestmark = pytest.mark.postgres

COVER = Person("e2e.zastepstwo", "Beata Zastępcza", "caregiver", "MCUS")


def register(server: Server, person: Person) -> str:
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    result = server.system.app.handle(admin, RegisterUser(
        username=person.username, display_name=person.display_name, role=person.role,
        unit=person.unit, password=PASSWORD))
    return str(result.aggregate_id)


def rows_of(page, case: CareCase):
    return page.locator(f'[data-testid="care-visit-row"][data-order-id="{case.order_id}"]')


def test_an_absence_with_cover_shows_on_both_caregivers_schedules(
    server: Server, scheduled_order: CareCase, new_tablet, shot  # noqa: F811 (a fixture)
):
    register(server, COVER)
    today = date.today()
    last = today + timedelta(days=2)

    coordinator = new_tablet()
    sign_in(coordinator, COORDINATOR)
    form = coordinator.get_by_test_id("absence-form")
    form.get_by_test_id("absence-caregiver").select_option(label=CAREGIVER.display_name)
    form.get_by_test_id("absence-cover").select_option(label=COVER.display_name)
    form.get_by_test_id("absence-from").fill(today.isoformat())
    form.get_by_test_id("absence-to").fill(last.isoformat())
    form.get_by_test_id("absence-submit").click()
    expect(form.get_by_test_id("absence-saved")).to_be_visible()
    coordinator.get_by_test_id("absence").scroll_into_view_if_needed()
    shot(coordinator, "tablet-coordinator-absence-cover")

    cover = new_tablet()
    sign_in(cover, COVER)
    covered = rows_of(cover, scheduled_order)
    expect(covered).to_have_count(3)  # a visit every day, today and the two days after
    expect(covered.first).to_have_attribute("data-cover", "true")
    expect(covered.first.get_by_test_id("care-visit-cover")).to_have_text("zastępstwo")
    assert sorted(covered.evaluate_all("rows => rows.map(r => r.dataset.day)")) == [
        (today + timedelta(days=n)).isoformat() for n in range(3)]
    shot(cover, "tablet-caregiver-cover-schedule")

    absent = new_tablet()
    sign_in(absent, CAREGIVER)
    own = rows_of(absent, scheduled_order)
    expect(own.first).to_be_visible()
    days = own.evaluate_all("rows => rows.map(r => r.dataset.day)")
    assert days and min(days) > last.isoformat(), days
    expect(own.first).to_have_attribute("data-cover", "false")

    # The coordinator's order shows the cover for the client's schedule.
    coordinator.goto(f"/#/order/{scheduled_order.order_id}")
    expect(coordinator.get_by_test_id("order-cover")).to_contain_text(COVER.display_name)
