"""Payments: the instalment schedule, payment lists, paying once, reversing, IBANs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.care import CashTerms
from domain.payments import (
    CashDecision,
    EmptyPaymentListError,
    InvalidIbanError,
    PaymentAlreadyReversedError,
    PaymentList,
    PaymentListNotApprovedError,
    ReversalReasonRequiredError,
    check_iban,
    draft,
    instalment_key,
    payment_list_id,
    schedule,
)

GOOD_IBAN = "PL61109010140000071219812874"
FOLDER = UUID("00000000-0000-4000-8000-000000000001")


def decision(form="periodic_allowance", amount="400.00", period=(date(2026, 1, 1),
             date(2026, 3, 31)), installments=3, **overrides) -> CashDecision:
    values = dict(decision_id=uuid4(), proceeding_id=uuid4(), folder_id=FOLDER, member_id=None,
                  case_reference="OPS.8311.1.2026", form=form,
                  cash=CashTerms(amount=Decimal(amount), period_from=period[0],
                                 period_to=period[1], installments=installments),
                  delivered_on=date(2025, 12, 20), final_on=date(2026, 1, 5)) | overrides
    return CashDecision(**values)


def test_a_periodic_allowance_falls_due_once_a_month_for_its_month():
    d = decision()

    due = list(schedule(d, date(2026, 12, 31)))

    assert [(i.due_on, i.period_from, i.period_to) for i in due] == [
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 31))]
    assert {i.amount for i in due} == {Decimal("400.00")}
    assert due[0].instalment_id == instalment_key(d.decision_id, date(2026, 1, 1))


def test_a_one_off_allowance_falls_due_once_for_its_whole_period():
    d = decision(form="purpose_allowance", amount="600.00",
                 period=(date(2026, 2, 10), None), installments=1)

    due = list(schedule(d, date(2026, 12, 31)))

    assert [(i.due_on, i.period_to, i.amount) for i in due] == [
        (date(2026, 2, 10), date(2026, 2, 10), Decimal("600.00"))]


def test_a_permanent_allowance_without_an_end_is_due_every_month_until_the_date():
    d = decision(form="permanent_allowance", period=(date(2026, 1, 15), None), installments=1)

    assert len(list(schedule(d, date(2026, 6, 14)))) == 5


@given(amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2),
       start=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
       months=st.integers(min_value=1, max_value=24),
       extra_days=st.integers(min_value=-27, max_value=27))
def test_instalments_sum_to_amount_times_months_and_none_falls_outside_the_period(
        amount, start, months, extra_days):
    month_index = start.month - 1 + months
    end = date(start.year + month_index // 12, month_index % 12 + 1, 1) - timedelta(days=1)
    end = max(start, end + timedelta(days=min(extra_days, 0)))
    d = decision(amount=str(amount), period=(start, end), installments=months)

    due = list(schedule(d, date(2035, 1, 1)))

    assert all(start <= i.period_from <= i.period_to <= end for i in due)
    assert all(start <= i.due_on <= end for i in due)
    if extra_days >= 0:  # the period spans whole months: one instalment for each
        assert sum(i.amount for i in due) == amount * months
    assert len(due) <= months
    assert len({i.instalment_id for i in due}) == len(due)


def test_a_list_takes_what_is_due_by_its_date_and_not_yet_paid():
    d = decision()
    paid = {instalment_key(d.decision_id, date(2026, 1, 1))}

    built = draft(date(2026, 2, 10), [d], paid)

    assert [i.due_on for i in built.due] == [date(2026, 2, 1)]
    assert built.total == Decimal("400.00")


def test_a_decision_not_yet_delivered_or_under_appeal_waits():
    waiting = [decision(delivered_on=None, final_on=None),
               decision(final_on=None, appeal_pending=True)]

    built = draft(date(2026, 2, 10), waiting, set())

    assert (built.due, built.dropped) == ((), ())


def test_a_delivered_grant_is_payable_before_it_is_final_art_130_4():
    built = draft(date(2026, 1, 10), [decision(final_on=None)], set())

    assert len(built.due) == 1


def test_a_revoked_decisions_later_instalments_drop_out_and_are_shown():
    d = decision(revoked_on=date(2026, 2, 15))

    built = draft(date(2026, 3, 10), [d], set())

    # due before the revocation: still owed; due after it: dropped, and shown
    assert [i.due_on for i in built.due] == [date(2026, 1, 1), date(2026, 2, 1)]
    assert [(i.due_on, why) for i, why in built.dropped] == [(date(2026, 3, 1), "revoked")]


def test_an_instalment_due_on_the_day_of_revocation_drops_out():
    d = decision(revoked_on=date(2026, 2, 1))

    built = draft(date(2026, 2, 10), [d], set())

    assert [i.due_on for i in built.due] == [date(2026, 1, 1)]
    assert [i.due_on for i, _ in built.dropped] == [date(2026, 2, 1)]


def test_a_decision_set_aside_pays_nothing():
    built = draft(date(2026, 3, 10), [decision(set_aside=True)], set())

    assert built.due == () and {why for _, why in built.dropped} == {"set_aside"}


def approved_list(d, revoked=frozenset(), accounts=None):
    built = draft(date(2026, 2, 10), [d], set())
    payment_list = PaymentList.build(built, built_by="kierownik")
    payable = {key: key not in revoked for key in payment_list.lines}
    payment_list.approve(approved_on=date(2026, 2, 10), approved_by="kierownik",
                         approved_at=datetime(2026, 2, 10, 9, 0),
                         still_payable=payable,
                         accounts=set(payment_list.lines) if accounts is None else accounts)
    return payment_list


def test_approving_pays_each_line_once_by_transfer_or_in_cash():
    d = decision()
    payment_list = approved_list(d, accounts=set())

    events = payment_list.collect_events()
    paid = [e for e in events if isinstance(e, PaymentList.BenefitPaid)]

    assert payment_list.id == payment_list_id(date(2026, 2, 10))
    assert [type(e).__name__ for e in events] == [
        "Built", "PaymentListApproved", "BenefitPaid", "BenefitPaid"]
    assert [(e.decision_id, e.period_from, e.amount, e.method) for e in paid] == [
        (d.decision_id, date(2026, 1, 1), Decimal("400.00"), "cash"),
        (d.decision_id, date(2026, 2, 1), Decimal("400.00"), "cash")]
    payment_list.approve(approved_on=date(2026, 2, 11), approved_by="ktoś",
                         approved_at=datetime(2026, 2, 11), still_payable={}, accounts=set())
    assert payment_list.collect_events() == []  # a retry pays nothing again


def test_a_line_whose_decision_was_revoked_meanwhile_drops_out_when_approved():
    d = decision()
    first = instalment_key(d.decision_id, date(2026, 1, 1))
    payment_list = approved_list(d, revoked={first})

    assert payment_list.dropped == {first: "revoked"}
    assert [line["period_from"] for line in payment_list.paid_lines] == [date(2026, 2, 1)]


def test_a_payment_is_reversed_by_an_event_never_edited():
    payment_list = approved_list(decision())
    key = next(iter(payment_list.paid))
    payment_list.collect_events()

    payment_list.reverse(instalment_id=key, reason="Zwrot z banku: rachunek zamknięty",
                         reversed_on=date(2026, 2, 20))

    (event,) = payment_list.collect_events()
    assert isinstance(event, PaymentList.PaymentReversed)
    assert key not in {line["instalment_id"] for line in payment_list.paid_lines}
    assert key not in payment_list.settled()
    with pytest.raises(PaymentAlreadyReversedError):
        payment_list.reverse(instalment_id=key, reason="znowu", reversed_on=date(2026, 2, 21))


def test_a_reversal_needs_a_reason_and_an_approved_list():
    payment_list = approved_list(decision())
    key = next(iter(payment_list.paid))
    with pytest.raises(ReversalReasonRequiredError):
        payment_list.reverse(instalment_id=key, reason="  ", reversed_on=date(2026, 2, 20))
    unapproved = PaymentList.build(draft(date(2026, 2, 10), [decision()], set()), "k")
    with pytest.raises(PaymentListNotApprovedError):
        unapproved.reverse(instalment_id=key, reason="x", reversed_on=date(2026, 2, 20))


def test_an_empty_list_is_refused():
    with pytest.raises(EmptyPaymentListError):
        PaymentList.build(draft(date(2025, 1, 1), [decision()], set()), "k")


def test_an_iban_is_checked_by_its_mod_97_checksum():
    assert check_iban("pl61 1090 1014 0000 0712 1981 2874") == GOOD_IBAN
    for bad in ("PL61109010140000071219812875", "PL6110901014000007121981287", "", 12,
                "XX61109010140000071219812874"):
        with pytest.raises(InvalidIbanError):
            check_iban(bad)


def test_an_instalment_owed_before_a_revocation_waits_while_an_appeal_is_pending():
    d = decision(revoked_on=date(2026, 2, 15), final_on=None, appeal_pending=True)

    built = draft(date(2026, 3, 10), [d], set())

    assert built.due == ()
    assert [i.due_on for i, _ in built.dropped] == [date(2026, 3, 1)]
