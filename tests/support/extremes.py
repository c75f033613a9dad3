"""Every route of the API with a request it accepts, and extreme values to put in it.

The fuzz test (tests/reliability/test_extreme_values.py) needs requests that reach the
domain: a body with a bad id or a stale version is refused before any date is looked at.
So a small world is built over HTTP (a folder with its interview, a folder registered
at first contact that no worker has yet, proceedings in each state, care orders in each
state, a caregiver's open visit, a social contract, a compiled return, an account), and
each route gets a request that the world accepts as it stands
(`Request`, from `requests_for`). One leaf of that request — a body field, a path or query
parameter — is then replaced by an extreme value.

Routes are enumerated from the OpenAPI document: a route with no request written here still
gets one made from its schema (`from_schema`), so a new route is fuzzed from the day it is
added, if less deeply than one whose request is written below.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from services.proceedings.handoff import order_id_for
from tests.support.builders import (
    MANDATORY_SECTIONS,
    address_body,
    member_body,
    new_id,
    open_folder_body,
)

_numbers = itertools.count(1)

# Routes left out: the endless event stream, and calls that end the caller's own session
# or run retention (they would sign the fuzzer out or erase its world).
EXCLUDED = frozenset({
    ("GET", "/api/handoff/stream"),
    ("POST", "/api/auth/logout"),
    ("POST", "/api/auth/refresh"),
    ("POST", "/api/auth/login"),
    ("POST", "/api/me/password"),
    ("POST", "/api/admin/retention/run"),
})

# Which signed-in user calls a route, by the role table of tests/api/test_roles.py.
USER_OF_ROLE = {
    "social_worker": "worker", "manager": "manager", "decision_maker": "decision_maker",
    "mcus_coordinator": "coordinator", "caregiver": "caregiver",
    "voivodeship_analyst": "analyst", "mops_management": "management", "admin": "admin",
    "first_contact": "first_contact",
}


@dataclass
class Request:
    """One request a route accepts in the world as it stands."""

    method: str
    route: str  # the OpenAPI path template
    who: str | None  # key of the signed-in user; None: no token
    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None

    def url(self) -> str:
        """The path, each parameter percent-encoded (an extreme one may hold anything)."""
        return self.route.format(**{name: quote(str(value), safe="")
                                    for name, value in self.path.items()})


@dataclass
class World:
    """Ids of the things the requests point at (see `build_world`)."""

    today: date
    folder_id: str
    head_id: str
    unassigned_folder_id: str  # registered at first contact: the team's, no worker yet
    interview_id: str
    pending_id: str  # an application without a decision
    granted_id: str  # a granting care decision; its order has caregiver A and a schedule
    visit_order_id: str
    recent_id: str  # delivered five days ago: an appeal is in time; its order unaccepted
    new_order_id: str
    old_id: str  # delivered 75 days ago: final
    appealed_id: str  # appealed; amended, so its order (accepted) has a change to confirm
    changed_order_id: str
    suspended_order_id: str
    open_order_id: str  # caregiver B's order with her visit open
    open_visit_id: str
    open_visit_started_at: datetime
    open_caregiver: str  # which of the pool of caregivers `caregiver_b…` has it
    busy_until: dict[str, datetime]  # each caregiver of the pool: when her last visit ended
    round: int  # how many worlds were built before this one
    contract_id: str
    account_id: str
    draft_hash: str
    return_version: int
    worker_id: str
    caregiver_id: str
    versions: dict[str, int] = field(default_factory=dict)


def _post(http: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = http.post(path, json={"command_id": new_id(), **body})
    assert answer.status_code == 201, f"{path}: {answer.text}"
    return answer.json()


def _grant(clients, folder_id: str, person_id: str, today: date, *, filed_ago: int = 85,
           decided_ago: int = 80) -> tuple[str, str, int]:
    """A care application and its granting decision: (proceeding, order, version)."""
    proceeding_id = new_id()
    _post(clients["worker"], f"/api/folders/{folder_id}/proceedings", {
        "proceeding_id": proceeding_id, "person_id": person_id, "form": "care_services",
        "applicant": "person", "on": (today - timedelta(days=filed_ago)).isoformat(),
        "case_reference": f"ZTPS1.8210.{next(_numbers)}.2026"})
    decision_id = new_id()
    start = today - timedelta(days=decided_ago)
    decided = _post(clients["decision_maker"], f"/api/proceedings/{proceeding_id}/decision", {
        "expected_version": 1, "decision_id": decision_id, "outcome": "grant",
        "reasons": ["5"], "legal_basis": "art. 50 ust. 1", "signatory": "z up. Prezydenta",
        "issued_on": start.isoformat(), "care": care_terms(start, today)})
    return proceeding_id, str(order_id_for(uuid.UUID(decision_id))), decided["version"]


def care_terms(start: date, today: date) -> dict[str, Any]:
    return {"tasks": ["personal_hygiene", "meals"], "hours_per_day": "4.00",
            "hours_per_week": "28.00", "weekdays": [1, 2, 3, 4, 5, 6, 7],
            "period_from": start.isoformat(),
            "period_to": (today + timedelta(days=60)).isoformat(),
            "place": "miejsce zamieszkania", "provider_id": "MCUS", "hourly_cost": "40.00",
            "fee_share_percent": "0.00"}


def _run_order(coordinator: httpx.Client, order_id: str, today: date,
               caregiver_id: str | None, schedule: bool) -> int:
    """Accept an order; assign a caregiver and set a schedule if asked: its version."""
    path = f"/api/handoff/orders/{order_id}"
    v = _post(coordinator, f"{path}/acceptance",
              {"expected_version": 1, "on": (today - timedelta(days=79)).isoformat()})["version"]
    if caregiver_id is not None:
        v = _post(coordinator, f"{path}/caregiver",
                  {"expected_version": v, "caregiver_id": caregiver_id})["version"]
    if schedule:
        v = _post(coordinator, f"{path}/schedule", {"expected_version": v, "slots": [
            {"weekday": d, "start": "08:00", "minutes": 60} for d in range(1, 8)]})["version"]
    return v


def _aware(moment: datetime) -> datetime:
    """A time read back from a read model (SQLite keeps them in UTC without the offset)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _busy_until(clients: dict[str, httpx.Client], w: World) -> datetime:
    """When the previous world's open visit ended: a second after it began, or as an
    accepted check-out of the fuzzer said (read back from the month's visits)."""
    month = clients["coordinator"].get(
        f"/api/handoff/orders/{w.open_order_id}/months/{w.open_visit_started_at.year}/"
        f"{w.open_visit_started_at.month}")
    ends = [_aware(datetime.fromisoformat(v["ended_at"]))
            for v in month.json().get("visits", ())
            if v["visit_id"] == w.open_visit_id and v["ended_at"]]
    return max(ends, default=w.open_visit_started_at + timedelta(seconds=1))


