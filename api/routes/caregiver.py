"""The caregiver's day: upcoming visits of their own clients, check-in/out, observations."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, Response

from api.commanding import answer, command, context
from api.deps import AccessLogDep, Caregiver, SystemDep
from api.routes.views import After
from api.schemas.care import CaregiverVisitOut, CheckInIn, CheckOutIn, ObservationIn
from domain.access import ViewKind
from services.access_log import SAVE_TIMEOUT_S

router = APIRouter(prefix="/api/caregiver", tags=["caregiver"])


@router.get("/visits")
def my_visits(user: Caregiver, system: SystemDep, access: AccessLogDep,
              after: After = None) -> list[CaregiverVisitOut]:
    """Today's and the coming week's visits of the signed-in caregiver's own clients."""
    visits = system.read_models.caregiver_visits(user.user_id, after)
    # Queued together (one group commit), answered once all are saved.
    saved = [access.record(ViewKind.CARE_VISIT, "care_delivery", folder_id=folder_id)
             for folder_id in {v["folder_id"] for v in visits}]
    for entry in saved:
        entry.result(timeout=SAVE_TIMEOUT_S)
    return [CaregiverVisitOut(**v) for v in visits]


@command(router, "/orders/{order_id}/visits")
def check_in(order_id: UUID, body: CheckInIn, user: Caregiver, system: SystemDep,
             request: Request) -> Response:
    """Check in at the client's home."""
    result = system.app.start_care_visit(context(user, body, request), order_id,
                                         body.expected_version, body.visit_id, body.started_at)
    return answer(result, folder=False)


@command(router, "/orders/{order_id}/visits/{visit_id}/completion")
def check_out(order_id: UUID, visit_id: UUID, body: CheckOutIn, user: Caregiver,
              system: SystemDep, request: Request) -> Response:
    """Check out with the tasks done."""
    result = system.app.complete_care_visit(context(user, body, request), order_id,
                                            body.expected_version, visit_id, body.ended_at,
                                            tuple(body.tasks_done))
    return answer(result, folder=False)


@command(router, "/orders/{order_id}/observations")
def raise_observation(order_id: UUID, body: ObservationIn, user: Caregiver, system: SystemDep,
                      request: Request) -> Response:
    """Tell the social worker what you noticed; it shows as an alert in their caseload."""
    result = system.app.raise_observation(context(user, body, request), order_id,
                                          body.expected_version, body.observation_id, body.kind,
                                          body.note, body.raised_at)
    return answer(result, folder=False)
