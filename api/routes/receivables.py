"""Undue benefits (art. 98 u.p.s.), summonses (art. 50 KPA) and the month's health
contributions of permanent-allowance recipients (issue #18).

Decision makers decide a reclaim and write it off (or defer, spread it); managers and decision
makers record repayments; decision makers and the folder's social workers issue summonses.
What is owed is read by who reads the folder (its own list) and by managers and decision
makers (every receivable); every read is logged, as the contributions list is."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Response

from api.commanding import RESPONSES, command, command_out, context
from api.deps import AccessLogDep, CaseReader, DecisionMaker, Deliverer, Manager, SystemDep, allow
from api.errors import ApiError
from api.routes.views import After, may_read_folder
from api.schemas.commands import CommandOut
from api.schemas.receivables import (
    ContributionLineOut,
    ContributionsOut,
    ReceivableOut,
    ReclaimIn,
    RepaymentIn,
    SummonsIn,
    WriteOffIn,
)
from api.security import Principal
from api.subjects import persons_in
from domain.access import ViewKind
from domain.user import Role
from services.receivables.commands import IssueSummons, RecordRepayment, WriteOffReclaim
from services.receivables.service import contributions_csv

router = APIRouter(prefix="/api", tags=["receivables"])

Collector = Annotated[Principal, Depends(allow(Role.MANAGER, Role.DECISION_MAKER))]
Year = Annotated[int, Path(description="The year of the month")]
Month = Annotated[int, Path(description="The month, 1-12")]


@router.post("/proceedings/{proceeding_id}/reclaims", status_code=201, responses=RESPONSES)
def decide_reclaim(proceeding_id: UUID, body: ReclaimIn, user: DecisionMaker,
                   system: SystemDep, response: Response) -> CommandOut:
    """Decide that benefits paid were undue and must be returned (art. 98, art. 104 ust. 3
    u.p.s.): the amount (never above what was paid for the decision, 409
    `reclaim.amount_above_paid`), the period, the reason and the due dates; its document
    (kind `reclaim`) is issued in the same transaction."""
    result = system.receivables.decide_reclaim(context(user, body),
                                               body.to_command(proceeding_id))
    response.status_code = 200 if result.duplicate else 201
    return command_out(result, folder=False)


@command(router, "/proceedings/{proceeding_id}/reclaims/{reclaim_id}/repayments")
def record_repayment(proceeding_id: UUID, reclaim_id: UUID, body: RepaymentIn,
                     user: Collector) -> RecordRepayment:
    """Record money returned (cash or transfer), never more than is still owed."""
    return body.to_command(proceeding_id, reclaim_id)


@command(router, "/proceedings/{proceeding_id}/reclaims/{reclaim_id}/write-off")
def write_off_reclaim(proceeding_id: UUID, reclaim_id: UUID, body: WriteOffIn,
                      user: DecisionMaker) -> WriteOffReclaim:
    """Write off what is owed in whole or part, or defer or spread it (art. 104 ust. 4
    u.p.s.), with its reason."""
    return body.to_command(proceeding_id, reclaim_id)


@command(router, "/proceedings/{proceeding_id}/summons")
def issue_summons(proceeding_id: UUID, body: SummonsIn, user: Deliverer) -> IssueSummons:
    """Summon the party to appear or to supply a document within at least 7 days (KPA
    art. 50 § 1, art. 64 § 2); its document (kind `summons`) is issued with it."""
    return body.to_command(proceeding_id)


@router.get("/folders/{folder_id}/receivables")
def folder_receivables(folder_id: UUID, user: CaseReader, system: SystemDep,
                       access: AccessLogDep, after: After = None) -> list[ReceivableOut]:
    """What the folder's people owe for undue benefits, with repayments and write-offs
    (the read is logged)."""
    scope = None if user.role == Role.DECISION_MAKER else system.read_models.folder_scope(
        folder_id, after)  # read at `after`: a folder just opened is found
    if not may_read_folder(user, system, folder_id, scope[0] if scope else None):
        raise ApiError(404, "case_folder.not_found", id=str(folder_id))
    rows = system.read_models.receivables(folder_id, after=after)
    access.shown(ViewKind.RECEIVABLES, persons_in(rows))
    return [ReceivableOut(**row) for row in rows]


@router.get("/receivables")
def receivables(user: Collector, system: SystemDep, access: AccessLogDep,
                after: After = None, owed: bool = True) -> list[ReceivableOut]:
    """Every receivable of undue benefits (by default only those still owed), oldest
    first (the read is logged)."""
    rows = system.read_models.receivables(only_owed=owed, after=after)
    access.shown(ViewKind.RECEIVABLES, persons_in(rows))
    return [ReceivableOut(**row) for row in rows]


@router.get("/payments/contributions/{year}/{month}")
def health_contributions(year: Year, month: Month, user: Manager, system: SystemDep,
                         access: AccessLogDep, after: After = None) -> ContributionsOut:
    """The month's health contributions for permanent-allowance recipients: per person the
    allowances paid in the month (less reversed ones) and 9% of them (u.ś.o.z. art. 79,
    dated; the read is logged)."""
    listed = system.receivables.contributions(year, month, after=after)
    access.shown(ViewKind.HEALTH_CONTRIBUTIONS, persons_in(
        [{"folder_id": line.folder_id, "person_id": line.person_id} for line in listed.lines]))
    return ContributionsOut(
        month=f"{year:04d}-{month:02d}", rate=listed.rate, total_basis=listed.total_basis,
        total=listed.total,
        lines=[ContributionLineOut(**line.__dict__) for line in listed.lines])


@router.get("/payments/contributions/{year}/{month}/file.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})
def health_contributions_csv(year: Year, month: Month, user: Manager, system: SystemDep,
                             access: AccessLogDep, after: After = None) -> Response:
    """The month's health contributions as CSV with Polish headers (the download is
    logged: it holds names)."""
    listed = system.receivables.contributions(year, month, after=after)
    access.shown(ViewKind.HEALTH_CONTRIBUTIONS, persons_in(
        [{"folder_id": line.folder_id, "person_id": line.person_id} for line in listed.lines]))
    return Response(contributions_csv(listed), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition":
            f'attachment; filename="skladki-zdrowotne-{year:04d}-{month:02d}.csv"',
        "Cache-Control": "private, no-store"})
