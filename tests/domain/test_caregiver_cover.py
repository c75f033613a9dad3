"""A caregiver's absence and its cover: who visits on which day, who may check in, and the
month's settlement counting the cover's visits as the order's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.care_visits import NotAssignedCaregiverError
from domain.caregiver_absence import (
    CaregiverAbsence,
    CoverIsAbsentError,
    InvalidAbsencePeriodError,
)
from domain.service_order import CoverOutsideOrderError
from tests.domain.care_givens import place_order, scheduled_order, visit

ANNA, BEATA = uuid4(), uuid4()
APRIL_7, APRIL_9 = date(2025, 4, 7), date(2025, 4, 9)


def covered():
    order = scheduled_order(ANNA)
    order.assign_cover(absence_id=uuid4(), caregiver_id=BEATA, date_from=APRIL_7,
                       date_to=APRIL_9)
    return order


def test_on_the_days_of_the_absence_the_cover_visits_and_the_absent_caregiver_may_not():
    order = covered()

    assert order.caregiver_on(date(2025, 4, 6)) == ANNA
    assert order.caregiver_on(APRIL_7) == order.caregiver_on(APRIL_9) == BEATA
    assert order.caregiver_on(date(2025, 4, 10)) == ANNA
    with pytest.raises(NotAssignedCaregiverError):
        visit(order, ANNA, APRIL_7)
    with pytest.raises(NotAssignedCaregiverError):
        visit(order, BEATA, date(2025, 4, 11))
    assert order.may_be_visited_by(BEATA) and not order.may_be_visited_by(uuid4())


def test_the_settlement_counts_the_covers_visits_with_the_assigned_caregivers():
    order = covered()
    visit(order, ANNA, date(2025, 4, 4), hours=2)
    visit(order, BEATA, APRIL_7, hours=3)

    order.close_month(year=2025, month=4, closed_on=date(2025, 5, 2))

    assert order.settlements[(2025, 4)].hours == Decimal("5.00")


def test_a_later_cover_of_the_same_day_wins():
    order = covered()
    other = uuid4()
    order.assign_cover(absence_id=uuid4(), caregiver_id=other, date_from=APRIL_9,
                       date_to=APRIL_9)

    assert (order.caregiver_on(APRIL_7), order.caregiver_on(APRIL_9)) == (BEATA, other)


def test_an_order_without_a_caregiver_has_nobody_to_cover():
    with pytest.raises(CoverOutsideOrderError):
        place_order().assign_cover(absence_id=uuid4(), caregiver_id=BEATA,
                                   date_from=APRIL_7, date_to=APRIL_9)


@pytest.mark.parametrize(("cover", "date_from", "date_to", "error"), [
    (BEATA, APRIL_9, APRIL_7, InvalidAbsencePeriodError),
    (BEATA, APRIL_7, date(2026, 4, 8), InvalidAbsencePeriodError),
    (ANNA, APRIL_7, APRIL_9, CoverIsAbsentError),
])
def test_an_absence_ending_before_it_starts_longer_than_a_year_or_self_covered_is_refused(
        cover, date_from, date_to, error):
    with pytest.raises(error):
        CaregiverAbsence.record(absence_id=uuid4(), provider_id="MCUS", caregiver_id=ANNA,
                                cover_id=cover, date_from=date_from, date_to=date_to,
                                orders=())
