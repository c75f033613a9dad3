"""Every command route, for every role, on a target outside that person's scope: refused as if
the target did not exist (404, or 403 where the role may never call the route), before any
version is compared, with nothing written and nothing of the target told.

The command routes are read from the app itself (the same rule as the offline sync's), so a
new command route fails `test_every_command_route_has_a_body_here` until it is covered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from uuid import UUID

import pytest

from api.routes.sync import command_routes
from domain.user import Role
from services.commands import AggregateNotFoundError
from services.proceedings.handoff import order_id_for
from tests.api import expect, given
from tests.api.care_givens import care_terms, filed_proceeding, post
from tests.api.test_roles import USER_OF_ROLE, WHO_MAY_CALL
from tests.support.builders import (
    add_member_body,
    assignment_body,
    bank_account_body,
    change_address_body,
    closure_body,
    correction_body,
    income_body,
    interview_body,
    new_id,
    open_folder_body,
    schedule_interview_body,
    transfer_body,
    visit_body,
)

TODAY = date.today()
CATALOGUE_ENTRY = {"kind": "service", "name_pl": "Usługa", "name_en": "Service",
                   "form": "referral", "legal_basis": "art. 45 u.p.s.", "condition": "true",
                   "description_pl": "Opis.", "valid_from": "2025-01-01",
                   "standard": {"delivered": "porada", "frequency": "raz"}}
START = TODAY - timedelta(days=10)
NOW = datetime.now(UTC).isoformat()
UUID_IN_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class World:
    """What lies outside the scope of each signed-in user of tests/api/conftest.py."""

    folder: given.Folder  # of ZTPS-2: out of the ZTPS-1 worker's and manager's scope
    interview_id: str  # conducted in that folder
    proceeding_id: str  # that folder's, decided: the ZTPS-1 worker could record its delivery
    contract_id: str  # signed with that folder's head
    revoked_id: str  # a revoked proceeding: out of the decision maker's scope
    other_provider_order_id: str  # placed with another provider than the coordinator's
    unassigned_order_id: str  # an MCUS order with no caregiver: not the caregiver's client
    team_worker_id: str  # a social worker of ZTPS-2, whom the folder may be assigned to
    pending_user_id: str  # an account asked for in ZTPS-2: not for the ZTPS-1 manager to confirm


def decide(api, proceeding_id: str, version: int, decision_id: str | None = None,
           care: dict[str, Any] | None = None) -> dict:
    """A decision maker's decision: a refusal, or a grant of the given care terms."""
    with api.client("decision_maker") as http:
        return post(http, f"/api/proceedings/{proceeding_id}/decision", {
            "expected_version": version, "decision_id": decision_id or new_id(),
            "outcome": "grant" if care else "refuse", "reasons": ["5"],
            "legal_basis": "art. 50 ust. 1", "signatory": "z up. Prezydenta, Jan Dec",
            "issued_on": START.isoformat()} | ({"care": care} if care else {}))


@pytest.fixture(scope="module")
def world(api) -> World:
    with api.client("worker_other_team") as http:
        folder = given.open_folder(http, team_id="ZTPS-2",
                                   opened_on=(START - timedelta(days=20)).isoformat())
        interview_id = new_id()
        given.command(http, folder, f"/interviews/{interview_id}/conducted", interview_body(
            folder.version, conducted_on=(START - timedelta(days=3)).isoformat()))
        proceeding_id = new_id()
        filed = post(http, f"{folder.path}/proceedings", {
            "proceeding_id": proceeding_id, "person_id": folder.head_id,
            "form": "purpose_allowance", "applicant": "person",
            "on": (START - timedelta(days=3)).isoformat(), "case_reference": "ZTPS2.8210.1.2026"})
        contract_id = new_id()
        post(http, f"{folder.path}/social-contracts", {
            "contract_id": contract_id, "member_id": folder.head_id,
            "signed_on": START.isoformat(), "ends_on": (START + timedelta(days=90)).isoformat(),
            "goals": "Podjęcie zatrudnienia."})
    decide(api, proceeding_id, filed["version"])

    elsewhere = filed_proceeding(api, START)
    decision_id = new_id()
    granted = decide(api, elsewhere.proceeding_id, elsewhere.proceeding_version, decision_id,
                     care_terms(START, provider_id="DDP-2"))
    with api.client("decision_maker") as http:
        post(http, f"/api/proceedings/{elsewhere.proceeding_id}/revocation", {
            "expected_version": granted["version"], "revoked_on": START.isoformat(),
            "reason": "Rezygnacja z usług."})

    with api.client("admin") as http:
        pending = post(http, "/api/admin/users", {
            "username": f"czeka{new_id()[:8]}", "display_name": "Czeka", "role": "social_worker",
            "unit": "ZTPS-2", "password": "dlugie-haslo-123"})

    mcus = filed_proceeding(api, START)
    mcus_decision_id = new_id()
    decide(api, mcus.proceeding_id, mcus.proceeding_version, mcus_decision_id, care_terms(START))
    return World(folder, interview_id, proceeding_id, contract_id, elsewhere.proceeding_id,
                 str(order_id_for(UUID(decision_id))), str(order_id_for(UUID(mcus_decision_id))),
                 api.user_ids["worker_other_team"], pending["aggregate_id"])


