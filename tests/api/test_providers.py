"""The provider directory over HTTP, on both stores: the admin keeps it, a decision chooses
from it, and no order is ever placed with a provider it does not hold."""

from __future__ import annotations

from datetime import date

from tests.api import expect
from tests.api.care_givens import care_terms, filed_proceeding, post
from tests.support.builders import new_id

START = date(2026, 3, 2)


def register(api, code: str, services: list[str], **overrides) -> dict:
    with api.client("admin") as admin:
        return post(admin, "/api/admin/providers", {
            "provider_id": code, "name": f"Realizator {code}", "address": "ul. Ruska 1, Wrocław",
            "services": services, "capacity": 25} | overrides)


def decision(care_overrides: dict, start: date = START) -> dict:
    return {"decision_id": new_id(), "outcome": "grant", "reasons": ["5"],
            "legal_basis": "art. 50 ust. 1", "signatory": "z up. Prezydenta, Jan Dec",
            "issued_on": start.isoformat(), "care": care_terms(start, **care_overrides)}


def queue_of(api, unit_client: str, after: int) -> list[dict]:
    with api.client(unit_client) as coordinator:
        return coordinator.get("/api/handoff/queue", params={"after": after}).json()


def test_the_admin_registers_a_provider_and_those_who_choose_see_it(api):
    registered = register(api, "NGO-DOM", ["care_services", "meal"], capacity=30)

    for who in ("admin", "decision_maker", "worker"):
        with api.client(who) as http:
            listed = http.get("/api/providers", params={"after": registered["position"]})
        assert listed.status_code == 200, listed.text
        row = next(p for p in listed.json() if p["provider_id"] == "NGO-DOM")
        assert row == {"provider_id": "NGO-DOM", "version": 1, "name": "Realizator NGO-DOM",
                       "address": "ul. Ruska 1, Wrocław", "services": ["care_services", "meal"],
                       "capacity": 30, "active": True, "places": {}}
    for who in ("coordinator", "caregiver", "manager", "analyst"):
        with api.client(who) as http:
            expect.refused(http.get("/api/providers"), 403, "auth.forbidden")


def test_a_code_registered_twice_and_a_bad_entry_are_refused_and_write_nothing(api):
    register(api, "DDP-9", ["day_care_home"])
    with api.client("admin") as admin, expect.nothing_written(api):
        body = {"provider_id": "DDP-9", "name": "Inny", "address": "ul. X 1",
                "services": ["day_care_home"]}
        expect.refused(admin.post("/api/admin/providers", json={"command_id": new_id(), **body}),
                       409, "aggregate.exists")
        for bad, code in ((body | {"provider_id": "ddp 10"}, "provider.invalid_code"),
                          (body | {"provider_id": "DDP-10", "services": ["periodic_allowance"]},
                           "provider.invalid_services"),
                          (body | {"provider_id": "DDP-10", "name": " "},
                           "provider.name_required")):
            expect.refused(admin.post("/api/admin/providers",
                                      json={"command_id": new_id(), **bad}), 422, code)


def test_only_the_admin_keeps_the_directory(api):
    for who in ("decision_maker", "worker", "coordinator", "manager"):
        with api.client(who) as http, expect.nothing_written(api):
            expect.refused(http.post("/api/admin/providers", json={
                "command_id": new_id(), "provider_id": "X-1", "name": "X", "address": "Y",
                "services": ["meal"]}), 403, "auth.forbidden")


def test_the_admin_amends_deactivates_and_reactivates_a_provider(api):
    registered = register(api, "CARITAS-7", ["meal"])
    with api.client("admin") as admin:
        path = "/api/admin/providers/CARITAS-7"
        amended = post(admin, f"{path}/amendment", {
            "expected_version": registered["version"], "name": "Caritas", "address": "ul. Nowa 2",
            "services": ["meal", "shelter"], "capacity": None})
        stale = admin.post(f"{path}/deactivation",
                           json={"command_id": new_id(), "expected_version": 1})
        expect.refused(stale, 409, "version.stale")
        off = post(admin, f"{path}/deactivation", {"expected_version": amended["version"]})
        again = admin.post(f"{path}/deactivation",
                           json={"command_id": new_id(), "expected_version": off["version"]})
        expect.refused(again, 409, "provider.already_in_state")
        listed = admin.get("/api/providers", params={"after": off["position"]}).json()
        row = next(p for p in listed if p["provider_id"] == "CARITAS-7")
        assert (row["name"], row["services"], row["capacity"], row["active"]) == (
            "Caritas", ["meal", "shelter"], None, False)
        with api.client("decision_maker") as decider:
            active = decider.get("/api/providers", params={
                "after": off["position"], "active": "true", "form": "meal"}).json()
        assert "CARITAS-7" not in {p["provider_id"] for p in active}
        on = post(admin, f"{path}/reactivation", {"expected_version": off["version"]})
        listed = admin.get("/api/providers", params={"after": on["position"]}).json()
        assert next(p for p in listed if p["provider_id"] == "CARITAS-7")["active"] is True
        missing = admin.post("/api/admin/providers/NOPE/deactivation",
                             json={"command_id": new_id(), "expected_version": 1})
        expect.refused(missing, 404, "provider.not_found")


