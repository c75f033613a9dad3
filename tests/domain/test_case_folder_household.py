"""Given a folder, when a household command is given, then an event or an error."""

from dataclasses import replace
from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.case_folder import (
    AddressUnchangedError,
    AlreadyAssignedError,
    CaseFolder,
    CloseReasonRequiredError,
    DateBeforeOpenedError,
    DuplicateMemberError,
    HeadRequiredError,
    InvalidCloseDateError,
    InvalidTeamError,
    MemberNotFoundError,
    NothingToCorrectError,
    PermanentHelpUnchangedError,
    SameTeamError,
    SecondHeadError,
)
from domain.household import Address, BirthDateMismatchError
from domain.identifiers import IdentityDocument

OPENED_ON = date(2025, 3, 3)
TEAM = "ZTPS-1"


def test_opening_a_folder_records_the_head_address_and_team(address, head):
    folder_id = uuid4()

    folder = CaseFolder.open(
        folder_id=folder_id, team_id=TEAM, address=address, head=head, opened_on=OPENED_ON
    )

    [opened] = folder.collect_events()
    assert isinstance(opened, CaseFolder.CaseFolderOpened)
    assert type(opened).__qualname__ == "CaseFolder.CaseFolderOpened"
    assert (opened.originator_id, opened.head, opened.address) == (folder_id, head, address)
    assert folder.id == folder_id
    assert folder.members == {head.member_id: head}
    assert (folder.team_id, folder.worker_id, folder.is_closed) == (TEAM, None, False)


def test_a_folder_is_opened_only_with_the_head_of_the_household(address, make_member):
    with pytest.raises(HeadRequiredError) as raised:
        CaseFolder.open(
            folder_id=uuid4(),
            team_id=TEAM,
            address=address,
            head=make_member("spouse"),
            opened_on=OPENED_ON,
        )
    assert raised.value.code == "case_folder.head_required"


def test_a_folder_needs_a_team(address, head):
    with pytest.raises(InvalidTeamError):
        CaseFolder.open(
            folder_id=uuid4(), team_id=" ", address=address, head=head, opened_on=OPENED_ON
        )


def test_adding_a_member_records_the_person(folder, make_member):
    child = make_member("child")

    folder.add_member(child)

    [added] = folder.collect_events()
    assert isinstance(added, CaseFolder.HouseholdMemberAdded)
    assert added.member == child
    assert folder.members[child.member_id] == child


def test_a_second_head_cannot_be_added(folder, make_member):
    with pytest.raises(SecondHeadError) as raised:
        folder.add_member(make_member("head"))
    assert raised.value.code == "case_folder.head_already_present"


def test_a_person_already_in_the_folder_is_not_added_twice(folder, head, make_member):
    same_id = make_member(member_id=head.member_id)
    same_pesel = make_member(pesel=head.pesel, birth_date=None)

    for duplicate in (same_id, same_pesel):
        with pytest.raises(DuplicateMemberError) as raised:
            folder.add_member(duplicate)
        assert raised.value.code == "case_folder.duplicate_member"
        assert raised.value.params["existing_member_id"] == head.member_id
    assert folder.collect_events() == []


def test_a_person_with_the_same_document_is_not_added_twice(folder, make_member):
    passport = IdentityDocument("passport", "FX123456")
    folder.add_member(make_member(pesel=None, document=passport, birth_date=date(1990, 1, 1)))

    with pytest.raises(DuplicateMemberError):
        folder.add_member(make_member(pesel=None, document=passport, first_name="Olena"))


def test_correcting_a_member_records_only_what_changed(folder, head):
    folder.correct_member_details(head.member_id, first_name="Anna", last_name="Nowak")

    [corrected] = folder.collect_events()
    assert isinstance(corrected, CaseFolder.MemberDetailsCorrected)
    assert (corrected.member_id, corrected.last_name) == (head.member_id, "Nowak")
    assert corrected.first_name is None
    assert folder.members[head.member_id].full_name == "Anna Nowak"


def test_correcting_a_pesel_also_corrects_the_birth_date(folder, make_member):
    child = make_member("child", serial=1)
    folder.add_member(child)
    folder.collect_events()

    folder.correct_member_details(child.member_id, pesel="04231115629")

    [corrected] = folder.collect_events()
    assert (corrected.pesel, corrected.birth_date) == ("04231115629", date(2004, 3, 11))
    assert folder.members[child.member_id].birth_date == date(2004, 3, 11)


def test_a_correction_must_leave_a_valid_member(folder, head):
    with pytest.raises(BirthDateMismatchError):
        folder.correct_member_details(head.member_id, birth_date=date(1950, 1, 1))


