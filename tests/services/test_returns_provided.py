"""MRPiPS-03 counts what was provided (issue #19): a payment in the period, not an
instalment due; care delivered, not ordered; the municipality's part of a residential-care
stay; and a decision with nothing provided in the period counts nowhere. Each through the
real use cases, on both stores, with the independent recount agreeing."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain.benefit_terms import DpsFee
from domain.care import CareTerms, CashTerms
from domain.mrpips03 import ReturnPeriod
from services.commands import AggregateExistsError
from services.providers.commands import RegisterProvider
from services.returns.recount import recount
from services.system import TeczkaSystem
from tests.support.municipality import H1_2026, _decide, build_municipality
from tests.support.provided import cash_decision, deliver, pay
from tests.support.providers import admin_ctx

YEAR_2026 = ReturnPeriod(2026, "Y")


@pytest.fixture
def town(system: TeczkaSystem):
    return build_municipality(system.app)


def _live(system: TeczkaSystem, period: ReturnPeriod):
    live = system.returns.live(period, after=system.app.head_position())
    assert recount(system.app, period, live.position, live.as_of).figures == live.figures
    return live.figures["benefits"]


def test_cash_counts_in_the_period_it_was_paid_in_and_unpaid_cash_nowhere(system, town):
    d = town.households["D"]
    for key, issued in (("paid_in_july", date(2026, 6, 20)), ("never_paid", date(2026, 6, 22))):
        _decide(system.app, d, key, d.members[0], "purpose_allowance",
                filed=date(2026, 6, 15), issued=issued, reasons=("1",),
                cash=CashTerms(amount=Decimal("250.00"), period_from=issued, period_to=None,
                               installments=1), income=Decimal(500))
    # Due on 20 June, paid on the list of 3 July: provided in the second half-year.
    pay(system.app, date(2026, 7, 3), [cash_decision(system.app, d.proceedings["paid_in_july"])],
        set())

    h1, year = _live(system, H1_2026), _live(system, YEAR_2026)
    assert h1["purpose_allowance"]["own"] | {"family_persons": None} == {
        "persons": 1, "benefits": 1, "amount": "300.00", "families": 1,
        "family_persons": None}  # A's spouse only
    assert (year["purpose_allowance"]["own"]["persons"],
            year["purpose_allowance"]["own"]["amount"]) == (2, "550.00")
    assert year["total"]["families"] == 3  # A, B and D (paid); the unpaid grant adds nobody


def test_care_counts_the_hours_delivered_not_those_ordered(system, town):
    # B's care is ordered on Mondays and Wednesdays until 31 December, delivered in June only.
    year = _live(system, YEAR_2026)
    assert (year["care_services"]["own"]["benefits"],
            year["care_services"]["own"]["amount"]) == (18, "540.00")


def test_care_as_of_a_time_between_two_visits_of_a_month_counts_the_first_only(system, town):
    # The month's minutes are kept as a running sum: as of a time between two visits the
    # return sums the value it held then, not the month as it stands now.
    decision_id = system.app.repository.get(town.households["B"].proceedings["care"]) \
        .decision.decision_id
    deliver(system.app, decision_id, [date(2026, 7, 1)])
    between = datetime.now(UTC)
    deliver(system.app, decision_id, [date(2026, 7, 6)])
    head = system.app.head_position()
    counted = {}
    for as_of in (between, None):
        live = system.returns.live(YEAR_2026, as_of, after=head)
        assert recount(system.app, YEAR_2026, live.position, live.as_of).figures == \
            live.figures
        care = live.figures["benefits"]["care_services"]["own"]
        counted[as_of] = (care["benefits"], care["amount"])
    # June settled (18 h, 540 zł), then July's 2 h visits at 30 zł an hour.
    assert counted == {between: (20, "600.00"), None: (22, "660.00")}


def test_a_residential_care_stay_counts_what_the_municipality_pays(system, town):
    with contextlib.suppress(AggregateExistsError):
        system.app.handle(admin_ctx(), RegisterProvider(
            provider_id="DPS-1", provider_name="Dom Pomocy Społecznej nr 1",
            address="ul. Szczęśliwa 1, 50-001 Wrocław", services=("residential_care_home",),
            capacity=160))
    c = town.households["C"]
    # art. 61: 70% of 2,000 = 1,400 from the resident; the home costs 4,500: the
    # municipality pays 3,100 a month, from 15 March.
    _decide(system.app, c, "dps", c.members[0], "residential_care_home",
            filed=date(2026, 3, 1), issued=date(2026, 3, 5), reasons=("5",),
            care=CareTerms(tasks=("meals",), hours_per_day=Decimal(2),
                           hours_per_week=Decimal(4), weekdays=(1, 3),
                           period_from=date(2026, 3, 15), period_to=date(2026, 12, 31),
                           place="Dom Pomocy Społecznej nr 1", provider_id="DPS-1",
                           hourly_cost=Decimal("30.00"), fee_share_percent=Decimal(0)),
            dps_fee=DpsFee(resident_income=Decimal("2000.00"), home_cost=Decimal("4500.00"),
                           family=(), resident=Decimal("1400.00"),
                           municipality=Decimal("3100.00")))

    h1, year = _live(system, H1_2026), _live(system, YEAR_2026)
    # 17 of March's 31 days (1,700.00), then April–June: one benefit a month.
    assert h1["residential_care_home"]["own"] | {"family_persons": None} == {
        "persons": 1, "benefits": 4, "amount": "11000.00", "families": 1,
        "family_persons": None}
    assert (year["residential_care_home"]["own"]["benefits"],
            year["residential_care_home"]["own"]["amount"]) == (10, "29600.00")
