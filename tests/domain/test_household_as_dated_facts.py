"""The household as dated facts (issue #17): a member joins, leaves or dies on the day the
worker states; the head leaves only with a new head; a homeless person's folder."""

from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.bounds import DateInFutureError
from domain.case_folder import (
    CaseFolder,
    DuplicateMemberError,
    HeadMustBeReplacedError,
    InvalidNewHeadError,
    JoinedBeforeBirthError,
    LeaveReasonRequiredError,
    MemberDateBeforeJoinedError,
    MemberNotInHouseholdError,
    MemberStillInHouseholdError,
    NothingToCorrectError,
)
from domain.household import (
    Address,
    MeetingPlaceRequiredError,
    MissingAddressFieldError,
    StreetOfHomelessError,
)
from domain.interview_rules import interview_for_proceeding, lead_days_on

OPENED_ON = date(2025, 3, 3)
TODAY = date(2025, 9, 1)


def test_a_member_joins_on_the_day_stated_even_before_the_folder_was_opened(folder,
                                                                             make_member):
    child = make_member("child")
    folder.join_member(child, date(2024, 12, 1), TODAY)

    [joined] = folder.collect_events()
    assert isinstance(joined, CaseFolder.MemberJoined)
    assert (joined.member, joined.joined_on) == (child, date(2024, 12, 1))
    assert child.member_id in folder.current_members
    assert child.member_id in folder.members_on(date(2024, 12, 1))
    assert child.member_id not in folder.members_on(date(2024, 11, 30))


def test_a_member_cannot_join_after_today_nor_before_being_born(folder, make_member):
    with pytest.raises(DateInFutureError) as raised:
        folder.join_member(make_member(), TODAY + timedelta(days=1), TODAY)
    assert raised.value.code == "date.in_future"
    with pytest.raises(JoinedBeforeBirthError):
        folder.join_member(make_member(), date(2012, 5, 1), TODAY)  # born 2012-06-01
    assert folder.collect_events()[1:] == []


def test_a_member_leaves_with_a_reason_and_the_household_shrinks_from_that_day(
        folder, make_member):
    child = make_member("child")
    folder.join_member(child, date(2025, 4, 1), TODAY)
    folder.member_leaves(child.member_id, date(2025, 6, 15), "  wyprowadzka do Poznania ",
                         TODAY)

    left = folder.collect_events()[-1]
    assert isinstance(left, CaseFolder.MemberLeft)
    assert (left.left_on, left.reason) == (date(2025, 6, 15), "wyprowadzka do Poznania")
    assert child.member_id in folder.members_on(date(2025, 6, 14))
    assert child.member_id not in folder.members_on(date(2025, 6, 15))
    assert child.member_id not in folder.current_members
    assert child.member_id in folder.members  # history keeps the person


def test_a_leave_needs_a_reason_and_a_date_between_joining_and_today(folder, make_member):
    child = make_member("child")
    folder.join_member(child, date(2025, 4, 1), TODAY)
    folder.collect_events()
    with pytest.raises(LeaveReasonRequiredError):
        folder.member_leaves(child.member_id, date(2025, 5, 1), "  ", TODAY)
    with pytest.raises(MemberDateBeforeJoinedError) as before:
        folder.member_leaves(child.member_id, date(2025, 3, 31), "wyprowadzka", TODAY)
    assert before.value.code == "case_folder.member_date_before_joined"
    with pytest.raises(DateInFutureError):
        folder.member_died(child.member_id, TODAY + timedelta(days=1), TODAY)
    assert folder.collect_events() == []


def test_a_member_who_died_cannot_leave_or_die_again(folder, make_member):
    child = make_member("child")
    folder.join_member(child, date(2025, 4, 1), TODAY)
    folder.member_died(child.member_id, date(2025, 8, 1), TODAY)
    died = folder.collect_events()[-1]
    assert isinstance(died, CaseFolder.MemberDied) and died.died_on == date(2025, 8, 1)
    with pytest.raises(MemberNotInHouseholdError):
        folder.member_leaves(child.member_id, date(2025, 8, 2), "x", TODAY)
    with pytest.raises(MemberNotInHouseholdError):
        folder.member_died(child.member_id, date(2025, 8, 2), TODAY)


