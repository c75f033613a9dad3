"""Marker people for the access-log tests: households whose every personal value is a
distinct marker, seeded through the real use cases over HTTP, so that each role has
something of theirs to read — and each marker says whose data an answer showed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from tests.api.care_givens import care_terms, post
from tests.support.builders import MANDATORY_SECTIONS, member_body, new_id, valid_pesel


@dataclass(frozen=True)
class Subject:
    """Whose data a marker is: a household (folder), or a person in it."""

    folder_id: str
    person_id: str | None = None


@dataclass
class Seeded:
    markers: dict[str, Subject] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)
    proceedings: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    orders: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)

    def mark(self, subject: Subject, *values: str) -> None:
        """Note whose each value is. A text is known by its ASCII label before the colon
        ("Zdrowie-Beta: …"), found however the answer escapes or shortens the rest."""
        for value in values:
            token = value.split(":")[0]
            assert token.isascii() and token not in self.markers, value
            self.markers[token] = subject


def _household(http, seeded: Seeded, tag: str, team: str) -> tuple[dict, int]:
    """A folder whose head, child, address, visit notes and interview text are markers."""
    head = member_body(first_name=f"Zenobia{tag}", last_name=f"Znacznikowa{tag}",
                       pesel=valid_pesel(date(1948, 2, 11)))
    child = member_body("child", first_name=f"Ignacy{tag}", last_name=f"Znacznikowy{tag}",
                        pesel=valid_pesel(date(2012, 6, 3), sex="M"))
    body = {"command_id": new_id(), "folder_id": new_id(), "team_id": team,
            "opened_on": (date.today() - timedelta(days=40)).isoformat(),
            "address": {"street": f"Markerowa{tag}", "building": "7", "flat": "2",
                        "postal_code": "54-203", "city": "Wrocław", "teryt": "0264029"},
            "head": head}
    folder = post(http, "/api/folders", body)
    folder_id = folder["folder_id"]
    household = Subject(folder_id)
    seeded.folders.append(folder_id)
    seeded.surnames.append(head["last_name"])
    seeded.mark(household, folder_id, f"Markerowa{tag}")
    seeded.mark(Subject(folder_id, head["member_id"]), head["member_id"], head["first_name"],
                head["last_name"], head["pesel"])
    version = post(http, f"/api/folders/{folder_id}/members",
                   {"expected_version": folder["version"], "member": child})["version"]
    seeded.mark(Subject(folder_id, child["member_id"]), child["member_id"],
                child["first_name"], child["last_name"], child["pesel"])
    visit_note = f"Notatka-wizyty-{tag}: nadużywa alkoholu, konflikt z synem."
    version = post(http, f"/api/folders/{folder_id}/visits", {
        "expected_version": version,
        "visit": {"visit_id": new_id(), "visited_on": date.today().isoformat(), "minutes": 45,
                  "activity": "home_visit", "place": "mieszkanie", "notes": visit_note},
    })["version"]
    interview_text = f"Wywiad-{tag}: choruje na cukrzycę, wymaga pomocy przy lekach."
    version = post(http, f"/api/folders/{folder_id}/interviews/{new_id()}/conducted", {
        "expected_version": version,
        "conducted_on": (date.today() - timedelta(days=3)).isoformat(),
        "sections": dict(MANDATORY_SECTIONS) | {"C": interview_text},
    })["version"]
    seeded.mark(household, visit_note, interview_text)
    return head, version


def _registered(http, seeded: Seeded, tag: str) -> None:
    """F4: a household registered at first contact, waiting in ZTPS-1 for a worker."""
    head = member_body(first_name=f"Zenobia{tag}", last_name=f"Znacznikowa{tag}",
                       pesel=valid_pesel(date(1951, 3, 12)))
    folder = post(http, "/api/folders", {
        "folder_id": new_id(), "opened_on": date.today().isoformat(),
        "address": {"street": f"Markerowa{tag}", "building": "7", "flat": None,
                    "postal_code": "54-203", "city": "Wrocław", "teryt": "0264029"},
        "head": head})
    folder_id = folder["folder_id"]
    seeded.folders.append(folder_id)
    seeded.surnames.append(head["last_name"])
    seeded.mark(Subject(folder_id), folder_id, f"Markerowa{tag}")
    seeded.mark(Subject(folder_id, head["member_id"]), head["member_id"], head["first_name"],
                head["last_name"], head["pesel"])


def _paid(api, folder_id: str, member_id: str, start: date) -> None:
    """F2's head is granted a permanent allowance from ``start`` (delivered, paid to her
    recorded account): the manager builds and approves today's payment list, so the list
    and its bank files name her; the next instalment is what falls due a month on."""
    last_month = (start.replace(day=1) - timedelta(days=1)).replace(day=1)
    proceeding_id = new_id()
    with api.client("worker") as worker:
        folder = api.system.app.repository.get(UUID(folder_id))
        version = folder.version
        for member in folder.current_members:
            version = post(worker, f"/api/folders/{folder_id}/incomes", {
                "expected_version": version, "member_id": str(member),
                "month": last_month.isoformat(),
                "net_income": "640.00" if str(member) == member_id else "0.00"})["version"]
        post(worker, f"/api/folders/{folder_id}/bank-accounts", {
            "expected_version": version, "member_id": member_id,
            "iban": "PL61109010140000071219812874"})
        filed = post(worker, f"/api/folders/{folder_id}/proceedings", {
            "proceeding_id": proceeding_id, "person_id": member_id,
            "form": "permanent_allowance", "applicant": "person", "on": start.isoformat(),
            "case_reference": "ZTPS1.8210.990.2026"})
    with api.client("decision_maker") as decider:
        amount = decider.get(f"/api/proceedings/{proceeding_id}/benefit-calculation",
                             params={"after": filed["position"]}).json()["suggested"]
        issued = post(decider, f"/api/proceedings/{proceeding_id}/decision", {
            "expected_version": filed["version"], "decision_id": new_id(), "outcome": "grant",
            "reasons": ["1"], "legal_basis": "art. 37 ust. 1",
            "signatory": "z up. Prezydenta Wrocławia, Jan Dec", "issued_on": start.isoformat(),
            "cash": {"amount": amount, "period_from": start.isoformat()}})
        delivered = post(decider, f"/api/proceedings/{proceeding_id}/delivery", {
            "expected_version": issued["version"], "on": start.isoformat()})
    with api.client("manager") as manager:
        head = delivered["position"]
        manager.get("/api/payments/due", params={"payment_date": date.today().isoformat(),
                                                  "after": head}).raise_for_status()
        built = post(manager, "/api/payments/lists", {"payment_date": date.today().isoformat()})
        post(manager, f"/api/payments/lists/{date.today()}/approval",
             {"expected_version": built["version"]})
    # Part of it was undue (art. 98): the receivables name her too.
    with api.client("decision_maker") as decider:
        version = api.system.app.repository.get(UUID(proceeding_id)).version
        post(decider, f"/api/proceedings/{proceeding_id}/reclaims", {
            "expected_version": version, "reclaim_id": new_id(),
            "on": date.today().isoformat(), "amount": "10.00", "basis": "false_information",
            "period_from": start.isoformat(), "period_to": date.today().isoformat(),
            "instalments": [{"due_on": (date.today() + timedelta(days=30)).isoformat(),
                             "amount": "10.00"}],
            "reason": "Zatajony dochód.", "signatory": "z up. Prezydenta Wrocławia, Jan Dec"})


def seed(api) -> Seeded:
    """F1: a ZTPS-1 household with a pending application; F2: a ZTPS-1 household whose care
    was granted, accepted, given a caregiver and scheduled, with a visit done and an
    observation raised; F3: a ZTPS-2 household."""
    seeded = Seeded()
    start = date.today() - timedelta(days=3)
    with api.client("worker") as worker:
        head1, _ = _household(worker, seeded, "Alfa", "ZTPS-1")
        head2, _ = _household(worker, seeded, "Beta", "ZTPS-1")
        # Opened by the worker, both folders are hers (in her caseload) from the start.
        proceedings = []
        for n, (folder_id, head, form) in enumerate((
                (seeded.folders[0], head1, "periodic_allowance"),
                (seeded.folders[1], head2, "care_services"))):
            proceeding_id = new_id()
            proceedings.append(post(worker, f"/api/folders/{folder_id}/proceedings", {
                "proceeding_id": proceeding_id, "person_id": head["member_id"], "form": form,
                "applicant": "person", "on": start.isoformat(),
                "case_reference": f"ZTPS1.8210.{900 + n}.2026"}))
            seeded.proceedings.append(proceeding_id)
            seeded.mark(Subject(folder_id, head["member_id"]), proceeding_id)
    with api.client("worker_other_team") as other:
        _household(other, seeded, "Gamma", "ZTPS-2")
    with api.client("first_contact") as intake:
        _registered(intake, seeded, "Delta")

    care = Subject(seeded.folders[1], head2["member_id"])
    notes = {"access_notes": "Klucz-Beta: u sąsiadki spod 3.",
             "health_notes": "Zdrowie-Beta: po udarze, niedowład prawej ręki.",
             "family_notes": "Rodzina-Beta: syn za granicą, córka nie odwiedza."}
    seeded.mark(care, *notes.values())
    with api.client("decision_maker") as decider:
        decided = post(decider, f"/api/proceedings/{seeded.proceedings[1]}/decision", {
            "expected_version": proceedings[1]["version"], "decision_id": new_id(),
            "outcome": "grant", "reasons": ["5"], "legal_basis": "art. 50 ust. 1",
            "signatory": "z up. Prezydenta Wrocławia, Jan Dec", "issued_on": start.isoformat(),
            "care": care_terms(start, weekdays=[1, 2, 3, 4, 5, 6, 7], hours_per_week="14.00"),
            "notes": notes})
    # The decision's document (its PDF names the party): GET …/documents/{document_id}.
    issued = api.system.app.repository.get(UUID(seeded.proceedings[1]))
    seeded.documents.extend(issued.documents)
    with api.client("coordinator") as coordinator:
        queue = coordinator.get("/api/handoff/queue", params={"after": decided["position"]})
        order = next(o for o in queue.json() if o["folder_id"] == seeded.folders[1])
        order_id = order["order_id"]
        seeded.orders.append(order_id)
        seeded.mark(care, order_id)
        v = post(coordinator, f"/api/handoff/orders/{order_id}/acceptance",
                 {"expected_version": order["version"], "on": start.isoformat()})["version"]
        v = post(coordinator, f"/api/handoff/orders/{order_id}/caregiver",
                 {"expected_version": v, "caregiver_id": api.user_ids["caregiver"]})["version"]
        v = post(coordinator, f"/api/handoff/orders/{order_id}/schedule", {
            "expected_version": v,
            "slots": [{"weekday": d, "start": "10:00", "minutes": 120} for d in range(1, 8)],
        })["version"]
    observation = "Obserwacja-Beta: upadła w łazience, siniak na biodrze."
    seeded.mark(care, observation)
    with api.client("caregiver") as caregiver:
        visit_id = new_id()
        seeded.mark(care, visit_id)
        began = datetime.now(UTC) - timedelta(hours=3)
        v = post(caregiver, f"/api/caregiver/orders/{order_id}/visits", {
            "expected_version": v, "visit_id": visit_id,
            "started_at": began.isoformat()})["version"]
        v = post(caregiver, f"/api/caregiver/orders/{order_id}/visits/{visit_id}/completion", {
            "expected_version": v, "ended_at": (began + timedelta(hours=2)).isoformat(),
            "tasks_done": ["meals"]})["version"]
        post(caregiver, f"/api/caregiver/orders/{order_id}/observations", {
            "expected_version": v, "observation_id": new_id(), "kind": "fall",
            "note": observation, "raised_at": datetime.now(UTC).isoformat()})
    _paid(api, seeded.folders[1], head2["member_id"], start)
    with api.client("worker") as worker:  # so the ZTPS-1 access log has entries to show
        head = api.system.app.head_position()
        worker.get(f"/api/folders/{seeded.folders[0]}", params={"after": head}).raise_for_status()
    return seeded
