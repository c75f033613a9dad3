"""Givens for the tests of proceedings, care terms and service orders.

Plain builders, so that hypothesis state machines (which take no fixtures) can use them
too; ``conftest.py`` wraps them as fixtures.
"""

from dataclasses import asdict
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from uuid import UUID, uuid4

from domain.care import CareTerms, CashTerms
from domain.care_visits import ScheduleSlot
from domain.handoff import Handoff
from domain.proceeding import Proceeding
from domain.service_order import ServiceOrder

FILED_ON = date(2025, 3, 3)
INTERVIEW_ON = date(2025, 3, 10)
ISSUED_ON = date(2025, 3, 20)
PLACED_ON = date(2025, 3, 21)
CASE_REFERENCE = "ZTPS1.5111.42.2025"
PROVIDER = "MCUS"
SIGNATORY = "Jan Nowak, z upoważnienia Prezydenta"
WARSAW_WINTER = timezone(timedelta(hours=1))
WARSAW_SUMMER = timezone(timedelta(hours=2))


def make_care_terms(**overrides: object) -> CareTerms:
    """Meals and shopping, 2 h on Mondays, Wednesdays and Fridays, April to December 2025."""
    values: dict[str, object] = {
        "tasks": ("meals", "shopping", "cleaning"),
        "hours_per_day": Decimal(2),
        "hours_per_week": Decimal(6),
        "weekdays": (1, 3, 5),
        "period_from": date(2025, 4, 1),
        "period_to": date(2025, 12, 31),
        "place": "miejsce zamieszkania",
        "provider_id": PROVIDER,
        "hourly_cost": Decimal("31.50"),
        "fee_share_percent": Decimal(10),
    }
    values.update(overrides)
    return CareTerms(**values)  # type: ignore[arg-type]


def changed_terms(terms: CareTerms, **changes: object) -> CareTerms:
    return CareTerms(**{**asdict(terms), **changes})  # type: ignore[arg-type]


def make_cash_terms(**overrides: object) -> CashTerms:
    values: dict[str, object] = {
        "amount": Decimal("450.00"),
        "period_from": date(2025, 4, 1),
        "period_to": date(2025, 6, 30),
        "installments": 3,
    }
    values.update(overrides)
    return CashTerms(**values)  # type: ignore[arg-type]


def make_handoff(**overrides: object) -> Handoff:
    values: dict[str, object] = {
        "client_name": "Anna Kowalska",
        "address_line": "Legnicka 12/3, 54-203 Wrocław",
        "contact_phone": "+48 600 100 200",
        "access_notes": "Domofon 3, klucz u sąsiadki spod 4.",
        "household_summary": "Mieszka sama.",
        "health_notes": "Cukrzyca, porusza się o kuli.",
        "family_notes": "Córka w Berlinie, dzwoni w niedziele.",
        "social_worker_id": UUID(int=42),
        "social_worker_name": "Ewa Nowak",
        "social_worker_phone": None,
    }
    values.update(overrides)
    return Handoff(**values)  # type: ignore[arg-type]


def file_application(form: str = "care_services", **overrides: object) -> Proceeding:
    """Given an application filed by the person, its event already saved."""
    values: dict[str, object] = {
        "proceeding_id": uuid4(),
        "folder_id": uuid4(),
        "person_id": uuid4(),
        "form": form,
        "applicant": "person",
        "filed_on": FILED_ON,
        "case_reference": CASE_REFERENCE,
    }
    values.update(overrides)
    proceeding = Proceeding.file_application(**values)  # type: ignore[arg-type]
    proceeding.collect_events()
    return proceeding


def decide(proceeding: Proceeding, **overrides: object) -> None:
    """Issue a granting decision with care terms, after an interview."""
    values: dict[str, object] = {
        "decision_id": uuid4(),
        "outcome": "grant",
        "reasons": ("5", "6"),
        "legal_basis": "art. 50 ust. 1 ustawy o pomocy społecznej",
        "signatory": SIGNATORY,
        "issued_on": ISSUED_ON,
        "interview_conducted_on": INTERVIEW_ON,
        "care": make_care_terms(),
        "cash": None,
    }
    values.update(overrides)
    proceeding.issue_decision(**values)  # type: ignore[arg-type]


def place_order(terms: CareTerms | None = None, **overrides: object) -> ServiceOrder:
    """Given an order placed with MCUS, its event already saved."""
    values: dict[str, object] = {
        "order_id": uuid4(),
        "provider_id": PROVIDER,
        "proceeding_id": uuid4(),
        "decision_id": uuid4(),
        "folder_id": uuid4(),
        "person_id": uuid4(),
        "case_reference": CASE_REFERENCE,
        "form": "care_services",
        "terms": terms or make_care_terms(),
        "handoff": make_handoff(),
        "placed_on": PLACED_ON,
    }
    values.update(overrides)
    order = ServiceOrder.place(**values)  # type: ignore[arg-type]
    order.collect_events()
    return order


MONDAY_WEDNESDAY_FRIDAY = (
    ScheduleSlot(1, time(9, 0), 120),
    ScheduleSlot(3, time(9, 0), 120),
    ScheduleSlot(5, time(13, 30), 120),
)


def scheduled_order(caregiver_id: UUID, terms: CareTerms | None = None) -> ServiceOrder:
    """Given an order accepted, with a caregiver and a weekly schedule, events saved."""
    order = place_order(terms)
    order.accept(PLACED_ON, coordinator_id=UUID(int=7))
    order.assign_caregiver(caregiver_id)
    order.set_schedule(MONDAY_WEDNESDAY_FRIDAY)
    order.collect_events()
    return order


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment in Wrocław on a day of 2025 (summer time from 30 March to 26 October)."""
    summer = date(2025, 3, 30) <= day < date(2025, 10, 26)
    zone = WARSAW_SUMMER if summer else WARSAW_WINTER
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def visit(order: ServiceOrder, caregiver_id: UUID, day: date, hours: int = 2, **kw) -> UUID:
    """A visit from 9:00 lasting ``hours``, the tasks done being meals by default."""
    visit_id = uuid4()
    order.start_visit(visit_id=visit_id, caregiver_id=caregiver_id, started_at=at(day, 9))
    order.complete_visit(
        visit_id=visit_id,
        ended_at=at(day, 9 + hours),
        tasks_done=kw.get("tasks_done", ("meals",)),
    )
    return visit_id