Body = Callable[[World, int], dict[str, Any]]
DATED: Body = lambda w, v: {"expected_version": v, "on": TODAY.isoformat()}  # noqa: E731

# A valid body for every command route, given the target's version: an allowed caller must
# get past validation to the service layer, where scope is decided.
BODIES: dict[str, Body] = {
    "/api/folders": lambda w, v: open_folder_body(team_id="ZTPS-2"),
    "/api/folders/{folder_id}/members": lambda w, v: add_member_body(v),
    "/api/folders/{folder_id}/members/{member_id}/corrections":
        lambda w, v: correction_body(v, first_name="Helena"),
    "/api/folders/{folder_id}/members/{member_id}/departure": lambda w, v: {
        "expected_version": v, "left_on": TODAY.isoformat(), "reason": "Wyprowadzka."},
    "/api/folders/{folder_id}/members/{member_id}/death": lambda w, v: {
        "expected_version": v, "died_on": TODAY.isoformat()},
    "/api/folders/{folder_id}/members/{member_id}/membership-corrections": lambda w, v: {
        "expected_version": v, "joined_on": (TODAY - timedelta(days=40)).isoformat()},
    "/api/folders/{folder_id}/head": lambda w, v: {
        "expected_version": v, "new_head_id": new_id(), "changed_on": TODAY.isoformat(),
        "previous_head_relation": "spouse"},
    "/api/folders/{folder_id}/address": lambda w, v: change_address_body(v),
    "/api/folders/{folder_id}/assignment": lambda w, v: assignment_body(v, w.team_worker_id),
    "/api/folders/{folder_id}/transfer": lambda w, v: transfer_body(v, "ZTPS-1"),
    "/api/folders/{folder_id}/visits": lambda w, v: visit_body(v),
    "/api/folders/{folder_id}/interviews": lambda w, v: schedule_interview_body(v),
    "/api/folders/{folder_id}/interviews/{interview_id}/conducted":
        lambda w, v: interview_body(v),
    "/api/folders/{folder_id}/interviews/{interview_id}/updates": lambda w, v: {
        "expected_version": v, "updated_on": TODAY.isoformat(), "sections": {"I": "Bez zmian."}},
    "/api/folders/{folder_id}/closure": lambda w, v: closure_body(v),
    "/api/folders/{folder_id}/incomes": lambda w, v: income_body(v, w.folder.head_id),
    "/api/folders/{folder_id}/bank-accounts":
        lambda w, v: bank_account_body(v, w.folder.head_id),
    # Payments (issue #18): the municipality's lists, by payment date.
    "/api/payments/lists": lambda w, v: {"payment_date": "2001-01-04"},
    "/api/payments/lists/{payment_date}/approval": lambda w, v: {"expected_version": v},
    "/api/payments/lists/{payment_date}/reversals": lambda w, v: {
        "expected_version": v, "instalment_id": new_id(), "reason": "Zwrot z banku.",
        "reversed_on": TODAY.isoformat()},
    # Undue benefits and summonses (issue #18): on the proceeding.
    "/api/proceedings/{proceeding_id}/reclaims": lambda w, v: {
        "expected_version": v, "reclaim_id": new_id(), "on": TODAY.isoformat(),
        "amount": "10.00", "basis": "false_information", "period_from": START.isoformat(),
        "period_to": TODAY.isoformat(), "reason": "Zatajony dochód.",
        "instalments": [{"due_on": (TODAY + timedelta(days=30)).isoformat(), "amount": "10.00"}],
        "signatory": "z up. Prezydenta, Jan Dec"},
    "/api/proceedings/{proceeding_id}/reclaims/{reclaim_id}/repayments": lambda w, v: {
        "expected_version": v, "on": TODAY.isoformat(), "amount": "1.00", "method": "cash"},
    "/api/proceedings/{proceeding_id}/reclaims/{reclaim_id}/write-off": lambda w, v: {
        "expected_version": v, "on": TODAY.isoformat(), "kind": "write_off", "amount": "1.00",
        "reason": "Choroba."},
    "/api/proceedings/{proceeding_id}/summons": lambda w, v: {
        "expected_version": v, "on": TODAY.isoformat(), "purpose": "supply_document",
        "subject": "PIT-11", "due_on": (TODAY + timedelta(days=14)).isoformat()},
    "/api/folders/{folder_id}/proceedings": lambda w, v: {
        "proceeding_id": new_id(), "person_id": w.folder.head_id, "form": "purpose_allowance",
        "applicant": "person", "on": TODAY.isoformat(), "case_reference": "ZTPS2.8210.2.2026"},
    "/api/folders/{folder_id}/social-contracts": lambda w, v: {
        "contract_id": new_id(), "member_id": w.folder.head_id, "signed_on": TODAY.isoformat(),
        "ends_on": (TODAY + timedelta(days=60)).isoformat(), "goals": "Nauka zawodu."},
    "/api/social-contracts/{contract_id}/closure": lambda w, v: {
        "expected_version": v, "closed_on": TODAY.isoformat(), "outcome": "achieved"},
    "/api/proceedings/{proceeding_id}/decision": lambda w, v: {
        "expected_version": v, "decision_id": new_id(), "outcome": "refuse", "reasons": ["1"],
        "legal_basis": "art. 39", "signatory": "z up. Prezydenta, Jan Dec",
        "issued_on": TODAY.isoformat()},
    "/api/proceedings/{proceeding_id}/amendment": lambda w, v: {
        "expected_version": v, "amended_on": TODAY.isoformat(), "reason": "Więcej godzin.",
        "care": care_terms(START, hours_per_week="8.00")},
    "/api/proceedings/{proceeding_id}/revocation": lambda w, v: {
        "expected_version": v, "revoked_on": TODAY.isoformat(), "reason": "Zmiana sytuacji."},
    "/api/proceedings/{proceeding_id}/delivery": DATED,
    "/api/proceedings/{proceeding_id}/appeal": DATED,
    "/api/proceedings/{proceeding_id}/appeal-resolution":
        lambda w, v: DATED(w, v) | {"decision_upheld": True},
    "/api/proceedings/{proceeding_id}/finality": DATED,
    # The administrative procedure (KPA): api/routes/procedure.py.
    "/api/proceedings/{proceeding_id}/complicated":
        lambda w, v: DATED(w, v) | {"reason": "Opinia biegłego."},
    "/api/proceedings/{proceeding_id}/delay-notice": lambda w, v: DATED(w, v) | {
        "reason": "Oczekiwanie na dokumenty.",
        "new_date": (TODAY + timedelta(days=30)).isoformat()},
    "/api/proceedings/{proceeding_id}/suspension":
        lambda w, v: DATED(w, v) | {"reason": "Zagadnienie wstępne."},
    "/api/proceedings/{proceeding_id}/resumption": DATED,
    "/api/proceedings/{proceeding_id}/discontinuation":
        lambda w, v: DATED(w, v) | {"reason": "Postępowanie bezprzedmiotowe."},
    "/api/proceedings/{proceeding_id}/withdrawal": DATED,
    "/api/proceedings/{proceeding_id}/appeal-waiver": DATED,
    "/api/proceedings/{proceeding_id}/appeal-change": lambda w, v: DATED(w, v) | {
        "reason": "SKO zmienia wymiar usług.", "care": care_terms(START, hours_per_week="8.00")},
    "/api/handoff/orders/{order_id}/acceptance": DATED,
    "/api/handoff/orders/{order_id}/caregiver": lambda w, v: {
        "expected_version": v, "caregiver_id": new_id()},
    "/api/handoff/orders/{order_id}/schedule": lambda w, v: {
        "expected_version": v, "slots": [{"weekday": 1, "start": "10:00", "minutes": 60}]},
    "/api/handoff/orders/{order_id}/change-acknowledgement": lambda w, v: {
        "expected_version": v},
    "/api/handoff/orders/{order_id}/suspension":
        lambda w, v: DATED(w, v) | {"reason": "Pobyt w szpitalu."},
    "/api/handoff/orders/{order_id}/resumption": DATED,
    "/api/handoff/orders/{order_id}/settlements": lambda w, v: {
        "expected_version": v, "year": START.year, "month": START.month,
        "closed_on": TODAY.isoformat()},
    "/api/caregiver/orders/{order_id}/visits": lambda w, v: {
        "expected_version": v, "visit_id": new_id(), "started_at": NOW},
    "/api/caregiver/orders/{order_id}/visits/{visit_id}/completion": lambda w, v: {
        "expected_version": v, "ended_at": NOW, "tasks_done": ["meals"]},
    "/api/caregiver/orders/{order_id}/observations": lambda w, v: {
        "expected_version": v, "observation_id": new_id(), "kind": "fall",
        "note": "Upadek w łazience.", "raised_at": NOW},
    "/api/returns/{year}/{part}/compilation": lambda w, v: {},
    "/api/returns/{year}/{part}/submission": lambda w, v: {
        "expected_version": v, "content_hash": "0" * 64},
    "/api/admin/users": lambda w, v: {
        "username": f"nowy{new_id()[:8]}", "display_name": "Nowy", "role": "social_worker",
        "unit": "ZTPS-2", "password": "dlugie-haslo-123"},
    "/api/admin/users/{user_id}/role": lambda w, v: {
        "expected_version": v, "role": "manager", "unit": "ZTPS-2"},
    "/api/admin/users/{user_id}/deactivation": lambda w, v: {"expected_version": v},
    "/api/admin/fees/criteria": lambda w, v: {
        "valid_from": TODAY.isoformat(), "single": "1100.00", "per_person_in_family": "900.00"},
    "/api/user-requests/{user_id}/confirmation": lambda w, v: {"expected_version": v},
    "/api/user-requests/{user_id}/rejection": lambda w, v: {"expected_version": v},
    "/api/admin/projections/{name}/skip": lambda w, v: {
        "event_position": 1, "reason": "Błąd w kodzie widoku."},
    "/api/admin/providers": lambda w, v: {
        "provider_id": f"NGO-{new_id()[:8].upper()}", "name": "Fundacja", "address": "ul. Ruska 1",
        "services": ["meal"]},
    "/api/admin/providers/{provider_id}/amendment": lambda w, v: {
        "expected_version": v, "name": "MCUS", "address": "ul. Ruska 1",
        "services": ["care_services"], "capacity": 10},
    "/api/admin/providers/{provider_id}/deactivation": lambda w, v: {"expected_version": v},
    "/api/admin/providers/{provider_id}/reactivation": lambda w, v: {"expected_version": v},
    "/api/folders/{folder_id}/care-notes": lambda w, v: {
        "expected_version": v, "health_notes": "Po szpitalu: insulina.", "access_notes": ""},
    "/api/admin/providers/{provider_id}/capacity": lambda w, v: {
        "expected_version": v, "form": "care_services", "places": 500},
    "/api/handoff/orders/{order_id}/folder-changes-seen": lambda w, v: {
        "expected_version": v, "up_to": 1},
    "/api/handoff/absences": lambda w, v: {
        "absence_id": new_id(), "caregiver_id": new_id(), "cover_id": new_id(),
        "date_from": TODAY.isoformat(), "date_to": TODAY.isoformat()},
    "/api/admin/fees/tables": lambda w, v: {"valid_from": TODAY.isoformat(), "brackets": [
        {"up_to_percent": None, "single_percent": "0.00", "family_percent": "0.00"}]},
    # the service catalogue (issue #20)
    "/api/admin/catalogue/entries": lambda w, v: CATALOGUE_ENTRY | {"code": f"test.{new_id()[:8]}"},
    "/api/admin/catalogue/entries/{code}/amendment": lambda w, v: CATALOGUE_ENTRY | {
        "valid_from": TODAY.isoformat()},
    "/api/admin/catalogue/entries/{code}/withdrawal": lambda w, v: {
        "valid_to": TODAY.isoformat()},
    "/api/admin/catalogue/seed": lambda w, v: {},
    "/api/folders/{folder_id}/services-choice": lambda w, v: {
        "expected_version": v, "person_id": w.folder.head_id, "interview_id": w.interview_id,
        "catalogue_version": 1, "chosen": ["social-work"], "on": TODAY.isoformat()},
}

