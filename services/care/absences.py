"""A caregiver's absence and its cover, recorded by the coordinator (domain/caregiver_absence.py).

The absence and, on each of the absent caregiver's running orders, the cover for its dates
are saved in one unit of work: her clients are never left between the two. Which orders are
hers is read from the handoff read model at the log's head (`assigned_orders`), each then
loaded from the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol
from uuid import UUID

from domain.caregiver_absence import CaregiverAbsence, check_period
from domain.service_order import ServiceOrder
from domain.user import Role, User
from services.application import CommandApplication
from services.care.commands import RecordAbsence
from services.care.orders import NotACaregiverError, OrderNotFoundError
from services.commands import AggregateNotFoundError
from services.scope import NotPermittedError
from services.work import Work, handles


class AssignedOrders(Protocol):
    """The ids of the orders a caregiver is assigned to and that have not ended, as the read
    models have them at the log's position given."""

    def __call__(self, caregiver_id: UUID, after: int, /) -> Iterable[UUID]: ...


class CaregiverAbsenceUseCases(CommandApplication):
    # Set by the system (services/system.py); None: no orders are covered (the synthetic city).
    assigned_orders: AssignedOrders | None = None

    @handles
    def record_absence(self, command: RecordAbsence, work: Work) -> None:
        """Record a caregiver's absence and the caregiver who covers her clients."""
        ctx = work.ctx
        if ctx.role != Role.MCUS_COORDINATOR.value:
            raise NotPermittedError()
        check_period(command.date_from, command.date_to)
        for caregiver_id in (command.caregiver_id, command.cover_id):
            try:
                caregiver = work.read(User, caregiver_id)
            except AggregateNotFoundError:
                raise NotACaregiverError(caregiver_id=str(caregiver_id)) from None
            if caregiver.role != Role.CAREGIVER.value or caregiver.unit != ctx.unit:
                raise NotACaregiverError(caregiver_id=str(caregiver_id))
        found = () if self.assigned_orders is None else self.assigned_orders(
            command.caregiver_id, self.head_position())
        orders = []
        for order_id in sorted(set(found)):
            order = work.read(ServiceOrder, order_id, OrderNotFoundError)
            # Still hers, still running, at her coordinator's provider: covered.
            if order.caregiver_id != command.caregiver_id or order.ended_on is not None \
                    or order.provider_id != ctx.unit:
                continue
            orders.append(order)
        work.create(CaregiverAbsence.record(
            absence_id=command.absence_id, provider_id=ctx.unit,
            caregiver_id=command.caregiver_id, cover_id=command.cover_id,
            date_from=command.date_from, date_to=command.date_to,
            orders=tuple(order.id for order in orders)))
        for order in orders:
            order.assign_cover(absence_id=command.absence_id, caregiver_id=command.cover_id,
                               date_from=command.date_from, date_to=command.date_to)
            work.add(order)
