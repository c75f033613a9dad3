"""Valid command bodies and domain values, so each test states only what it is about."""

from __future__ import annotations

import itertools
import uuid
from datetime import date, timedelta
from typing import Any

from domain.identifiers import Pesel

_serial = itertools.count(1)


def new_id() -> str:
    return str(uuid.uuid4())


def valid_pesel(born: date | None = None, sex: str = "F") -> str:
    """A PESEL no other call in this process made (one person, one open folder: a test's
    folders must not share one by chance), born on `born` if given."""
    serial = next(_serial)
    if born is None:
        return Pesel.make(date(1956, 3, 14) + timedelta(days=serial // 1000), serial % 1000,
                          sex).value
    # One birth date holds 5,000 PESELs of a sex (three serial digits, five sex digits);
    # `Pesel.make` ties the sex digit to the serial, which gave only 1,000 before repeating.
    n = serial % 5000
    first_nine = Pesel.make(born, n % 1000, sex).value[:9]
    first_ten = f"{first_nine}{(n // 1000) * 2 + (1 if sex == 'M' else 0)}"
    return Pesel(first_ten + str(Pesel.check_digit(first_ten))).value


def address_body(**overrides: Any) -> dict[str, Any]:
    body = {"street": "Legnicka", "building": "12", "flat": "3", "postal_code": "54-203",
            "city": "Wrocław", "teryt": "0264029"}
    return body | overrides


def member_body(relation: str = "head", **overrides: Any) -> dict[str, Any]:
    body = {"member_id": new_id(), "first_name": "Halina", "last_name": "Kowalczyk",
            "pesel": valid_pesel(), "relation": relation}
    return body | overrides


def open_folder_body(team_id: str = "ZTPS-1", **overrides: Any) -> dict[str, Any]:
    body = {"command_id": new_id(), "folder_id": new_id(), "team_id": team_id,
            "opened_on": (date.today() - timedelta(days=30)).isoformat(),
            "address": address_body(), "head": member_body()}
    return body | overrides


def visit_body(expected_version: int, **overrides: Any) -> dict[str, Any]:
    visit = {"visit_id": new_id(), "visited_on": date.today().isoformat(), "minutes": 45,
             "activity": "home_visit", "place": "mieszkanie", "notes": "Rozmowa o potrzebach."}
    visit |= overrides.pop("visit", {})
    body = {"command_id": new_id(), "expected_version": expected_version, "visit": visit}
    return body | overrides


MANDATORY_SECTIONS = {
    "A": "Dane osoby i rodziny.",
    "H": "Oczekuje pomocy w prowadzeniu domu.",
    "I": "Samotna, niesamodzielna.",
    "J": "Usługi opiekuńcze, praca socjalna.",
}


def interview_body(expected_version: int, **overrides: Any) -> dict[str, Any]:
    body = {"command_id": new_id(), "expected_version": expected_version,
            "conducted_on": date.today().isoformat(), "sections": dict(MANDATORY_SECTIONS)}
    return body | overrides


def add_member_body(expected_version: int, **overrides: Any) -> dict[str, Any]:
    member = member_body("child", first_name="Jan") | overrides.pop("member", {})
    body = {"command_id": new_id(), "expected_version": expected_version, "member": member}
    return body | overrides


def correction_body(expected_version: int, **fields: Any) -> dict[str, Any]:
    return {"command_id": new_id(), "expected_version": expected_version} | fields


def change_address_body(expected_version: int, **overrides: Any) -> dict[str, Any]:
    address = address_body(street="Powstańców Śląskich", building="95", flat=None,
                           postal_code="53-332", teryt="0264039")
    address |= overrides.pop("address", {})
    body = {"command_id": new_id(), "expected_version": expected_version, "address": address,
            "changed_on": date.today().isoformat()}
    return body | overrides


def assignment_body(expected_version: int, worker_id: str, **overrides: Any) -> dict[str, Any]:
    body = {"command_id": new_id(), "expected_version": expected_version, "worker_id": worker_id}
    return body | overrides


def transfer_body(expected_version: int, team_id: str, **overrides: Any) -> dict[str, Any]:
    body = {"command_id": new_id(), "expected_version": expected_version, "team_id": team_id}
    return body | overrides


def schedule_interview_body(
    expected_version: int, trigger_date: date | None = None, **overrides: Any
) -> dict[str, Any]:
    body = {"command_id": new_id(), "expected_version": expected_version,
            "interview_id": new_id(),
            "trigger_date": (trigger_date or date.today()).isoformat(), "urgent": False}
    return body | overrides


def bank_account_body(expected_version: int, member_id: str, **overrides: Any) -> dict[str, Any]:
    """The account a member's benefits are paid to (a valid Polish IBAN)."""
    body = {"command_id": new_id(), "expected_version": expected_version,
            "member_id": member_id, "iban": "PL61 1090 1014 0000 0712 1981 2874"}
    return body | overrides


def income_body(expected_version: int, member_id: str, **overrides: Any) -> dict[str, Any]:
    """A member's net income for last month (art. 8 ust. 3)."""
    last_month = date.today().replace(day=1) - timedelta(days=1)
    body = {"command_id": new_id(), "expected_version": expected_version,
            "member_id": member_id, "month": last_month.replace(day=1).isoformat(),
            "net_income": "640.00"}
    return body | overrides


def closure_body(expected_version: int, **overrides: Any) -> dict[str, Any]:
    body = {"command_id": new_id(), "expected_version": expected_version,
            "closed_on": date.today().isoformat(), "reason": "Rodzina wyprowadziła się z gminy."}
    return body | overrides
