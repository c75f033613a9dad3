"""Shapes of the provider's side: orders, schedules, caregivers' visits, settlements."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.schemas import examples as ex
from api.schemas.bounds import FieldTime, RecordDate
from api.schemas.commands import CommandIn
from api.schemas.limits import longest
from api.schemas.proceedings import CareTask, DatedIn, VersionedIn
from domain.care_visits import MAX_NOTE_LENGTH, MAX_VISIT_MINUTES, ObservationKind, ScheduleSlot
from domain.mrpips03 import MAX_YEAR, MIN_YEAR
from domain.service_order import MAX_REASON_LENGTH
from services.care.commands import (
    AcceptOrder,
    AcknowledgeFolderChanges,
    AssignCaregiver,
    CloseMonth,
    CompleteCareVisit,
    RaiseObservation,
    RecordAbsence,
    SetSchedule,
    StartCareVisit,
    SuspendOrder,
)


class FolderChangeOut(BaseModel):
    """One change in the client's folder since the order was placed, as the provider may
    know it: the new address, a member's joining (relation, age), leaving or death, an
    interview's date (not its text), an amended decision's hours and period."""

    position: int
    kind: str
    on: date
    detail: dict[str, Any]
    recorded_at: str | None


class OrderOut(BaseModel):
    """A service order as the coordinator sees it: what is needed to start care."""

    order_id: UUID
    version: int
    position: int
    provider_id: str
    status: str
    changed: bool
    folder_id: UUID
    person_id: UUID
    case_reference: str
    form: str
    terms: dict[str, Any]
    client_name: str
    address_line: str
    contact_phone: str | None
    access_notes: str
    household_summary: str
    health_notes: str
    family_notes: str
    social_worker_id: UUID | None
    social_worker_name: str | None
    social_worker_phone: str | None
    caregiver_id: UUID | None
    schedule: list[dict[str, Any]]
    placed_on: date
    accepted_on: date | None
    ended_on: date | None
    end_reason: str | None
    observations: int
    covers: list[CoverOut] = Field([], description="Caregivers covering absences, oldest first")
    seen_up_to: int = Field(0, description="The folder's changes acknowledged up to this "
                            "log position")
    folder_changes: list[FolderChangeOut] = Field(
        [], description="What changed in the folder since the coordinator last acknowledged")
    waiting_position: int | None = Field(
        None, description="Waiting for a place: its place in the provider's queue (1: next)")
    expected_start: date | None = Field(
        None, description="Waiting: the expected start (the day a place frees if holders' "
        "periods run to their end; docs/care.md)")


class CoverOut(BaseModel):
    """Another caregiver visits the client on these days (the assigned one is absent)."""

    caregiver_id: UUID
    date_from: date
    date_to: date


class AbsenceIn(CommandIn):
    """A caregiver of the provider is absent on these days; another covers her clients."""

    absence_id: UUID
    caregiver_id: UUID
    cover_id: UUID = Field(description="The caregiver who visits her clients meanwhile")
    date_from: RecordDate
    date_to: RecordDate

    def to_command(self) -> RecordAbsence:
        return RecordAbsence(absence_id=self.absence_id, caregiver_id=self.caregiver_id,
                             cover_id=self.cover_id, date_from=self.date_from,
                             date_to=self.date_to)


class FolderChangesSeenIn(VersionedIn):
    up_to: int = Field(ge=1, le=2**62, description="The log position of the latest change "
                       "seen (the order's `position` as shown)")

    def to_command(self, order_id: UUID) -> AcknowledgeFolderChanges:
        return AcknowledgeFolderChanges(order_id=order_id,
                                        expected_version=self.expected_version,
                                        up_to=self.up_to)


class DemandRowOut(BaseModel):
    """Orders of one service at one provider (and in one district): counts only."""

    provider_id: str
    form: str
    places: int | None = Field(None, description="places set for the service (None: no limit)")
    teryt: str | None = None
    name: str | None = Field(None, description="the district's name, where known")
    in_care: int
    waiting: int
    suspended: int


class DemandOut(BaseModel):
    services: list[DemandRowOut]
    districts: list[DemandRowOut]


class FinishedVisitOut(BaseModel):
    visit_id: UUID
    started_at: datetime
    ended_at: datetime
    minutes: int | None
    tasks_done: list[str]


class CaregiverVisitOut(BaseModel):
    """Only what care needs: no income, no reasons for help, no family records."""

    order_id: UUID
    order_version: int
    day: date
    start: str
    minutes: int
    client_name: str
    address_line: str
    access_notes: str
    health_notes: str
    tasks: list[str]
    open_visit_id: UUID | None
    open_visit_started_at: datetime | None
    finished_visits: list[FinishedVisitOut] = Field(
        default=[], description="Her visits of that day on this order already checked out")
    cover: bool = Field(False, description="She covers an absent colleague's client that day")


class AcceptIn(DatedIn):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.ACCEPT_ORDER))

    def to_command(self, order_id: UUID) -> AcceptOrder:
        return AcceptOrder(order_id=order_id, expected_version=self.expected_version,
                           accepted_on=self.on)


class AssignCaregiverIn(VersionedIn):
    caregiver_id: UUID

    def to_command(self, order_id: UUID) -> AssignCaregiver:
        return AssignCaregiver(order_id=order_id, expected_version=self.expected_version,
                               caregiver_id=self.caregiver_id)


class SlotIn(BaseModel):
    weekday: int = Field(ge=1, le=7)
    start: time
    minutes: int = Field(ge=1, le=MAX_VISIT_MINUTES)

    def to_domain(self) -> ScheduleSlot:
        return ScheduleSlot(weekday=self.weekday, start=self.start, minutes=self.minutes)


class ScheduleIn(VersionedIn):
    slots: list[SlotIn] = Field(max_length=28)

    def to_command(self, order_id: UUID) -> SetSchedule:
        return SetSchedule(order_id=order_id, expected_version=self.expected_version,
                           slots=tuple(slot.to_domain() for slot in self.slots))


class SuspendIn(VersionedIn):
    on: RecordDate
    reason: Annotated[str, StringConstraints(max_length=MAX_REASON_LENGTH)]

    def to_command(self, order_id: UUID) -> SuspendOrder:
        return SuspendOrder(order_id=order_id, expected_version=self.expected_version,
                            suspended_on=self.on, reason=self.reason)


class CloseMonthIn(VersionedIn):
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)
    month: int = Field(ge=1, le=12)
    closed_on: RecordDate

    def to_command(self, order_id: UUID) -> CloseMonth:
        return CloseMonth(order_id=order_id, expected_version=self.expected_version,
                          year=self.year, month=self.month, closed_on=self.closed_on)


class CheckInIn(VersionedIn):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.CHECK_IN))

    visit_id: UUID
    started_at: FieldTime

    def to_command(self, order_id: UUID) -> StartCareVisit:
        return StartCareVisit(order_id=order_id, expected_version=self.expected_version,
                              visit_id=self.visit_id, started_at=self.started_at)


class CheckOutIn(VersionedIn):
    ended_at: FieldTime
    tasks_done: list[CareTask] = Field(max_length=20)

    def to_command(self, order_id: UUID, visit_id: UUID) -> CompleteCareVisit:
        return CompleteCareVisit(order_id=order_id, expected_version=self.expected_version,
                                 visit_id=visit_id, ended_at=self.ended_at,
                                 tasks_done=tuple(self.tasks_done))


class ObservationIn(VersionedIn):
    observation_id: UUID
    kind: Annotated[str, StringConstraints(max_length=longest(ObservationKind))]
    note: Annotated[str, StringConstraints(max_length=MAX_NOTE_LENGTH)]
    raised_at: FieldTime

    def to_command(self, order_id: UUID) -> RaiseObservation:
        return RaiseObservation(order_id=order_id, expected_version=self.expected_version,
                                observation_id=self.observation_id, kind=self.kind,
                                note=self.note, raised_at=self.raised_at)


class VisitRowOut(BaseModel):
    visit_id: UUID
    caregiver_id: UUID
    started_at: datetime
    ended_at: datetime | None
    minutes: int | None
    tasks_done: list[str] | None
    flags: list[str] | None


class MonthOut(BaseModel):
    order_id: UUID
    year: int
    month: int
    ordered_hours: Decimal
    delivered_hours: Decimal
    flagged_visits: int
    visits: list[VisitRowOut]
    settlement: dict[str, Any] | None
