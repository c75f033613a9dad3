"""Use cases of user accounts: users are event-sourced like everything else. One handler per
command (services/users/commands.py), each reading load → act; `handle` saves."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventsourcing.application import AggregateNotFoundError as LibraryNotFound

from domain.errors import DomainConflictError, InvalidValueError
from domain.staff_changes import RequestNotForYouError, reads_case_content, units_confirmed_by
from domain.user import User
from services.application import CommandApplication
from services.commands import AggregateNotFoundError, CommandContext
from services.errors import InvalidCredentialsError
from services.scope import NotPermittedError, may_manage_users
from services.settings import Settings
from services.store.personal_data import KeyStore
from services.users.commands import (
    AccountCommand,
    ChangeRole,
    ConfirmUserRequest,
    CreateUser,
    DeactivateUser,
    NewAccount,
    RegisterUser,
    RejectUserRequest,
)
from services.work import Work, handles

# Checks a password against a stored hash with the cost written in that hash, so hashes made
# at any cost (older ones, or a test's cheap ones) are verified the same way.
_verifier = PasswordHasher()


class UserNotFoundError(AggregateNotFoundError):
    code = "user.not_found"


class UserExistsError(DomainConflictError):
    """An account with this username exists (whatever its state)."""

    code = "user.exists"


class WeakPasswordError(InvalidValueError):
    code = "user.weak_password"


MIN_PASSWORD_LENGTH = 10


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(min_length=MIN_PASSWORD_LENGTH)


def password_hasher_for(settings: Settings) -> PasswordHasher:
    """Argon2id at the cost the settings give (production: RFC 9106's low-memory profile)."""
    return PasswordHasher(time_cost=settings.argon2_time_cost,
                          memory_cost=settings.argon2_memory_kib,
                          parallelism=settings.argon2_parallelism)


def password_matches(user: User, password: str) -> bool:
    return password_matches_hash(user.password_hash, password)


def password_matches_hash(password_hash: str, password: str) -> bool:
    try:
        return _verifier.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _utc_now() -> datetime:
    return datetime.now(UTC)


class UserUseCases(CommandApplication):
    # Session lifetimes are read from this clock; tests set their own.
    clock: Callable[[], datetime] = staticmethod(_utc_now)
    # Hashes a new password (argon2id at the settings' cost); a bulk loader giving many users
    # one password may set a caching one on its instance (argon2 takes ~0.2 s a hash).
    password_hasher: Callable[[str], str]

    def __init__(self, settings: Settings, keys: KeyStore) -> None:
        self.password_hasher = password_hasher_for(settings).hash
        super().__init__(settings, keys)

    @handles
    def register_user(self, command: RegisterUser, work: Work) -> None:
        """Create an account as the operator on the server (`teczka users`, the demo and
        synthetic cities): recorded as such, and needing nobody's confirmation."""
        work.create(User.register(**self._new_account(work.ctx, command), on_server=True))

    @handles
    def create_user(self, command: CreateUser, work: Work) -> None:
        """An admin creates an account: at once for a role that reads no case content; for
        one that does, as a request a manager of the unit confirms (domain/staff_changes.py)."""
        if self.user_exists(command.username):
            raise UserExistsError(username=command.username)
        account = self._new_account(work.ctx, command)
        if reads_case_content(command.role):
            work.create(User.request_creation(**account))
        else:
            work.create(User.register(**account))

    def _new_account(self, ctx: CommandContext, command: NewAccount) -> dict[str, Any]:
        if not may_manage_users(ctx):
            raise NotPermittedError()
        check_password_strength(command.password)
        return {"user_id": User.id_for(command.username), "username": command.username,
                "display_name": command.display_name, "role": command.role,
                "unit": command.unit, "password_hash": self.password_hasher(command.password)}

    @handles
    def confirm_user_request(self, command: ConfirmUserRequest, work: Work) -> None:
        """A manager confirms an account or a role change an admin asked for."""
        ctx = work.ctx
        _requested_user(work, command).confirm_request(by_user=ctx.actor_id, by_role=ctx.role,
                                                       by_unit=ctx.unit)

    @handles
    def reject_user_request(self, command: RejectUserRequest, work: Work) -> None:
        """A manager refuses an account or a role change an admin asked for."""
        ctx = work.ctx
        _requested_user(work, command).reject_request(by_user=ctx.actor_id, by_role=ctx.role,
                                                      by_unit=ctx.unit)

    @handles
    def change_role(self, command: ChangeRole, work: Work) -> None:
        """Give a user another role or unit."""
        _managed_user(work, command).change_role(command.role, command.unit)

    @handles
    def deactivate_user(self, command: DeactivateUser, work: Work) -> None:
        """Close a user's account; they can no longer sign in."""
        _managed_user(work, command).deactivate()

    def user(self, user_id: UUID) -> User:
        return self.load(User, user_id, UserNotFoundError)

    def user_exists(self, username: str) -> bool:
        try:
            self.repository.get(User.id_for(username))
        except LibraryNotFound:
            return False
        return True

    def authenticate(self, username: str, password: str) -> User:
        """The user with this username and password who may sign in, or
        InvalidCredentialsError (unknown, wrong password, unconfirmed and closed alike).

        Checks only: it records nothing (signing in is `sign_in`)."""
        user, matches = self._check_password(username, password)
        if not matches or not user.may_sign_in:
            raise InvalidCredentialsError()
        return user

    def _check_password(self, username: str, password: str) -> tuple[User, bool]:
        """The user with this username and whether the password is theirs."""
        try:
            user = self.load(User, User.id_for(username), UserNotFoundError)
        except UserNotFoundError:
            # Spend the same time as a real check, so timing does not reveal usernames.
            password_matches_hash(self._dummy_hash(), password)
            raise InvalidCredentialsError() from None
        return user, password_matches(user, password)

    def _dummy_hash(self) -> str:
        """A hash of a random password at the settings' cost: checking a password against
        it takes as long as against a real user's."""
        dummy = getattr(self, "_dummy", None)
        if dummy is None:
            dummy = self._dummy = self.password_hasher(secrets.token_urlsafe(16))
        return dummy


def _managed_user(work: Work, command: AccountCommand) -> User:
    """The account the command is on, kept by IT (to anyone else: 404), at the version seen."""
    return work.change(User, command.user_id, command.expected_version,
                       in_scope=lambda ctx, _user: may_manage_users(ctx),
                       not_found=UserNotFoundError)


def _requested_user(work: Work, command: AccountCommand) -> User:
    """The account the command is on, with a request for this manager, at the version seen."""
    return work.change(User, command.user_id, command.expected_version,
                       in_scope=_requested_of, not_found=UserNotFoundError)


def _requested_of(ctx: CommandContext, user: User) -> bool:
    """Before its version or state is told: the user has a request for this manager (else
    `user_request.not_found`, not the account's 404)."""
    pending = user.pending
    if pending is None or not units_confirmed_by(ctx.unit, pending[2]):
        raise RequestNotForYouError(user_id=user.id)
    return True
