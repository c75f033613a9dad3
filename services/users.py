"""Use cases of user accounts: users are event-sourced like everything else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventsourcing.application import AggregateNotFoundError as LibraryNotFound

from domain.errors import InvalidValueError
from domain.user import User
from services.application import CommandApplication
from services.commands import AggregateNotFoundError, CommandContext, CommandResult
from services.errors import InvalidCredentialsError
from services.personal_data import KeyStore
from services.scope import NotPermittedError, may_manage_users
from services.settings import Settings

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
    try:
        return _verifier.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _utc_now() -> datetime:
    return datetime.now(UTC)


class UserUseCases(CommandApplication):
    # Lockout windows and session lifetimes are read from this clock; tests set their own.
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
        """Create a user account with a role in a unit."""
        if not may_manage_users(ctx):
            raise NotPermittedError()
        check_password_strength(password)
        payload = {"username": username, "display_name": display_name, "role": role, "unit": unit}
        return self.execute(
            ctx,
            "register_user",
            payload,
            lambda: User.register(
                user_id=User.id_for(username),
                username=username,
                display_name=display_name,
                role=role,
                unit=unit,
                password_hash=self.password_hasher(password),
            ),
        )

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
        return self._load(User, user_id, UserNotFoundError)

    def user_exists(self, username: str) -> bool:
        try:
            self.repository.get(User.id_for(username))
        except LibraryNotFound:
            return False
        return True

    def authenticate(self, username: str, password: str) -> User:
        """The active user with this username and password, or InvalidCredentialsError.

        Checks only: it records nothing (signing in, with its lockout, is `sign_in`), but a
        locked account is refused here too (AccountLockedError).
        """
        user, matches = self._check_password(username, password)
        if not matches or not user.active:
            raise InvalidCredentialsError()
        return user

    def _check_password(self, username: str, password: str) -> tuple[User, bool]:
        """The user with this username and whether the password is theirs.

        An unknown username or a locked account is refused before the password is compared.
        """
        try:
            user = self._load(User, User.id_for(username), UserNotFoundError)
        except UserNotFoundError:
            # Spend the same time as a real check, so timing does not reveal usernames.
            self.password_hasher(password)
            raise InvalidCredentialsError() from None
        user.refuse_if_locked(self.clock())
        return user, password_matches(user, password)
