"""Layout "2026" from the event log, on both stores: the rows the hand-counted town leaves at
zero (a single person's permanent allowance, periodic allowances by reason, the purpose
allowance's sub-rows, refined reasons, the commissioned cash total, a relation corrected to
child) are counted by the projection and the recount alike."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.care import CashTerms
from services.casework.commands import CorrectMemberDetails
from services.returns.recount import recount
from services.system import TeczkaSystem
from tests.support.municipality import (
    H1_2026,
    _decide,
    add_flood_allowance,
    build_municipality,
    ctx,
)
from tests.support.provided import cash_decision, pay


@pytest.fixture
def town(system: TeczkaSystem):
    town = build_municipality(system.app)
    app = system.app
    c, d = town.households["C"], town.households["D"]

    def cash(amount: str) -> CashTerms:
        return CashTerms(amount=Decimal(amount), period_from=date(2026, 3, 1), period_to=None,
                         installments=1)

    # C lives alone: her permanent allowance is a single person's (art. 37 ust. 2 pkt 1).
    _decide(app, c, "permanent", c.members[0], "permanent_allowance",
            filed=date(2026, 2, 20), issued=date(2026, 2, 25), reasons=("6",),
            cash=cash("600.00"), income=Decimal(410))
    # C's periodic allowance because of long-term illness (point 6), D's for drug addiction
    # (neither 4, 5 nor 6: "other").
    _decide(app, c, "periodic6", c.members[0], "periodic_allowance",
            filed=date(2026, 2, 20), issued=date(2026, 2, 26), reasons=("6",),
            cash=cash("300.00"), income=Decimal(410))  # art. 38: 50% of 600 up to 418
    _decide(app, d, "periodic13", d.members[0], "periodic_allowance",
            filed=date(2026, 2, 20), issued=date(2026, 2, 26), reasons=("13_drugs",),
            cash=cash("300.00"), income=Decimal(500))  # 50% of 510 up to 418
    # D's purpose allowances: after a fire (art. 40 ust. 1), for medicines (art. 39 ust. 2).
    _decide(app, d, "fire", d.members[0], "purpose_allowance", filed=date(2026, 2, 21),
            issued=date(2026, 2, 27), reasons=("14_random_event",),
            legal_basis="art. 40 ust. 1 ustawy o pomocy społecznej", cash=cash("800.00"))
    _decide(app, d, "medicines", d.members[0], "purpose_allowance",
            filed=date(2026, 2, 22), issued=date(2026, 2, 27), reasons=("6", "14_crisis"),
            legal_basis="art. 39 ust. 1 i 2", cash=cash("120.00"))
    pay(app, date(2026, 3, 12), [cash_decision(app, proceeding) for household, key in (
        (c, "permanent"), (c, "periodic6"), (d, "periodic13"), (d, "fire"), (d, "medicines"))
        for proceeding in (household.proceedings[key],)], set())
    add_flood_allowance(app, town)
    return town


def test_the_rows_of_layout_2026_are_counted_by_the_projection_and_the_recount_alike(
        system, town):
    live = system.returns.live(H1_2026, after=system.app.head_position())
    benefits, reasons = live.figures["benefits"], live.figures["reasons"]

    assert benefits["permanent_allowance_single"]["own"] | {"amount": None} == {
        "persons": 1, "benefits": 1, "amount": None, "families": 1, "family_persons": 1}
    assert benefits["permanent_allowance_single"]["own"]["amount"] == "600.00"
    assert benefits["permanent_allowance_in_family"]["own"]["persons"] == 1  # B's, as before
    assert benefits["health_contributions"]["own"]["amount"] == "243.00"  # 9% of 700 × 3 + 600
    assert benefits["periodic_allowance_illness"]["own"]["amount"] == "300.00"
    assert benefits["periodic_allowance_other"]["own"]["amount"] == "300.00"
    assert benefits["periodic_allowance_unemployment"]["own"]["persons"] == 1  # A's
    assert benefits["purpose_allowance_random_event"]["own"]["amount"] == "800.00"
    assert benefits["purpose_allowance_health_care"]["own"]["amount"] == "120.00"
    assert benefits["cash_total"]["commissioned"]["amount"] == "2000.00"  # the flood
    assert benefits["cash_total"]["own"]["persons"] == 5
    assert (reasons["13"]["families"], reasons["13_drugs"]["families"],
            reasons["13_alcoholism"]["families"]) == (1, 1, 0)
    assert (reasons["14"]["families"], reasons["14_random_event"]["families"],
            reasons["14_crisis"]["families"]) == (1, 1, 1)
    assert live.figures["family_types"]["persons_1"]["families"] == 2  # C and D
    assert recount(system.app, H1_2026, live.position, live.as_of).figures == live.figures


def test_a_relation_corrected_to_child_moves_the_family_among_the_types(system, town):
    b = town.households["B"]
    before = system.returns.live(H1_2026, after=system.app.head_position())
    assert before.figures["family_types"]["with_children"]["families"] == 1  # A only
    system.app.handle(ctx(), CorrectMemberDetails(
        folder_id=b.folder_id, expected_version=system.app.repository.get(b.folder_id).version,
        member_id=b.members[1], relation="child"))

    after = system.returns.live(H1_2026, after=system.app.head_position())
    assert after.figures["family_types"]["with_children"]["families"] == 2
    assert after.figures["family_types"]["children_1"]["families"] == 2
    assert recount(system.app, H1_2026, after.position, after.as_of).figures == after.figures