# Where an allowed role has nothing out of its scope to be tried on, and why.
NOTHING_OUT_OF_SCOPE = {
    # First contact registers for every team: the address's area (or the team it names) decides.
    ("/api/folders", Role.FIRST_CONTACT),
    # The authority may change or revoke any of its decisions, final ones too (KPA 155, 163).
    ("/api/proceedings/{proceeding_id}/amendment", Role.DECISION_MAKER),
    ("/api/proceedings/{proceeding_id}/revocation", Role.DECISION_MAKER),
    # Reclaims and summonses come after the grant, final or revoked too: the authority's on
    # any of its proceedings, as an amendment is.
    ("/api/proceedings/{proceeding_id}/reclaims", Role.DECISION_MAKER),
    ("/api/proceedings/{proceeding_id}/reclaims/{reclaim_id}/repayments", Role.DECISION_MAKER),
    ("/api/proceedings/{proceeding_id}/reclaims/{reclaim_id}/write-off", Role.DECISION_MAKER),
    ("/api/proceedings/{proceeding_id}/summons", Role.DECISION_MAKER),
    # The municipality has one return per period; every manager works on it.
    ("/api/returns/{year}/{part}/compilation", Role.MANAGER),
    ("/api/returns/{year}/{part}/submission", Role.MANAGER),
    # The municipality pays from one set of payment lists; every manager works on them.
    ("/api/payments/lists", Role.MANAGER),
    ("/api/payments/lists/{payment_date}/approval", Role.MANAGER),
    ("/api/payments/lists/{payment_date}/reversals", Role.MANAGER),
    # IT keeps every account and the one set of fee parameters.
    ("/api/admin/users", Role.ADMIN),
    ("/api/admin/users/{user_id}/role", Role.ADMIN),
    ("/api/admin/users/{user_id}/deactivation", Role.ADMIN),
    ("/api/admin/fees/criteria", Role.ADMIN),
    ("/api/admin/fees/tables", Role.ADMIN),
    # IT keeps the whole provider directory.
    ("/api/admin/providers", Role.ADMIN),
    ("/api/admin/providers/{provider_id}/amendment", Role.ADMIN),
    ("/api/admin/providers/{provider_id}/deactivation", Role.ADMIN),
    ("/api/admin/providers/{provider_id}/reactivation", Role.ADMIN),
    # IT keeps the whole service catalogue.
    ("/api/admin/catalogue/entries", Role.ADMIN),
    ("/api/admin/catalogue/entries/{code}/amendment", Role.ADMIN),
    ("/api/admin/catalogue/entries/{code}/withdrawal", Role.ADMIN),
    ("/api/admin/catalogue/seed", Role.ADMIN),
    ("/api/admin/providers/{provider_id}/capacity", Role.ADMIN),
    # An absence names caregivers, not an order: another provider's caregiver (the only
    # thing out of the coordinator's scope) is refused 409 `order.not_a_caregiver`
    # (tests/api/test_caregiver_absence.py).
    ("/api/handoff/absences", Role.MCUS_COORDINATOR),
    # IT keeps the read models; none is out of its scope (and none is stalled here: 409).
    ("/api/admin/projections/{name}/skip", Role.ADMIN),
}