def test_a_decision_naming_an_unknown_provider_is_refused_naming_it_and_places_no_order(api):
    care = filed_proceeding(api, START)
    with api.client("decision_maker") as decider, expect.nothing_written(api):
        refused = decider.post(f"/api/proceedings/{care.proceeding_id}/decision", json={
            "command_id": new_id(), "expected_version": care.proceeding_version,
            **decision({"provider_id": "MCUSX"})})
    error = expect.refused(refused, 422, "provider.unknown")
    assert error["details"]["provider_id"] == "MCUSX"


def test_a_decision_naming_an_inactive_provider_or_one_not_offering_the_form_is_refused(api):
    registered = register(api, "OFF-1", ["care_services"])
    with api.client("admin") as admin:
        post(admin, "/api/admin/providers/OFF-1/deactivation",
             {"expected_version": registered["version"]})
    register(api, "MEALS-1", ["meal"])
    care = filed_proceeding(api, START)
    with api.client("decision_maker") as decider, expect.nothing_written(api):
        for provider, code in (("OFF-1", "provider.inactive"),
                               ("MEALS-1", "provider.form_not_offered")):
            refused = decider.post(f"/api/proceedings/{care.proceeding_id}/decision", json={
                "command_id": new_id(), "expected_version": care.proceeding_version,
                **decision({"provider_id": provider})})
            assert expect.refused(refused, 422, code)["details"]["provider_id"] == provider


def test_a_decision_naming_a_provider_of_the_directory_reaches_its_queue(api):
    care = filed_proceeding(api, START)
    with api.client("decision_maker") as decider:
        decided = post(decider, f"/api/proceedings/{care.proceeding_id}/decision", {
            "expected_version": care.proceeding_version, **decision({})})
    queue = queue_of(api, "coordinator", decided["position"])
    assert any(o["folder_id"] == care.folder_id and o["provider_id"] == "MCUS" for o in queue)


def test_an_amendment_may_keep_a_deactivated_provider_but_not_move_to_an_unknown_one(api):
    registered = register(api, "LEAVING-1", ["care_services"])
    care = filed_proceeding(api, START)
    with api.client("decision_maker") as decider:
        decided = post(decider, f"/api/proceedings/{care.proceeding_id}/decision", {
            "expected_version": care.proceeding_version,
            **decision({"provider_id": "LEAVING-1"})})
        with api.client("admin") as admin:
            post(admin, "/api/admin/providers/LEAVING-1/deactivation",
                 {"expected_version": registered["version"]})
        path = f"/api/proceedings/{care.proceeding_id}/amendment"
        with expect.nothing_written(api):
            moved = decider.post(path, json={
                "command_id": new_id(), "expected_version": decided["version"],
                "amended_on": START.isoformat(), "reason": "Zmiana realizatora.",
                "care": care_terms(START, provider_id="MCUSX")})
            expect.refused(moved, 422, "provider.unknown")
        post(decider, path, {
            "expected_version": decided["version"], "amended_on": START.isoformat(),
            "reason": "Więcej godzin.",
            "care": care_terms(START, provider_id="LEAVING-1", hours_per_week="8.00")})


def test_a_provider_command_keeps_its_own_name_for_its_receipt():
    # The provider's name is a field of its own: `name` is what a receipt records.
    from services.providers.commands import AmendProvider, RegisterProvider

    registered = RegisterProvider(provider_id="MCUS", provider_name="MCUS Wrocław",
                                  address="ul. Ruska 1", services=("meal",))
    amended = AmendProvider(provider_id="MCUS", expected_version=1, provider_name="MCUS",
                            address="ul. Ruska 1", services=("meal",))
    assert (registered.name, amended.name) == ("register_provider", "amend_provider")
