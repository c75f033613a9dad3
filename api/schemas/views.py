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
    worker_name: str | None = Field(None, description="The social worker's name, for people")
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
    # the name of the worker `details.worker_id` names (an assignment), for people to read
    worker_name: str | None = None


class ObservationOut(BaseModel):
    observation_id: UUID
    order_id: UUID
    kind: str
    note: str
    raised_at: str
    caregiver_id: UUID
    caregiver_name: str | None = None


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


class ProceedingOut(ProceedingSummaryOut):
    """A proceeding as the decision maker works on it: its folder (whose client view shows the
    household, the interview and earlier decisions) and its party's name."""

    folder_id: UUID
    client_name: str | None = Field(
        None, description="The party's name (first and last), as the client view has it")


class PendingProceedingOut(ProceedingOut):
    """A proceeding with its term (KPA art. 35 § 3, § 5, art. 36); the term is given while
    it waits for a decision (filed or suspended), none once decided."""

    complicated: bool = False
    suspended_on: date | None = None
    delayed_to: date | None = None
    closed_on: date | None = None
    decision_due_on: date | None = Field(
        None, description="The last day for the decision (KPA art. 35, 57 § 3-4); none while "
                          "suspended")
    days_left: int | None = Field(
        None, description="Days to the term, or to a delay notice's new date if later")
    overdue: bool = Field(False, description="Past the term with no delay notice covering it")


class OrderSummaryOut(BaseModel):
    order_id: UUID
    status: str
    changed: bool
    form: str
    provider_id: str
    case_reference: str
    caregiver_id: UUID | None
    terms: dict[str, Any]
    caregiver_name: str | None = None


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


class CityPersonOut(BaseModel):
    """A person of the searcher's own team's folder."""

    member_id: UUID
    first_name: str
    last_name: str
    pesel: str | None
    birth_date: date | None
    address: str


class CityHitOut(BaseModel):
    """A hit of the city-wide search: `person` only for the searcher's own team; of another
    team's folder only its team and reference (`folder_id`)."""

    team_id: str
    folder_id: UUID
    own_team: bool
    folder_open: bool
    match: str = Field(description="pesel: the PESEL matched; details: name, birth date "
                                   "or address did")
    warning: bool = Field(description="The person has no PESEL: matched by details only")
    person: CityPersonOut | None


class PersonHitOut(BaseModel):
    folder_id: UUID
    member_id: UUID
    name: str
    pesel_masked: str | None
    birth_year: int | None
    folder_status: str