# Creates carry no version to be stale.
CREATES = {"/api/folders", "/api/folders/{folder_id}/proceedings",
           "/api/folders/{folder_id}/social-contracts", "/api/returns/{year}/{part}/compilation",
           "/api/admin/users", "/api/admin/fees/criteria", "/api/admin/fees/tables",
           "/api/admin/projections/{name}/skip", "/api/admin/providers",
           # the catalogue's commands name no version: the catalogue read now is the one
           "/api/admin/catalogue/entries", "/api/admin/catalogue/entries/{code}/amendment",
           "/api/admin/catalogue/entries/{code}/withdrawal", "/api/admin/catalogue/seed",
           "/api/handoff/absences"}


def target(world: World, template: str, role: Role | None) -> tuple[str, str | None]:
    """The path out of the role's scope, and the id whose version the command must name."""
    order_id = (world.other_provider_order_id if role == Role.MCUS_COORDINATOR
                else world.unassigned_order_id)
    proceeding_id = world.revoked_id if role == Role.DECISION_MAKER else world.proceeding_id
    path = template.format(
        folder_id=world.folder.id, member_id=world.folder.head_id,
        interview_id=world.interview_id, proceeding_id=proceeding_id, order_id=order_id,
        visit_id=new_id(), contract_id=world.contract_id,
        user_id=world.pending_user_id if template.startswith("/api/user-requests/") else new_id(),
        year=2026, name="client_view", provider_id="MCUS", code="care.home",
        part="H1", payment_date="2001-01-04", reclaim_id=new_id())
    ids = UUID_IN_TEXT.findall(path)
    return path, (None if template in CREATES or not ids else ids[0])


