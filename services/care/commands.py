"""The commands of care at the provider, as a coordinator or a caregiver would say them, and
the admin's dated fee parameters: one frozen dataclass each.

Each is built by its request schema (`api/schemas/care.py`, `api/routes/fees.py`,
`to_command`) and handled by one method of `CareOrderUseCases` (services/care/orders.py) or
`FeeParameterUseCases` (services/care/fee_parameters.py). Their receipts keep the names the
use cases had; where a use case digested its body under other keys (the dates as "on", the
tasks as "tasks") or left a field out (an observation's `raised_at`), `legacy_payload`
rebuilds that body, so a retry sent before commands were data is still answered as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.care_visits import ScheduleSlot
from domain.fees import FeeShareTable, IncomeCriterion
from services.commands import ChangeCommand, Command


@dataclass(frozen=True, kw_only=True)
class OrderCommand(ChangeCommand):
    """A command on a service order that exists."""

    order_id: UUID


# -- the coordinator ---------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AcceptOrder(OrderCommand):
    accepted_on: date

    def legacy_payload(self) -> dict[str, Any]:
        return {"order_id": self.order_id, "on": self.accepted_on}


@dataclass(frozen=True, kw_only=True)
class AssignCaregiver(OrderCommand):
    caregiver_id: UUID


@dataclass(frozen=True, kw_only=True)
class SetSchedule(OrderCommand):
    """The weekly slots of visits."""

    slots: tuple[ScheduleSlot, ...]


@dataclass(frozen=True, kw_only=True)
class AcknowledgeChange(OrderCommand):
    """The coordinator has seen the changed scope of care."""


@dataclass(frozen=True, kw_only=True)
class AcknowledgeFolderChanges(OrderCommand):
    """The coordinator has seen what changed in the client's folder up to a log position."""

    up_to: int


@dataclass(frozen=True, kw_only=True)
class SuspendOrder(OrderCommand):
    suspended_on: date
    reason: str

    def legacy_payload(self) -> dict[str, Any]:
        return {"order_id": self.order_id, "on": self.suspended_on, "reason": self.reason}


@dataclass(frozen=True, kw_only=True)
class ResumeOrder(OrderCommand):
    resumed_on: date

    def legacy_payload(self) -> dict[str, Any]:
        return {"order_id": self.order_id, "on": self.resumed_on}


@dataclass(frozen=True, kw_only=True)
class CloseMonth(OrderCommand):
    year: int
    month: int
    closed_on: date

    def legacy_payload(self) -> dict[str, Any]:
        return {"order_id": self.order_id, "year": self.year, "month": self.month,
                "on": self.closed_on}


@dataclass(frozen=True, kw_only=True)
class RecordAbsence(Command):
    """A caregiver of the provider is absent on these days; another covers her clients."""

    absence_id: UUID
    caregiver_id: UUID
    cover_id: UUID
    date_from: date
    date_to: date


# -- the caregiver -----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class StartCareVisit(OrderCommand):
    """Check in at the client's home."""

    visit_id: UUID
    started_at: datetime


@dataclass(frozen=True, kw_only=True)
class CompleteCareVisit(OrderCommand):
    """Check out with the tasks done."""

    visit_id: UUID
    ended_at: datetime
    tasks_done: tuple[str, ...]

    def legacy_payload(self) -> dict[str, Any]:
        return {"order_id": self.order_id, "visit_id": self.visit_id,
                "ended_at": self.ended_at, "tasks": self.tasks_done}


@dataclass(frozen=True, kw_only=True)
class RaiseObservation(OrderCommand):
    observation_id: UUID
    kind: str
    note: str
    raised_at: datetime

    def legacy_payload(self) -> dict[str, Any]:
        # The first format left `raised_at` out; the digest of now counts it.
        return {"order_id": self.order_id, "observation_id": self.observation_id,
                "kind": self.kind, "note": self.note}


# -- the admin's dated parameters --------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AddIncomeCriterion(Command):
    """An income criterion valid from a date (art. 8, verified by regulation)."""

    criterion: IncomeCriterion


@dataclass(frozen=True, kw_only=True)
class AddFeeShareTable(Command):
    """A fee-share table valid from a date (a council resolution)."""

    table: FeeShareTable
