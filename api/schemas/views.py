"""Response shapes of the read side."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class FolderSummaryOut(BaseModel):
    folder_id: UUID
    version: int
    team_id: str
    worker_id: UUID | None
    status: str
    head_name: str | None
    address_line: str
    last_visit_on: date | None
    interview_due_on: date | None
    interview_overdue: bool
    alerts: int = Field(0, description="Caregivers' observations of the last 14 days")


class MemberOut(BaseModel):
    member_id: UUID
    first_name: str
    last_name: str
    pesel: str | None
    document_kind: str | None
    document_number: str | None
    birth_date: date | None
    relation: str
    joined_on: date | None = Field(None, description="The day the member joined (effective)")
    left_on: date | None = Field(None, description="The day the member left or died")
    end_kind: str | None = Field(None, description='"left" or "died"')
    end_reason: str | None = None


class InterviewOut(BaseModel):
    interview_id: UUID
    trigger_date: date | None
    urgent: bool
    due_on: date | None
    conducted_on: date | None
    last_update_on: date | None
    sections: dict[str, str]
    statement: dict[str, Any] | None = Field(
        None, description="The person's statement: text, signed_on, refused_to_sign")
    assets: dict[str, Any] | None = Field(
        None, description="The asset declaration (art. 107 ust. 5b): real_estate, "
        "movable_property, savings, other, declared_on")


class InterviewStatusOut(BaseModel):
    due_on: date | None
    last_on: date | None
    update_due_on: date | None
    overdue: bool
    due_interview_id: UUID | None = Field(
        None, description="The scheduled interview that is due: the one to conduct")


class TimelineEntryOut(BaseModel):
    version: int
    kind: str
    on_date: date | None
    details: dict[str, Any]
    actor_id: str | None
    recorded_at: str | None


class ObservationOut(BaseModel):
    observation_id: UUID
    order_id: UUID
    kind: str
    note: str
    raised_at: str
    caregiver_id: UUID


class ProceedingSummaryOut(BaseModel):
    proceeding_id: UUID
    version: int
    person_id: UUID
    form: str
    case_reference: str
    applicant: str | None
    opened_on: date
    status: str
    decision_id: UUID | None
    outcome: str | None
    issued_on: date | None
    reasons: list[str] | None = None
    amendments: int = 0
    delivered_on: date | None
    appeal_filed_on: date | None = None
    final_on: date | None
    revoked_on: date | None = None


class OrderSummaryOut(BaseModel):
    order_id: UUID
    status: str
    changed: bool
    form: str
    provider_id: str
    case_reference: str
    caregiver_id: UUID | None
    terms: dict[str, Any]


class ClientViewOut(FolderSummaryOut):
    opened_on: date
    closed_on: date | None
    address: dict[str, Any] = Field(description="With no_fixed_address and meeting_place for "
                                    "a homeless person (art. 101 ust. 2)")
    permanent_help: bool = Field(description="On a permanent form of help today")
    permanent_help_until: date | None = Field(
        None, description="The last day of the permanent forms granted (null: no end set)")
    household_size: int = Field(0, description="Members today, by their effective dates")
    members: list[MemberOut] = Field(description="Everyone ever recorded in the household, "
                                     "those who left or died with left_on")
    interviews: list[InterviewOut]
    interview: InterviewStatusOut
    timeline: list[TimelineEntryOut]
    observations: list[ObservationOut] = []
    proceedings: list[ProceedingSummaryOut] = []
    orders: list[OrderSummaryOut] = []


class PersonHitOut(BaseModel):
    folder_id: UUID
    member_id: UUID
    name: str
    pesel_masked: str | None
    birth_year: int | None
    folder_status: str
