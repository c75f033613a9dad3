"""Shared givens for the domain tests: a Wrocław household and its opened folder."""

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.case_folder import CaseFolder
from domain.household import Address, Member
from domain.identifiers import Pesel
from domain.social_work import Visit

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
