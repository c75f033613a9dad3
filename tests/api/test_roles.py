"""Who may call what: every API route against every role, and teams that see only their own."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from domain.user import Role
from tests.api import expect, given
from tests.api.conftest import PASSWORD, USERS
from tests.support.builders import (
    add_member_body,
    assignment_body,
    bank_account_body,
    change_address_body,
    closure_body,
    income_body,
    interview_body,
    member_body,
    new_id,
    open_folder_body,
    schedule_interview_body,
    transfer_body,
    valid_pesel,
    visit_body,
)

PUBLIC = "public"
SIGNED_IN = frozenset(Role)
WORKER = frozenset({Role.SOCIAL_WORKER})
FOLDER_STAFF = frozenset({Role.SOCIAL_WORKER, Role.MANAGER})
MANAGER = frozenset({Role.MANAGER})
CASE_READERS = frozenset({Role.SOCIAL_WORKER, Role.MANAGER, Role.DECISION_MAKER})
DECISION_MAKER = frozenset({Role.DECISION_MAKER})
COORDINATOR = frozenset({Role.MCUS_COORDINATOR})
CAREGIVER = frozenset({Role.CAREGIVER})
ADMIN = frozenset({Role.ADMIN})
ANALYST = frozenset({Role.VOIVODESHIP_ANALYST})
MANAGEMENT = frozenset({Role.MOPS_MANAGEMENT})
FIRST_CONTACT = frozenset({Role.FIRST_CONTACT})
REGISTRARS = frozenset({Role.SOCIAL_WORKER, Role.FIRST_CONTACT})

# The spec: docs/api-contract.md where it names roles, the allow(...) dependencies of
# api/deps.py and api/routes/ where it does not yet. A new route needs a row here.
WHO_MAY_CALL = {
    # signing in and one's own account
    ("POST", "/api/auth/login"): PUBLIC,
    ("POST", "/api/auth/refresh"): PUBLIC,
    ("GET", "/api/health"): PUBLIC,
    ("POST", "/api/auth/logout"): SIGNED_IN,
    ("GET", "/api/me"): SIGNED_IN,
    # the tablet's offline outbox: each command inside is authorised as its own route
    ("POST", "/api/sync"): SIGNED_IN,
    ("POST", "/api/me/password"): SIGNED_IN,
    # commands on case folders
    ("POST", "/api/folders"): REGISTRARS,
    ("POST", "/api/folders/{folder_id}/members"): WORKER,
    ("POST", "/api/folders/{folder_id}/members/{member_id}/corrections"): WORKER,
    ("POST", "/api/folders/{folder_id}/members/{member_id}/departure"): WORKER,
    ("POST", "/api/folders/{folder_id}/members/{member_id}/death"): WORKER,
    ("POST", "/api/folders/{folder_id}/members/{member_id}/membership-corrections"): WORKER,
    ("POST", "/api/folders/{folder_id}/head"): WORKER,
    ("POST", "/api/folders/{folder_id}/address"): WORKER,
    ("POST", "/api/folders/{folder_id}/care-notes"): WORKER,
    ("POST", "/api/folders/{folder_id}/assignment"): FOLDER_STAFF,
    ("POST", "/api/folders/{folder_id}/transfer"): MANAGER,
    ("POST", "/api/folders/{folder_id}/visits"): WORKER,
    ("POST", "/api/folders/{folder_id}/interviews"): WORKER,
    ("POST", "/api/folders/{folder_id}/interviews/{interview_id}/conducted"): WORKER,
    ("POST", "/api/folders/{folder_id}/interviews/{interview_id}/updates"): WORKER,
    ("POST", "/api/folders/{folder_id}/closure"): FOLDER_STAFF,
    ("POST", "/api/folders/{folder_id}/incomes"): WORKER,
    ("POST", "/api/folders/{folder_id}/bank-accounts"): WORKER,
    # reads of case folders
    ("GET", "/api/folders/{folder_id}"): CASE_READERS,
    ("GET", "/api/caseload"): WORKER,
    ("GET", "/api/teams/{team_id}/folders"): FOLDER_STAFF,
    # a team manager's workload and drill-down; the MOPS management's figures (issue #21)
    ("GET", "/api/teams/{team_id}/workload"): MANAGER,
    ("GET", "/api/teams/{team_id}/workers/{worker_id}/folders"): MANAGER,
    ("GET", "/api/management/teams"): MANAGEMENT,
    ("GET", "/api/persons"): FOLDER_STAFF,
    # first contact's registrations; a team manager's new arrivals and the team's workers
    ("GET", "/api/intake/registrations"): FIRST_CONTACT,
    ("GET", "/api/teams/{team_id}/new-arrivals"): MANAGER,
    ("GET", "/api/teams/{team_id}/workers"): MANAGER,
    ("GET", "/api/persons/city"): FOLDER_STAFF | FIRST_CONTACT,
    # the access log and activity reports
    ("GET", "/api/audit/access"): MANAGER,
    ("GET", "/api/audit/access/lines"): MANAGER,
    ("GET", "/api/audit/access/export.csv"): MANAGER,
    ("GET", "/api/folders/{folder_id}/access-report"): MANAGER,
    ("GET", "/api/folders/{folder_id}/access-report.pdf"): MANAGER,
    ("GET", "/api/teams/{team_id}/activity"): MANAGER,
    ("GET", "/api/teams/{team_id}/deadlines"): MANAGER,
    # administrative proceedings and decisions
    ("POST", "/api/folders/{folder_id}/proceedings"): REGISTRARS,
    ("GET", "/api/proceedings/pending"): DECISION_MAKER,
    ("GET", "/api/proceedings/decided"): DECISION_MAKER,
    ("GET", "/api/proceedings/{proceeding_id}"): CASE_READERS,
    ("GET", "/api/proceedings/{proceeding_id}/documents/{document_id}"): CASE_READERS,
    ("GET", "/api/proceedings/{proceeding_id}/benefit-calculation"): CASE_READERS,
    ("POST", "/api/proceedings/{proceeding_id}/decision"): DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/amendment"): DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/revocation"): DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/delivery"):
        frozenset({Role.DECISION_MAKER, Role.SOCIAL_WORKER}),
    ("POST", "/api/proceedings/{proceeding_id}/appeal"): DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/appeal-resolution"): DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/finality"): DECISION_MAKER,
    # the course of the procedure (KPA)
    ("POST", "/api/proceedings/{proceeding_id}/complicated"): DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/delay-notice"): DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/suspension"): DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/resumption"): DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/discontinuation"): DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/withdrawal"): DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/appeal-waiver"): DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/appeal-change"): DECISION_MAKER,
    # the care centre (MCUS): handing orders over, and caregivers' visits
    ("GET", "/api/handoff/queue"): COORDINATOR,
    ("GET", "/api/handoff/stream"): COORDINATOR,
    ("GET", "/api/handoff/orders/{order_id}"): COORDINATOR,
    ("GET", "/api/handoff/orders/{order_id}/months/{year}/{month}"): COORDINATOR,
    ("POST", "/api/handoff/orders/{order_id}/acceptance"): COORDINATOR,
    ("POST", "/api/handoff/orders/{order_id}/caregiver"): COORDINATOR,
    ("POST", "/api/handoff/orders/{order_id}/schedule"): COORDINATOR,
    ("POST", "/api/handoff/orders/{order_id}/change-acknowledgement"): COORDINATOR,
    ("POST", "/api/handoff/orders/{order_id}/suspension"): COORDINATOR,
    ("POST", "/api/handoff/orders/{order_id}/resumption"): COORDINATOR,
    ("POST", "/api/handoff/orders/{order_id}/settlements"): COORDINATOR,
    ("POST", "/api/handoff/orders/{order_id}/folder-changes-seen"): COORDINATOR,
    ("POST", "/api/handoff/absences"): COORDINATOR,
    ("GET", "/api/handoff/capacity"):
        frozenset({Role.MCUS_COORDINATOR, Role.MANAGER, Role.MOPS_MANAGEMENT}),
    ("GET", "/api/caregivers"): COORDINATOR,
    ("GET", "/api/caregiver/visits"): CAREGIVER,
    ("POST", "/api/caregiver/orders/{order_id}/visits"): CAREGIVER,
    ("POST", "/api/caregiver/orders/{order_id}/visits/{visit_id}/completion"): CAREGIVER,
    ("POST", "/api/caregiver/orders/{order_id}/observations"): CAREGIVER,
    # social contracts and statistical returns
    ("POST", "/api/folders/{folder_id}/social-contracts"): WORKER,
    ("POST", "/api/social-contracts/{contract_id}/closure"): WORKER,
    ("GET", "/api/returns"): MANAGER,
    ("GET", "/api/returns/{year}/{part}"): MANAGER,
    ("POST", "/api/returns/{year}/{part}/compilation"): MANAGER,
    ("POST", "/api/returns/{year}/{part}/submission"): MANAGER,
    ("GET", "/api/returns/{year}/{part}/verification"): MANAGER,
    ("GET", "/api/returns/{year}/{part}/difference"): MANAGER,
    ("GET", "/api/returns/{year}/{part}/export.{fmt}"): MANAGER,
    ("GET", "/api/returns/{year}/{part}/checks/folders"): MANAGER,
    # fee parameters: everyone reads them, IT maintains them
    ("GET", "/api/fees"): SIGNED_IN,
    ("GET", "/api/fees/fee-share"): SIGNED_IN,
    ("POST", "/api/admin/fees/criteria"): ADMIN,
    ("POST", "/api/admin/fees/tables"): ADMIN,
    # the provider directory: IT keeps it, those who choose a provider read it
    ("GET", "/api/providers"): frozenset({Role.ADMIN, Role.DECISION_MAKER, Role.SOCIAL_WORKER}),
    ("POST", "/api/admin/providers"): ADMIN,
    ("POST", "/api/admin/providers/{provider_id}/amendment"): ADMIN,
    ("POST", "/api/admin/providers/{provider_id}/deactivation"): ADMIN,
    ("POST", "/api/admin/providers/{provider_id}/reactivation"): ADMIN,
    # the service catalogue (issue #20): IT keeps it; those who propose, decide, oversee and
    # deliver read it; the team's staff get a household's proposal and record the choice
    ("GET", "/api/catalogue"): frozenset({Role.ADMIN, Role.SOCIAL_WORKER, Role.DECISION_MAKER,
                                          Role.MANAGER, Role.MCUS_COORDINATOR}),
    ("POST", "/api/admin/catalogue/entries"): ADMIN,
    ("POST", "/api/admin/catalogue/entries/{code}/amendment"): ADMIN,
    ("POST", "/api/admin/catalogue/entries/{code}/withdrawal"): ADMIN,
    ("POST", "/api/admin/catalogue/seed"): ADMIN,
    ("POST", "/api/folders/{folder_id}/services-proposal"): FOLDER_STAFF,
    ("POST", "/api/folders/{folder_id}/services-choice"): FOLDER_STAFF,
    ("POST", "/api/admin/providers/{provider_id}/capacity"): ADMIN,
    # returns travelling upward (federation); a unit's return is authenticated by its signature
    ("POST", "/api/federation/returns"): PUBLIC,
    ("GET", "/api/federation/status"): ANALYST,
    ("GET", "/api/federation/aggregate"): ANALYST,
    ("POST", "/api/federation/aggregate/delivery"): ANALYST,
    ("POST", "/api/returns/{year}/{part}/delivery"): MANAGER,
    # IT operations
    ("POST", "/api/admin/retention/run"): ADMIN,
    ("GET", "/api/admin/users"): ADMIN,
    ("POST", "/api/admin/users"): ADMIN,
    ("POST", "/api/admin/users/{user_id}/role"): ADMIN,
    ("POST", "/api/admin/users/{user_id}/deactivation"): ADMIN,
    # two people for powerful changes: an admin asks, a manager of the unit confirms
    ("GET", "/api/admin/user-requests"): ADMIN,
    ("GET", "/api/user-requests"): MANAGER,
    ("POST", "/api/user-requests/{user_id}/confirmation"): MANAGER,
    ("POST", "/api/user-requests/{user_id}/rejection"): MANAGER,
    # the read models' health, and skipping the event a stalled one stopped on
    ("GET", "/api/admin/projections"): ADMIN,
    ("POST", "/api/admin/projections/{name}/skip"): ADMIN,
    # payments (issue #18): managers act and download, decision makers read
    ("GET", "/api/payments/due"): frozenset({Role.MANAGER, Role.DECISION_MAKER}),
    ("GET", "/api/payments/lists"): frozenset({Role.MANAGER, Role.DECISION_MAKER}),
    ("POST", "/api/payments/lists"): MANAGER,
    ("GET", "/api/payments/lists/{payment_date}"): frozenset({Role.MANAGER,
                                                               Role.DECISION_MAKER}),
    ("POST", "/api/payments/lists/{payment_date}/approval"): MANAGER,
    ("POST", "/api/payments/lists/{payment_date}/reversals"): MANAGER,
    ("GET", "/api/payments/lists/{payment_date}/file.{kind}"): MANAGER,
    # undue benefits (art. 98), summonses, health contributions (issue #18)
    ("POST", "/api/proceedings/{proceeding_id}/reclaims"): DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/reclaims/{reclaim_id}/repayments"): frozenset(
        {Role.MANAGER, Role.DECISION_MAKER}),
    ("POST", "/api/proceedings/{proceeding_id}/reclaims/{reclaim_id}/write-off"):
        DECISION_MAKER,
    ("POST", "/api/proceedings/{proceeding_id}/summons"): frozenset(
        {Role.DECISION_MAKER, Role.SOCIAL_WORKER}),
    ("GET", "/api/folders/{folder_id}/receivables"): CASE_READERS,
    ("GET", "/api/receivables"): frozenset({Role.MANAGER, Role.DECISION_MAKER}),
    ("GET", "/api/payments/contributions/{year}/{month}"): MANAGER,
    ("GET", "/api/payments/contributions/{year}/{month}/file.csv"): MANAGER,
}

# How an allowed caller is answered, where it is not 422 (a POST sent an empty body) or
# 200 (a GET): reads of an order or proceeding that does not exist, a read missing its
# query, and routes taking no body, which are tried for real (logout ends a session of its
# own, retention is a dry run).
ALLOWED_ANSWER = {
    ("GET", "/api/proceedings/{proceeding_id}"): 404,
    ("GET", "/api/proceedings/{proceeding_id}/documents/{document_id}"): 404,
    ("GET", "/api/proceedings/{proceeding_id}/benefit-calculation"): 404,
    ("GET", "/api/handoff/orders/{order_id}"): 404,
    ("GET", "/api/handoff/orders/{order_id}/months/{year}/{month}"): 404,
    ("GET", "/api/fees/fee-share"): 422,  # asked without the household's income
    ("GET", "/api/returns/{year}/{part}/verification"): 404,  # no return compiled yet
    ("GET", "/api/returns/{year}/{part}/export.{fmt}"): 404,  # no return compiled yet
    ("GET", "/api/returns/{year}/{part}/difference"): 422,  # asked without the two times
    ("GET", "/api/returns/{year}/{part}/checks/folders"): 422,  # asked without rule and row
    ("GET", "/api/federation/status"): 422,  # asked without the period
    ("GET", "/api/federation/aggregate"): 422,  # asked without the period
    ("POST", "/api/returns/{year}/{part}/delivery"): 404,  # no return compiled yet
    ("GET", "/api/payments/due"): 422,  # asked without the payment date
    ("GET", "/api/payments/lists/{payment_date}"): 404,  # no list for that date
    ("GET", "/api/payments/lists/{payment_date}/file.{kind}"): 404,  # no list either
    ("POST", "/api/auth/logout"): 204,
    ("POST", "/api/admin/retention/run"): 200,
}
WRITES_WHEN_ALLOWED = {("POST", "/api/auth/logout")}
# Allowed, yet answered as if the thing did not exist: a decision maker reads only folders
# with an open proceeding, and the scene's folder has none.
HIDDEN_FROM = {(("GET", "/api/folders/{folder_id}"), Role.DECISION_MAKER),
               (("GET", "/api/folders/{folder_id}/receivables"), Role.DECISION_MAKER)}

# The signed-in user of tests/api/conftest.py for each role (all of team ZTPS-1 or central).
USER_OF_ROLE = {
    Role.SOCIAL_WORKER: "worker",
    Role.MANAGER: "manager",
    Role.DECISION_MAKER: "decision_maker",
    Role.MCUS_COORDINATOR: "coordinator",
    Role.CAREGIVER: "caregiver",
    Role.VOIVODESHIP_ANALYST: "analyst",
    Role.MOPS_MANAGEMENT: "management",
    Role.ADMIN: "admin",
    Role.FIRST_CONTACT: "first_contact",
}


@dataclass
class Scene:
    folder: given.Folder
    interview_id: str
    worker_id: str = ""


@pytest.fixture(scope="module")
def scene(api) -> Scene:
    """A ZTPS-1 folder with a conducted interview, for every route to point at."""
    with api.client("worker") as http:
        folder = given.open_folder(http)
        interview_id = new_id()
        given.command(http, folder, f"/interviews/{interview_id}/conducted",
                      interview_body(folder.version))
        return Scene(folder, interview_id, api.user_ids["worker"])


def test_every_api_route_has_a_row_in_the_table(api):
    with api.client(None) as http:
        paths = http.get("/openapi.json").json()["paths"]

    routes = {(method.upper(), path) for path, operations in paths.items()
              for method in operations if path.startswith("/api")}
    assert routes - set(WHO_MAY_CALL) == set(), "routes without a row in WHO_MAY_CALL"
    assert set(WHO_MAY_CALL) - routes == set(), "rows for routes the API does not have"


def test_every_role_has_a_user_to_try_the_routes_with():
    assert set(USER_OF_ROLE) == set(Role)


@pytest.fixture(scope="module")
def clients(api) -> Iterator[dict[Role | None, httpx.Client]]:
    """One client per role and one without a token, kept open for the whole table."""
    opened = {role: api.client(USER_OF_ROLE[role]) for role in Role} | {None: api.client(None)}
    yield opened
    for client in opened.values():
        client.close()


def own_session(api, role: Role) -> httpx.Client:
    """A client signed in afresh: signing out must not end the module's shared session."""
    username = USERS[USER_OF_ROLE[role]][0]
    answer = httpx.post(f"{api.base_url}/api/auth/login",
                        json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    token = answer.json()["access_token"]
    return httpx.Client(base_url=api.base_url, headers={"Authorization": f"Bearer {token}"})


def call(http: httpx.Client, route: tuple[str, str], scene: Scene) -> httpx.Response:
    method, path = route
    url = path.format(folder_id=scene.folder.id, member_id=scene.folder.head_id,
                      interview_id=scene.interview_id, team_id="ZTPS-1", order_id=new_id(),
                      worker_id=scene.worker_id,
                      visit_id=new_id(), proceeding_id=new_id(), document_id=new_id(),
                      year=2026, month=1,
                      user_id=new_id(), part="H1", fmt="csv", contract_id=new_id(),
                      name="worker_activity", provider_id="MCUS",
                      payment_date="2001-01-03", kind="xml", reclaim_id=new_id(),
                      code="care.home")
    if route == ("GET", "/api/handoff/stream"):
        with http.stream("GET", url) as answer:  # an endless event stream: the status will do
            if answer.status_code != 200:
                answer.read()
            return answer
    if method == "GET":
        # `after`: reads include the scene's writes (routes without it ignore it).
        params = {"after": scene.folder.position}
        search = {"/api/persons": {"q": "Kowalczyk"},
                  "/api/persons/city": {"name": "Kowalczyk", "purpose": "duplicate_check"}}
        return http.get(url, params=params | search.get(url, {}))
    if route == ("POST", "/api/admin/retention/run"):
        return http.post(url, params={"dry_run": "true"})
    if route == ("POST", "/api/auth/logout"):
        return http.post(url)
    # An empty body: an allowed caller gets past authorisation to validation, nothing is written.
    return http.post(url, json={})


def trials() -> list:
    """Every route with every role and without a token; public routes without a token only."""
    return [
        pytest.param(route, role, id=f"{' '.join(route)} as {role.value if role else 'anonymous'}")
        for route, allowed in sorted(WHO_MAY_CALL.items())
        for role in ([None] if allowed == PUBLIC else [*Role, None])
    ]


@pytest.mark.parametrize(("route", "role"), trials())
def test_a_route_lets_in_exactly_the_roles_the_table_names(api, clients, scene, route, role):
    allowed = WHO_MAY_CALL[route]
    lets_in = allowed == PUBLIC or (role is not None and role in allowed)
    head = api.system.app.head_position()
    if lets_in and route in WRITES_WHEN_ALLOWED:
        with own_session(api, role) as http:
            answer = call(http, route, scene)
    else:
        answer = call(clients[role], route, scene)

    if (route, role) in HIDDEN_FROM:
        expect.refused(answer, 404, "case_folder.not_found")
    elif lets_in:
        default = 200 if route[0] == "GET" else 422
        assert answer.status_code == ALLOWED_ANSWER.get(route, default), answer.text
    elif role is None:
        expect.refused(answer, 401, "auth.required")
    else:
        error = expect.refused(answer, 403, "auth.forbidden")
        assert set(error["details"]["allowed"]) == {r.value for r in allowed}
    if not (lets_in and route in WRITES_WHEN_ALLOWED):
        assert expect.changes_since(api, head) == []


# -- teams: a folder outside one's team does not exist for that person --------------------

COMMANDS_ON_A_FOLDER = {
    "visits": lambda v, api: visit_body(v),
    "members": lambda v, api: add_member_body(v),
    "address": lambda v, api: change_address_body(v),
    "assignment": lambda v, api: assignment_body(v, api.user_ids["worker_other_team"]),
    "interviews": lambda v, api: schedule_interview_body(v),
    "closure": lambda v, api: closure_body(v),
    "head": lambda v, api: {"command_id": new_id(), "expected_version": v,
                            "new_head_id": new_id(), "changed_on": "2026-01-02",
                            "previous_head_relation": "spouse"},
    "incomes": lambda v, api: income_body(v, new_id()),
    "bank-accounts": lambda v, api: bank_account_body(v, new_id()),
    "care-notes": lambda v, api: {"command_id": new_id(), "expected_version": v,
                                  "health_notes": "Po szpitalu.", "access_notes": ""},
}


def test_a_worker_of_another_team_cannot_see_a_folder(api, scene):
    with api.client("worker_other_team") as http:
        answer = http.get(scene.folder.path, params={"after": scene.folder.position})

    expect.refused(answer, 404, "case_folder.not_found")


@pytest.mark.parametrize("command", sorted(COMMANDS_ON_A_FOLDER))
def test_a_worker_of_another_team_cannot_change_a_folder(api, scene, command):
    body = COMMANDS_ON_A_FOLDER[command](scene.folder.version, api)
    with api.client("worker_other_team") as http, expect.nothing_written(api):
        answer = http.post(f"{scene.folder.path}/{command}", json=body)

    expect.refused(answer, 404, "case_folder.not_found")


def test_a_worker_of_another_team_guessing_a_version_learns_nothing(api, scene):
    with api.client("worker_other_team") as http:
        answer = http.post(f"{scene.folder.path}/visits", json=visit_body(99))

    error = expect.refused(answer, 404, "case_folder.not_found")
    assert "current_version" not in error["details"]


def test_a_manager_cannot_change_a_folder_of_another_team(api):
    with api.client("worker_other_team") as http:
        elsewhere = given.open_folder(http, team_id="ZTPS-2")
    with api.client("manager") as http, expect.nothing_written(api):
        closing = http.post(f"{elsewhere.path}/closure", json=closure_body(elsewhere.version))
        moving = http.post(f"{elsewhere.path}/transfer",
                           json=transfer_body(elsewhere.version, "ZTPS-1"))

    expect.refused(closing, 404, "case_folder.not_found")
    expect.refused(moving, 404, "case_folder.not_found")


def test_a_worker_of_another_team_does_not_find_its_people(api):
    pesel = valid_pesel()
    with api.client("worker") as http:
        folder = given.open_folder(
            http, head=member_body(first_name="Bożena", last_name="Zaniewska", pesel=pesel))
    after = {"after": folder.position}

    with api.client("worker_other_team") as http:
        by_name = http.get("/api/persons", params={"q": "Zaniewska"} | after)
        by_pesel = http.get("/api/persons", params={"q": pesel} | after)
    with api.client("worker") as http:
        own_team = http.get("/api/persons", params={"q": "Zaniewska"} | after)

    assert by_name.status_code == by_pesel.status_code == 200
    assert by_name.json() == by_pesel.json() == []
    assert [hit["folder_id"] for hit in own_team.json()] == [folder.id]


def test_a_worker_of_another_team_cannot_list_the_team_folders(api, scene):
    with api.client("worker_other_team") as http:
        answer = http.get("/api/teams/ZTPS-1/folders")

    expect.refused(answer, 403, "auth.forbidden")
    assert scene.folder.id not in answer.text


def test_a_worker_cannot_open_a_folder_in_another_team(api):
    body = open_folder_body(team_id="ZTPS-2")
    with api.client("worker") as http, expect.nothing_written(api):
        answer = http.post("/api/folders", json=body)

    expect.refused(answer, 403, "case_folder.outside_team")
    with api.client("worker_other_team") as http:
        assert http.get(f"/api/folders/{body['folder_id']}").status_code == 404


def test_a_decision_maker_does_not_see_a_folder_without_an_open_proceeding(api, scene):
    with api.client("decision_maker") as http:
        answer = http.get(scene.folder.path, params={"after": scene.folder.position})

    error = expect.refused(answer, 404, "case_folder.not_found")
    assert "team_id" not in error["details"]


def test_a_folder_is_assigned_only_to_a_social_worker_of_its_team(api):
    with api.client("worker") as http:
        folder = given.open_folder(http)
        body = assignment_body(folder.version, api.user_ids["worker_other_team"])
        with expect.nothing_written(api):
            answer = http.post(f"{folder.path}/assignment", json=body)
            assert 400 <= answer.status_code < 500, answer.text