def build_world(clients: dict[str, httpx.Client], user_ids: dict[str, str],
                previous: World | None = None, version_of=None) -> World:
    """The things every route's request points at, built through the API.

    Each world's open visit belongs to the next caregiver of the pool (the users
    `caregiver_b…`); the previous world's is ended first, a second after it began, and the
    next visit of the same caregiver starts after her last one ended, however the fuzzer
    ended it (one caregiver cannot be in two homes)."""
    today = date.today()
    pool = sorted(key for key in clients if key and key.startswith("caregiver_b"))
    busy = dict(previous.busy_until) if previous is not None else {}
    if previous is not None:
        clients[previous.open_caregiver].post(
            f"/api/caregiver/orders/{previous.open_order_id}/visits/{previous.open_visit_id}"
            "/completion", json={"command_id": new_id(), "tasks_done": ["meals"],
                                 "expected_version": version_of(previous.open_order_id),
                                 "ended_at": (previous.open_visit_started_at
                                              + timedelta(seconds=1)).isoformat()})
        busy[previous.open_caregiver] = _busy_until(clients, previous)
    round_ = previous.round + 1 if previous is not None else 0
    open_caregiver = pool[round_ % len(pool)]
    worker, decider = clients["worker"], clients["decision_maker"]
    coordinator = clients["coordinator"]
    body = open_folder_body(opened_on=(today - timedelta(days=100)).isoformat())
    folder_id, head_id = body["folder_id"], body["head"]["member_id"]
    _post(worker, "/api/folders", body)
    # The world's folder is its opener's, the worker's (issue #17): the assignment goes to
    # one registered at first contact, which has no worker yet.
    unassigned = open_folder_body(opened_on=(today - timedelta(days=1)).isoformat())
    _post(clients["first_contact"], "/api/folders", unassigned)
    interview_id = new_id()
    _post(worker, f"/api/folders/{folder_id}/interviews/{interview_id}/conducted", {
        "expected_version": 1, "conducted_on": (today - timedelta(days=85)).isoformat(),
        "sections": dict(MANDATORY_SECTIONS)})

    pending_id = new_id()
    _post(worker, f"/api/folders/{folder_id}/proceedings", {
        "proceeding_id": pending_id, "person_id": head_id, "form": "care_services",
        "applicant": "person", "on": (today - timedelta(days=85)).isoformat(),
        "case_reference": f"ZTPS1.8210.{next(_numbers)}.2026"})

    granted_id, visit_order_id, _ = _grant(clients, folder_id, head_id, today)
    _run_order(coordinator, visit_order_id, today, user_ids["caregiver"], schedule=True)

    recent_id, new_order_id, v = _grant(clients, folder_id, head_id, today)
    _post(decider, f"/api/proceedings/{recent_id}/delivery",
          {"expected_version": v, "on": (today - timedelta(days=5)).isoformat()})

    old_id, _, v = _grant(clients, folder_id, head_id, today)
    _post(decider, f"/api/proceedings/{old_id}/delivery",
          {"expected_version": v, "on": (today - timedelta(days=75)).isoformat()})

    appealed_id, changed_order_id, v = _grant(clients, folder_id, head_id, today)
    _run_order(coordinator, changed_order_id, today, None, schedule=False)
    v = _post(decider, f"/api/proceedings/{appealed_id}/delivery",
              {"expected_version": v, "on": (today - timedelta(days=5)).isoformat()})["version"]
    v = _post(decider, f"/api/proceedings/{appealed_id}/appeal",
              {"expected_version": v, "on": (today - timedelta(days=3)).isoformat()})["version"]
    _post(decider, f"/api/proceedings/{appealed_id}/amendment", {
        "expected_version": v, "amended_on": (today - timedelta(days=2)).isoformat(),
        "reason": "Więcej godzin.",
        "care": care_terms(today - timedelta(days=80), today) | {"hours_per_week": "20.00"}})

    _, suspended_order_id, _ = _grant(clients, folder_id, head_id, today)
    v = _run_order(coordinator, suspended_order_id, today, None, schedule=False)
    _post(coordinator, f"/api/handoff/orders/{suspended_order_id}/suspension", {
        "expected_version": v, "on": (today - timedelta(days=2)).isoformat(),
        "reason": "Pobyt w szpitalu."})

    _, open_order_id, _ = _grant(clients, folder_id, head_id, today)
    v = _run_order(coordinator, open_order_id, today, user_ids[open_caregiver], schedule=True)
    open_visit_id = new_id()
    started_at = datetime.now(UTC) - timedelta(minutes=50)
    if open_caregiver in busy:
        started_at = max(started_at, busy[open_caregiver] + timedelta(seconds=1))
    _post(clients[open_caregiver], f"/api/caregiver/orders/{open_order_id}/visits", {
        "expected_version": v, "visit_id": open_visit_id,
        "started_at": started_at.isoformat()})

    contract_id = new_id()
    _post(worker, f"/api/folders/{folder_id}/social-contracts", {
        "contract_id": contract_id, "member_id": head_id,
        "signed_on": (today - timedelta(days=30)).isoformat(),
        "ends_on": (today + timedelta(days=150)).isoformat(), "goals": "Podjęcie pracy."})

    year = today.year - 1
    compiled = clients["manager"].post(f"/api/returns/{year}/Y/compilation",
                                       json={"command_id": new_id()})
    assert compiled.status_code in (200, 201), compiled.text
    account = _post(clients["admin"], "/api/admin/users", {
        "username": f"konto.{next(_numbers)}.{uuid.uuid4().hex[:6]}",
        "display_name": "Konto Testowe", "role": "social_worker", "unit": "ZTPS-1",
        "password": "haslo-testowe-456"})
    return World(
        today=today, folder_id=folder_id, head_id=head_id,
        unassigned_folder_id=unassigned["folder_id"], interview_id=interview_id,
        pending_id=pending_id, granted_id=granted_id, visit_order_id=visit_order_id,
        recent_id=recent_id, new_order_id=new_order_id, old_id=old_id,
        appealed_id=appealed_id, changed_order_id=changed_order_id,
        suspended_order_id=suspended_order_id, open_order_id=open_order_id,
        open_visit_id=open_visit_id, open_visit_started_at=started_at,
        open_caregiver=open_caregiver, busy_until=busy, round=round_, contract_id=contract_id,
        account_id=account["aggregate_id"], draft_hash=compiled.json()["compiled"]["content_hash"],
        return_version=compiled.json()["version"], worker_id=user_ids["worker"],
        caregiver_id=user_ids["caregiver"])