def test_correcting_an_unknown_member_is_refused(folder):
    with pytest.raises(MemberNotFoundError) as raised:
        folder.correct_member_details(uuid4(), first_name="Ewa")
    assert raised.value.code == "case_folder.member_not_found"


def test_a_correction_that_changes_nothing_is_refused(folder, head):
    with pytest.raises(NothingToCorrectError) as raised:
        folder.correct_member_details(head.member_id, first_name=" Anna ", pesel=head.pesel)
    assert raised.value.code == "case_folder.nothing_to_correct"


def test_the_head_stays_the_head_and_no_one_else_becomes_one(folder, head, make_member):
    child = make_member("child")
    folder.add_member(child)

    with pytest.raises(HeadRequiredError):
        folder.correct_member_details(head.member_id, relation="parent")
    with pytest.raises(SecondHeadError):
        folder.correct_member_details(child.member_id, relation="head")


def test_a_corrected_pesel_may_not_be_another_members(folder, head, make_member):
    child = make_member("child")
    folder.add_member(child)

    with pytest.raises(DuplicateMemberError):
        folder.correct_member_details(child.member_id, pesel=head.pesel)


def test_changing_the_address_records_the_move(folder, address):
    new = Address.create(
        street="Grabiszyńska",
        building="1",
        flat=None,
        postal_code="53-501",
        city="Wrocław",
        teryt="0264029",
    )

    folder.change_address(new, date(2025, 4, 1))

    [changed] = folder.collect_events()
    assert isinstance(changed, CaseFolder.AddressChanged)
    assert (changed.address, changed.changed_on) == (new, date(2025, 4, 1))
    assert folder.address == new


def test_the_same_address_is_not_a_change(folder, address):
    with pytest.raises(AddressUnchangedError) as raised:
        folder.change_address(address, date(2025, 4, 1))
    assert raised.value.code == "case_folder.address_unchanged"


def test_an_address_change_before_the_folder_was_opened_is_refused(folder, address):
    day_before = folder.opened_on - timedelta(days=1)

    with pytest.raises(DateBeforeOpenedError):
        folder.change_address(replace(address, building="14"), day_before)


def test_assigning_a_worker_records_who_is_responsible(folder):
    worker = uuid4()

    folder.assign_to_worker(worker)

    [assigned] = folder.collect_events()
    assert isinstance(assigned, CaseFolder.FolderAssignedToWorker)
    assert folder.worker_id == worker == assigned.worker_id


def test_assigning_the_same_worker_again_is_refused(folder):
    worker = uuid4()
    folder.assign_to_worker(worker)

    with pytest.raises(AlreadyAssignedError) as raised:
        folder.assign_to_worker(worker)
    assert raised.value.code == "case_folder.already_assigned"


def test_a_transfer_to_another_team_leaves_the_folder_without_a_worker(folder):
    folder.assign_to_worker(uuid4())
    folder.collect_events()

    folder.transfer_to_team("ZTPS-7")

    [transferred] = folder.collect_events()
    assert isinstance(transferred, CaseFolder.FolderTransferredToTeam)
    assert (folder.team_id, folder.worker_id) == ("ZTPS-7", None)


def test_a_transfer_to_the_same_team_is_refused(folder):
    with pytest.raises(SameTeamError) as raised:
        folder.transfer_to_team(folder.team_id)
    assert raised.value.code == "case_folder.same_team"


def test_noting_permanent_help_starts_the_six_monthly_updates(folder):
    folder.note_permanent_help(True)

    [noted] = folder.collect_events()
    assert isinstance(noted, CaseFolder.PermanentHelpNoted)
    assert folder.permanent_help is True
    with pytest.raises(PermanentHelpUnchangedError):
        folder.note_permanent_help(True)


def test_closing_a_folder_records_the_day_and_reason(folder):
    folder.close(date(2025, 6, 30), " przeprowadzka poza gminę ")

    [closed] = folder.collect_events()
    assert isinstance(closed, CaseFolder.CaseFolderClosed)
    assert (folder.closed_on, folder.close_reason) == (
        date(2025, 6, 30),
        "przeprowadzka poza gminę",
    )
    assert folder.is_closed


def test_a_folder_cannot_be_closed_before_it_was_opened(folder):
    with pytest.raises(InvalidCloseDateError) as raised:
        folder.close(folder.opened_on - timedelta(days=1), "błąd")
    assert raised.value.code == "case_folder.invalid_close_date"


def test_a_folder_is_closed_only_with_a_reason(folder):
    with pytest.raises(CloseReasonRequiredError):
        folder.close(date(2025, 6, 30), "  ")
