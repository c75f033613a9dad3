"""The heart of the scenario, over HTTP: a care decision reaches MCUS at once, care is
delivered, a caregiver's observation reaches the social worker, an amendment changes the
order live, the month is settled — and every read model shows the same after a rebuild."""

from __future__ import annotations

import json
import queue
import threading
import time
from datetime import UTC, date, datetime, timedelta

import httpx

from projections import tracking
from tests.support.builders import interview_body, new_id, open_folder_body


def _last_month() -> tuple[int, int, date]:
    first_this = date.today().replace(day=1)
    last = first_this - timedelta(days=1)
    return last.year, last.month, last.replace(day=1)


class SseReader:
    """Reads `event: order` messages of an open stream in a thread."""

    def __init__(self, api, who: str) -> None:
        self.events: queue.Queue[dict] = queue.Queue()
        self.client = httpx.Client(base_url=api.base_url, timeout=None,
                                   headers={"Authorization": f"Bearer {api.tokens[who]}"})
        self.ready = threading.Event()
        self.closed = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self.ready.wait(10)

    def _run(self) -> None:
        try:
            self._read()
        except httpx.HTTPError:
            if not self.closed:  # closing the client ends the read: that is not a failure
                raise

    def _read(self) -> None:
        with self.client.stream("GET", "/api/handoff/stream") as response:
            assert response.status_code == 200
            self.ready.set()
            kind = None
            for line in response.iter_lines():
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: ") and kind == "order":
                    self.events.put(json.loads(line[6:]))

    def next_for(self, order_id: str, timeout: float = 10.0, **expected) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            event = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            if event["order_id"] == order_id and all(event[k] == v for k, v in expected.items()):
                return event

    def close(self) -> None:
        self.closed = True
        self.client.close()


def _post(http: httpx.Client, path: str, body: dict, status: int = 201) -> dict:
    answer = http.post(path, json={"command_id": new_id(), **body})
    assert answer.status_code == status, answer.text
    return answer.json()