def written_requests(w: World, version_of) -> dict[tuple[str, str], Request]:
    """A request each route accepts in world `w`; `version_of(id)` is the current version
    of an aggregate (read from the store just before the request)."""
    today = w.today
    now = datetime.now(UTC)
    day = lambda days: (today + timedelta(days=days)).isoformat()  # noqa: E731
    fv = lambda: version_of(w.folder_id)  # noqa: E731
    folder = {"folder_id": w.folder_id}
    last_month = (today.replace(day=1) - timedelta(days=1))
    year = today.year - 1
    r = {}

    def add(method: str, route: str, who: str | None, path=None, query=None, body=None):
        r[(method, route)] = Request(method, route, who, path or {}, query or {}, body)

    def cmd(**fields) -> dict[str, Any]:
        return {"command_id": new_id(), **fields}

    # case folders
    add("POST", "/api/folders", "worker",
        body=open_folder_body(opened_on=day(-1)) | {"occurred_at": now.isoformat()})
    add("POST", "/api/folders/{folder_id}/members", "worker", folder,
        body=cmd(expected_version=fv(), member=member_body(
            "child", first_name="Jan", birth_date=None, pesel=None,
            document={"kind": "passport", "number": "ZZ1234567"})
            | {"birth_date": "2015-06-01"}))
    add("POST", "/api/folders/{folder_id}/members/{member_id}/corrections", "worker",
        folder | {"member_id": w.head_id},
        body=cmd(expected_version=fv(), last_name="Nowakowska"))
    add("POST", "/api/folders/{folder_id}/address", "worker", folder,
        body=cmd(expected_version=fv(), changed_on=day(0), address=address_body(
            street="Powstańców Śląskich", building="95", flat=None, postal_code="53-332",
            teryt="0264039")))
    add("POST", "/api/folders/{folder_id}/assignment", "worker",
        {"folder_id": w.unassigned_folder_id},
        body=cmd(expected_version=version_of(w.unassigned_folder_id), worker_id=w.worker_id))
    add("POST", "/api/folders/{folder_id}/transfer", "manager", folder,
        body=cmd(expected_version=fv(), team_id="ZTPS-2"))
    add("POST", "/api/folders/{folder_id}/visits", "worker", folder,
        body=cmd(expected_version=fv(), visit={
            "visit_id": new_id(), "visited_on": day(0), "minutes": 45,
            "activity": "home_visit", "place": "mieszkanie", "notes": "Rozmowa."}))
    add("POST", "/api/folders/{folder_id}/interviews", "worker", folder,
        body=cmd(expected_version=fv(), interview_id=new_id(), trigger_date=day(0),
                 urgent=False))
    add("POST", "/api/folders/{folder_id}/interviews/{interview_id}/conducted", "worker",
        folder | {"interview_id": new_id()},
        body=cmd(expected_version=fv(), conducted_on=day(0),
                 sections=dict(MANDATORY_SECTIONS)))
    add("POST", "/api/folders/{folder_id}/interviews/{interview_id}/updates", "worker",
        folder | {"interview_id": w.interview_id},
        body=cmd(expected_version=fv(), updated_on=day(0), sections={"H": "Bez zmian."}))
    add("POST", "/api/folders/{folder_id}/closure", "worker", folder,
        body=cmd(expected_version=fv(), closed_on=day(0), reason="Wyprowadzka."))
    add("POST", "/api/folders/{folder_id}/proceedings", "worker", folder,
        body=cmd(proceeding_id=new_id(), person_id=w.head_id, form="care_services",
                 applicant="person", on=day(0),
                 case_reference=f"ZTPS1.8210.{next(_numbers)}.2026"))
    add("POST", "/api/folders/{folder_id}/social-contracts", "worker", folder,
        body=cmd(contract_id=new_id(), member_id=w.head_id, signed_on=day(0),
                 ends_on=day(180), goals="Podjęcie pracy."))
    add("POST", "/api/social-contracts/{contract_id}/closure", "worker",
        {"contract_id": w.contract_id},
        body=cmd(expected_version=version_of(w.contract_id), closed_on=day(0),
                 outcome="achieved"))

    # proceedings
    def proceeding(route: str, pid: str, **fields):
        add("POST", f"/api/proceedings/{{proceeding_id}}/{route}", "decision_maker",
            {"proceeding_id": pid}, body=cmd(expected_version=version_of(pid), **fields))

    proceeding("decision", w.pending_id, decision_id=new_id(), outcome="grant",
               reasons=["5"], legal_basis="art. 50 ust. 1", signatory="z up. Prezydenta",
               issued_on=day(-1), care=care_terms(today - timedelta(days=1), today),
               notes={"access_notes": "Domofon 12."})
    proceeding("amendment", w.granted_id, amended_on=day(0), reason="Więcej godzin.",
               care=care_terms(today - timedelta(days=80), today) | {"hours_per_week": "21.00"})
    proceeding("revocation", w.granted_id, revoked_on=day(0), reason="Zmiana sytuacji.")
    proceeding("delivery", w.granted_id, on=day(0))
    proceeding("appeal", w.recent_id, on=day(0))
    proceeding("appeal-resolution", w.appealed_id, on=day(0), decision_upheld=True)
    proceeding("finality", w.old_id, on=day(0))

    # the provider
    def order(route: str, oid: str, **fields):
        add("POST", f"/api/handoff/orders/{{order_id}}/{route}", "coordinator",
            {"order_id": oid}, body=cmd(expected_version=version_of(oid), **fields))

    order("acceptance", w.new_order_id, on=day(0))
    order("caregiver", w.changed_order_id, caregiver_id=w.caregiver_id)
    order("schedule", w.visit_order_id, slots=[
        {"weekday": 1, "start": "09:00", "minutes": 90}])
    order("change-acknowledgement", w.changed_order_id)
    order("suspension", w.visit_order_id, on=day(0), reason="Szpital.")
    order("resumption", w.suspended_order_id, on=day(0))
    order("settlements", w.visit_order_id, year=last_month.year, month=last_month.month,
          closed_on=day(0))
    add("GET", "/api/handoff/orders/{order_id}/months/{year}/{month}", "coordinator",
        {"order_id": w.visit_order_id, "year": today.year, "month": today.month})

    def caregiver(route: str, oid: str, who: str, path=None, **fields):
        add("POST", f"/api/caregiver/orders/{{order_id}}/{route}", who,
            {"order_id": oid} | (path or {}), body=cmd(expected_version=version_of(oid),
                                                      **fields))

    caregiver("visits", w.visit_order_id, "caregiver", visit_id=new_id(),
              started_at=(now - timedelta(minutes=5)).isoformat())
    caregiver("visits/{visit_id}/completion", w.open_order_id, w.open_caregiver,
              {"visit_id": w.open_visit_id},
              ended_at=(w.open_visit_started_at + timedelta(seconds=1)).isoformat(),
              tasks_done=["meals"])
    caregiver("observations", w.visit_order_id, "caregiver", observation_id=new_id(),
              kind="fall", note="Upadek w łazience.", raised_at=now.isoformat())

    # returns
    add("GET", "/api/returns/{year}/{part}", "manager", {"year": year, "part": "Y"},
        {"as_of": now.isoformat()})
    add("POST", "/api/returns/{year}/{part}/compilation", "manager",
        {"year": year, "part": "H1"}, body=cmd(as_of=now.isoformat()))
    add("POST", "/api/returns/{year}/{part}/submission", "manager", {"year": year, "part": "Y"},
        body=cmd(expected_version=w.return_version, content_hash=w.draft_hash))
    add("GET", "/api/returns/{year}/{part}/difference", "manager", {"year": year, "part": "Y"},
        {"from": (now - timedelta(days=1)).isoformat(), "to": now.isoformat()})
    add("GET", "/api/teams/{team_id}/activity", "manager", {"team_id": "ZTPS-1"},
        {"since": day(-30), "until": day(0)})
    add("GET", "/api/audit/access", "manager", query={
        "since": (now - timedelta(days=1)).isoformat(), "until": now.isoformat()})
    add("GET", "/api/fees/fee-share", "worker",
        query={"income_per_person": "700.00", "household_size": 2, "on": day(0)})
    add("GET", "/api/federation/status", "analyst", query={"year": year, "part": "Y"})
    add("GET", "/api/federation/aggregate", "analyst", query={"year": year, "part": "Y"})

    # administration
    add("POST", "/api/admin/fees/criteria", "admin",
        body=cmd(valid_from=day(30), single="1100.00", per_person_in_family="900.00"))
    add("POST", "/api/admin/fees/tables", "admin", body=cmd(valid_from=day(30), brackets=[
        {"up_to_percent": "100.00", "single_percent": "0.00", "family_percent": "0.00"},
        {"up_to_percent": None, "single_percent": "10.00", "family_percent": "15.00"}]))
    add("POST", "/api/admin/users", "admin", body=cmd(
        username=f"nowy.{uuid.uuid4().hex[:8]}", display_name="Nowy Pracownik",
        role="social_worker", unit="ZTPS-1", password="haslo-testowe-789"))
    add("POST", "/api/admin/users/{user_id}/role", "admin", {"user_id": w.account_id},
        body=cmd(expected_version=version_of(w.account_id), role="manager", unit="ZTPS-1"))
    add("POST", "/api/admin/users/{user_id}/deactivation", "admin",
        {"user_id": w.account_id}, body=cmd(expected_version=version_of(w.account_id)))

    # the tablet's outbox: a visit, sent through sync
    visit = r[("POST", "/api/folders/{folder_id}/visits")].body
    add("POST", "/api/sync", "worker", body={"commands": [{
        "command_id": visit["command_id"], "method": "POST",
        "path": f"/api/folders/{w.folder_id}/visits", "body": visit, "chain": False}]})
    return r


