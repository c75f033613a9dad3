"""What was provided, written through the real use cases: payment lists approved (and
payments reversed) for cash decisions, and a caregiver's visits (and closed months) for care
decisions. The statistical return counts these, not the decisions' terms (issue #19)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from domain.care_visits import ScheduleSlot
from domain.payments import CashDecision, Instalment, draft, payment_list_id
from services.care.commands import (
    AcceptOrder,
    AssignCaregiver,
    CloseMonth,
    CompleteCareVisit,
    SetSchedule,
    StartCareVisit,
)
from services.commands import CommandContext
from services.payments.commands import ApprovePaymentList, BuildPaymentList, ReversePayment
from services.proceedings.handoff import order_id_for
from services.users.commands import RegisterUser


def _ctx(role: str, unit: str, actor: uuid.UUID | None = None) -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=actor or uuid.uuid4(), role=role,
                          unit=unit)


def cash_decision(app: Any, proceeding_id: uuid.UUID) -> CashDecision:
    """A granted cash decision as payments see it, payable from the day it was issued."""
    p = app.repository.get(proceeding_id)
    d = p.decision
    return CashDecision(
        decision_id=d.decision_id, proceeding_id=p.id, folder_id=p.folder_id,
        member_id=p.person_id, case_reference=p.case_reference, form=p.form, cash=d.cash,
        delivered_on=d.issued_on, final_on=d.issued_on, revoked_on=d.revoked_on)


def pay(app: Any, payment_date: date, decisions: Iterable[CashDecision],
        settled: set[uuid.UUID]) -> list[Instalment]:
    """A manager's payment list for a date: built and approved, every instalment due by then
    and not yet paid (`settled`, kept up to date) paid on that date."""
    due = list(draft(payment_date, list(decisions), settled).due)
    if not due:
        return []
    manager = _ctx("manager", "MOPS")
    version = app.handle(manager, BuildPaymentList(
        payment_date=payment_date, lines=tuple(i.as_line() for i in due))).version
    ids = tuple(i.instalment_id for i in due)
    app.handle(_ctx("manager", "MOPS"), ApprovePaymentList(
        payment_date=payment_date, expected_version=version, approved_on=payment_date,
        approved_at=datetime.combine(payment_date, time(9), UTC), still_payable=ids,
        with_account=()))
    settled.update(ids)
    return due


def reverse(app: Any, payment_date: date, instalment_id: uuid.UUID,
            settled: set[uuid.UUID] | None = None) -> None:
    """The payment of an instalment on a list came back: reversed (due again)."""
    list_id = payment_list_id(payment_date)
    app.handle(_ctx("manager", "MOPS"), ReversePayment(
        payment_date=payment_date, expected_version=app.repository.get(list_id).version,
        instalment_id=instalment_id, reason="Zwrot przelewu: rachunek zamknięty.",
        reversed_on=payment_date + timedelta(days=3)))
    if settled is not None:
        settled.discard(instalment_id)


def caregiver(app: Any, provider: str = "MCUS") -> uuid.UUID:
    return app.handle(_ctx("admin", "IT"), RegisterUser(
        username=f"opiekunka.{uuid.uuid4().hex[:8]}", display_name="Opiekunka",
        role="caregiver", unit=provider, password="opiekunka-haslo-2026")).aggregate_id


def deliver(app: Any, decision_id: uuid.UUID, days: Iterable[date], *, minutes: int = 120,
            at: time = time(9), caregiver_id: uuid.UUID | None = None,
            close: Iterable[tuple[int, int]] = ()) -> uuid.UUID:
    """The care order a decision placed: accepted, a caregiver assigned and scheduled (if not
    yet), her visits on `days` of `minutes` each, and the months in `close` settled."""
    order_id = order_id_for(decision_id)
    order = app.repository.get(order_id)
    coordinator = _ctx("mcus_coordinator", order.provider_id)
    if order.caregiver_id is None:
        caregiver_id = caregiver_id or caregiver(app, order.provider_id)
        v = app.handle(coordinator, AcceptOrder(
            order_id=order_id, expected_version=order.version,
            accepted_on=order.placed_on)).version
        v = app.handle(_ctx("mcus_coordinator", order.provider_id), AssignCaregiver(
            order_id=order_id, expected_version=v, caregiver_id=caregiver_id)).version
        app.handle(_ctx("mcus_coordinator", order.provider_id), SetSchedule(
            order_id=order_id, expected_version=v,
            slots=tuple(ScheduleSlot(weekday=d, start=at, minutes=minutes)
                        for d in order.terms.weekdays)))
        order = app.repository.get(order_id)
    for day in days:
        visit_id, started = uuid.uuid4(), datetime.combine(day, at, UTC)
        v = app.handle(_ctx("caregiver", order.provider_id, order.caregiver_id), StartCareVisit(
            order_id=order_id, expected_version=app.repository.get(order_id).version,
            visit_id=visit_id, started_at=started)).version
        app.handle(_ctx("caregiver", order.provider_id, order.caregiver_id), CompleteCareVisit(
            order_id=order_id, expected_version=v, visit_id=visit_id,
            ended_at=started + timedelta(minutes=minutes), tasks_done=order.terms.tasks))
    for year, month in close:
        following = date(year + (month == 12), month % 12 + 1, 1)
        app.handle(_ctx("mcus_coordinator", order.provider_id), CloseMonth(
            order_id=order_id, expected_version=app.repository.get(order_id).version,
            year=year, month=month, closed_on=following))
    return order_id
