"""Given a month of delivered care, when it is closed, then who pays what."""

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.fees import (
    InvalidMonthError,
    MonthBeforeOrderError,
    MonthNotOverError,
    SettlementAlreadyClosedError,
    VisitStillOpenError,
)
from domain.service_order import ServiceOrder
from tests.domain.care_givens import at, changed_terms, visit


def test_closing_a_month_settles_its_billable_hours(scheduled, caregiver_id):
    visit(scheduled, caregiver_id, date(2025, 3, 31))  # before the period: not billed
    for day in (date(2025, 4, 2), date(2025, 4, 4), date(2025, 4, 8)):  # the 8th is a Tuesday
        visit(scheduled, caregiver_id, day)
    scheduled.collect_events()

    scheduled.close_month(year=2025, month=4, closed_on=date(2025, 5, 2))

    [closed] = scheduled.collect_events()
    assert isinstance(closed, ServiceOrder.MonthlySettlementClosed)
    assert (closed.year, closed.month, closed.hours) == (2025, 4, Decimal("6.00"))
    assert (closed.hourly_cost, closed.fee_share_percent) == (Decimal("31.50"), Decimal(10))
    assert (closed.total, closed.client_pays, closed.municipality_pays) == (
        Decimal("189.00"),
        Decimal("18.90"),
        Decimal("170.10"),
    )
    assert scheduled.settlements[(2025, 4)].total == Decimal("189.00")


def test_a_month_with_no_visits_settles_to_nothing(scheduled):
    scheduled.close_month(year=2025, month=4, closed_on=date(2025, 5, 1))

    assert scheduled.settlements[(2025, 4)].total == Decimal("0.00")


def test_a_month_is_settled_by_the_terms_in_force_on_its_last_day(scheduled, caregiver_id):
    visit(scheduled, caregiver_id, date(2025, 4, 2))
    scheduled.change_terms(
        changed_terms(scheduled.terms, fee_share_percent=Decimal(20)), date(2025, 4, 15)
    )
    scheduled.change_terms(
        changed_terms(scheduled.terms, fee_share_percent=Decimal(30)), date(2025, 5, 15)
    )

    scheduled.close_month(year=2025, month=4, closed_on=date(2025, 5, 20))

    assert scheduled.settlements[(2025, 4)].fee_share_percent == Decimal(20)
    assert scheduled.settlements[(2025, 4)].client_pays == Decimal("12.60")


def test_a_month_is_closed_once(scheduled):
    scheduled.close_month(year=2025, month=4, closed_on=date(2025, 5, 1))

    with pytest.raises(SettlementAlreadyClosedError) as raised:
        scheduled.close_month(year=2025, month=4, closed_on=date(2025, 5, 2))
    assert raised.value.code == "settlement.already_closed"


def test_a_month_is_not_closed_before_it_is_over(scheduled):
    with pytest.raises(MonthNotOverError) as raised:
        scheduled.close_month(year=2025, month=4, closed_on=date(2025, 4, 30))
    assert raised.value.code == "settlement.month_not_over"


@pytest.mark.parametrize(("year", "month"), [(2025, 13), (2025, 0), (1999, 5), (2025, "4")])
def test_a_month_must_exist(scheduled, year, month):
    with pytest.raises(InvalidMonthError) as raised:
        scheduled.close_month(year=year, month=month, closed_on=date(2026, 1, 1))
    assert raised.value.code == "settlement.invalid_month"


def test_a_month_before_the_order_is_not_settled(scheduled):
    with pytest.raises(MonthBeforeOrderError) as raised:
        scheduled.close_month(year=2025, month=2, closed_on=date(2025, 5, 1))
    assert raised.value.code == "settlement.before_order"


def test_a_month_with_an_open_visit_is_not_closed(scheduled, caregiver_id):
    scheduled.start_visit(
        visit_id=uuid4(), caregiver_id=caregiver_id, started_at=at(date(2025, 4, 30), 9)
    )

    with pytest.raises(VisitStillOpenError) as raised:
        scheduled.close_month(year=2025, month=4, closed_on=date(2025, 5, 1))
    assert raised.value.code == "settlement.visit_open"
