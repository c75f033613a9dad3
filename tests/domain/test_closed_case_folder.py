"""A closed folder refuses every command and records nothing."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.case_folder import (
    AlreadyErasedError,
    CaseFolder,
    FolderClosedError,
    FolderNotClosedError,
    InvalidCloseDateError,
)

SECTIONS = {"A": "a", "H": "h", "I": "i", "J": "j"}
AFTER_CLOSING = date(2025, 7, 1)
CONDUCTED = uuid4()

COMMANDS = {
    "add_member": lambda f, m, v: f.add_member(m("child")),
    "correct_member_details": lambda f, m, v: f.correct_member_details(
        next(iter(f.members)), first_name="Ewa"
    ),
    "change_address": lambda f, m, v: f.change_address(
        replace(f.address, building="99"), AFTER_CLOSING
    ),
    "assign_to_worker": lambda f, m, v: f.assign_to_worker(uuid4()),
    "update_care_notes": lambda f, m, v: f.update_care_notes("Po szpitalu.", ""),
    "transfer_to_team": lambda f, m, v: f.transfer_to_team("ZTPS-9"),
    "record_visit": lambda f, m, v: f.record_visit(v(visited_on=AFTER_CLOSING)),
    "schedule_interview": lambda f, m, v: f.schedule_interview(
        uuid4(), AFTER_CLOSING, False, date(2025, 7, 21)
    ),
    "conduct_interview": lambda f, m, v: f.conduct_interview(uuid4(), AFTER_CLOSING, SECTIONS),
    "update_interview": lambda f, m, v: f.update_interview(
        CONDUCTED, AFTER_CLOSING, {"C": "zmiana"}
    ),
    "note_permanent_help": lambda f, m, v: f.note_permanent_help(True),
    "join_member": lambda f, m, v: f.join_member(m("child"), AFTER_CLOSING, AFTER_CLOSING),
    "member_leaves": lambda f, m, v: f.member_leaves(
        next(iter(f.members)), AFTER_CLOSING, "wyprowadzka", AFTER_CLOSING),
    "member_died": lambda f, m, v: f.member_died(
        next(iter(f.members)), AFTER_CLOSING, AFTER_CLOSING),
    "change_head": lambda f, m, v: f.change_head(
        next(iter(f.members)), AFTER_CLOSING, AFTER_CLOSING, "spouse"),
    "grant_permanent_form": lambda f, m, v: f.grant_permanent_form(
        uuid4(), AFTER_CLOSING, None),
    "end_permanent_form": lambda f, m, v: f.end_permanent_form(uuid4(), AFTER_CLOSING),
    "correct_membership": lambda f, m, v: f.correct_membership(
        next(iter(f.members)), AFTER_CLOSING, joined_on=date(2025, 1, 1)),
    "declare_income": lambda f, m, v: f.declare_income(
        next(iter(f.members)), date(2025, 6, 1), Decimal("1200.00")),
    "record_bank_account": lambda f, m, v: f.record_bank_account(
        next(iter(f.members)), "PL61109010140000071219812874"),
    "record_services_proposed": lambda f, m, v: f.record_services_proposed(
        person_id=next(iter(f.members)), interview_id=CONDUCTED, proposed_on=AFTER_CLOSING,
        catalogue_version=1, matched=("opieka_domowa",), near_misses=(),
        chosen=("opieka_domowa",), justifications={}, facts={"age": 70}),
    "close": lambda f, m, v: f.close(AFTER_CLOSING, "ponownie"),
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_closed_folder_refuses_the_command(folder, make_member, make_visit, command):
    folder.conduct_interview(CONDUCTED, date(2025, 3, 4), SECTIONS)
    folder.close(date(2025, 6, 30), "usamodzielnienie")
    folder.collect_events()
    version = folder.version

    with pytest.raises(FolderClosedError) as raised:
        command(folder, make_member, make_visit)

    assert raised.value.code == "case_folder.closed"
    assert raised.value.params == {"folder_id": folder.id}
    assert folder.collect_events() == []
    assert folder.version == version


def test_every_public_command_of_the_folder_is_covered():
    commands = {
        name
        for name, value in vars(CaseFolder).items()
        if callable(value)
        and not name.startswith("_")
        and name[0].islower()
        # Erasure is the one act that needs a closed folder (end of retention).
        and name not in {"open", "is_interview_update_overdue", "erase_personal_data",
                         "members_on"}
    }
    assert commands == set(COMMANDS)


def test_personal_data_can_be_erased_only_from_a_closed_folder_and_only_once(folder):
    with pytest.raises(FolderNotClosedError):
        folder.erase_personal_data(date(2035, 7, 1))
    folder.close(date(2025, 6, 30), "usamodzielnienie")
    with pytest.raises(InvalidCloseDateError):
        folder.erase_personal_data(date(2025, 6, 1))
    folder.collect_events()

    folder.erase_personal_data(date(2035, 7, 1))

    (erased,) = folder.collect_events()
    assert type(erased).__name__ == "PersonalDataErased"
    assert erased.subjects == (folder.id, *sorted(folder.members))
    assert folder.erased_on == date(2035, 7, 1)
    with pytest.raises(AlreadyErasedError):
        folder.erase_personal_data(date(2035, 7, 2))
