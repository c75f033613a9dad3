"""Response shapes of the audit endpoints."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field


class AccessEntryOut(BaseModel):
    record_id: UUID
    viewer_id: UUID
    viewer_name: str | None
    viewer_role: str
    viewer_unit: str
    folder_id: UUID | None
    person_id: UUID | None
    view: str
    purpose: str
    viewed_at: datetime


class AccessLineOut(BaseModel):
    """Consecutive reads of one subject by one person in one view for one purpose."""

    viewer_id: UUID
    viewer_name: str | None
    viewer_role: str
    viewer_unit: str
    folder_id: UUID | None
    person_id: UUID | None
    # The folder's team, and the client's name only when the folder is the manager's unit's.
    folder_team: str | None
    client_name: str | None
    view: str
    purpose: str
    count: int
    first_at: datetime
    last_at: datetime


class AccessReportOut(BaseModel):
    """"Who viewed my file" for a data subject (GDPR art. 15)."""

    folder_id: UUID
    produced_at: datetime
    entries: list[AccessEntryOut]


class WorkerActivityOut(BaseModel):
    worker_id: UUID
    display_name: str
    visits: int
    minutes: int
    minutes_by_activity: dict[str, int]
    interviews_conducted: int
    interviews_overdue: int
    caseload: int
    applications_filed: int
    decisions: int


class TeamActivityOut(BaseModel):
    team_id: str
    since: date
    until: date
    workers: list[WorkerActivityOut]
    families_norm: int = Field(description="art. 110 ust. 11: families per full-time worker")
    families_norm_source: str


class ProceedingDeadlineOut(BaseModel):
    proceeding_id: UUID
    folder_id: UUID
    client_name: str | None
    case_reference: str
    form: str
    opened_on: date
    status: str
    decision_due_on: date | None
    days_left: int | None = Field(description="to the term, or to a delay notice's new date")
    overdue: bool
    delayed_to: date | None
    delay_notice_due: bool = Field(description="KPA art. 36: a delay notice should be sent")


class InterviewFollowUpOut(BaseModel):
    folder_id: UUID
    head_name: str | None
    worker_id: UUID | None
    interview_due_on: date
    days_overdue: int


class ObservationFollowUpOut(BaseModel):
    observation_id: UUID
    folder_id: UUID
    head_name: str | None
    worker_id: UUID | None
    kind: str
    raised_on: date
    days_open: int


class TeamDeadlinesOut(BaseModel):
    """A team's deadlines and follow-ups on `today`, each list with its folder."""

    team_id: str
    today: date
    proceedings: list[ProceedingDeadlineOut]
    interviews: list[InterviewFollowUpOut]
    observations: list[ObservationFollowUpOut]
    observation_answer_days: int
    delay_notice_warning_days: int
