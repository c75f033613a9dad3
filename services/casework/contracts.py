"""Use cases of social contracts (art. 108): signed with a member of a household, closed."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.case_folder import CaseFolder, FolderClosedError, MemberNotFoundError
from domain.social_contract import SocialContract
from services.application import CommandApplication
from services.commands import (
    AggregateNotFoundError,
    CommandContext,
    CommandResult,
    FolderNotFoundError,
)
from services.scope import may_change_social_contract
from services.store.sealing import MEMBER_FIELD, Seal, register_sealed

# The goals say much about a person's life: sealed with the member's key, so erasing the
# household's personal data at the end of retention erases them too.
register_sealed(SocialContract.SocialContractSigned, Seal("goals", MEMBER_FIELD))


class SocialContractNotFoundError(AggregateNotFoundError):
    code = "social_contract.not_found"


class SocialContractUseCases(CommandApplication):
    def _folder_of_team(self, ctx: CommandContext, folder_id: UUID) -> CaseFolder:
        folder = self._load(CaseFolder, folder_id, FolderNotFoundError)
        if not may_change_social_contract(ctx, folder):
            raise FolderNotFoundError(id=str(folder_id))
        return folder

    def sign_social_contract(
        self, ctx: CommandContext, *, contract_id: UUID, folder_id: UUID, member_id: UUID,
        signed_on: date, ends_on: date, goals: str,
    ) -> CommandResult:
        """Sign a social contract with a member of a household of the worker's team."""
        folder = self._folder_of_team(ctx, folder_id)
        if folder.is_closed:
            raise FolderClosedError(folder_id=folder_id)
        if member_id not in folder.members:
            raise MemberNotFoundError(member_id=member_id)
        payload = {"contract_id": contract_id, "folder_id": folder_id, "member_id": member_id,
                   "signed_on": signed_on, "ends_on": ends_on, "goals": goals}
        return self.execute(ctx, "sign_social_contract", payload, lambda: SocialContract.sign(
            contract_id=contract_id, folder_id=folder_id, member_id=member_id,
            signed_on=signed_on, ends_on=ends_on, goals=goals))

    def close_social_contract(
        self, ctx: CommandContext, contract_id: UUID, expected_version: int, *,
        closed_on: date, outcome: str,
    ) -> CommandResult:
        """Close a contract: goals achieved, partly achieved, or the contract broken."""

        def in_scope(contract: SocialContract) -> None:
            try:
                self._folder_of_team(ctx, contract.folder_id)
            except FolderNotFoundError:
                raise SocialContractNotFoundError(id=str(contract_id)) from None

        def act(contract: SocialContract) -> SocialContract:
            contract.close(closed_on=closed_on, outcome=outcome)
            return contract

        return self.execute(
            ctx, "close_social_contract",
            {"contract_id": contract_id, "closed_on": closed_on, "outcome": outcome}, act,
            load=(SocialContract, contract_id, expected_version),
            not_found=SocialContractNotFoundError, may_act=in_scope)
