"""The rows of layout "2026": each counted from what Teczka records, with its commissioned /
own split, and the consistency rules over them."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from domain.care import CashTerms
from domain.mrpips03 import (
    Family,
    GrantedDecision,
    Payment,
    ReturnFacts,
    ReturnPeriod,
    TermsSegment,
    compile_figures,
)
from domain.mrpips03_checks import PARTS_ADD_UP, SUBROW_WITHIN_ROW, check_figures
from domain.mrpips03_rows import Membership

H1 = ReturnPeriod(2026, "H1")
FEB = date(2026, 2, 1)


def household(*members: Membership) -> tuple[uuid.UUID, Family]:
    folder = uuid.uuid4()
    return folder, Family(folder, len(members), False, members)


def cash(form: str, person: uuid.UUID, folder: uuid.UUID, *, reasons=("1",), basis="",
         paid=(("2026-02-10", "300.00"),), issued_on=FEB) -> GrantedDecision:
    terms = CashTerms(amount=Decimal("300.00"), period_from=issued_on, period_to=None,
                      installments=1)
    return GrantedDecision(
        uuid.uuid4(), person, folder, form, tuple(reasons), issued_on,
        (TermsSegment(issued_on, None, terms),),
        payments=tuple(Payment(date.fromisoformat(d), Decimal(a)) for d, a in paid),
        legal_basis=basis)


def row(figures, name, task="own"):
    return figures["benefits"][name][task]


def test_a_permanent_allowance_counts_single_or_in_a_family_by_the_household_on_its_day():
    alone_folder, alone = household(Membership(date(2020, 1, 1), relation="head"))
    # A spouse joined after the decision: still a single person's allowance.
    late_folder, late = household(Membership(date(2020, 1, 1), relation="head"),
                                  Membership(date(2026, 3, 1), relation="spouse"))
    pair_folder, pair = household(Membership(date(2020, 1, 1), relation="head"),
                                  Membership(date(2021, 1, 1), relation="spouse"))
    decisions = [cash("permanent_allowance", uuid.uuid4(), f) for f in
                 (alone_folder, late_folder, pair_folder)]
    figures = compile_figures(H1, ReturnFacts(decisions, {
        alone_folder: alone, late_folder: late, pair_folder: pair}))

    assert row(figures, "permanent_allowance_single")["persons"] == 2
    assert row(figures, "permanent_allowance_single")["amount"] == "600.00"
    assert row(figures, "permanent_allowance_in_family")["persons"] == 1
    assert row(figures, "permanent_allowance_in_family")["family_persons"] == 2
    assert row(figures, "permanent_allowance_single", "commissioned")["persons"] == 0
    assert not check_figures(figures)


def test_health_contributions_are_nine_percent_of_the_permanent_allowance_paid_a_month():
    folder, family = household(Membership(date(2020, 1, 1), relation="head"))
    decision = cash("permanent_allowance", uuid.uuid4(), folder,
                    paid=(("2026-02-10", "700.00"), ("2026-02-20", "100.00"),
                          ("2026-03-10", "800.00"), ("2026-07-10", "800.00")))
    figures = compile_figures(H1, ReturnFacts([decision], {folder: family}))

    contributions = row(figures, "health_contributions")
    assert contributions == {"persons": 1, "benefits": 2, "amount": "144.00", "families": 1,
                             "family_persons": 1}
    assert row(figures, "health_contributions", "commissioned")["benefits"] == 0


def test_a_periodic_allowance_goes_to_one_reason_row_and_the_rows_add_up():
    folder, family = household(Membership(date(2020, 1, 1), relation="head"))
    decisions = [cash("periodic_allowance", uuid.uuid4(), folder, reasons=r)
                 for r in (("1", "4"), ("5", "6"), ("6",), ("1",), ("4", "5"))]
    figures = compile_figures(H1, ReturnFacts(decisions, {folder: Family(
        folder, 5, False, family.members * 5)}))

    by_reason = {name: row(figures, f"periodic_allowance_{name}")["persons"]
                 for name in ("unemployment", "disability", "illness", "other")}
    assert by_reason == {"unemployment": 2, "disability": 1, "illness": 1, "other": 1}
    assert row(figures, "periodic_allowance_unemployment")["amount"] == "600.00"
    assert not [f for f in check_figures(figures) if f.rule == PARTS_ADD_UP]


def test_purpose_allowance_sub_rows_follow_the_legal_basis():
    folder, family = household(Membership(date(2020, 1, 1), relation="head"))
    decisions = [
        cash("purpose_allowance", uuid.uuid4(), folder, basis="art. 40 ust. 1 ustawy"),
        cash("purpose_allowance", uuid.uuid4(), folder, basis="art. 39 ust. 2 ustawy"),
        cash("purpose_allowance", uuid.uuid4(), folder, basis="art. 39 ust. 1 ustawy"),
        cash("purpose_allowance", uuid.uuid4(), folder, basis="art. 40 ust. 10"),
        cash("purpose_allowance", uuid.uuid4(), folder, basis="Art. 39 ust. 1 i 2 ustawy"),
        cash("purpose_allowance", uuid.uuid4(), folder, basis="art. 39 ust. 21"),
    ]
    figures = compile_figures(H1, ReturnFacts(decisions, {folder: Family(
        folder, 6, False, family.members * 6)}))

    assert row(figures, "purpose_allowance_random_event")["persons"] == 1
    assert row(figures, "purpose_allowance_health_care")["persons"] == 2
    assert row(figures, "purpose_allowance")["persons"] == 6


def test_cash_and_non_cash_totals_split_every_form_by_its_task():
    folder, family = household(Membership(date(2020, 1, 1), relation="head"),
                               Membership(date(2020, 1, 1), relation="spouse"))
    head, spouse = uuid.uuid4(), uuid.uuid4()
    disaster = cash("natural_disaster_allowance", head, folder)
    meal = GrantedDecision(uuid.uuid4(), spouse, folder, "meal", ("1",), FEB,
                           (TermsSegment(FEB),))
    figures = compile_figures(H1, ReturnFacts([disaster, meal], {folder: family}))

    assert row(figures, "cash_total", "commissioned")["amount"] == "300.00"
    assert row(figures, "cash_total", "own")["persons"] == 0
    assert row(figures, "non_cash_total", "own")["persons"] == 1
    assert row(figures, "non_cash_total", "own")["benefits"] == 1
    assert not check_figures(figures)


def test_alcoholism_drugs_random_event_and_crisis_have_rows_of_their_own():
    folder, family = household(Membership(date(2020, 1, 1), relation="head"))
    other_folder, other = household(Membership(date(2020, 1, 1), relation="head"))
    decisions = [cash("purpose_allowance", uuid.uuid4(), folder,
                      reasons=("13_alcoholism", "14_crisis")),
                 cash("purpose_allowance", uuid.uuid4(), other_folder,
                      reasons=("13", "14_random_event"))]
    figures = compile_figures(H1, ReturnFacts(decisions, {folder: family,
                                                          other_folder: other}))
    reasons = figures["reasons"]

    assert reasons["13"]["families"] == 2  # the point counts its undivided decisions too
    assert reasons["13_alcoholism"]["families"] == 1
    assert reasons["13_drugs"]["families"] == 0
    assert reasons["14_random_event"]["families"] == 1
    assert reasons["14_crisis"]["families"] == 1
    assert not check_figures(figures)


def test_family_types_count_persons_and_children_in_the_period():
    single_folder, single = household(Membership(date(2020, 1, 1), relation="head"))
    kids_folder, kids = household(
        Membership(date(2020, 1, 1), relation="head"),
        Membership(date(2020, 1, 1), relation="child"),
        Membership(date(2020, 1, 1), relation="child"),
        # left before the period: neither a person nor a child of it
        Membership(date(2020, 1, 1), date(2025, 6, 1), relation="child"))
    kids = Family(kids_folder, 3, False, kids.members)
    decisions = [cash("purpose_allowance", uuid.uuid4(), single_folder),
                 cash("purpose_allowance", uuid.uuid4(), kids_folder)]
    figures = compile_figures(H1, ReturnFacts(decisions, {single_folder: single,
                                                          kids_folder: kids}))
    types = figures["family_types"]

    assert types["all"] == {"families": 2, "family_persons": 4}
    assert types["persons_1"] == {"families": 1, "family_persons": 1}
    assert types["persons_3"] == {"families": 1, "family_persons": 3}
    assert types["with_children"] == {"families": 1, "family_persons": 3}
    assert types["children_2"] == {"families": 1, "family_persons": 3}
    assert not check_figures(figures)


def test_a_sub_row_above_its_row_and_parts_not_adding_up_fail():
    folder, family = household(Membership(date(2020, 1, 1), relation="head"))
    figures = compile_figures(H1, ReturnFacts(
        [cash("periodic_allowance", uuid.uuid4(), folder, reasons=("4",))], {folder: family}))
    figures["benefits"]["periodic_allowance_unemployment"]["own"]["amount"] = "900.00"
    figures["reasons"]["13_drugs"]["families"] = 1

    found = {(f.rule, f.row) for f in check_figures(figures)}
    assert (SUBROW_WITHIN_ROW, "benefits.periodic_allowance_unemployment.own") in found
    assert (PARTS_ADD_UP, "benefits.periodic_allowance.own") in found
    assert (SUBROW_WITHIN_ROW, "reasons.13_drugs") in found


def test_an_old_layout_return_breaks_none_of_the_new_rules():
    folder, family = household(Membership(date(2020, 1, 1), relation="head"))
    figures = compile_figures(H1, ReturnFacts(
        [cash("periodic_allowance", uuid.uuid4(), folder)], {folder: family}))
    old = {"benefits": {k: v for k, v in figures["benefits"].items()
                        if k in ("periodic_allowance", "total")},
           "reasons": {k: v for k, v in figures["reasons"].items() if "_" not in k},
           "social_work": figures["social_work"],
           "social_contracts": figures["social_contracts"]}
    assert not check_figures(old)


def test_a_return_compiled_before_layouts_existed_reads_as_the_old_layout_and_new_as_2026():
    from datetime import UTC, datetime

    from domain.statistical_return import StatisticalReturn

    statistical_return = StatisticalReturn.open(ReturnPeriod(2025, "Y"))
    statistical_return.compile(figures={"social_work": {"families": 1}}, position=1,
                               as_of=datetime(2026, 1, 5, tzinfo=UTC))
    opened, compiled = statistical_return.collect_events()
    assert compiled.layout == "2026"
    object.__delattr__(compiled, "layout")  # as an event stored before this version
    rebuilt = compiled.mutate(opened.mutate(None))
    assert rebuilt.draft["layout"] == "2025"
