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
    GrantedDecision,
    InvalidReturnPeriodError,
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
            void=False, issued_on=date(2026, 1, 10)) -> GrantedDecision:
    return GrantedDecision(uuid.uuid4(), person or uuid.uuid4(), folder or uuid.uuid4(), form,
                           reasons, issued_on, tuple(segments), ends_before, void)


def test_a_period_is_a_half_year_or_a_year():
    assert (H1.first, H1.last, YEAR.last) == (date(2026, 1, 1), date(2026, 6, 30),
                                              date(2026, 12, 31))
    for year, part in ((2026, "H2"), (1999, "Y"), (True, "Y")):
        with pytest.raises(InvalidReturnPeriodError):
            ReturnPeriod(year, part)


def test_a_permanent_allowance_without_an_end_is_paid_monthly_until_revoked():
    d = granted("permanent_allowance", TermsSegment(date(2026, 1, 15), cash=cash("700.00")))
    assert d.contribution(H1).benefits == 6
    assert d.contribution(YEAR).amount == Decimal("8400.00")
    revoked = granted("permanent_allowance", TermsSegment(date(2026, 1, 15), cash=cash()),
                      ends_before=date(2026, 3, 15))
    assert revoked.contribution(H1).benefits == 2  # 15 January, 15 February


def test_an_amendment_changes_the_terms_from_its_date_only():
    first = TermsSegment(date(2026, 1, 10), cash=cash("500.00", date(2026, 1, 10), None, 6))
    amended = TermsSegment(date(2026, 4, 1), cash=cash("800.00", date(2026, 4, 10), None, 3))
    d = granted("periodic_allowance", first, amended)
    # January-March at 500, then the amended schedule: April, May, June at 800.
    assert d.contribution(H1).benefits == 6
    assert d.contribution(H1).amount == Decimal("3900.00")


def test_care_counts_ordered_hours_within_the_week_cap():
    d = granted("care_services", TermsSegment(date(2026, 6, 1),
                                              care=care(weekdays=(1, 2, 3), per_week=4)))
    # June 2026 has 5 Mondays, 5 Tuesdays, 4 Wednesdays; 2 h a day capped at 4 h a week.
    contribution = d.contribution(H1)
    assert contribution.benefits == 4 * 4 + 4  # four full weeks, then Mon 29 + Tue 30
    assert contribution.amount == Decimal(20 * 30).quantize(Decimal("0.01"))


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
                person=person, folder=folder) for n in range(decisions)])
    cell = compile_figures(H1, facts)["benefits"]["purpose_allowance"]["own"]
    assert (cell["persons"], cell["families"], cell["benefits"]) == (1, 1, decisions)
    assert Decimal(cell["amount"]) == decisions * amount


def test_a_family_is_counted_under_every_reason_but_once_in_the_total():
    folder = uuid.uuid4()
    terms = TermsSegment(date(2026, 2, 1), cash=cash(start=date(2026, 2, 1)))
    facts = ReturnFacts(decisions=[granted("purpose_allowance", terms, folder=folder,
                                           reasons=("1", "5", "6"))])
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
            "2500.00", date(2026, 2, 1))), reasons=("15",)),
        granted("funeral", TermsSegment(date(2026, 3, 1), cash=cash("4000.00", date(2026, 3, 1)))),
        granted("clothing", TermsSegment(date(2026, 3, 1), cash=cash("300.00", date(2026, 3, 1)))),
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
             TermsSegment(date(2026, 2, 1), care=care()) if form_info(form).kind == "care"
             else None)
    decision = granted(form, *([terms] if terms else []))
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
