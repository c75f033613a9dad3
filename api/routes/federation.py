"""Returns travelling upward: a lower-level unit's signed return in, who has sent theirs,
and this level's sum (sent on to the level above)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import Manager, SystemDep, allow
from api.routes.views import After
from api.security import Principal
from domain.federation import MAX_SIGNATURE_LENGTH, Period
from domain.user import Role

router = APIRouter(prefix="/api", tags=["federation"])
# A municipality's own return, sent upward: served only where case folders are.
delivery_router = APIRouter(prefix="/api", tags=["federation"])

# The voivode's office (and the ministry, which has no role of its own yet) reads aggregates.
Analyst = Annotated[Principal, Depends(allow(Role.VOIVODESHIP_ANALYST))]
Year = Annotated[int, Query(ge=2000, le=2100)]
Part = Annotated[Literal["H1", "Y"], Query(description="H1: January–June; Y: the year")]
YearInPath = Annotated[int, Path(ge=2000, le=2100)]
PartInPath = Annotated[Literal["H1", "Y"], Path(description="H1: January–June; Y: the year")]


class EnvelopeIn(BaseModel):
    """A return document, its Ed25519 signature over the canonical bytes, the key's id."""

    model_config = ConfigDict(extra="forbid")
    document: dict[str, Any]
    signature: str = Field(max_length=MAX_SIGNATURE_LENGTH)
    key_id: str = Field(max_length=16)


class ReceiptOut(BaseModel):
    receipt_id: UUID
    teryt: str
    year: int
    part: str
    content_hash: str
    received_at: datetime
    on_time: bool
    duplicate: bool
    position: int


class UnitStatusOut(BaseModel):
    teryt: str
    name: str
    status: Literal["on_time", "late", "missing", "overdue"]
    received_at: datetime | None
    content_hash: str | None
    layout: str | None = Field(None, description='The layout of its return ("2025": the old '
                               'one, left out of this level\'s sum and named beside it)')
    corrections: int


class StatusOut(BaseModel):
    year: int
    part: str
    level: str | None
    deadline: date | None
    submitted: int
    missing: int
    units: list[UnitStatusOut]


class PeriodIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=2000, le=2100)
    part: Literal["H1", "Y"]


@router.post("/federation/returns", status_code=201,
             responses={200: {"description": "The same return again: the first receipt"}})
def receive_return(envelope: EnvelopeIn, system: SystemDep, response: Response) -> ReceiptOut:
    """Receive a lower-level unit's return, signed with its key (no session: see below).

    The sender is another Teczka instance, not a person with an account here. What proves
    who sent it and that nothing changed on the way is the Ed25519 signature over the exact
    document, by the key registered for that unit's TERYT code; a captured envelope sent
    again is only a duplicate (201 the first time, 200 after), so a replay changes nothing.
    """
    receipt = system.federation.receive(envelope.model_dump())
    response.status_code = 200 if receipt.duplicate else 201
    return ReceiptOut(**receipt.as_dict())


@router.get("/federation/status")
def return_status(user: Analyst, system: SystemDep, year: Year, part: Part,
                  after: After = None) -> StatusOut:
    """Which units have sent their return for the period, on time or late, and which not."""
    return StatusOut(**system.federation.status(Period(year, part), after=after))


@router.get("/federation/aggregate")
def aggregate_return(user: Analyst, system: SystemDep, year: Year, part: Part,
                     after: After = None) -> dict[str, Any]:
    """This level's return for the period: the sum of the latest return of each unit in the
    current layout; `other_layouts` names the units whose return is in another one."""
    return system.federation.aggregate(Period(year, part), after=after)


@router.post("/federation/aggregate/delivery")
def deliver_aggregate(user: Analyst, system: SystemDep, body: PeriodIn) -> ReceiptOut:
    """Sign this level's sum for the period and send it to the level above; answers the
    upper level's receipt."""
    return ReceiptOut(**system.federation.deliver_aggregate(Period(body.year, body.part)))


@delivery_router.post("/returns/{year}/{part}/delivery")
def deliver_return(year: YearInPath, part: PartInPath, user: Manager,
                   system: SystemDep) -> ReceiptOut:
    """Sign the municipality's submitted return and send it to the voivodeship; answers the
    voivodeship's receipt. Sending it again is safe: the voivodeship records it once."""
    return ReceiptOut(**system.federation.deliver_return(Period(year, part)))
