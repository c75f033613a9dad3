"""Social contracts (art. 108): signed by a social worker with a member of a household."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import Field

from api.commanding import answer, command, context
from api.deps import SocialWorker, SystemDep
from api.schemas.bounds import RecordDate
from api.schemas.commands import CommandIn
from api.schemas.limits import text
from domain.social_contract import MAX_GOALS_LENGTH

router = APIRouter(prefix="/api", tags=["social contracts"])


class SignContractIn(CommandIn):
    contract_id: UUID
    member_id: UUID
    signed_on: RecordDate
    ends_on: RecordDate
    goals: text(MAX_GOALS_LENGTH) = Field(
        description="What the person and the centre each undertake")


class CloseContractIn(CommandIn):
    expected_version: int = Field(ge=1)
    closed_on: RecordDate
    outcome: Literal["achieved", "partly_achieved", "broken"]


@command(router, "/folders/{folder_id}/social-contracts")
def sign_contract(folder_id: UUID, body: SignContractIn, user: SocialWorker, system: SystemDep,
                  request: Request) -> Response:
    """Sign a social contract with a member of the household."""
    result = system.app.sign_social_contract(
        context(user, body, request), contract_id=body.contract_id, folder_id=folder_id,
        member_id=body.member_id, signed_on=body.signed_on, ends_on=body.ends_on,
        goals=body.goals)
    return answer(result, folder=False)


@command(router, "/social-contracts/{contract_id}/closure")
def close_contract(contract_id: UUID, body: CloseContractIn, user: SocialWorker,
                   system: SystemDep, request: Request) -> Response:
    """Close a social contract with its outcome."""
    result = system.app.close_social_contract(
        context(user, body, request), contract_id, body.expected_version,
        closed_on=body.closed_on, outcome=body.outcome)
    return answer(result, folder=False)
