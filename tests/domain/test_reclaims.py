"""Undue benefits on a proceeding (art. 98 u.p.s.): a reclaim never above what was paid,
repayments and write-offs never above what is owed, so the balance is never negative; a
summons gives at least seven days (KPA art. 64 § 2)."""

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.care import CashTerms
from domain.proceeding import Proceeding
from domain.reclaim import (
    ReclaimAbovePaidError,
    ReclaimSettledError,
    ReclaimTermsInvalidError,
    RepaymentAboveOutstandingError,
    SummonsTermTooShortError,
    WriteOffAboveOutstandingError,
)

DAY = date(2026, 3, 10)


def granted() -> Proceeding:
    proceeding = Proceeding.file_application(
        proceeding_id=uuid4(), folder_id=UUID(int=2), person_id=UUID(int=3),
        form="permanent_allowance", applicant="person", filed_on=date(2026, 3, 1),
        case_reference="ZTPS1.5111.42.2026")
    proceeding.issue_decision(
        decision_id=uuid4(), outcome="grant", reasons=["5"], legal_basis="art. 37 ust. 1",
        signatory="Jan Dec", issued_on=date(2026, 3, 5),
        interview_conducted_on=date(2026, 3, 3),
        cash=CashTerms(amount=Decimal("500.00"), period_from=date(2026, 3, 5),
                       period_to=None, installments=1))
    return proceeding


def decide(proceeding: Proceeding, amount: str, paid: str = "1000.00",
           terms: list[tuple[int, str]] | None = None) -> UUID:
    reclaim_id = uuid4()
    proceeding.decide_reclaim(
        reclaim_id=reclaim_id, issued_on=DAY, amount=Decimal(amount),
        basis="false_information", period_from=date(2026, 3, 5), period_to=date(2026, 4, 4),
        instalments=[{"due_on": DAY + timedelta(days=d), "amount": Decimal(a)}
                     for d, a in (terms or [(30, amount)])],
        reason="Zatajony dochód.", signatory="Jan Dec", paid=Decimal(paid))
    return reclaim_id


def test_a_reclaim_cannot_exceed_what_was_paid_less_earlier_reclaims():
    proceeding = granted()
    decide(proceeding, "600.00")
    with pytest.raises(ReclaimAbovePaidError):
        decide(proceeding, "400.01")
    decide(proceeding, "400.00")


def test_the_instalments_must_add_up_to_the_amount_in_date_order():
    proceeding = granted()
    with pytest.raises(ReclaimTermsInvalidError):
        decide(proceeding, "300.00", terms=[(30, "100.00"), (60, "100.00")])
    with pytest.raises(ReclaimTermsInvalidError):
        decide(proceeding, "300.00", terms=[(60, "100.00"), (30, "200.00")])
    with pytest.raises(ReclaimTermsInvalidError):
        decide(proceeding, "300.00", terms=[(-1, "300.00")])
    decide(proceeding, "300.00", terms=[(30, "100.00"), (60, "200.00")])


def test_a_settled_reclaim_takes_no_more_and_the_events_replay_to_the_same_balance():
    proceeding = granted()
    reclaim_id = decide(proceeding, "300.00")
    proceeding.record_repayment(reclaim_id=reclaim_id, paid_on=DAY, amount=Decimal("100.00"),
                                method="cash")
    with pytest.raises(WriteOffAboveOutstandingError):
        proceeding.write_off_reclaim(reclaim_id=reclaim_id, decided_on=DAY, kind="write_off",
                                     amount=Decimal("200.01"), instalments=[], reason="x")
    proceeding.write_off_reclaim(reclaim_id=reclaim_id, decided_on=DAY, kind="spread",
                                 amount=None, reason="Raty.",
                                 instalments=[{"due_on": DAY + timedelta(days=30),
                                               "amount": Decimal("120.00")},
                                              {"due_on": DAY + timedelta(days=60),
                                               "amount": Decimal("80.00")}])
    proceeding.write_off_reclaim(reclaim_id=reclaim_id, decided_on=DAY, kind="write_off",
                                 amount=Decimal("200.00"), instalments=[], reason="Choroba.")
    with pytest.raises(ReclaimSettledError):
        proceeding.record_repayment(reclaim_id=reclaim_id, paid_on=DAY,
                                    amount=Decimal("0.01"), method="cash")
    replayed = None
    for event in proceeding.collect_events():
        replayed = event.mutate(replayed)
    assert replayed is not None
    assert replayed.reclaims[reclaim_id].outstanding == Decimal("0.00")
    assert len(replayed.reclaims[reclaim_id].instalments) == 2


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500.00"), places=2)


@settings(max_examples=60, deadline=None)
@given(owed=amounts, steps=st.lists(st.tuples(st.sampled_from(["repay", "write_off"]),
                                              amounts), max_size=12))
def test_the_balance_is_never_negative_and_repayments_never_exceed_the_debt(owed, steps):
    proceeding = granted()
    reclaim_id = decide(proceeding, str(owed))
    for action, amount in steps:
        reclaim = proceeding.reclaims[reclaim_id]
        before = reclaim.outstanding
        try:
            if action == "repay":
                proceeding.record_repayment(reclaim_id=reclaim_id, paid_on=DAY,
                                            amount=amount, method="transfer")
            else:
                proceeding.write_off_reclaim(reclaim_id=reclaim_id, decided_on=DAY,
                                             kind="write_off", amount=amount, instalments=[],
                                             reason="Art. 104 ust. 4.")
        except (RepaymentAboveOutstandingError, WriteOffAboveOutstandingError,
                ReclaimSettledError):
            assert amount > before or before == 0
            continue
        assert reclaim.outstanding == before - amount
        assert reclaim.outstanding >= 0
        assert reclaim.repaid + reclaim.written_off <= reclaim.amount


def test_a_summons_gives_at_least_seven_days():
    proceeding = granted()
    with pytest.raises(SummonsTermTooShortError):
        proceeding.issue_summons(issued_on=DAY, purpose="supply_document",
                                 subject="PIT-11", due_on=DAY + timedelta(days=6), place="")
    proceeding.issue_summons(issued_on=DAY, purpose="supply_document", subject="PIT-11",
                             due_on=DAY + timedelta(days=7), place="")
    assert isinstance(proceeding.collect_events()[-1], Proceeding.SummonsIssued)
