"""The MCUS coordinator's handoff queue, live by server-sent events, and order commands
(each command route a docstring and the command its body builds)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.commanding import command
from api.deps import AccessLogDep, AccessRecorder, Coordinator, SystemDep, allow
from api.errors import ApiError
from api.routes.views import After
from api.schemas.bounds import MonthPath, YearPath
from api.schemas.care import (
    AbsenceIn,
    AcceptIn,
    AssignCaregiverIn,
    CloseMonthIn,
    DemandOut,
    FolderChangesSeenIn,
    MonthOut,
    OrderOut,
    ScheduleIn,
    SuspendIn,
)
from api.schemas.proceedings import DatedIn, VersionedIn
from api.security import Principal
from api.subjects import persons_in
from domain.access import ViewKind
from domain.identifiers import WROCLAW_DISTRICTS
from domain.user import Role
from services.care.commands import (
    AcceptOrder,
    AcknowledgeChange,
    AcknowledgeFolderChanges,
    AssignCaregiver,
    CloseMonth,
    RecordAbsence,
    ResumeOrder,
    SetSchedule,
    SuspendOrder,
)
from services.observability import metrics

router = APIRouter(prefix="/api/handoff", tags=["MCUS handoff"])

HEARTBEAT_S = 15.0

# Demand against capacity: the coordinator her provider's, managers and the MOPS management
# every provider's (counts only, no personal data: not logged).
DemandReader = Annotated[Principal, Depends(allow(
    Role.MCUS_COORDINATOR, Role.MANAGER, Role.MOPS_MANAGEMENT))]


@router.get("/queue")
def handoff_queue(
    user: Coordinator, system: SystemDep, access: AccessLogDep, after: After = None,
    status: Annotated[list[str] | None, Query(description="filter by status")] = None,
) -> list[OrderOut]:
    """The provider's orders: changed and awaiting ones first (each order shown is recorded
    in the access log before the answer)."""
    rows = system.read_models.handoff_queue(user.unit, tuple(status) if status else None, after)
    access.shown(ViewKind.HANDOFF_QUEUE, persons_in(rows))
    return [OrderOut(**row) for row in rows]


@router.get("/stream", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def handoff_stream(
    request: Request, user: Coordinator, system: SystemDep, access: AccessLogDep,
    since: Annotated[int | None, Query(ge=0, description="log position already shown")] = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """Queue changes as they happen (server-sent events, `event: order`); resumes after
    `Last-Event-ID` on reconnect. The first message of each order on a connection is sent
    only once its access-log entry is saved; the stream ends if it cannot be saved."""
    if last_event_id and last_event_id.isdigit():
        since = int(last_event_id)
    if since is None:
        since = (system.read_models.positions().get("handoff_queue") or 0)
    provider = user.unit

    async def events() -> AsyncIterator[str]:
        metrics.SSE_CONNECTIONS.inc()
        try:
            async for message in stream_of():
                yield message
        finally:
            metrics.SSE_CONNECTIONS.dec()

    async def stream_of() -> AsyncIterator[str]:
        seen = since
        logged = _StreamLog(access)
        yield "retry: 2000\n\n"
        while not await request.is_disconnected():
            ticks = system.board.ticks_of("handoff_queue")
            rows, upto = await run_in_threadpool(
                system.read_models.orders_changed_since, provider, seen)
            await logged.shown(rows)
            for row in rows:
                order = OrderOut(**row)
                yield f"id: {order.position}\nevent: order\ndata: {order.model_dump_json()}\n\n"
                seen = max(seen, order.position)
            seen = max(seen, upto)
            if not rows:
                yield ": ping\n\n"
            await system.board.news_of("handoff_queue", ticks, HEARTBEAT_S)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


class _StreamLog:
    """The access log of one stream connection: an order is recorded the first time the
    connection shows it, not on each of its later messages (a reconnection records anew)."""

    def __init__(self, access: AccessRecorder) -> None:
        self.access = access
        self.orders: set = set()

    async def shown(self, rows: list[dict]) -> None:
        """Record the orders these rows show for the first time, and return once saved. If
        the entry cannot be saved this raises, which ends the stream before those rows are
        sent (the tablet's EventSource reconnects and reads them again)."""
        new = [row for row in rows if row["order_id"] not in self.orders]
        if new:
            await asyncio.wrap_future(self.access.listed(ViewKind.HANDOFF_STREAM,
                                                         persons_in(new)))
            self.orders.update(row["order_id"] for row in new)


@router.get("/capacity")
def demand_and_capacity(user: DemandReader, system: SystemDep,
                        after: After = None) -> DemandOut:
    """Demand against capacity per service and per district: places, orders in care,
    waiting and suspended (a coordinator: her provider's; managers: every provider's)."""
    own = user.unit if user.role == Role.MCUS_COORDINATOR.value else None
    figures = system.read_models.demand_and_capacity(own, after)
    for row in figures["districts"]:
        row["name"] = WROCLAW_DISTRICTS.get(row["teryt"] or "")
    return DemandOut(**figures)


@router.get("/orders/{order_id}")
def care_order(order_id: UUID, user: Coordinator, system: SystemDep, access: AccessLogDep,
               after: After = None) -> OrderOut:
    """One order with its handoff information (recorded in the access log before the
    answer)."""
    row = system.read_models.order(order_id, after)
    if row is None or row["provider_id"] != user.unit:
        raise ApiError(404, "order.not_found", id=str(order_id))
    access.shown(ViewKind.SERVICE_ORDER, persons_in([row]))
    return OrderOut(**row)


@router.get("/orders/{order_id}/months/{year}/{month}")
def order_month(order_id: UUID, year: YearPath, month: MonthPath, user: Coordinator,
                system: SystemDep, access: AccessLogDep, after: After = None) -> MonthOut:
    """Delivered versus ordered hours in a month, flagged visits and the settlement (the
    client's care: recorded in the access log before the answer)."""
    row = system.read_models.order(order_id, after)
    if row is None or row["provider_id"] != user.unit:
        raise ApiError(404, "order.not_found", id=str(order_id))
    found = system.read_models.care_month(order_id, year, month, after)
    if found is None:  # care delivery has not read the order yet: as if it did not exist
        raise ApiError(404, "order.not_found", id=str(order_id))
    access.shown(ViewKind.CARE_MONTH, persons_in([row]))
    return MonthOut(**found)


@command(router, "/orders/{order_id}/acceptance")
def accept_order(order_id: UUID, body: AcceptIn, user: Coordinator) -> AcceptOrder:
    """Accept the order."""
    return body.to_command(order_id)


@command(router, "/orders/{order_id}/caregiver")
def assign_caregiver(order_id: UUID, body: AssignCaregiverIn,
                     user: Coordinator) -> AssignCaregiver:
    """Assign a caregiver."""
    return body.to_command(order_id)


@command(router, "/orders/{order_id}/schedule")
def set_schedule(order_id: UUID, body: ScheduleIn, user: Coordinator) -> SetSchedule:
    """Set the weekly schedule of visits."""
    return body.to_command(order_id)


@command(router, "/orders/{order_id}/change-acknowledgement")
def acknowledge_change(order_id: UUID, body: VersionedIn,
                       user: Coordinator) -> AcknowledgeChange:
    """Confirm the changed scope of care was seen."""
    return body.to_change_acknowledgement(order_id)


@command(router, "/orders/{order_id}/folder-changes-seen")
def acknowledge_folder_changes(order_id: UUID, body: FolderChangesSeenIn,
                               user: Coordinator) -> AcknowledgeFolderChanges:
    """Confirm that the changes in the client's folder up to a position were seen."""
    return body.to_command(order_id)


@command(router, "/orders/{order_id}/suspension")
def suspend_order(order_id: UUID, body: SuspendIn, user: Coordinator) -> SuspendOrder:
    """Suspend care."""
    return body.to_command(order_id)


@command(router, "/orders/{order_id}/resumption")
def resume_order(order_id: UUID, body: DatedIn, user: Coordinator) -> ResumeOrder:
    """Resume suspended care."""
    return body.to_resumption(order_id)


@command(router, "/orders/{order_id}/settlements")
def close_month(order_id: UUID, body: CloseMonthIn, user: Coordinator) -> CloseMonth:
    """Close a month: delivered hours × hourly cost, split by the client's fee share."""
    return body.to_command(order_id)


@command(router, "/absences")
def record_absence(body: AbsenceIn, user: Coordinator) -> RecordAbsence:
    """Record a caregiver's absence and the caregiver who covers her clients on its days."""
    return body.to_command()
