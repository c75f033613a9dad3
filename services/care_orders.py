"""Use cases at the provider: the coordinator runs the order, the caregiver delivers care."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.care_visits import ScheduleSlot
from domain.errors import DomainConflictError
from domain.service_order import ServiceOrder
from domain.user import Role, User
from services.application import CommandApplication
from services.commands import AggregateNotFoundError, CommandContext, CommandResult


class OrderNotFoundError(AggregateNotFoundError):
    code = "order.not_found"


class NotACaregiverError(DomainConflictError):
    code = "order.not_a_caregiver"


class CaregiverBusyError(DomainConflictError):
    """One caregiver cannot be in two homes at once."""

    code = "care_visit.caregiver_busy"


class CareOrderUseCases(CommandApplication):
    # Set by the system: answers a caregiver's visits (start, end) on other orders.
    caregiver_visits = None

    def _order(self, ctx: CommandContext, name: str, payload: dict[str, Any], order_id: UUID,
               expected_version: int, act) -> CommandResult:
        def in_scope(order: ServiceOrder) -> None:
            # Coordinators see their provider's orders, caregivers their own clients' only;
            # anything else answers as if it did not exist.
            if ctx.role == Role.MCUS_COORDINATOR.value and order.provider_id != ctx.unit:
                raise OrderNotFoundError(id=str(order_id))
            if ctx.role == Role.CAREGIVER.value and order.caregiver_id != ctx.actor_id:
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
        try:
            caregiver = self._load(User, caregiver_id, AggregateNotFoundError)
        except AggregateNotFoundError:
            raise NotACaregiverError(caregiver_id=str(caregiver_id)) from None
        if caregiver.role != Role.CAREGIVER.value or caregiver.unit != ctx.unit:
            raise NotACaregiverError(caregiver_id=str(caregiver_id))
        return self._order(ctx, "assign_caregiver", {"caregiver_id": caregiver_id}, order_id,
                           expected_version, lambda o: o.assign_caregiver(caregiver_id))

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
        def act(order: ServiceOrder) -> None:
            if self.caregiver_visits is not None:
                for other_order, start, end in self.caregiver_visits(ctx.actor_id):
                    if other_order != order_id and ServiceOrder.overlaps(
                            start, end or datetime.max.replace(tzinfo=start.tzinfo),
                            started_at, started_at):
                        raise CaregiverBusyError(order_id=str(other_order))
            order.start_visit(visit_id=visit_id, caregiver_id=ctx.actor_id, started_at=started_at)

        return self._order(ctx, "start_care_visit",
                           {"visit_id": visit_id, "started_at": started_at},
                           order_id, expected_version, act)

    def complete_care_visit(self, ctx: CommandContext, order_id: UUID, expected_version: int,
                            visit_id: UUID, ended_at: datetime,
                            tasks_done: tuple[str, ...]) -> CommandResult:
        """Check out with the tasks done."""
        return self._order(
            ctx, "complete_care_visit",
            {"visit_id": visit_id, "ended_at": ended_at, "tasks": tasks_done},
            order_id, expected_version,
            lambda o: o.complete_visit(visit_id=visit_id, ended_at=ended_at,
                                       tasks_done=tasks_done))

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
                                          raised_at=raised_at))
