"""Response shapes of the read side."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel


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


class MemberOut(BaseModel):
    member_id: UUID
    first_name: str
    last_name: str
    pesel: str | None
    document_kind: str | None
    document_number: str | None
    birth_date: date | None
    relation: str


class InterviewOut(BaseModel):
    interview_id: UUID
    trigger_date: date | None
    urgent: bool
    due_on: date | None
    conducted_on: date | None
    last_update_on: date | None
    sections: dict[str, str]


class InterviewStatusOut(BaseModel):
    due_on: date | None
    last_on: date | None
    update_due_on: date | None
    overdue: bool


class TimelineEntryOut(BaseModel):
    version: int
    kind: str
    on_date: date | None
    details: dict[str, Any]
    actor_id: str | None
    recorded_at: str | None


class ClientViewOut(FolderSummaryOut):
    opened_on: date
    closed_on: date | None
    address: dict[str, Any]
    permanent_help: bool
    members: list[MemberOut]
    interviews: list[InterviewOut]
    interview: InterviewStatusOut
    timeline: list[TimelineEntryOut]


class PersonHitOut(BaseModel):
    folder_id: UUID
    member_id: UUID
    name: str
    pesel_masked: str | None
    birth_year: int | None
    folder_status: str