# -- requests made from the schema, for routes with none written above ---------------------

def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    if "anyOf" in schema:  # `X | None`: the first that is not null
        schema = next((s for s in schema["anyOf"] if s.get("type") != "null"),
                      schema["anyOf"][0])
        return _resolve(schema, spec)
    return schema


def example_of(schema: dict[str, Any], spec: dict[str, Any], today: date) -> Any:
    """A plain value of `schema`: enough to get past the request's validation."""
    schema = _resolve(schema, spec)
    kind, fmt = schema.get("type"), schema.get("format")
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    if kind == "object" or "properties" in schema:
        return {name: example_of(sub, spec, today)
                for name, sub in schema.get("properties", {}).items()
                if name in schema.get("required", ())}
    if kind == "array":
        return [example_of(schema["items"], spec, today)] if schema.get("minItems") else []
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return False
    return {"uuid": new_id(), "date": today.isoformat(),
            "date-time": datetime.now(UTC).isoformat()}.get(fmt, "x")


def from_schema(method: str, route: str, who: str | None, spec: dict[str, Any],
                today: date) -> Request:
    operation = spec["paths"][route][method.lower()]
    request = Request(method, route, who)
    for parameter in operation.get("parameters", ()):
        if parameter["in"] in ("path", "query") and (
                parameter["in"] == "path" or parameter.get("required")):
            target = request.path if parameter["in"] == "path" else request.query
            target[parameter["name"]] = example_of(parameter["schema"], spec, today)
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is not None:
        request.body = example_of(content["schema"], spec, today)
    return request


