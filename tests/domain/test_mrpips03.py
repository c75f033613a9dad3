"""The counting rules of MRPiPS-03, one decision and one family at a time."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.benefit_terms import DaysTerms
from domain.care import CareTerms, CashTerms
from domain.help import form_info
from domain.mrpips03 import (
    DECISION_FORMS,
    CareMonth,
    Contribution,
    GrantedDecision,
    InvalidReturnPeriodError,
    Payment,
    ReturnFacts,
    ReturnPeriod,
    TermsSegment,
    compile_figures,
    content_hash,
    counted_form,
    differences,
)
from domain.social_contract import (
    ClosedBeforeSigningError,
    ContractClosedError,
    InvalidContractPeriodError,
    SocialContract,
)

H1, YEAR = ReturnPeriod(2026, "H1"), ReturnPeriod(2026, "Y")


def cash(amount="100.00", start=date(2026, 1, 15), to=None, installments=1) -> CashTerms:
    return CashTerms(amount=Decimal(amount), period_from=start, period_to=to,
                     installments=installments)


def care(start=date(2026, 6, 1), end=date(2026, 6, 30), per_day=2, per_week=4,
         weekdays=(1, 3)) -> CareTerms:
    return CareTerms(tasks=("meals",), hours_per_day=Decimal(per_day),
                     hours_per_week=Decimal(per_week), weekdays=weekdays, period_from=start,
                     period_to=end, place="dom", provider_id="MCUS",
                     hourly_cost=Decimal("30.00"), fee_share_percent=Decimal(0))


def granted(form, *segments, person=None, folder=None, reasons=("1",), ends_before=None,
            void=False, issued_on=date(2026, 1, 10), paid=(), care_months=()
            ) -> GrantedDecision:
    """`paid`: (day, amount) of each payment (`BenefitPaid` not reversed)."""
    return GrantedDecision(uuid.uuid4(), person or uuid.uuid4(), folder or uuid.uuid4(), form,
                           reasons, issued_on, tuple(segments), ends_before, void,
                           tuple(Payment(day, Decimal(amount)) for day, amount in paid),
                           tuple(care_months))


def test_a_period_is_a_half_year_or_a_year():
    assert (H1.first, H1.last, YEAR.last) == (date(2026, 1, 1), date(2026, 6, 30),
                                              date(2026, 12, 31))
    for year, part in ((2026, "H2"), (1999, "Y"), (True, "Y")):
        with pytest.raises(InvalidReturnPeriodError):
            ReturnPeriod(year, part)


def test_cash_counts_the_payments_dated_in_the_period_one_benefit_each():
    monthly = [(date(2026, month, 15), "700.00") for month in range(1, 13)]
    d = granted("permanent_allowance", TermsSegment(date(2026, 1, 15), cash=cash("700.00")),
                paid=monthly)
    assert d.contribution(H1) == Contribution(6, Decimal("4200.00"))
    assert d.contribution(YEAR).amount == Decimal("8400.00")
    # Revoked from 15 March: the February instalment, paid late on 20 March, was provided.
    revoked = granted("permanent_allowance", TermsSegment(date(2026, 1, 15), cash=cash()),
                      ends_before=date(2026, 3, 15),
                      paid=[(date(2026, 1, 15), "100.00"), (date(2026, 3, 20), "100.00")])
    assert revoked.contribution(H1).benefits == 2
    # Paid in January 2027 for December: in the next year's return, not this one.
    late = granted("periodic_allowance", TermsSegment(date(2026, 12, 1), cash=cash()),
                   paid=[(date(2027, 1, 10), "100.00")])
    assert not late.contribution(YEAR).counts
    assert late.contribution(ReturnPeriod(2027, "H1")).amount == Decimal("100.00")


def test_a_decision_with_nothing_provided_in_the_period_counts_nowhere():
    unpaid = granted("periodic_allowance", TermsSegment(
        date(2026, 2, 1), cash=cash("500.00", date(2026, 2, 1), None, 3)), reasons=("4",))
    ordered = granted("care_services", TermsSegment(date(2026, 2, 1), care=care()))
    figures = compile_figures(H1, ReturnFacts([unpaid, ordered]))
    assert figures["benefits"]["periodic_allowance"]["own"]["persons"] == 0
    assert figures["benefits"]["care_services"]["own"]["benefits"] == 0
    assert figures["benefits"]["total"]["persons"] == 0
    assert figures["reasons"]["4"]["families"] == 0


def test_care_counts_the_hours_delivered_and_a_settled_month_as_settled():
    d = granted("care_services", TermsSegment(date(2026, 5, 1), care=care(
        start=date(2026, 5, 1), end=date(2026, 8, 31))), care_months=[
        CareMonth(2026, 5, minutes=17 * 60 + 20, settled_hours=Decimal("17.33"),
                  settled_total=Decimal("519.90")),
        CareMonth(2026, 6, minutes=9 * 120 + 50),  # not settled yet: 18.83 h × 30.00
        CareMonth(2026, 7, minutes=600),
    ])
    contribution = d.contribution(H1)
    assert contribution.benefits == 36  # 17.33 + 18.83 = 36.16 h, one benefit an hour
    assert contribution.amount == Decimal("519.90") + Decimal("564.90")
    assert d.contribution(YEAR).benefits == 46


def test_care_delivered_is_costed_at_the_terms_in_force_at_the_month_end():
    first = TermsSegment(date(2026, 5, 1), care=care(start=date(2026, 5, 1)))
    dearer = TermsSegment(date(2026, 6, 15), care=replace(care(), hourly_cost=Decimal("40.00")))
    d = granted("day_care_home", first, dearer, care_months=[
        CareMonth(2026, 5, minutes=600), CareMonth(2026, 6, minutes=600)])
    assert d.contribution(H1) == Contribution(20, Decimal("700.00"))


def test_a_residential_home_counts_what_the_municipality_pays_over_the_stay():
    stay = care(start=date(2026, 3, 15), end=date(2026, 12, 31))
    d = granted("residential_care_home",
                TermsSegment(date(2026, 3, 1), care=stay, dps_monthly=Decimal("3100.00")))
    # 17 of March's 31 days, then April–June whole: 1,700.00 + 3 × 3,100.00.
    assert d.contribution(H1) == Contribution(4, Decimal("11000.00"))
    assert d.contribution(YEAR) == Contribution(10, Decimal("29600.00"))
    # Revoked from 1 June: April and May whole, nothing after.
    assert replace(d, ends_before=date(2026, 6, 1)).contribution(H1) == Contribution(
        3, Decimal("7900.00"))
    # The resident (and family) pay it all, or no fee was recorded: nothing provided.
    assert not replace(d, segments=(TermsSegment(date(2026, 3, 1), care=stay,
                                                 dps_monthly=Decimal(0)),)
                       ).contribution(H1).counts
    assert not replace(d, segments=(TermsSegment(date(2026, 3, 1), care=stay),)
                       ).contribution(H1).counts


def test_a_decision_set_aside_on_appeal_counts_nowhere():
    d = granted("purpose_allowance", TermsSegment(date(2026, 2, 1), cash=cash()), void=True)
    assert not d.contribution(YEAR).counts


@given(decisions=st.integers(min_value=1, max_value=6), amount=st.integers(1, 5000))
def test_a_person_is_counted_once_per_form_however_many_decisions(decisions, amount):
    person, folder = uuid.uuid4(), uuid.uuid4()
    facts = ReturnFacts(decisions=[
        granted("purpose_allowance",
                TermsSegment(date(2026, 1, 1), cash=cash(f"{amount}.00", date(2026, 1, 1)
                                                         + timedelta(days=n))),
                person=person, folder=folder,
                paid=[(date(2026, 1, 1) + timedelta(days=n), f"{amount}.00")])
        for n in range(decisions)])
    cell = compile_figures(H1, facts)["benefits"]["purpose_allowance"]["own"]
    assert (cell["persons"], cell["families"], cell["benefits"]) == (1, 1, decisions)
    assert Decimal(cell["amount"]) == decisions * amount


def test_a_family_is_counted_under_every_reason_but_once_in_the_total():
    folder = uuid.uuid4()
    terms = TermsSegment(date(2026, 2, 1), cash=cash(start=date(2026, 2, 1)))
    facts = ReturnFacts(decisions=[granted("purpose_allowance", terms, folder=folder,
                                           reasons=("1", "5", "6"),
                                           paid=[(date(2026, 2, 10), "100.00")])])
    figures = compile_figures(H1, facts)
    assert [code for code, block in figures["reasons"].items() if block["families"]] == [
        "1", "5", "6"]
    assert figures["benefits"]["total"]["families"] == 1


def test_differences_name_each_changed_figure_by_its_path():
    before = {"a": {"b": 1, "c": "2.00"}, "d": 3}
    after = {"a": {"b": 1, "c": "2.50"}, "d": 4}
    assert differences(before, after) == [
        {"path": "a.c", "before": "2.00", "after": "2.50"},
        {"path": "d", "before": 3, "after": 4}]
    assert content_hash(before) != content_hash(after)
    assert content_hash({"d": 3, "a": {"c": "2.00", "b": 1}}) == content_hash(before)


def test_a_social_contract_is_signed_for_a_fixed_time_and_closed_once():
    with pytest.raises(InvalidContractPeriodError):
        SocialContract.sign(contract_id=uuid.uuid4(), folder_id=uuid.uuid4(),
                            member_id=uuid.uuid4(), signed_on=date(2026, 3, 1),
                            ends_on=date(2026, 2, 1), goals="Praca")
    contract = SocialContract.sign(contract_id=uuid.uuid4(), folder_id=uuid.uuid4(),
                                   member_id=uuid.uuid4(), signed_on=date(2026, 3, 1),
                                   ends_on=date(2026, 8, 31), goals="  Praca ")
    assert contract.goals == "Praca"
    with pytest.raises(ClosedBeforeSigningError):
        contract.close(closed_on=date(2026, 2, 1), outcome="achieved")
    contract.close(closed_on=date(2026, 6, 1), outcome="achieved")
    with pytest.raises(ContractClosedError):
        contract.close(closed_on=date(2026, 6, 2), outcome="broken")


def test_the_remaining_forms_have_rows_and_disaster_allowances_are_commissioned():
    # issue #18: the natural-disaster allowance (art. 40, a commissioned task), funeral and
    # clothing are cash rows of their own; a meal still counts as one benefit when issued.
    facts = ReturnFacts(decisions=[
        granted("natural_disaster_allowance", TermsSegment(date(2026, 2, 1), cash=cash(
            "2500.00", date(2026, 2, 1))), reasons=("15",), paid=[(date(2026, 2, 10), "2500")]),
        granted("funeral", TermsSegment(date(2026, 3, 1), cash=cash("4000.00", date(2026, 3, 1))),
                paid=[(date(2026, 3, 10), "4000.00")]),
        granted("clothing", TermsSegment(date(2026, 3, 1), cash=cash("300.00", date(2026, 3, 1))),
                paid=[(date(2026, 3, 10), "300.00")]),
        granted("meal"),
    ])
    benefits = compile_figures(H1, facts)["benefits"]

    disaster = benefits["natural_disaster_allowance"]
    assert disaster["commissioned"]["persons"] == 1 and disaster["own"]["persons"] == 0
    assert Decimal(disaster["commissioned"]["amount"]) == Decimal("2500.00")
    assert Decimal(benefits["funeral"]["own"]["amount"]) == Decimal("4000.00")
    assert Decimal(benefits["clothing"]["own"]["amount"]) == Decimal("300.00")
    assert benefits["meal"]["own"]["benefits"] == 1


@pytest.mark.parametrize("form", DECISION_FORMS)
def test_each_form_counts_in_exactly_its_column_of_art_17_or_18(form):
    terms = (TermsSegment(date(2026, 2, 1), cash=cash("100.00", date(2026, 2, 1)))
             if form_info(form).kind == "cash" else
             TermsSegment(date(2026, 2, 1), care=care(), dps_monthly=Decimal(2000))
             if form_info(form).kind == "care" else None)
    decision = granted(form, *([terms] if terms else []), paid=[(date(2026, 2, 10), "100")],
                       care_months=[CareMonth(2026, 6, minutes=240)])
    cells = compile_figures(H1, ReturnFacts(decisions=[decision]))["benefits"][form]
    counted, other = (("commissioned", "own") if form_info(form).commissioned
                      else ("own", "commissioned"))
    assert cells[counted]["persons"] == 1
    assert cells[other]["persons"] == 0 and cells[other]["benefits"] == 0


@pytest.mark.parametrize(("basis", "row"), [
    ("art. 40 ust. 2 ustawy o pomocy społecznej", "natural_disaster_allowance"),
    ("Art.40 ust.2 i 3", "natural_disaster_allowance"),
    ("art. 39 ust. 1 i art. 40 ust. 2", "natural_disaster_allowance"),
    ("art. 40 ust. 1", "purpose_allowance"),  # a random event: an own task
    ("art. 140 ust. 2", "purpose_allowance"),
    ("art. 39 ust. 1", "purpose_allowance"),
])
def test_a_purpose_allowance_for_a_natural_disaster_counts_in_its_commissioned_row(basis, row):
    assert counted_form("purpose_allowance", basis) == row
    assert counted_form("periodic_allowance", basis) == "periodic_allowance"


def meals(days=30, unit="12.50", start=date(2026, 6, 16), end=None) -> DaysTerms:
    return DaysTerms(days=days, unit_cost=Decimal(unit),
                     amount=Decimal(unit) * days, period_from=start, period_to=end)


def test_meals_count_their_days_in_the_period_at_their_cost_even_when_decided_before_it():
    # 30 meals from 16 June to 15 July: 15 in the half-year, all 30 in the year.
    decided_in_june = granted("meal", TermsSegment(date(2026, 6, 10), days=meals()),
                              issued_on=date(2026, 6, 10))
    h1 = compile_figures(H1, ReturnFacts([decided_in_june]))["benefits"]["meal"]["own"]
    year = compile_figures(YEAR, ReturnFacts([decided_in_june]))["benefits"]["meal"]["own"]
    assert (h1["benefits"], h1["amount"]) == (15, "187.50")
    assert (year["benefits"], year["amount"]) == (30, "375.00")
    # Decided in December 2025 for 1 January–30 January 2026: counted in 2026, not dropped.
    december = granted("shelter", TermsSegment(date(2025, 12, 20), days=meals(
        30, "60.00", date(2026, 1, 1), date(2026, 1, 30))), issued_on=date(2025, 12, 20))
    shelter = compile_figures(H1, ReturnFacts([december]))["benefits"]["shelter"]["own"]
    assert (shelter["persons"], shelter["benefits"], shelter["amount"]) == (1, 30, "1800.00")
    # Nothing of it in the period: not counted at all.
    assert compile_figures(ReturnPeriod(2025, "Y"), ReturnFacts([december]))[
        "benefits"]["shelter"]["own"]["persons"] == 0


def test_meals_spread_over_a_longer_period_count_their_share_and_stop_at_a_revocation():
    # 20 school-day meals over June–July (61 days): 30 days of June → 20 × 30 / 61 ≈ 10.
    spread = granted("meal", TermsSegment(date(2026, 5, 20), days=meals(
        20, "10.00", date(2026, 6, 1), date(2026, 7, 31))), issued_on=date(2026, 5, 20))
    cell = compile_figures(H1, ReturnFacts([spread]))["benefits"]["meal"]["own"]
    assert (cell["benefits"], cell["amount"]) == (10, "100.00")
    revoked = replace(spread, ends_before=date(2026, 6, 16))  # 15 days of 61 → 5 meals
    cell = compile_figures(H1, ReturnFacts([revoked]))["benefits"]["meal"]["own"]
    assert (cell["benefits"], cell["amount"]) == (5, "50.00")
