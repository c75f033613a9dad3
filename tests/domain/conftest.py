"""Shared givens for the domain tests: a Wrocław household and its opened folder."""

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.care import CareTerms
from domain.case_folder import CaseFolder
from domain.household import Address, Member
from domain.identifiers import Pesel
from domain.proceeding import Proceeding
from domain.service_order import ServiceOrder
from domain.social_work import Visit
from tests.domain.care_givens import (
    decide,
    file_application,
    make_care_terms,
    place_order,
    scheduled_order,
)

OPENED_ON = date(2025, 3, 3)
TEAM = "ZTPS-3"


@pytest.fixture
def address() -> Address:
    return Address.create(
        street="Legnicka",
        building="12",
        flat="3",
        postal_code="54-203",
        city="Wrocław",
        teryt="0264029",
    )


@pytest.fixture
def head() -> Member:
    return Member.create(
        member_id=uuid4(),
        first_name="Anna",
        last_name="Kowalska",
        pesel="44051401458",
        relation="head",
    )


@pytest.fixture
def make_member() -> Callable[..., Member]:
    def make(relation: str = "child", serial: int = 1, **overrides: object) -> Member:
        values: dict[str, object] = {
            "member_id": uuid4(),
            "first_name": "Ola",
            "last_name": "Kowalska",
            "pesel": Pesel.make(date(2012, 6, 1), serial, "F").value,
            "relation": relation,
        }
        values.update(overrides)
        return Member.create(**values)  # type: ignore[arg-type]

    return make


@pytest.fixture
def make_visit() -> Callable[..., Visit]:
    def make(
        visit_id: UUID | None = None, visited_on: date = OPENED_ON, **overrides: object
    ) -> Visit:
        values: dict[str, object] = {
            "visit_id": visit_id or uuid4(),
            "visited_on": visited_on,
            "minutes": 45,
            "activity": "home_visit",
            "place": "mieszkanie klientki",
            "notes": "Rozmowa o rachunkach za prąd.",
        }
        values.update(overrides)
        return Visit(**values)  # type: ignore[arg-type]

    return make


@pytest.fixture
def folder(address: Address, head: Member) -> CaseFolder:
    """Given a folder opened for the household (its opening event already saved)."""
    opened = CaseFolder.open(
        folder_id=uuid4(), team_id=TEAM, address=address, head=head, opened_on=OPENED_ON
    )
    opened.collect_events()
    return opened


# Givens for proceedings and service orders; the builders live in care_givens.py so that
# the hypothesis state machines can use them too.


@pytest.fixture
def care_terms() -> CareTerms:
    return make_care_terms()


@pytest.fixture
def filed_proceeding() -> Proceeding:
    """Given an application for care services, filed and saved."""
    return file_application()


@pytest.fixture
def decided_proceeding(filed_proceeding: Proceeding) -> Proceeding:
    """Given a granting care decision, issued and saved."""
    decide(filed_proceeding)
    filed_proceeding.collect_events()
    return filed_proceeding


@pytest.fixture
def caregiver_id() -> UUID:
    return uuid4()


@pytest.fixture
def order() -> ServiceOrder:
    """Given a service order placed with MCUS and saved."""
    return place_order()


@pytest.fixture
def scheduled(caregiver_id: UUID) -> ServiceOrder:
    """Given an order accepted, with a caregiver assigned and a weekly schedule."""
    return scheduled_order(caregiver_id)