# How an out-of-scope target answers: the not-found code of its kind, by the path's start.
NOT_FOUND = (("/api/folders/", "case_folder.not_found"),
             ("/api/proceedings/", "proceeding.not_found"),
             ("/api/handoff/orders/", "order.not_found"),
             ("/api/caregiver/orders/", "order.not_found"),
             ("/api/social-contracts/", "social_contract.not_found"),
             ("/api/user-requests/", "user_request.not_found"))


def refusal(template: str, role: Role) -> tuple[int, str]:
    if role not in WHO_MAY_CALL[("POST", template)]:
        return 403, "auth.forbidden"
    if template == "/api/folders":  # a create: nothing to hide, another team's is refused
        return 403, "case_folder.outside_team"
    return 404, next(code for start, code in NOT_FOUND if template.startswith(start))


def version_of(api, aggregate_id: str | None) -> int:
    try:
        return api.system.app.version_of(UUID(aggregate_id)) if aggregate_id else 1
    except AggregateNotFoundError:  # a made-up user id, for a role refused 403 anyway
        return 1


def trials() -> list:
    found = []
    for template in sorted(BODIES):
        for role in Role:
            if (template, role) in NOTHING_OUT_OF_SCOPE:
                continue
            allowed = role in WHO_MAY_CALL[("POST", template)]
            seen = ["current", "stale"] if allowed and template not in CREATES else ["current"]
            found += [pytest.param(template, role, version, id=f"{template} as {role.value}"
                                   f" ({version} version)") for version in seen]
    return found


