"""Every typed text and number has a limit in the domain, the one the request schemas state
(tests/api/test_schema_limits.py): a value at the limit is accepted, one beyond is refused."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, time
from decimal import Decimal

import pytest

from domain.care import CARE_TERMS_MAX_LENGTHS, MAX_INSTALLMENTS
from domain.care_visits import MAX_VISIT_MINUTES, InvalidSlotMinutesError, ScheduleSlot
from domain.case_folder import MAX_CLOSE_REASON_LENGTH, CaseFolder, InvalidTeamError
from domain.decision import (
    MAX_CHANGE_REASON_LENGTH,
    MAX_LEGAL_BASIS_LENGTH,
    MAX_SIGNATORY_LENGTH,
)
from domain.errors import InvalidValueError
from domain.fees import (
    EXAMPLE_FEE_SHARE_TABLES,
    INCOME_CRITERIA,
    MAX_HOUSEHOLD_SIZE,
    InvalidHouseholdSizeError,
    fee_share_percent,
)
from domain.handoff import MAX_PHONE_LENGTH
from domain.household import ADDRESS_MAX_LENGTHS, Address, Member
from domain.service_order import MAX_REASON_LENGTH
from domain.social_contract import MAX_GOALS_LENGTH, SocialContract
from domain.text import TextTooLongError
from domain.user import MAX_UNIT_LENGTH, InvalidUnitError, User
from tests.domain.care_givens import (
    PLACED_ON,
    decide,
    file_application,
    make_care_terms,
    make_cash_terms,
    make_handoff,
    place_order,
)


def address(**typed: str) -> Address:
    values = {"street": "Długa", "building": "1", "flat": "2", "postal_code": "50-001",
              "city": "Wrocław", "teryt": "0264069"} | typed
    return Address.create(**values)


def folder(**overrides) -> CaseFolder:
    values = {"folder_id": uuid.uuid4(), "team_id": "ZTPS-1", "address": address(),
              "head": Member.create(member_id=uuid.uuid4(), first_name="Jan", last_name="Kot",
                                    relation="head", pesel="44051401458"),
              "opened_on": date(2026, 1, 5)} | overrides
    return CaseFolder.open(**values)


def decided() -> object:
    proceeding = file_application()
    decide(proceeding)
    return proceeding


def accepted_order() -> object:
    order = place_order()
    order.accept(PLACED_ON, uuid.uuid4())
    return order


def x(n: int) -> str:
    return "x" * n


# (what is typed, its limit, how the domain reads it, the error beyond the limit)
TEXTS: list[tuple[str, int, Callable[[str], object], type[Exception]]] = [
    *[(f"address.{field}", limit, lambda t, f=field: address(**{f: t}), TextTooLongError)
      for field, limit in ADDRESS_MAX_LENGTHS.items()],
    ("folder.team_id", MAX_UNIT_LENGTH, lambda t: folder(team_id=t), InvalidTeamError),
    ("folder.close_reason", MAX_CLOSE_REASON_LENGTH,
     lambda t: folder().close(date(2026, 2, 1), t), TextTooLongError),
    ("decision.legal_basis", MAX_LEGAL_BASIS_LENGTH,
     lambda t: decide(file_application(), legal_basis=t), TextTooLongError),
    ("decision.signatory", MAX_SIGNATORY_LENGTH,
     lambda t: decide(file_application(), signatory=t), TextTooLongError),
    ("decision.revocation_reason", MAX_CHANGE_REASON_LENGTH,
     lambda t: decided().revoke_decision(revoked_on=date(2025, 5, 1), reason=t),
     TextTooLongError),
    ("care_terms.place", CARE_TERMS_MAX_LENGTHS["place"], lambda t: make_care_terms(place=t),
     TextTooLongError),
    ("care_terms.provider_id", CARE_TERMS_MAX_LENGTHS["provider_id"],
     lambda t: make_care_terms(provider_id=t), TextTooLongError),
    ("order.suspension_reason", MAX_REASON_LENGTH,
     lambda t: accepted_order().suspend(PLACED_ON, t), TextTooLongError),
    ("contract.goals", MAX_GOALS_LENGTH,
     lambda t: SocialContract.sign(contract_id=uuid.uuid4(), folder_id=uuid.uuid4(),
                                   member_id=uuid.uuid4(), signed_on=date(2026, 1, 1),
                                   ends_on=date(2026, 6, 30), goals=t), TextTooLongError),
    ("user.unit", MAX_UNIT_LENGTH,
     lambda t: User.register(user_id=uuid.uuid4(), username="jan.kot", display_name="Jan",
                             role="social_worker", unit=t, password_hash="$argon2id$x",
                             on_server=True),
     InvalidUnitError),
]


@pytest.mark.parametrize(("typed", "limit", "read", "error"), TEXTS,
                         ids=[t[0] for t in TEXTS])
def test_a_text_at_its_limit_is_accepted_and_one_beyond_refused(typed, limit, read, error):
    read(x(limit))
    with pytest.raises(error):
        read(x(limit + 1))


def test_a_phone_number_is_at_most_its_stated_length():
    make_handoff(contact_phone="+48 " + "1" * (MAX_PHONE_LENGTH - 4))
    with pytest.raises(InvalidValueError):
        make_handoff(contact_phone="+48 " + "1" * (MAX_PHONE_LENGTH - 3))


NUMBERS: list[tuple[str, int, Callable[[int], object], type[Exception]]] = [
    ("cash.installments", MAX_INSTALLMENTS, lambda n: make_cash_terms(installments=n),
     InvalidValueError),
    ("schedule.minutes", MAX_VISIT_MINUTES,
     lambda n: ScheduleSlot(weekday=1, start=time(8), minutes=n), InvalidSlotMinutesError),
    ("fees.household_size", MAX_HOUSEHOLD_SIZE,
     lambda n: fee_share_percent(Decimal(500), n, date(2026, 1, 1), INCOME_CRITERIA,
                                 EXAMPLE_FEE_SHARE_TABLES), InvalidHouseholdSizeError),
]


@pytest.mark.parametrize(("what", "limit", "read", "error"), NUMBERS, ids=[n[0] for n in NUMBERS])
def test_a_number_at_its_limit_is_accepted_and_one_beyond_refused(what, limit, read, error):
    read(limit)
    with pytest.raises(error):
        read(limit + 1)
