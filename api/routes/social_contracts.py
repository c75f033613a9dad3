"""Social contracts (art. 108): signed by a social worker with a member of a household."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter
from pydantic import Field, StringConstraints

from api.commanding import command
from api.deps import SocialWorker
from api.schemas.bounds import RecordDate
from api.schemas.commands import CommandIn
from domain.social_contract import MAX_GOALS_LENGTH
from services.casework.commands import CloseSocialContract, SignSocialContract

router = APIRouter(prefix="/api", tags=["social contracts"])


class SignContractIn(CommandIn):
    contract_id: UUID
    member_id: UUID
    signed_on: RecordDate
    ends_on: RecordDate
    goals: Annotated[str, StringConstraints(max_length=MAX_GOALS_LENGTH)] = Field(
        description="What the person and the centre each undertake")

    def to_command(self, folder_id: UUID) -> SignSocialContract:
        return SignSocialContract(contract_id=self.contract_id, folder_id=folder_id,
                                  member_id=self.member_id, signed_on=self.signed_on,
                                  ends_on=self.ends_on, goals=self.goals)


class CloseContractIn(CommandIn):
    expected_version: int = Field(ge=1)
    closed_on: RecordDate
    outcome: Literal["achieved", "partly_achieved", "broken"]

    def to_command(self, contract_id: UUID) -> CloseSocialContract:
        return CloseSocialContract(contract_id=contract_id, expected_version=self.expected_version,
                                   closed_on=self.closed_on, outcome=self.outcome)


@command(router, "/folders/{folder_id}/social-contracts")
def sign_contract(folder_id: UUID, body: SignContractIn,
                  user: SocialWorker) -> SignSocialContract:
    """Sign a social contract with a member of the household."""
    return body.to_command(folder_id)


@command(router, "/social-contracts/{contract_id}/closure")
def close_contract(contract_id: UUID, body: CloseContractIn,
                   user: SocialWorker) -> CloseSocialContract:
    """Close a social contract with its outcome."""
    return body.to_command(contract_id)
