"""Use cases at the provider: the coordinator runs the order, the caregiver delivers care."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from domain.bounds import check_field_time
from domain.care_visits import CareVisit, ScheduleSlot, is_aware
from domain.errors import DomainConflictError
from domain.service_order import ServiceOrder
from domain.user import Role, User
from services.application import CommandApplication
from services.commands import AggregateNotFoundError, CommandContext, CommandResult
from services.scope import may_change_order


class OrderNotFoundError(AggregateNotFoundError):
    code = "order.not_found"


class NotACaregiverError(DomainConflictError):
    code = "order.not_a_caregiver"


class CaregiverBusyError(DomainConflictError):
    """One caregiver cannot be in two homes at once."""

    code = "care_visit.caregiver_busy"


def _busy_at(visit: CareVisit, moment: datetime) -> bool:
    """Whether the visit holds the caregiver at `moment`: from its check-in until its
    check-out, an open one from then on. As in `ServiceOrder.overlaps`, one ending when the
    next starts does not overlap it (written out: it runs for each of a year's visits)."""
    return visit.started_at <= moment and (visit.ended_at is None or moment < visit.ended_at)


class CareOrderUseCases(CommandApplication):
    # Set by the system: the ids of the orders on which a caregiver may have a visit near a
    # moment, looked up in the read models (services/system.py). Only a list of orders to
    # load: the visits themselves are read from the orders. None turns the overlap rule off
    # (the synthetic city generator, whose read models are not built while it writes).
    caregiver_orders: Callable[[UUID, datetime], Iterable[UUID]] | None = None

    def _order(self, ctx: CommandContext, name: str, payload: dict[str, Any], order_id: UUID,
               expected_version: int, act) -> CommandResult:
        def in_scope(order: ServiceOrder) -> None:
            # Coordinators act on their provider's orders, caregivers on their own clients'
            # only; anything else answers as if it did not exist.
            if not may_change_order(ctx, order):
                raise OrderNotFoundError(id=str(order_id))

        def changed(order: ServiceOrder) -> ServiceOrder:
            act(order)
            return order

        return self.execute(ctx, name, {"order_id": order_id, **payload}, changed,
                            load=(ServiceOrder, order_id, expected_version),
                            not_found=OrderNotFoundError, may_act=in_scope)

    def accept_order(self, ctx: CommandContext, order_id: UUID, expected_version: int,
                     accepted_on: date) -> CommandResult:
        """Accept an order from the handoff queue."""
        return self._order(ctx, "accept_order", {"on": accepted_on}, order_id, expected_version,
                           lambda o: o.accept(accepted_on, ctx.actor_id))

    def assign_caregiver(self, ctx: CommandContext, order_id: UUID, expected_version: int,
                         caregiver_id: UUID) -> CommandResult:
        """Assign a caregiver of the provider to the order."""
        def assign(order: ServiceOrder) -> None:
            # The caregiver is looked at only once the order is known to be in scope.
            try:
                caregiver = self.load(User, caregiver_id, AggregateNotFoundError)
            except AggregateNotFoundError:
                raise NotACaregiverError(caregiver_id=str(caregiver_id)) from None
            if caregiver.role != Role.CAREGIVER.value or caregiver.unit != order.provider_id:
                raise NotACaregiverError(caregiver_id=str(caregiver_id))
            order.assign_caregiver(caregiver_id)

        return self._order(ctx, "assign_caregiver", {"caregiver_id": caregiver_id}, order_id,
                           expected_version, assign)

    def set_schedule(self, ctx: CommandContext, order_id: UUID, expected_version: int,
                     slots: tuple[ScheduleSlot, ...]) -> CommandResult:
        """Set the weekly schedule of visits."""
        return self._order(ctx, "set_schedule", {"slots": slots}, order_id, expected_version,
                           lambda o: o.set_schedule(slots))

    def acknowledge_change(self, ctx: CommandContext, order_id: UUID,
                           expected_version: int) -> CommandResult:
        """Confirm that the coordinator has seen the changed scope of care."""
        return self._order(ctx, "acknowledge_change", {}, order_id, expected_version,
                           lambda o: o.acknowledge_change())

    def suspend_order(self, ctx: CommandContext, order_id: UUID, expected_version: int,
                      on: date, reason: str) -> CommandResult:
        """Suspend care (e.g. the client is in hospital)."""
        return self._order(ctx, "suspend_order", {"on": on, "reason": reason}, order_id,
                           expected_version, lambda o: o.suspend(on, reason))

    def resume_order(self, ctx: CommandContext, order_id: UUID, expected_version: int,
                     on: date) -> CommandResult:
        """Resume suspended care."""
        return self._order(ctx, "resume_order", {"on": on}, order_id, expected_version,
                           lambda o: o.resume(on))

    def close_month(self, ctx: CommandContext, order_id: UUID, expected_version: int,
                    year: int, month: int, closed_on: date) -> CommandResult:
        """Close the month: delivered hours × hourly cost, split by the fee share."""
        return self._order(
            ctx, "close_month", {"year": year, "month": month, "on": closed_on}, order_id,
            expected_version, lambda o: o.close_month(year=year, month=month, closed_on=closed_on))

    # -- the caregiver -------------------------------------------------------------------

    def start_care_visit(self, ctx: CommandContext, order_id: UUID, expected_version: int,
                         visit_id: UUID, started_at: datetime) -> CommandResult:
        """Check in at the client's home."""
        now = datetime.now(UTC)
        # Before the read models are asked about the caregiver's day around that time.
        check_field_time(started_at, now, "started_at")

        def act(order: ServiceOrder) -> None:
            self._refuse_if_caregiver_busy(ctx.actor_id, order_id, started_at)
            order.start_visit(visit_id=visit_id, caregiver_id=ctx.actor_id, started_at=started_at,
                              now=now)

        return self._order(ctx, "start_care_visit",
                           {"visit_id": visit_id, "started_at": started_at},
                           order_id, expected_version, act)

    def _refuse_if_caregiver_busy(self, caregiver_id: UUID, order_id: UUID,
                                  started_at: datetime) -> None:
        """One caregiver cannot be in two homes at once: refuse a check-in while another of
        her visits is open, or one already ended holds its start.

        The rule spans orders, so it lives here; each order checks its own visits. The read
        models only say which orders to look at; the visits are read from the orders
        themselves, through `_load`: the open batch's own changes first (a tablet's sync runs
        its queued commands in one batch, saved together at the end), otherwise the store,
        whose every event the aggregate cache reads before answering (fast-forward). So a
        check-in sees every visit saved or batched before it, even one no read model holds
        yet. What still slips through is two check-ins of one caregiver run truly at once
        (two devices within the few milliseconds between loading the orders and saving): each
        is saved on its own order, so neither save conflicts with the other.
        """
        if self.caregiver_orders is None or not is_aware(started_at):
            return  # the rule is off; or a time without its offset, which the order refuses
        candidates = set(self.caregiver_orders(caregiver_id, started_at))
        batch = self.open_batch()
        if batch is not None:  # orders this batch changed, perhaps not in any read model yet
            candidates.update(aggregate.id for aggregate in batch.aggregates.values()
                              if isinstance(aggregate, ServiceOrder))
        candidates.discard(order_id)  # the order itself refuses a second open visit
        for other_id in sorted(candidates):
            try:
                other = self.load(ServiceOrder, other_id, OrderNotFoundError, read_only=True)
            except OrderNotFoundError:
                continue
            # One step (the cached order, shared with other threads, may be moving on).
            for visit in tuple(other.visits.values()):
                if visit.caregiver_id == caregiver_id and _busy_at(visit, started_at):
                    raise CaregiverBusyError(order_id=str(other_id))

    def complete_care_visit(self, ctx: CommandContext, order_id: UUID, expected_version: int,
                            visit_id: UUID, ended_at: datetime,
                            tasks_done: tuple[str, ...]) -> CommandResult:
        """Check out with the tasks done."""
        return self._order(
            ctx, "complete_care_visit",
            {"visit_id": visit_id, "ended_at": ended_at, "tasks": tasks_done},
            order_id, expected_version,
            lambda o: o.complete_visit(visit_id=visit_id, ended_at=ended_at,
                                       tasks_done=tasks_done, now=datetime.now(UTC)))

    def raise_observation(self, ctx: CommandContext, order_id: UUID, expected_version: int,
                          observation_id: UUID, kind: str, note: str,
                          raised_at: datetime) -> CommandResult:
        """Tell the social worker what the caregiver noticed (a fall, no food…)."""
        return self._order(
            ctx, "raise_observation",
            {"observation_id": observation_id, "kind": kind, "note": note},
            order_id, expected_version,
            lambda o: o.raise_observation(observation_id=observation_id,
                                          caregiver_id=ctx.actor_id, kind=kind, note=note,
                                          raised_at=raised_at, now=datetime.now(UTC)))
