"""A team manager's deadlines on the tablet (issue #21): the proceedings by days left to their
KPA term, one filed 25 days ago among them with its delay notice due, each linking to its
folder."""

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
from tests.api import given
from tests.e2e.conftest import ARTIFACTS, PASSWORD, TEAM, Server, sign_in
from tests.e2e.conftest import Person as TabletPerson
from tests.support.builders import interview_body, member_body, new_id

pytestmark = pytest.mark.postgres

MANAGER = TabletPerson("e2e.kierownik.terminy", "Teresa Terminowa", "manager", TEAM)
TODAY = date.today()


def _filed(server: Server, days_ago: int, last_name: str, number: int) -> tuple[str, int]:
    """A folder of the worker's with an interview and a care application filed `days_ago`."""
    filed_on = TODAY - timedelta(days=days_ago)
    with server.http() as http:
        folder = given.open_folder(http, team_id=TEAM, opened_on=(
            filed_on - timedelta(days=20)).isoformat(),
            head=member_body(first_name="Irena", last_name=last_name))
        given.command(http, folder, f"/interviews/{new_id()}/conducted", interview_body(
            folder.version, conducted_on=filed_on.isoformat()))
        proceeding_id = new_id()
        answer = http.post(f"{folder.path}/proceedings", json={
            "command_id": new_id(), "proceeding_id": proceeding_id,
            "person_id": folder.head_id, "form": "care_services", "applicant": "person",
            "on": filed_on.isoformat(), "case_reference": f"ZTPS1.8210.{number}.2026"})
        assert answer.status_code == 201, answer.text
    return proceeding_id, answer.json()["position"]


def test_the_deadlines_order_by_days_left_and_include_one_filed_25_days_ago(
    server: Server, new_tablet
):
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    server.system.app.handle(admin, RegisterUser(
        username=MANAGER.username, display_name=MANAGER.display_name, role=MANAGER.role,
        unit=MANAGER.unit, password=PASSWORD))
    recent, _ = _filed(server, 2, "Świeża", 901)
    old, _ = _filed(server, 25, "Dawna", 902)
    middle, position = _filed(server, 12, "Średnia", 903)
    server.system.read_models.pending_proceedings(after=position)

    page = new_tablet()
    sign_in(page, MANAGER)
    rows = page.get_by_test_id("deadline-row")
    expect(rows).to_have_count(3)
    order = [rows.nth(i).get_attribute("data-proceeding-id") for i in range(3)]
    assert order == [old, middle, recent]
    days = [int(rows.nth(i).get_attribute("data-days-left") or "0") for i in range(3)]
    assert days == sorted(days)
    filed_25 = page.locator(f'[data-testid="deadline-row"][data-proceeding-id="{old}"]')
    expect(filed_25).to_contain_text("Irena Dawna")
    expect(filed_25.get_by_test_id("notice-due")).to_be_visible()
    expect(page.get_by_test_id("notices-due")).to_contain_text("1")

    ARTIFACTS.mkdir(exist_ok=True)
    page.get_by_test_id("deadlines").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "manager-deadlines.png"))

    filed_25.get_by_test_id("deadline-folder").click()  # to the folder, read only
    expect(page.get_by_test_id("folder-view")).to_be_visible()
    expect(page.get_by_test_id("record-visit-button")).to_have_count(0)