def test_the_head_cannot_just_leave_but_leaves_with_a_new_head(folder, head, make_member):
    spouse = make_member("spouse", serial=2)
    folder.join_member(spouse, date(2025, 4, 1), TODAY)
    folder.collect_events()
    with pytest.raises(HeadMustBeReplacedError) as raised:
        folder.member_leaves(head.member_id, date(2025, 7, 1), "DPS", TODAY)
    assert raised.value.code == "case_folder.head_must_be_replaced"
    with pytest.raises(InvalidNewHeadError):
        folder.member_leaves(head.member_id, date(2025, 7, 1), "DPS", TODAY,
                             new_head_id=head.member_id)

    folder.member_leaves(head.member_id, date(2025, 7, 1), "DPS", TODAY,
                         new_head_id=spouse.member_id)

    changed, left = folder.collect_events()
    assert isinstance(changed, CaseFolder.HeadOfHouseholdChanged)
    assert (changed.new_head_id, changed.previous_head_id, changed.changed_on) == (
        spouse.member_id, head.member_id, date(2025, 7, 1))
    assert isinstance(left, CaseFolder.MemberLeft)
    assert folder.head is not None and folder.head.member_id == spouse.member_id


def test_a_new_head_while_the_old_one_stays(folder, head, make_member):
    son = make_member("child", serial=3)
    folder.join_member(son, date(2025, 4, 1), TODAY)
    folder.change_head(son.member_id, date(2025, 5, 1), TODAY, "parent")

    assert folder.head is not None and folder.head.member_id == son.member_id
    assert folder.members[head.member_id].relation == "parent"
    with pytest.raises(MemberDateBeforeJoinedError):
        folder.change_head(head.member_id, date(2025, 3, 1), TODAY, "child")


def test_the_same_person_may_join_again_after_leaving_with_a_new_member_id(folder,
                                                                           make_member):
    child = make_member("child", serial=4)
    folder.join_member(child, date(2025, 4, 1), TODAY)
    with pytest.raises(DuplicateMemberError):
        folder.join_member(make_member("child", serial=4, pesel=child.pesel), TODAY, TODAY)
    folder.member_leaves(child.member_id, date(2025, 5, 1), "internat", TODAY)
    again = make_member("child", pesel=child.pesel)
    folder.join_member(again, date(2025, 8, 1), TODAY)
    assert again.member_id in folder.current_members
    with pytest.raises(DuplicateMemberError):  # an id is never used twice
        folder.join_member(child, TODAY, TODAY)


def test_an_old_member_added_before_dating_counts_from_the_folder_opening(folder,
                                                                          make_member):
    child = make_member("child")
    folder.add_member(child)
    with pytest.raises(MemberDateBeforeJoinedError):
        folder.member_leaves(child.member_id, OPENED_ON - timedelta(days=1), "x", TODAY)
    folder.member_leaves(child.member_id, OPENED_ON, "x", TODAY)
    assert child.member_id not in folder.current_members


def test_a_visit_or_interview_dated_after_today_is_refused(folder, make_visit):
    with pytest.raises(DateInFutureError):
        folder.record_visit(make_visit(visited_on=TODAY + timedelta(days=365)), today=TODAY)
    with pytest.raises(DateInFutureError):
        folder.conduct_interview(uuid4(), TODAY + timedelta(days=1),
                                 {"A": "a", "H": "h", "I": "i", "J": "j"}, today=TODAY)


# -- homeless people (art. 101 ust. 2) --------------------------------------------------------


def test_a_homeless_persons_address_is_the_municipality_and_a_meeting_place():
    address = Address.create(street=" ", building=None, flat=None, postal_code="",
                             city="Wrocław", teryt="0264011", no_fixed_address=True,
                             meeting_place=" Noclegownia, ul. Bogedaina 5 ")
    assert (address.street, address.building, address.postal_code) == (None, None, None)
    assert address.meeting_place == "Noclegownia, ul. Bogedaina 5"
    assert address.line == "Noclegownia, ul. Bogedaina 5 (Wrocław)"