def test_a_care_decision_flows_to_mcus_and_back_to_the_social_worker(api):
    year, month, month_start = _last_month()
    issued_on = month_start - timedelta(days=3)
    worker, decider = api.client("worker"), api.client("decision_maker")
    coordinator, caregiver = api.client("coordinator"), api.client("caregiver")
    stream = SseReader(api, "coordinator")
    try:
        # The social worker: folder (hers, as she opens it), interview, application.
        body = open_folder_body(opened_on=(issued_on - timedelta(days=30)).isoformat())
        person = body["head"]["member_id"]
        folder = _post(worker, "/api/folders", body)
        _post(worker, f"/api/folders/{folder['folder_id']}/interviews/{new_id()}/conducted",
              interview_body(folder["version"], conducted_on=(issued_on - timedelta(days=4))
                             .isoformat()) | {"command_id": new_id()})
        proceeding_id = new_id()
        filed = _post(worker, f"/api/folders/{folder['folder_id']}/proceedings", {
            "proceeding_id": proceeding_id, "person_id": person, "form": "care_services",
            "applicant": "person", "on": (issued_on - timedelta(days=4)).isoformat(),
            "case_reference": f"ZTPS1.8210.{int(time.time()) % 100000}.2026"})

        # The decision maker sees it pending and grants care services.
        pending = decider.get("/api/proceedings/pending", params={"after": filed["position"]})
        assert proceeding_id in [p["proceeding_id"] for p in pending.json()]
        terms = {"tasks": ["personal_hygiene", "meals", "shopping"], "hours_per_day": "2.00",
                 "hours_per_week": "14.00", "weekdays": [1, 2, 3, 4, 5, 6, 7],
                 "period_from": issued_on.isoformat(),
                 "period_to": (issued_on + timedelta(days=180)).isoformat(),
                 "place": "miejsce zamieszkania", "provider_id": "MCUS",
                 "hourly_cost": "38.50", "fee_share_percent": "10.00"}
        decided = _post(decider, f"/api/proceedings/{proceeding_id}/decision", {
            "expected_version": filed["version"], "decision_id": new_id(), "outcome": "grant",
            "reasons": ["5", "6"], "legal_basis": "art. 50 ust. 1 ustawy o pomocy społecznej",
            "signatory": "z up. Prezydenta Wrocławia, Jan Dec", "issued_on": issued_on.isoformat(),
            "care": terms, "notes": {"access_notes": "Domofon nie działa, dzwonić.",
                                     "health_notes": "Cukrzyca, porusza się o kulach."}})

        # Decided, it leaves the worklist and joins the decided ones still to deliver.
        decided_list = decider.get("/api/proceedings/decided",
                                   params={"after": decided["position"]}).json()
        mine = [p for p in decided_list if p["proceeding_id"] == proceeding_id]
        assert [(p["status"], p["reasons"], p["appeal_filed_on"]) for p in mine] == [
            ("decided", ["5", "6"], None)]
        assert proceeding_id not in [p["proceeding_id"] for p in decider.get(
            "/api/proceedings/pending", params={"after": decided["position"]}).json()]

        # MCUS has it at once, on the open screen, with what is needed to start care.
        event = stream.events.get(timeout=10)
        while event["status"] != "awaiting_acceptance":
            event = stream.events.get(timeout=10)
        order_id = event["order_id"]
        assert event["access_notes"] == "Domofon nie działa, dzwonić."
        assert event["health_notes"].startswith("Cukrzyca")
        assert event["client_name"] == f'{body["head"]["first_name"]} {body["head"]["last_name"]}'
        assert event["social_worker_id"] == api.user_ids["worker"]
        assert decided["position"] - 3 <= event["position"] < decided["position"]

        o = _post(coordinator, f"/api/handoff/orders/{order_id}/acceptance",
                  {"expected_version": event["version"], "on": issued_on.isoformat()})
        o = _post(coordinator, f"/api/handoff/orders/{order_id}/caregiver",
                  {"expected_version": o["version"], "caregiver_id": api.user_ids["caregiver"]})
        o = _post(coordinator, f"/api/handoff/orders/{order_id}/schedule", {
            "expected_version": o["version"],
            "slots": [{"weekday": d, "start": "09:00", "minutes": 120} for d in range(1, 8)]})
        assert stream.next_for(order_id, status="scheduled")["schedule"][0]["start"] == "09:00"

        # The caregiver sees only what care needs, checks in and out.
        visits = caregiver.get("/api/caregiver/visits", params={"after": o["position"]}).json()
        mine = [v for v in visits if v["order_id"] == order_id]
        assert mine and set(mine[0]) >= {"client_name", "address_line", "tasks", "health_notes"}
        assert not {"reasons", "income", "family_notes", "household_summary"} & set(mine[0])
        visit_id, start = new_id(), datetime.combine(month_start, datetime.min.time(),
                                                     tzinfo=UTC) + timedelta(hours=8)
        o = _post(caregiver, f"/api/caregiver/orders/{order_id}/visits", {
            "expected_version": o["version"], "visit_id": visit_id,
            "started_at": start.isoformat()})
        o = _post(caregiver, f"/api/caregiver/orders/{order_id}/visits/{visit_id}/completion", {
            "expected_version": o["version"],
            "ended_at": (start + timedelta(hours=2)).isoformat(),
            "tasks_done": ["personal_hygiene", "meals"]})
        o = _post(caregiver, f"/api/caregiver/orders/{order_id}/observations", {
            "expected_version": o["version"], "observation_id": new_id(), "kind": "fall",
            "note": "Upadła w łazience, siniak na ręce.",
            "raised_at": datetime.now(UTC).isoformat()})

        # The social worker sees the alert in the client view and the caseload.
        view = worker.get(f"/api/folders/{folder['folder_id']}", params={"after": o["position"]})
        assert view.json()["alerts"] == 1
        assert view.json()["observations"][0]["kind"] == "fall"
        assert view.json()["orders"][0]["status"] == "running"
        caseload = {f["folder_id"]: f for f in worker.get("/api/caseload").json()}
        assert caseload[folder["folder_id"]]["alerts"] == 1

        # An amendment changes the running order, live and flagged.
        amended = _post(decider, f"/api/proceedings/{proceeding_id}/amendment", {
            "expected_version": decided["version"], "amended_on": date.today().isoformat(),
            "reason": "Pogorszenie stanu zdrowia",
            "care": terms | {"hours_per_day": "3.00", "hours_per_week": "21.00"}})
        changed = stream.next_for(order_id, changed=True)
        assert changed["terms"]["hours_per_week"] == "21.00"
        assert changed["position"] < amended["position"]

        # The month is settled: hours × cost, split by the fee share.
        current = coordinator.get(f"/api/handoff/orders/{order_id}",
                                  params={"after": amended["position"]}).json()
        settled = _post(coordinator, f"/api/handoff/orders/{order_id}/settlements", {
            "expected_version": current["version"], "year": year, "month": month,
            "closed_on": date.today().isoformat()})
        report = coordinator.get(f"/api/handoff/orders/{order_id}/months/{year}/{month}",
                                 params={"after": settled["position"]}).json()
        assert report["delivered_hours"] == "2.00"
        assert report["settlement"]["total"] == "77.00"
        assert report["settlement"]["client_pays"] == "7.70"
    finally:
        stream.close()
        for client in (worker, decider, coordinator, caregiver):
            client.close()

    # Every read model involved shows the same after a rebuild.
    system = api.system
    for name in ("client_view", "proceedings", "handoff_queue", "care_delivery"):
        projection = system.projection(name)
        with system.engine.connect() as conn:
            before = tracking.active_generation(conn, name)
            digest = projection.digest(conn, projection.tables(before.generation))
        generation = system.rebuild(name)
        deadline = time.monotonic() + 30
        while True:
            with system.engine.connect() as conn:
                now = tracking.active_generation(conn, name)
                if now.generation == generation and now.position == before.position:
                    assert projection.digest(conn, projection.tables(generation)) == digest
                    break
                if now.generation == generation and now.position > before.position:
                    break  # others wrote meanwhile (access log): the digest may differ
            assert time.monotonic() < deadline, f"{name} did not rebuild"
            time.sleep(0.05)
