"""Response shapes of a team's workload (a team manager's) and of the teams' figures (the
MOPS management's: counts only, never a person, a folder or an address)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field


class WeekOut(BaseModel):
    week_start: date = Field(description="the Monday of the ISO week")
    visits: int
    minutes: int
    visits_by_activity: dict[str, int]
    minutes_by_activity: dict[str, int]


class WorkerCaseloadOut(BaseModel):
    worker_id: UUID
    display_name: str
    folders: int = Field(description="open folders the worker carries")


class TeamWorkloadOut(BaseModel):
    team_id: str
    since: date
    until: date
    weeks: list[WeekOut]
    caseload: list[WorkerCaseloadOut]
    unassigned: int = Field(description="the team's open folders without a worker")
    families_norm: int = Field(description="art. 110 ust. 11: families per full-time worker")
    families_norm_source: str


class TeamFiguresOut(BaseModel):
    """One team's figures: counts only."""

    team_id: str
    families: int = Field(description="open folders: families under social work")
    workers: int = Field(description="social workers in the team now")
    families_per_worker: float | None
    above_norm: bool = Field(description="families per worker above the art. 110 norm")
    visits: int
    minutes: int
    visits_by_activity: dict[str, int]
    minutes_by_activity: dict[str, int]
    pending_proceedings: int
    overdue_proceedings: int = Field(description="pending past their KPA term")


class DistrictFiguresOut(BaseModel):
    """One district's figures, counts only: by the folders' addresses now. Workers and
    families per worker are a team's, not a district's."""

    teryt: str | None = Field(description="the district's TERYT code; null: folders whose "
                              "address names no district (the city as a whole, another "
                              "municipality, a homeless person's last municipality)")
    name: str | None = Field(description="the district's name where the city's districts are "
                             "known (Wrocław's five), else null")
    families: int = Field(description="open folders: families under social work")
    visits: int
    minutes: int
    visits_by_activity: dict[str, int]
    minutes_by_activity: dict[str, int]
    pending_proceedings: int
    overdue_proceedings: int = Field(description="pending past their KPA term")


class UnitFiguresOut(BaseModel):
    since: date
    until: date
    teams: list[TeamFiguresOut]
    districts: list[DistrictFiguresOut] = Field(
        description="by TERYT code, the row without a district (teryt null) last and only "
                    "when one of its counts is not zero")
    total: TeamFiguresOut = Field(description="the whole centre (team_id `MOPS`)")
    by_district: bool = Field(description="true: the figures are also given per district")
    families_norm: int = Field(description="art. 110 ust. 11: families per full-time worker")
    families_norm_source: str