def test_a_homeless_persons_address_needs_a_meeting_place_and_no_street():
    with pytest.raises(MeetingPlaceRequiredError):
        Address.create(street=None, building=None, flat=None, postal_code=None,
                       city="Wrocław", teryt="0264011", no_fixed_address=True)
    with pytest.raises(StreetOfHomelessError):
        Address.create(street="Legnicka", building="1", flat=None, postal_code=None,
                       city="Wrocław", teryt="0264011", no_fixed_address=True,
                       meeting_place="dworzec")


def test_a_fixed_address_still_needs_street_building_and_postal_code():
    with pytest.raises(MissingAddressFieldError):
        Address.create(street="Legnicka", building="1", flat=None, postal_code=None,
                       city="Wrocław", teryt="0264011")


# -- the interview made for a proceeding (art. 106 ust. 4) ---------------------------------


def test_only_an_interview_on_or_after_the_filing_day_counts_by_default():
    done = [date(2022, 5, 1), date(2025, 4, 30), date(2025, 5, 6)]
    assert lead_days_on(date(2025, 5, 1)) == 0
    assert interview_for_proceeding(done, filed_on=date(2025, 5, 1),
                                    decided_on=date(2025, 5, 20), lead_days=0) == date(2025, 5, 6)
    assert interview_for_proceeding(done[:2], filed_on=date(2025, 5, 1),
                                    decided_on=date(2025, 5, 20), lead_days=0) is None
    assert interview_for_proceeding(done[:2], filed_on=date(2025, 5, 1),
                                    decided_on=date(2025, 5, 20), lead_days=1) == date(2025, 4, 30)
    # Nothing after the decision counts for it.
    assert interview_for_proceeding(done, filed_on=date(2025, 5, 1),
                                    decided_on=date(2025, 5, 5), lead_days=0) is None


# -- permanent help ends with its last permanent form ----------------------------------------


def test_permanent_help_ends_when_the_last_permanent_form_ends(folder):
    folder.conduct_interview(uuid4(), date(2025, 3, 10), {"A": "a", "H": "h", "I": "i",
                                                           "J": "j"})
    first, second = uuid4(), uuid4()
    folder.grant_permanent_form(first, date(2025, 3, 20), date(2025, 12, 31))
    folder.grant_permanent_form(second, date(2025, 3, 20), None)
    assert folder.permanent_help_until is None
    assert folder.interview_update_due_on is not None  # six months after 2025-03-10

    folder.end_permanent_form(second, date(2025, 5, 1))
    assert folder.permanent_help_until == date(2025, 12, 31)
    folder.end_permanent_form(first, date(2025, 6, 1))
    assert folder.permanent_help_until == date(2025, 5, 31)
    # The update would fall due in September: after the help ended, so none is due.
    assert folder.interview_update_due_on is None
    assert not folder.is_interview_update_overdue(date(2026, 6, 1))


def test_a_mistyped_joining_or_leaving_day_is_corrected(folder, make_member):
    child = make_member("child")
    folder.join_member(child, date(2025, 4, 1), TODAY)
    with pytest.raises(MemberStillInHouseholdError):
        folder.correct_membership(child.member_id, TODAY, ended_on=date(2025, 5, 1))
    folder.member_leaves(child.member_id, date(2025, 6, 15), "internat", TODAY)
    folder.collect_events()

    folder.correct_membership(child.member_id, TODAY, joined_on=date(2025, 3, 20),
                              ended_on=date(2025, 6, 10))

    [corrected] = folder.collect_events()
    assert isinstance(corrected, CaseFolder.MembershipCorrected)
    assert (corrected.joined_on, corrected.ended_on) == (date(2025, 3, 20), date(2025, 6, 10))
    assert child.member_id in folder.members_on(date(2025, 3, 20))
    assert child.member_id not in folder.members_on(date(2025, 6, 10))
    with pytest.raises(NothingToCorrectError):
        folder.correct_membership(child.member_id, TODAY, ended_on=date(2025, 6, 10))
    with pytest.raises(MemberDateBeforeJoinedError):
        folder.correct_membership(child.member_id, TODAY, ended_on=date(2025, 3, 1))
    with pytest.raises(DateInFutureError):
        folder.correct_membership(child.member_id, TODAY, joined_on=TODAY + timedelta(days=1))
