"""Applications and decisions: social workers file, decision makers decide."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, Response

from api.commanding import answer, command, context
from api.deps import AccessLogDep, CaseReader, DecisionMaker, Deliverer, SocialWorker, SystemDep
from api.errors import ApiError
from api.routes.views import After, may_read_folder
from api.schemas.proceedings import (
    AmendDecisionIn,
    AppealResolutionIn,
    DatedIn,
    FileApplicationIn,
    IssueDecisionIn,
    RevokeDecisionIn,
)
from api.schemas.views import ProceedingSummaryOut
from api.subjects import persons_in
from domain.access import ViewKind

router = APIRouter(prefix="/api", tags=["proceedings"])


@command(router, "/folders/{folder_id}/proceedings")
def file_application(
    folder_id: UUID, body: FileApplicationIn, user: SocialWorker, system: SystemDep,
    request: Request,
) -> Response:
    """File an application for a form of help (or open a proceeding ex officio)."""
    result = system.app.file_application(
        context(user, body, request), proceeding_id=body.proceeding_id, folder_id=folder_id,
        person_id=body.person_id, form=body.form, applicant=body.applicant, on=body.on,
        case_reference=body.case_reference,
    )
    return answer(result, folder=False)


@router.get("/proceedings/pending")
def pending_proceedings(
    user: DecisionMaker, system: SystemDep, access: AccessLogDep, after: After = None
) -> list[ProceedingSummaryOut]:
    """Proceedings waiting for a decision, oldest first (each party's proceeding shown is
    recorded in the access log before the answer)."""
    rows = system.read_models.pending_proceedings(after)
    access.shown(ViewKind.PENDING_PROCEEDINGS, persons_in(rows))
    return [ProceedingSummaryOut(**row) for row in rows]


@router.get("/proceedings/decided")
def decided_proceedings(
    user: DecisionMaker, system: SystemDep, access: AccessLogDep, after: After = None
) -> list[ProceedingSummaryOut]:
    """Decided proceedings still open — to deliver, appeal, rule on or make final — newest
    first (at most 200); each shown is recorded in the access log before the answer."""
    rows = system.read_models.decided_proceedings(after)
    access.shown(ViewKind.DECIDED_PROCEEDINGS, persons_in(rows))
    return [ProceedingSummaryOut(**row) for row in rows]


@router.get("/proceedings/{proceeding_id}")
def proceeding(
    proceeding_id: UUID, user: CaseReader, system: SystemDep, access: AccessLogDep,
    after: After = None,
) -> ProceedingSummaryOut:
    """One proceeding and its decision (recorded in the access log before the answer)."""
    row = system.read_models.proceeding(proceeding_id, after)
    if row is None or not may_read_folder(user, system, row["folder_id"]):
        raise ApiError(404, "proceeding.not_found", id=str(proceeding_id))
    access.shown(ViewKind.PROCEEDING, persons_in([row]))
    return ProceedingSummaryOut(**row)


@command(router, "/proceedings/{proceeding_id}/decision")
def issue_decision(
    proceeding_id: UUID, body: IssueDecisionIn, user: DecisionMaker, system: SystemDep,
    request: Request,
) -> Response:
    """Issue the decision; a granted care form goes to the provider's queue at once."""
    result = system.app.issue_decision(
        context(user, body, request), proceeding_id, body.expected_version,
        decision_id=body.decision_id, outcome=body.outcome, reasons=tuple(body.reasons),
        legal_basis=body.legal_basis, signatory=body.signatory, issued_on=body.issued_on,
        care=body.care.to_domain(system.app.fee_share_for) if body.care else None,
        cash=body.cash.to_domain() if body.cash else None,
        notes=body.notes.to_domain() if body.notes else None,
    )
    return answer(result, folder=False)


@command(router, "/proceedings/{proceeding_id}/amendment")
def amend_decision(
    proceeding_id: UUID, body: AmendDecisionIn, user: DecisionMaker, system: SystemDep,
    request: Request,
) -> Response:
    """Amend the decision; the running care order changes with it."""
    result = system.app.amend_decision(
        context(user, body, request), proceeding_id, body.expected_version,
        amended_on=body.amended_on, reason=body.reason,
        care=body.care.to_domain(system.app.fee_share_for) if body.care else None,
        cash=body.cash.to_domain() if body.cash else None,
    )
    return answer(result, folder=False)


@command(router, "/proceedings/{proceeding_id}/revocation")
def revoke_decision(
    proceeding_id: UUID, body: RevokeDecisionIn, user: DecisionMaker, system: SystemDep,
    request: Request,
) -> Response:
    """Revoke the decision; its care order ends."""
    result = system.app.revoke_decision(
        context(user, body, request), proceeding_id, body.expected_version,
        revoked_on=body.revoked_on, reason=body.reason,
    )
    return answer(result, folder=False)


@command(router, "/proceedings/{proceeding_id}/delivery")
def record_delivery(
    proceeding_id: UUID, body: DatedIn, user: Deliverer, system: SystemDep,
    request: Request,
) -> Response:
    """Record that the decision was delivered to the party."""
    result = system.app.record_delivery(
        context(user, body, request), proceeding_id, body.expected_version, body.on)
    return answer(result, folder=False)


@command(router, "/proceedings/{proceeding_id}/appeal")
def file_appeal(
    proceeding_id: UUID, body: DatedIn, user: DecisionMaker, system: SystemDep,
    request: Request,
) -> Response:
    """Record an appeal to the local appeals board (SKO), within 14 days of delivery."""
    result = system.app.file_appeal(
        context(user, body, request), proceeding_id, body.expected_version, body.on)
    return answer(result, folder=False)


@command(router, "/proceedings/{proceeding_id}/appeal-resolution")
def resolve_appeal(
    proceeding_id: UUID, body: AppealResolutionIn, user: DecisionMaker, system: SystemDep,
    request: Request,
) -> Response:
    """Record the appeals board's ruling."""
    result = system.app.resolve_appeal(
        context(user, body, request), proceeding_id, body.expected_version, body.on,
        body.decision_upheld)
    return answer(result, folder=False)


@command(router, "/proceedings/{proceeding_id}/finality")
def mark_final(
    proceeding_id: UUID, body: DatedIn, user: DecisionMaker, system: SystemDep,
    request: Request,
) -> Response:
    """Record that the decision became final."""
    result = system.app.mark_final(
        context(user, body, request), proceeding_id, body.expected_version, body.on)
    return answer(result, folder=False)
