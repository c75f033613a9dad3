"""The MOPS management's view: the same figures for every team, for every district of the
city and for the whole centre, from the projections, counts only. No name, PESEL, address,
folder or person id is ever in an answer, so nothing here is a read of personal data to log.

A folder counts in the district its address names now (its TERYT code, when that is a
district of a city), a visit and a proceeding in their folder's; the social workers and the
families per worker are a team's notion, so the districts do not have them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import APIRouter

from api.deps import MopsManagement, SystemDep
from api.routes.views import After
from api.routes.workload import Since, Until, period
from api.schemas.workload import DistrictFiguresOut, TeamFiguresOut, UnitFiguresOut
from domain.identifiers import WROCLAW_DISTRICTS
from domain.staffing import norm_on

router = APIRouter(prefix="/api", tags=["management"])

CENTRE = "MOPS"
COUNTS = ("families", "workers", "visits", "minutes", "pending_proceedings",
          "overdue_proceedings")


def _figures(row: dict[str, Any], norm: int) -> TeamFiguresOut:
    per_worker = round(row["families"] / row["workers"], 1) if row["workers"] else None
    return TeamFiguresOut(
        **{key: row[key] for key in ("team_id", *COUNTS)},
        visits_by_activity=dict(row["visits_by_activity"]),
        minutes_by_activity=dict(row["minutes_by_activity"]),
        families_per_worker=per_worker,
        above_norm=per_worker is not None and per_worker > norm)


def _district(row: dict[str, Any]) -> DistrictFiguresOut:
    return DistrictFiguresOut(
        **{key: row[key] for key in ("teryt", *COUNTS) if key != "workers"},
        name=WROCLAW_DISTRICTS.get(row["teryt"] or ""),
        visits_by_activity=dict(row["visits_by_activity"]),
        minutes_by_activity=dict(row["minutes_by_activity"]))


def _total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {"team_id": CENTRE, **dict.fromkeys(COUNTS, 0),
                             "visits_by_activity": defaultdict(int),
                             "minutes_by_activity": defaultdict(int)}
    for row in rows:
        for key in COUNTS:
            total[key] += row[key]
        for key in ("visits_by_activity", "minutes_by_activity"):
            for activity, value in row[key].items():
                total[key][activity] += value
    return total


@router.get("/management/teams")
def unit_figures(user: MopsManagement, system: SystemDep, since: Since = None,
                 until: Until = None, after: After = None) -> UnitFiguresOut:
    """Per team, per district and for the whole centre: families under social work, visits
    and minutes by activity in the period (default: the last eight weeks), pending
    proceedings and the overdue ones; per team also social workers and families per worker
    against the art. 110 norm."""
    since, until = period(since, until, system.read_models.today())
    figures = system.read_models.unit_figures(since, until, after)
    rows = figures["teams"]
    norm = norm_on(until)
    return UnitFiguresOut(
        since=since, until=until, by_district=True,
        teams=[_figures(row, norm.families_per_worker) for row in rows],
        districts=[_district(row) for row in figures["districts"]],
        total=_figures(_total(rows), norm.families_per_worker),
        families_norm=norm.families_per_worker, families_norm_source=norm.source)
