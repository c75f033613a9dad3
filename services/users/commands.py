"""The commands of user accounts, as IT and managers would say them: one frozen dataclass each.

Each is built by its request schema (`api/schemas/users.py`, `to_command`) or by the operator's
tools (`teczka users`, the demo and synthetic cities) and handled by one method of
`UserUseCases` (services/users/accounts.py). Their receipts keep the names the use cases had.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from services.commands import ChangeCommand, Command


@dataclass(frozen=True, kw_only=True)
class NewAccount(Command):
    """An account to create, with its first password.

    The password is the one field left out of the digest: a receipt keeps its digest for
    good, and a fast hash of a password beside the username is one a guesser can test
    offline (the account itself keeps only its argon2 hash). The use cases never digested
    it, so a retry with the same body is answered as it always was."""

    username: str
    display_name: str
    role: str
    unit: str
    password: str = field(repr=False)

    def _digested(self) -> dict[str, Any]:
        return {name: value for name, value in super()._digested().items()
                if name != "password"}


@dataclass(frozen=True, kw_only=True)
class RegisterUser(NewAccount):
    """The operator on the server creates an account (`teczka users`, the demo and synthetic
    cities): recorded as such, and needing nobody's confirmation."""


@dataclass(frozen=True, kw_only=True)
class CreateUser(NewAccount):
    """An admin creates an account: at once for a role that reads no case content; for one
    that does, as a request a manager of the unit confirms (domain/staff_changes.py)."""


@dataclass(frozen=True, kw_only=True)
class AccountCommand(ChangeCommand):
    """A command on an account that exists."""

    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class ChangeRole(AccountCommand):
    role: str
    unit: str


@dataclass(frozen=True, kw_only=True)
class DeactivateUser(AccountCommand):
    pass


@dataclass(frozen=True, kw_only=True)
class ConfirmUserRequest(AccountCommand):
    """A manager confirms an account or a role change an admin asked for."""


@dataclass(frozen=True, kw_only=True)
class RejectUserRequest(AccountCommand):
    """A manager refuses an account or a role change an admin asked for."""
