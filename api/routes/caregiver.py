"""The caregiver's day: upcoming visits of their own clients, check-in/out, observations."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.commanding import command
from api.deps import AccessLogDep, Caregiver, SystemDep
from api.routes.views import After
from api.schemas.care import CaregiverVisitOut, CheckInIn, CheckOutIn, ObservationIn
from api.subjects import persons_in
from domain.access import ViewKind
from services.care.commands import CompleteCareVisit, RaiseObservation, StartCareVisit

router = APIRouter(prefix="/api/caregiver", tags=["caregiver"])


@router.get("/visits")
def my_visits(user: Caregiver, system: SystemDep, access: AccessLogDep,
              after: After = None) -> list[CaregiverVisitOut]:
    """Today's and the coming week's visits of the signed-in caregiver's own clients (each
    client shown is recorded in the access log before the answer)."""
    visits = system.read_models.caregiver_visits(user.user_id, after)
    # One entry naming each client shown, saved before the answer.
    access.shown(ViewKind.CARE_VISIT, persons_in(visits))
    return [CaregiverVisitOut(**v) for v in visits]


@command(router, "/orders/{order_id}/visits")
def check_in(order_id: UUID, body: CheckInIn, user: Caregiver) -> StartCareVisit:
    """Check in at the client's home."""
    return body.to_command(order_id)


@command(router, "/orders/{order_id}/visits/{visit_id}/completion")
def check_out(order_id: UUID, visit_id: UUID, body: CheckOutIn,
              user: Caregiver) -> CompleteCareVisit:
    """Check out with the tasks done."""
    return body.to_command(order_id, visit_id)


@command(router, "/orders/{order_id}/observations")
def raise_observation(order_id: UUID, body: ObservationIn, user: Caregiver) -> RaiseObservation:
    """Tell the social worker what you noticed; it shows as an alert in their caseload."""
    return body.to_command(order_id)
