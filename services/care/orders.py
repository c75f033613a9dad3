"""Use cases at the provider: the coordinator runs the order, the caregiver delivers care. One
handler per command (services/care/commands.py), each reading load → act; `handle` saves."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from domain.bounds import check_field_time
from domain.care_visits import caregiver_busy, is_aware
from domain.errors import DomainConflictError
from domain.service_order import InvalidSeenPositionError, ServiceOrder
from domain.user import Role, User
from services.application import CommandApplication
from services.care.commands import (
    AcceptOrder,
    AcknowledgeChange,
    AcknowledgeFolderChanges,
    AssignCaregiver,
    CloseMonth,
    CompleteCareVisit,
    OrderCommand,
    RaiseObservation,
    ResumeOrder,
    SetSchedule,
    StartCareVisit,
    SuspendOrder,
)
from services.care.places import admit_order, free_place, refuse_if_waiting
from services.commands import AggregateNotFoundError
from services.scope import may_change_order
from services.work import Work, handles


class OrderNotFoundError(AggregateNotFoundError):
    code = "order.not_found"


class NotACaregiverError(DomainConflictError):
    code = "order.not_a_caregiver"


class CaregiverBusyError(DomainConflictError):
    """One caregiver cannot be in two homes at once (`domain.care_visits.caregiver_busy`)."""

    code = "care_visit.caregiver_busy"


class CaregiverOrders(Protocol):
    """The port the caregiver-overlap rule reads through: the ids of the orders on which a
    caregiver may have a visit near a moment (the read models answer it, services/system.py).
    Only a list of orders to load: the visits themselves are read from the orders."""

    def __call__(self, caregiver_id: UUID, around: datetime, /) -> Iterable[UUID]: ...


def order_to_change(work: Work, command: OrderCommand) -> ServiceOrder:
    """The order the command is on, in the person's scope (else 404), at the version seen:
    coordinators act on their provider's orders, caregivers on their own clients' only."""
    return work.change(ServiceOrder, command.order_id, command.expected_version,
                       in_scope=may_change_order, not_found=OrderNotFoundError)


class CareOrderUseCases(CommandApplication):
    # Set by the system (services/system.py). None turns the overlap rule off (the synthetic
    # city generator, whose read models are not built while it writes).
    caregiver_orders: CaregiverOrders | None = None

    @handles
    def accept_order(self, command: AcceptOrder, work: Work) -> None:
        """Accept an order from the handoff queue (not one waiting for a place)."""
        order = order_to_change(work, command)
        refuse_if_waiting(work, order)
        order.accept(command.accepted_on, work.ctx.actor_id)

    @handles
    def assign_caregiver(self, command: AssignCaregiver, work: Work) -> None:
        """Assign a caregiver of the provider to the order."""
        order = order_to_change(work, command)
        # The caregiver is looked at only once the order is known to be in scope.
        try:
            caregiver = work.read(User, command.caregiver_id)
        except AggregateNotFoundError:
            raise NotACaregiverError(caregiver_id=str(command.caregiver_id)) from None
        if caregiver.role != Role.CAREGIVER.value or caregiver.unit != order.provider_id:
            raise NotACaregiverError(caregiver_id=str(command.caregiver_id))
        order.assign_caregiver(command.caregiver_id)

    @handles
    def set_schedule(self, command: SetSchedule, work: Work) -> None:
        """Set the weekly schedule of visits."""
        order_to_change(work, command).set_schedule(command.slots)

    @handles
    def acknowledge_change(self, command: AcknowledgeChange, work: Work) -> None:
        """Confirm that the coordinator has seen the changed scope of care."""
        order_to_change(work, command).acknowledge_change()

    @handles
    def acknowledge_folder_changes(self, command: AcknowledgeFolderChanges,
                                   work: Work) -> None:
        """Confirm that the coordinator has seen the folder's changes up to a position."""
        if command.up_to > self.head_position():  # not a position the log has reached
            raise InvalidSeenPositionError(up_to=command.up_to)
        order_to_change(work, command).acknowledge_folder_changes(command.up_to)

    @handles
    def suspend_order(self, command: SuspendOrder, work: Work) -> None:
        """Suspend care (e.g. the client is in hospital)."""
        order = order_to_change(work, command)
        order.suspend(command.suspended_on, command.reason)
        free_place(work, order)  # the first waiting order takes it

    @handles
    def resume_order(self, command: ResumeOrder, work: Work) -> None:
        """Resume suspended care."""
        order = order_to_change(work, command)
        order.resume(command.resumed_on)
        admit_order(work, order)  # its place again, or the end of the queue

    @handles
    def close_month(self, command: CloseMonth, work: Work) -> None:
        """Close the month: delivered hours × hourly cost, split by the fee share."""
        order_to_change(work, command).close_month(
            year=command.year, month=command.month, closed_on=command.closed_on)

    # -- the caregiver -------------------------------------------------------------------

    @handles
    def start_care_visit(self, command: StartCareVisit, work: Work) -> None:
        """Check in at the client's home."""
        now = datetime.now(UTC)
        # Before the read models are asked about the caregiver's day around that time.
        check_field_time(command.started_at, now, "started_at")
        order = order_to_change(work, command)
        refuse_if_waiting(work, order)
        self._refuse_if_caregiver_busy(work.ctx.actor_id, command.order_id, command.started_at)
        order.start_visit(visit_id=command.visit_id, caregiver_id=work.ctx.actor_id,
                          started_at=command.started_at, now=now)

    def _refuse_if_caregiver_busy(self, caregiver_id: UUID, order_id: UUID,
                                  started_at: datetime) -> None:
        """Refuse a check-in while another of the caregiver's visits holds her (the rule:
        `domain.care_visits.caregiver_busy`); here, only which visits it reads.

        The rule spans orders; each order checks its own visits. The port
        (`caregiver_orders`) only says which orders to look at; the visits are read from the
        orders themselves, through `load`: the open batch's own changes first (a tablet's
        sync runs its queued commands in one batch, saved together at the end), otherwise
        the store, whose every event the aggregate cache reads before answering
        (fast-forward). So a check-in sees every visit saved or batched before it, even one
        no read model holds yet. What still slips through is two check-ins of one caregiver
        run truly at once (two devices within the few milliseconds between loading the
        orders and saving): each is saved on its own order, so neither save conflicts with
        the other.
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
            visits = tuple(other.visits.values())
            if caregiver_busy(visits, caregiver_id, started_at) is not None:
                raise CaregiverBusyError(order_id=str(other_id))

    @handles
    def complete_care_visit(self, command: CompleteCareVisit, work: Work) -> None:
        """Check out with the tasks done."""
        order_to_change(work, command).complete_visit(
            visit_id=command.visit_id, ended_at=command.ended_at,
            tasks_done=command.tasks_done, now=datetime.now(UTC))

    @handles
    def raise_observation(self, command: RaiseObservation, work: Work) -> None:
        """Tell the social worker what the caregiver noticed (a fall, no food…)."""
        order_to_change(work, command).raise_observation(
            observation_id=command.observation_id, caregiver_id=work.ctx.actor_id,
            kind=command.kind, note=command.note, raised_at=command.raised_at,
            now=datetime.now(UTC))