def fuzzed_routes(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """Every route that takes a body or a parameter, but those left out (EXCLUDED)."""
    found = []
    for route, operations in spec["paths"].items():
        for method, operation in operations.items():
            key = (method.upper(), route)
            if route.startswith("/api") and key not in EXCLUDED and (
                    operation.get("parameters") or operation.get("requestBody")):
                found.append(key)
    return sorted(found)


# -- where an extreme value goes, and which ------------------------------------------------

Leaf = tuple[str, tuple[Any, ...]]  # ("body" | "path" | "query", the keys down to it)


def leaves(request: Request) -> list[Leaf]:
    """Every place a value can be replaced: the parameters and each leaf of the body (an
    id or version of the world is left alone; `command_id` too, so retries stay apart)."""
    found: list[Leaf] = [("path", (name,)) for name in request.path
                         if not name.endswith("_id")]
    found += [("query", (name,)) for name in request.query]

    def walk(value: Any, keys: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(sub, (*keys, key))
        elif isinstance(value, list) and value:
            for index, sub in enumerate(value):
                walk(sub, (*keys, index))
        elif not (keys and keys[-1] in ("command_id", "expected_version")):
            found.append(("body", keys))

    if request.body is not None:
        walk(request.body, ())
    return found


def replaced(request: Request, leaf: Leaf, value: Any) -> Request:
    """A copy of `request` with `value` at `leaf`."""
    import copy

    changed = copy.deepcopy(request)
    where, keys = leaf
    target: Any = {"path": changed.path, "query": changed.query, "body": changed.body}[where]
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return changed


def value_at(request: Request, leaf: Leaf) -> Any:
    where, keys = leaf
    value: Any = {"path": request.path, "query": request.query, "body": request.body}[where]
    for key in keys:
        value = value[key]
    return value


def kind_of(value: Any) -> str:
    """What an extreme value for this leaf should look like."""
    if isinstance(value, bool) or value is None:
        return "other"
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        try:
            date.fromisoformat(value)
            return "date" if len(value) == 10 else "datetime"
        except ValueError:
            pass
        try:
            datetime.fromisoformat(value)
            return "datetime"
        except ValueError:
            return "str"
    return "other"
