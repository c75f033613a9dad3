"""One caregiver cannot be in two homes at once: given her visits (of any of her orders),
which one holds her at the moment of a new check-in."""

from datetime import date, timedelta
from uuid import uuid4

from domain.care_visits import CareVisit, caregiver_busy
from tests.domain.care_givens import at

MONDAY = date(2025, 4, 7)
HER, ANOTHER = uuid4(), uuid4()


def visit(start_hour: int, end_hour: int | None, caregiver=HER) -> CareVisit:
    return CareVisit(visit_id=uuid4(), caregiver_id=caregiver, started_at=at(MONDAY, start_hour),
                     ended_at=None if end_hour is None else at(MONDAY, end_hour))


def test_a_completed_visit_holds_her_from_check_in_until_check_out():
    morning = visit(9, 11)

    assert caregiver_busy([morning], HER, at(MONDAY, 9)) is morning
    assert caregiver_busy([morning], HER, at(MONDAY, 10, 59)) is morning
    assert caregiver_busy([morning], HER, at(MONDAY, 8, 59)) is None


def test_a_visit_ending_when_the_next_starts_does_not_hold_her():
    assert caregiver_busy([visit(9, 11)], HER, at(MONDAY, 11)) is None


def test_an_open_visit_holds_her_from_its_check_in_on():
    still_there = visit(9, None)

    assert caregiver_busy([still_there], HER, at(MONDAY, 18)) is still_there
    assert caregiver_busy([still_there], HER, at(MONDAY, 18) + timedelta(days=2)) is still_there
    assert caregiver_busy([still_there], HER, at(MONDAY, 8)) is None


def test_another_caregivers_visit_never_holds_her():
    handed_over = visit(9, None, caregiver=ANOTHER)

    assert caregiver_busy([handed_over], HER, at(MONDAY, 10)) is None


def test_the_visit_that_holds_her_is_found_among_many():
    day = [visit(7, 8), visit(8, 9), visit(12, 14), visit(9, None, caregiver=ANOTHER)]

    assert caregiver_busy(day, HER, at(MONDAY, 13)) is day[2]
    assert caregiver_busy(day, HER, at(MONDAY, 10)) is None
    assert caregiver_busy([], HER, at(MONDAY, 10)) is None
