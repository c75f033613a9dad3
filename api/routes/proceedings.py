"""Applications and decisions: social workers file, decision makers decide. Each command
route a docstring and the command its body builds."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from api.commanding import command
from api.deps import AccessLogDep, CaseReader, DecisionMaker, Deliverer, Registrar, SystemDep
from api.errors import ApiError
from api.routes.views import After, may_read_folder
from api.schemas.procedure import AppealIn
from api.schemas.proceedings import (
    AmendDecisionIn,
    AppealResolutionIn,
    DatedIn,
    FileApplicationIn,
    IssueDecisionIn,
    RevokeDecisionIn,
)
from api.schemas.views import PendingProceedingOut, ProceedingOut
from api.subjects import persons_in
from domain.access import ViewKind
from domain.proceeding import Proceeding
from services.documents.issuing import document_pdf
from services.proceedings.commands import (
    AmendDecision,
    FileAppeal,
    FileApplication,
    IssueDecision,
    MarkFinal,
    RecordDelivery,
    ResolveAppeal,
    RevokeDecision,
)
from services.proceedings.procedure import ProceedingNotFoundError

router = APIRouter(prefix="/api", tags=["proceedings"])


@command(router, "/folders/{folder_id}/proceedings")
def file_application(folder_id: UUID, body: FileApplicationIn,
                     user: Registrar) -> FileApplication:
    """File an application for a form of help (or open a proceeding ex officio)."""
    return body.to_command(folder_id)


@router.get("/proceedings/pending")
def pending_proceedings(
    user: DecisionMaker, system: SystemDep, access: AccessLogDep, after: After = None
) -> list[PendingProceedingOut]:
    """Proceedings waiting for a decision with their KPA term, the nearest first (suspended
    ones last); each party's proceeding shown is recorded in the access log before the
    answer."""
    rows = system.read_models.pending_proceedings(after)
    access.shown(ViewKind.PENDING_PROCEEDINGS, persons_in(rows))
    return [PendingProceedingOut(**row) for row in rows]


@router.get("/proceedings/decided")
def decided_proceedings(
    user: DecisionMaker, system: SystemDep, access: AccessLogDep, after: After = None
) -> list[ProceedingOut]:
    """Decided proceedings still open — to deliver, appeal, rule on or make final — newest
    first (at most 200); each shown is recorded in the access log before the answer."""
    rows = system.read_models.decided_proceedings(after)
    access.shown(ViewKind.DECIDED_PROCEEDINGS, persons_in(rows))
    return [ProceedingOut(**row) for row in rows]


@router.get("/proceedings/{proceeding_id}")
def proceeding(
    proceeding_id: UUID, user: CaseReader, system: SystemDep, access: AccessLogDep,
    after: After = None,
) -> PendingProceedingOut:
    """One proceeding and its decision, its party's name and, while it waits for a decision,
    its KPA term as the pending list gives it (recorded in the access log before the
    answer)."""
    row = system.read_models.proceeding(proceeding_id, after)
    if row is None or not may_read_folder(user, system, row["folder_id"]):
        raise ApiError(404, "proceeding.not_found", id=str(proceeding_id))
    access.shown(ViewKind.PROCEEDING, persons_in([row]))
    return PendingProceedingOut(**row)


@router.get(
    "/proceedings/{proceeding_id}/documents/{document_id}",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}},
                     "description": "The document's PDF/A, as it was issued"}},
)
def document(
    proceeding_id: UUID, document_id: UUID, user: CaseReader, system: SystemDep,
    access: AccessLogDep, after: After = None,
) -> Response:
    """A decision or notice of the proceeding as its PDF/A, rendered again from the events
    it was issued from and checked against its recorded SHA-256 (the download is recorded
    in the access log before the answer)."""
    # A plain `def`: FastAPI runs it in a worker thread, so the rendering (CPU) never
    # holds the event loop.
    row = system.read_models.proceeding(proceeding_id, after)
    if row is None or not may_read_folder(user, system, row["folder_id"]):
        raise ApiError(404, "proceeding.not_found", id=str(proceeding_id))
    found = system.app.load(Proceeding, proceeding_id, ProceedingNotFoundError, read_only=True)
    issued, pdf = document_pdf(system.app, found, str(document_id))
    access.shown(ViewKind.DOCUMENT, persons_in([row]))
    name = f"{issued.kind}-{found.case_reference.replace('/', '-')}.pdf"
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "ETag": f'"{issued.sha256}"',
        "Cache-Control": "private, no-store",
    })


@command(router, "/proceedings/{proceeding_id}/decision")
def issue_decision(proceeding_id: UUID, body: IssueDecisionIn, user: DecisionMaker,
                   system: SystemDep) -> IssueDecision:
    """Issue the decision; a granted care form goes to the provider's queue at once."""
    return body.to_command(proceeding_id, system.app.fee_share_for)


@command(router, "/proceedings/{proceeding_id}/amendment")
def amend_decision(proceeding_id: UUID, body: AmendDecisionIn, user: DecisionMaker,
                   system: SystemDep) -> AmendDecision:
    """Amend the decision; the running care order changes with it."""
    return body.to_command(proceeding_id, system.app.fee_share_for)


@command(router, "/proceedings/{proceeding_id}/revocation")
def revoke_decision(proceeding_id: UUID, body: RevokeDecisionIn,
                    user: DecisionMaker) -> RevokeDecision:
    """Revoke the decision; its care order ends."""
    return body.to_command(proceeding_id)


@command(router, "/proceedings/{proceeding_id}/delivery")
def record_delivery(proceeding_id: UUID, body: DatedIn, user: Deliverer) -> RecordDelivery:
    """Record that the decision was delivered to the party."""
    return body.to_delivery(proceeding_id)


@command(router, "/proceedings/{proceeding_id}/appeal")
def file_appeal(proceeding_id: UUID, body: AppealIn, user: DecisionMaker) -> FileAppeal:
    """Record an appeal to the local appeals board (SKO), within 14 days of delivery; one
    sent by post (`posted_on`) counts from its posting date."""
    return body.to_command(proceeding_id)


@command(router, "/proceedings/{proceeding_id}/appeal-resolution")
def resolve_appeal(proceeding_id: UUID, body: AppealResolutionIn,
                   user: DecisionMaker) -> ResolveAppeal:
    """Record the appeals board's ruling."""
    return body.to_command(proceeding_id)


@command(router, "/proceedings/{proceeding_id}/finality")
def mark_final(proceeding_id: UUID, body: DatedIn, user: DecisionMaker) -> MarkFinal:
    """Record that the decision became final."""
    return body.to_finality(proceeding_id)
