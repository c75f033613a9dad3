"""The MRPiPS-03 form's consistency rules: each can fail, names its row and figures, and the
drill-down names the families that cause it."""

from __future__ import annotations

import typing
import uuid
from datetime import date
from decimal import Decimal

from domain.care import CashTerms
from domain.mrpips03 import (
    DECISION_FORMS,
    REASON_CODES,
    Family,
    GrantedDecision,
    Payment,
    ReturnFacts,
    ReturnPeriod,
    TermsSegment,
    compile_figures,
)
from domain.mrpips03_checks import (
    FAMILY_PERSONS_AT_LEAST_FAMILIES,
    FAMILY_PERSONS_AT_LEAST_PERSONS,
    PERSONS_AT_LEAST_FAMILIES,
    RULES,
    RURAL_WITHIN_ROW,
    TOTAL_AT_LEAST_ROW,
    check_figures,
    folders_failing,
)

H1 = ReturnPeriod(2026, "H1")


def allowance(person: uuid.UUID, folder: uuid.UUID) -> GrantedDecision:
    cash = CashTerms(amount=Decimal("300.00"), period_from=date(2026, 2, 1), period_to=None,
                     installments=1)
    return GrantedDecision(uuid.uuid4(), person, folder, "purpose_allowance", ("1",),
                           date(2026, 2, 1), (TermsSegment(date(2026, 2, 1), None, cash),),
                           payments=(Payment(date(2026, 2, 10), Decimal("300.00")),))


def rules_of(figures) -> set[tuple[str, str]]:
    return {(f.rule, f.row) for f in check_figures(figures)}


def test_the_figures_of_consistent_households_break_no_rule():
    folder, head, spouse = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    facts = ReturnFacts([allowance(head, folder), allowance(spouse, folder)],
                        {folder: Family(folder, 2, False)})
    assert check_figures(compile_figures(H1, facts)) == []


def test_a_spouse_granted_but_not_yet_a_member_breaks_persons_in_families_and_names_the_family():
    folder, head, spouse = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    facts = ReturnFacts([allowance(head, folder), allowance(spouse, folder)],
                        {folder: Family(folder, 1, False)})
    figures = compile_figures(H1, facts)

    failures = check_figures(figures)
    row = "benefits.purpose_allowance.own"
    assert [(f.rule, f.row, f.figures) for f in failures] == [
        (FAMILY_PERSONS_AT_LEAST_PERSONS, row, {"persons": 2, "family_persons": 1}),
        # layout "2026": the cash total counts the same two persons in the one family
        (FAMILY_PERSONS_AT_LEAST_PERSONS, "benefits.cash_total.own",
         {"persons": 2, "family_persons": 1}),
        (FAMILY_PERSONS_AT_LEAST_PERSONS, "benefits.total", {"persons": 2, "family_persons": 1}),
    ]
    assert folders_failing(FAMILY_PERSONS_AT_LEAST_PERSONS, row, H1, facts) == [folder]
    assert folders_failing(TOTAL_AT_LEAST_ROW, row, H1, facts) == []


def test_a_family_with_nobody_in_it_in_the_period_breaks_persons_in_families_at_least_families():
    folder = uuid.uuid4()
    facts = ReturnFacts([allowance(uuid.uuid4(), folder)], {folder: Family(folder, 0, False)})
    found = rules_of(compile_figures(H1, facts))
    assert (FAMILY_PERSONS_AT_LEAST_FAMILIES, "benefits.purpose_allowance.own") in found
    assert (FAMILY_PERSONS_AT_LEAST_FAMILIES, "benefits.total") in found
    assert (FAMILY_PERSONS_AT_LEAST_FAMILIES, "reasons.1") in found
    assert folders_failing(FAMILY_PERSONS_AT_LEAST_FAMILIES, "reasons.1", H1, facts) == [folder]
    assert folders_failing(FAMILY_PERSONS_AT_LEAST_FAMILIES, "benefits.total", H1,
                           facts) == [folder]


