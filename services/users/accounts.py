"""Use cases of user accounts: users are event-sourced like everything else."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventsourcing.application import AggregateNotFoundError as LibraryNotFound

from domain.errors import InvalidValueError
from domain.staff_changes import RequestNotForYouError, reads_case_content, units_confirmed_by
from domain.user import User
from services.application import CommandApplication
from services.commands import AggregateNotFoundError, CommandContext, CommandResult
from services.errors import InvalidCredentialsError
from services.scope import NotPermittedError, may_manage_users
from services.settings import Settings
from services.store.personal_data import KeyStore

# Checks a password against a stored hash with the cost written in that hash, so hashes made
# at any cost (older ones, or a test's cheap ones) are verified the same way.
_verifier = PasswordHasher()


class UserNotFoundError(AggregateNotFoundError):
    code = "user.not_found"


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

    def register_user(
        self,
        ctx: CommandContext,
        *,
        username: str,
        display_name: str,
        role: str,
        unit: str,
        password: str,
    ) -> CommandResult:
        """Create an account as the operator on the server (`teczka users`, the demo and
        synthetic cities): recorded as such, and needing nobody's confirmation."""
        return self._new_account(ctx, "register_user", username, display_name, role, unit,
                                 password, lambda **account: User.register(**account,
                                                                           on_server=True))

    def create_user(
        self,
        ctx: CommandContext,
        *,
        username: str,
        display_name: str,
        role: str,
        unit: str,
        password: str,
    ) -> CommandResult:
        """An admin creates an account: at once for a role that reads no case content; for
        one that does, as a request a manager of the unit confirms (domain/staff_changes.py)."""
        def made(**account: str) -> User:
            if reads_case_content(account["role"]):
                return User.request_creation(**account)
            return User.register(**account)

        return self._new_account(ctx, "create_user", username, display_name, role, unit,
                                 password, made)

    def _new_account(self, ctx: CommandContext, name: str, username: str, display_name: str,
                     role: str, unit: str, password: str,
                     made: Callable[..., User]) -> CommandResult:
        if not may_manage_users(ctx):
            raise NotPermittedError()
        check_password_strength(password)
        payload = {"username": username, "display_name": display_name, "role": role, "unit": unit}
        return self.execute(
            ctx, name, payload,
            lambda: made(user_id=User.id_for(username), username=username,
                         display_name=display_name, role=role, unit=unit,
                         password_hash=self.password_hasher(password)),
        )

    def confirm_user_request(self, ctx: CommandContext, user_id: UUID,
                             expected_version: int) -> CommandResult:
        """A manager confirms an account or a role change an admin asked for."""
        def act(user: User) -> User:
            user.confirm_request(by_user=ctx.actor_id, by_role=ctx.role, by_unit=ctx.unit)
            return user

        return self.execute(ctx, "confirm_user_request", {"user_id": user_id}, act,
                            load=(User, user_id, expected_version),
                            not_found=UserNotFoundError, may_act=_requested_of(ctx))

    def reject_user_request(self, ctx: CommandContext, user_id: UUID,
                            expected_version: int) -> CommandResult:
        """A manager refuses an account or a role change an admin asked for."""
        def act(user: User) -> User:
            user.reject_request(by_user=ctx.actor_id, by_role=ctx.role, by_unit=ctx.unit)
            return user

        return self.execute(ctx, "reject_user_request", {"user_id": user_id}, act,
                            load=(User, user_id, expected_version),
                            not_found=UserNotFoundError, may_act=_requested_of(ctx))

    def change_role(self, ctx: CommandContext, user_id: UUID, expected_version: int,
                    role: str, unit: str) -> CommandResult:
        """Give a user another role or unit."""
        def act(user: User) -> User:
            user.change_role(role, unit)
            return user

        return self.execute(ctx, "change_role", {"user_id": user_id, "role": role, "unit": unit},
                            act, load=(User, user_id, expected_version),
                            not_found=UserNotFoundError, may_act=self._account_in_scope(ctx))

    def deactivate_user(self, ctx: CommandContext, user_id: UUID,
                        expected_version: int) -> CommandResult:
        """Close a user's account; they can no longer sign in."""
        def act(user: User) -> User:
            user.deactivate()
            return user

        return self.execute(ctx, "deactivate_user", {"user_id": user_id}, act,
                            load=(User, user_id, expected_version),
                            not_found=UserNotFoundError, may_act=self._account_in_scope(ctx))

    @staticmethod
    def _account_in_scope(ctx: CommandContext) -> Callable[[User], None]:
        def in_scope(user: User) -> None:
            if not may_manage_users(ctx):
                raise UserNotFoundError(id=str(user.id))
        return in_scope

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


def _requested_of(ctx: CommandContext) -> Callable[[User], None]:
    """Before its version or state is told: the user has a request for this manager."""
    def check(user: User) -> None:
        pending = user.pending
        if pending is None or not units_confirmed_by(ctx.unit, pending[2]):
            raise RequestNotForYouError(user_id=user.id)

    return check
