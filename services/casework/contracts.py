"""Use cases of social contracts (art. 108): signed with a member of a household, closed."""

from __future__ import annotations

from domain.case_folder import CaseFolder, FolderClosedError, MemberNotFoundError
from domain.social_contract import SocialContract
from services.application import CommandApplication
from services.casework.commands import CloseSocialContract, SignSocialContract
from services.commands import AggregateNotFoundError, CommandContext, FolderNotFoundError
from services.scope import may_change_social_contract
from services.store.sealing import MEMBER_FIELD, Seal, register_sealed
from services.work import Work, handles

# The goals say much about a person's life: sealed with the member's key, so erasing the
# household's personal data at the end of retention erases them too.
register_sealed(SocialContract.SocialContractSigned, Seal("goals", MEMBER_FIELD))


class SocialContractNotFoundError(AggregateNotFoundError):
    code = "social_contract.not_found"


class SocialContractUseCases(CommandApplication):
    @handles
    def sign_social_contract(self, command: SignSocialContract, work: Work) -> None:
        """Sign a social contract with a member of a household of the worker's team."""
        folder = work.read(CaseFolder, command.folder_id, FolderNotFoundError)
        if not may_change_social_contract(work.ctx, folder):
            raise FolderNotFoundError(id=str(command.folder_id))
        if folder.is_closed:
            raise FolderClosedError(folder_id=command.folder_id)
        if command.member_id not in folder.members:
            raise MemberNotFoundError(member_id=command.member_id)
        work.create(SocialContract.sign(
            contract_id=command.contract_id, folder_id=command.folder_id,
            member_id=command.member_id, signed_on=command.signed_on,
            ends_on=command.ends_on, goals=command.goals))

    @handles
    def close_social_contract(self, command: CloseSocialContract, work: Work) -> None:
        """Close a contract: goals achieved, partly achieved, or the contract broken."""

        def in_scope(ctx: CommandContext, contract: SocialContract) -> bool:
            folder = self.load(CaseFolder, contract.folder_id, FolderNotFoundError)
            return may_change_social_contract(ctx, folder)

        contract = work.change(SocialContract, command.contract_id, command.expected_version,
                               in_scope=in_scope, not_found=SocialContractNotFoundError)
        contract.close(closed_on=command.closed_on, outcome=command.outcome)