def test_every_command_route_has_a_body_here(api):
    with api.client(None) as http:  # the API's own timeout: the first read builds the schema
        schema = http.get("/openapi.json").json()
    app = SimpleNamespace(openapi=lambda: schema, state=SimpleNamespace())
    routes = {route.template for route in command_routes(app)}  # the offline sync's own rule

    assert routes == set(BODIES), "a command route without a body in BODIES, or one too many"


@pytest.fixture(scope="module")
def clients(api):
    opened = {role: api.client(USER_OF_ROLE[role]) for role in Role}
    yield opened
    for client in opened.values():
        client.close()


@pytest.mark.parametrize(("template", "role", "version_seen"), trials())
def test_a_command_out_of_scope_answers_as_if_its_target_did_not_exist(
        api, world, clients, template, role, version_seen):
    path, versioned_id = target(world, template, role)
    version = version_of(api, versioned_id)
    body = {"command_id": new_id()} | BODIES[template](
        world, version + 7 if version_seen == "stale" else version)
    head = api.system.app.head_position()

    answer = clients[role].post(path, json=body)

    status, code = refusal(template, role)
    error = expect.refused(answer, status, code)
    assert expect.changes_since(api, head) == []
    assert not {"current_version", "expected_version", "version"} & set(error["details"])
    assert set(UUID_IN_TEXT.findall(answer.text)) <= set(UUID_IN_TEXT.findall(path))
