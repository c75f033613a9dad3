"""Statistical returns (MRPiPS-03) for managers: live figures as of any recorded time,
compile → review → submit, the recount that proves a submission, differences and exports.

Returns hold aggregates only, so reading them records nothing in the access log; the one
exception, the folders that make a consistency rule fail, is logged as a read."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field, computed_field

from api.commanding import RESPONSES, command, command_out, context
from api.deps import AccessLogDep, Manager, SystemDep
from api.return_exports import to_csv, to_html, to_xlsx
from api.return_gus import to_gus_csv, to_gus_xml
from api.schemas.bounds import TIME_BOUNDS, BoundedTime, RecordTime
from api.schemas.commands import CommandIn, CommandOut
from api.subjects import folders_in
from domain.access import ViewKind
from domain.mrpips03 import ReturnPeriod, differences_in_layout
from domain.mrpips03_checks import check_figures
from domain.mrpips03_rows import LAYOUT, LEGACY_LAYOUT
from domain.office_day import today_in_poland
from services.returns.commands import SubmitReturn

router = APIRouter(prefix="/api/returns", tags=["statistical returns"])

Year = Annotated[int, Path(ge=2000, le=2100)]
Part = Annotated[Literal["H1", "Y"], Path(description="H1: 1 January–30 June; Y: the year")]
AsOf = Annotated[BoundedTime | None, Query(description="Recorded time the data is taken as of",
                                            json_schema_extra=TIME_BOUNDS)]


class FiguresOut(BaseModel):
    year: int
    part: str
    figures: dict[str, Any]
    content_hash: str
    position: int = Field(description="Event log position the figures include")
    as_of: datetime
    layout: str = Field(LAYOUT, description='The rows the figures were counted in: "2026" '
                        '(the current layout) or "2025" (a return compiled before it)')

    @computed_field(description="The form's consistency rules these figures break "
                                "(empty: all hold; a return breaking any cannot be submitted)")
    def checks(self) -> list[dict[str, Any]]:
        return [failure.as_dict() for failure in check_figures(self.figures)]


class ReturnOut(BaseModel):
    return_id: UUID | None
    version: int | None
    live: FiguresOut
    draft: FiguresOut | None
    submitted: FiguresOut | None
    submitted_revision: int | None
    submitted_on: str | None
    differences_since_submission: list[dict[str, Any]]


class ReturnRowOut(BaseModel):
    return_id: UUID
    year: int
    part: str
    version: int
    draft_hash: str | None
    submitted_hash: str | None
    submitted_revision: int | None
    submitted_on: str | None


class CompileIn(CommandIn):
    as_of: RecordTime | None = Field(None, description="Default: now")


class CompiledOut(CommandOut):
    compiled: FiguresOut


class SubmitIn(CommandIn):
    expected_version: int = Field(ge=1)
    content_hash: str = Field(pattern=r"^[0-9a-f]{64}$",
                              description="The hash of the figures the manager reviewed")

    def to_command(self, period: ReturnPeriod, today: date) -> SubmitReturn:
        return SubmitReturn(period=period, expected_version=self.expected_version,
                            reviewed_hash=self.content_hash, submitted_on=today)


class VerificationOut(BaseModel):
    equal: bool
    submitted_hash: str
    recounted_hash: str
    position: int
    as_of: datetime
    events_read: int
    seconds: float
    differences: list[dict[str, Any]]


class CheckFolderOut(BaseModel):
    folder_id: UUID
    team_id: str
    head_name: str
    address_line: str


class CheckFoldersOut(BaseModel):
    rule: str
    row: str
    as_of: datetime | None
    folders: list[CheckFolderOut]


class DifferenceOut(BaseModel):
    before: datetime
    after: datetime
    differences: list[dict[str, Any]]


def _frozen(row: dict[str, Any], kind: str) -> FiguresOut | None:
    if row.get(f"{kind}_hash") is None:
        return None
    return FiguresOut(year=row["year"], part=row["part"], figures=row[f"{kind}_figures"],
                      content_hash=row[f"{kind}_hash"], position=row[f"{kind}_position"],
                      as_of=row[f"{kind}_as_of"],
                      layout=row.get(f"{kind}_layout") or LEGACY_LAYOUT)


@router.get("")
def list_returns(user: Manager, system: SystemDep,
                 after: int | None = Query(None, ge=0)) -> list[ReturnRowOut]:
    """Returns compiled so far, newest period first."""
    rows = system.read_models.statistical_returns(after)
    return [ReturnRowOut(**r | {"submitted_on": r["submitted_on"] and str(r["submitted_on"])})
            for r in rows]


@router.get("/{year}/{part}")
def show_return(year: Year, part: Part, user: Manager, system: SystemDep, as_of: AsOf = None,
                after: int | None = Query(None, ge=0)) -> ReturnOut:
    """The figures now (or as of a recorded time), the draft, and what was submitted."""
    period = ReturnPeriod(year, part)
    live = system.returns.live(period, as_of, after)
    row = system.read_models.statistical_return(period) or {}
    submitted = _frozen(row, "submitted")
    return ReturnOut(
        return_id=row.get("return_id"), version=row.get("version"),
        live=FiguresOut(**live.as_dict()), draft=_frozen(row, "draft"), submitted=submitted,
        submitted_revision=row.get("submitted_revision"),
        submitted_on=str(row["submitted_on"]) if row.get("submitted_on") else None,
        differences_since_submission=differences_in_layout(
            submitted.figures, live.figures, submitted.layout == live.layout)
        if submitted else [],
    )


@router.post("/{year}/{part}/compilation", status_code=201, responses=RESPONSES)
def compile_return(year: Year, part: Part, body: CompileIn, user: Manager, system: SystemDep,
                   response: Response) -> CompiledOut:
    """Compute the figures now and record them for review (a draft)."""
    result, figures = system.returns.compile(context(user, body),
                                             ReturnPeriod(year, part), body.as_of)
    response.status_code = 200 if result.duplicate else 201
    out = command_out(result, folder=False)
    if result.duplicate:  # a retry: the draft it recorded, not a new computation
        row = system.returns.overview(ReturnPeriod(year, part), after=result.position)
        return CompiledOut(**out.model_dump(), compiled=_frozen(row, "draft"))
    return CompiledOut(**out.model_dump(), compiled=FiguresOut(**figures.as_dict()))


@command(router, "/{year}/{part}/submission")
def submit_return(year: Year, part: Part, body: SubmitIn, user: Manager) -> SubmitReturn:
    """Submit the reviewed draft: its figures are frozen with their hash and log position."""
    return body.to_command(ReturnPeriod(year, part), today_in_poland())


@router.get("/{year}/{part}/verification")
def verify_return(year: Year, part: Part, user: Manager, system: SystemDep) -> VerificationOut:
    """Recount the submitted figures straight from the event log and compare."""
    v = system.returns.verify(ReturnPeriod(year, part))
    return VerificationOut(**vars(v))


@router.get("/{year}/{part}/difference")
def return_difference(
    year: Year, part: Part, user: Manager, system: SystemDep,
    before: Annotated[BoundedTime, Query(alias="from", json_schema_extra=TIME_BOUNDS)],
    after: Annotated[BoundedTime, Query(alias="to", json_schema_extra=TIME_BOUNDS)],
) -> DifferenceOut:
    """Figures that differ between two recorded times (a late correction shows here)."""
    changes = system.returns.difference(ReturnPeriod(year, part), before, after)
    return DifferenceOut(before=before, after=after, differences=changes)


EXPORTS = {
    "csv": ("text/csv; charset=utf-8", to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
    "html": ("text/html; charset=utf-8", to_html),
    # The statistical office's data layout: one variable a figure (api/return_gus.py).
    "gus.csv": ("text/csv; charset=utf-8", to_gus_csv),
    "gus.xml": ("application/xml", to_gus_xml),
}


@router.get("/{year}/{part}/export.{fmt}", response_class=Response,
            responses={200: {"content": {media: {} for media, _ in EXPORTS.values()}}})
def export_return(year: Year, part: Part,
                  fmt: Literal["csv", "xlsx", "html", "gus.csv", "gus.xml"], user: Manager,
                  system: SystemDep,
                  source: Literal["submitted", "live"] = "submitted") -> Response:
    """The return laid out like the form: CSV, XLSX or printable HTML with charts; or in the
    statistical office's data layout, one variable a figure: gus.csv, gus.xml."""
    doc = system.returns.for_export(ReturnPeriod(year, part), source)
    media, render = EXPORTS[fmt]
    filename = f"MRPiPS-03_{year}_{part}_{source}.{fmt}"
    return Response(render(doc), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# Every rule of domain/mrpips03_checks.RULES (tests/domain/test_return_checks.py checks it).
RuleName = Literal["family_persons_at_least_families", "family_persons_at_least_persons",
                   "persons_at_least_families", "total_at_least_row", "rural_within_row",
                   "subrow_within_row", "parts_add_up"]
Rule = Annotated[RuleName, Query(description="A rule of domain/mrpips03_checks.py")]
Row = Annotated[str, Query(pattern=r"^[a-z0-9_]{1,40}(\.[a-z0-9_]{1,40}){0,2}$",
                           description="The row's path, e.g. benefits.periodic_allowance.own")]


@router.get("/{year}/{part}/checks/folders")
def folders_failing_a_check(year: Year, part: Part, rule: Rule, row: Row, user: Manager,
                            system: SystemDep, access: AccessLogDep,
                            as_of: AsOf = None) -> CheckFoldersOut:
    """The case folders that make a consistency rule fail on a row (a read of their data,
    logged): the families with nobody in them in the period, or fewer persons than granted."""
    period = ReturnPeriod(year, part)
    folder_ids = system.returns.folders_failing(period, rule, row, as_of)
    rows = system.read_models.folders_by_id(folder_ids)
    access.shown(ViewKind.RETURN_CHECK, folders_in(rows))
    return CheckFoldersOut(rule=rule, row=row, as_of=as_of, folders=[
        CheckFolderOut(folder_id=r["folder_id"], team_id=r["team_id"],
                       head_name=r["head_name"], address_line=r["address_line"])
        for r in rows])