def periodic(person: uuid.UUID, folder: uuid.UUID, reason: str) -> GrantedDecision:
    cash = CashTerms(amount=Decimal("400.00"), period_from=date(2026, 2, 1),
                     period_to=date(2026, 2, 28), installments=1)
    return GrantedDecision(uuid.uuid4(), person, folder, "periodic_allowance", (reason,),
                           date(2026, 2, 1), (TermsSegment(date(2026, 2, 1), None, cash),),
                           payments=(Payment(date(2026, 2, 10), Decimal("400.00")),))


def test_the_drill_down_of_an_of_which_row_names_only_that_row_s_families():
    # Two households with nobody in them in the period, each granted a periodic allowance,
    # one for unemployment (art. 7 pkt 4), one for disability (pkt 5): each "of which" row
    # fails, and each names its own family, not its parent row's two.
    unemployed, disabled = uuid.uuid4(), uuid.uuid4()
    facts = ReturnFacts([periodic(uuid.uuid4(), unemployed, "4"),
                         periodic(uuid.uuid4(), disabled, "5")],
                        {unemployed: Family(unemployed, 0, False),
                         disabled: Family(disabled, 0, False)})
    found = rules_of(compile_figures(H1, facts))
    for row, folder in (("periodic_allowance_unemployment", unemployed),
                        ("periodic_allowance_disability", disabled)):
        assert (FAMILY_PERSONS_AT_LEAST_FAMILIES, f"benefits.{row}.own") in found
        assert folders_failing(FAMILY_PERSONS_AT_LEAST_FAMILIES, f"benefits.{row}.own", H1,
                               facts) == [folder]
    assert folders_failing(FAMILY_PERSONS_AT_LEAST_FAMILIES,
                           "benefits.periodic_allowance.own", H1, facts) == sorted(
                               [unemployed, disabled])
    assert folders_failing(FAMILY_PERSONS_AT_LEAST_FAMILIES,
                           "benefits.periodic_allowance_illness.own", H1, facts) == []


def empty_figures():
    return compile_figures(H1, ReturnFacts())


def test_a_row_above_its_total_breaks_totals_at_least_each_row():
    figures = empty_figures()
    figures["benefits"]["periodic_allowance"]["own"] |= {
        "persons": 2, "families": 1, "family_persons": 2}
    figures["benefits"]["total"] |= {"persons": 1, "families": 1, "family_persons": 2}
    failures = [f for f in check_figures(figures) if f.rule == TOTAL_AT_LEAST_ROW]
    assert [(f.row, f.figures) for f in failures] == [
        ("benefits.periodic_allowance.own", {"persons": 2, "total_persons": 1})]


def test_more_families_than_persons_granted_and_a_rural_split_above_its_row_fail():
    figures = empty_figures()
    figures["benefits"]["funeral"] = {"own": {"persons": 1, "benefits": 1, "amount": "0.00",
                                              "families": 2, "family_persons": 2}}
    figures["benefits"]["total"] |= {"persons": 1, "families": 2, "family_persons": 2}
    figures["social_work"] |= {"families": 1, "family_persons": 1, "rural_families": 2,
                               "rural_family_persons": 0}
    found = rules_of(figures)
    assert (PERSONS_AT_LEAST_FAMILIES, "benefits.funeral.own") in found
    assert (RURAL_WITHIN_ROW, "social_work") in found


def test_every_rule_is_named_by_the_api_and_every_form_and_reason_has_its_rows_checked():
    from api.routes.returns import RuleName

    assert set(typing.get_args(RuleName)) == set(RULES)
    rows = {row for row, _ in __import__("domain.mrpips03_checks", fromlist=["x"])
            ._family_rows(empty_figures())}
    assert {f"benefits.{form}.own" for form in DECISION_FORMS} <= rows
    assert {f"reasons.{code}" for code in REASON_CODES} <= rows
