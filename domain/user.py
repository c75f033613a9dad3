"""People who sign in to Teczka, and the role each works in."""

import math
import re
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainConflictError, DomainError, InvalidValueError


class UserError(DomainError):
    code = "user.error"


class InvalidUsernameError(UserError, InvalidValueError):
    code = "user.invalid_username"


class InvalidRoleError(UserError, InvalidValueError):
    code = "user.invalid_role"


class InvalidDisplayNameError(UserError, InvalidValueError):
    code = "user.invalid_display_name"


class InvalidUnitError(UserError, InvalidValueError):
    code = "user.invalid_unit"


class MissingPasswordHashError(UserError, InvalidValueError):
    code = "user.missing_password_hash"


class RoleUnchangedError(UserError, DomainConflictError):
    code = "user.role_unchanged"


class UserInactiveError(UserError, DomainConflictError):
    code = "user.inactive"


class AccountLockedError(UserError, DomainConflictError):
    """Too many wrong passwords in a row: signing in is refused until `locked_until`."""

    code = "auth.locked"


class Role(StrEnum):
    SOCIAL_WORKER = "social_worker"
    DECISION_MAKER = "decision_maker"
    MCUS_COORDINATOR = "mcus_coordinator"
    CAREGIVER = "caregiver"
    MANAGER = "manager"
    VOIVODESHIP_ANALYST = "voivodeship_analyst"
    ADMIN = "admin"


# Fixed for good: user ids are derived from usernames, so changing it orphans every user.
USER_ID_NAMESPACE = UUID("6f1f6c2e-2b7a-5d6e-9c1a-7e4b2f0c9d31")
MAX_DISPLAY_NAME_LENGTH = 120
MIN_USERNAME_LENGTH, MAX_USERNAME_LENGTH = 3, 40
# A unit or team code ("ZTPS-1", "MCUS"): a user's unit, a folder's team.
MAX_UNIT_LENGTH = 32

# Guessing passwords: this many wrong ones in a row within the window lock the account for
# the lock's duration; a successful sign-in starts the count again.
FAILED_LOGINS_TO_LOCK = 5
FAILED_LOGIN_WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)


class User(Aggregate):
    """A person with an account: a social worker, a caregiver, a manager..."""

    @staticmethod
    def id_for(username: str) -> UUID:
        """The id of the user with this username (one user per username)."""
        return uuid5(USER_ID_NAMESPACE, username.lower())

    @classmethod
    def register(
        cls,
        *,
        user_id: UUID,
        username: str,
        display_name: str,
        role: str,
        unit: str,
        password_hash: str,
    ) -> "User":
        """Register a user; the username is stored in lower case."""
        username = username.strip().lower() if isinstance(username, str) else username
        if not isinstance(username, str) or not re.fullmatch(
                rf"[a-z0-9._-]{{{MIN_USERNAME_LENGTH},{MAX_USERNAME_LENGTH}}}", username):
            raise InvalidUsernameError(username=username)
        if (
            not isinstance(display_name, str)
            or not display_name.strip()
            or len(display_name) > MAX_DISPLAY_NAME_LENGTH
        ):
            raise InvalidDisplayNameError(username=username)
        role = _checked_role(role)
        _check_unit(unit)
        _check_password_hash(password_hash)
        return cls._create(
            cls.UserRegistered,
            id=user_id,
            username=username,
            display_name=display_name.strip(),
            role=role,
            unit=unit.strip(),
            password_hash=password_hash,
        )

    @event("UserRegistered")
    def __init__(
        self, *, username: str, display_name: str, role: str, unit: str, password_hash: str
    ) -> None:
        self.username = username
        self.display_name = display_name
        self.role = role
        self.unit = unit
        self.password_hash = password_hash
        self.active = True
        self.failed_logins: tuple[datetime, ...] = ()  # in a row, since the last success
        self.locked_until: datetime | None = None
        self.sessions: dict[UUID, datetime] = {}  # session id → when it expires

    # -- signing in --------------------------------------------------------------------

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def refuse_if_locked(self, now: datetime) -> None:
        """While locked, signing in is refused whatever the password."""
        if self.is_locked(now):
            seconds = math.ceil((self.locked_until - now).total_seconds())
            raise AccountLockedError(locked_until=self.locked_until.isoformat(),
                                     retry_after_s=max(seconds, 1))

    def record_failed_login(self, now: datetime) -> None:
        """A wrong password was given; the last of too many in a row locks the account."""
        self._refuse_if_inactive()
        self.refuse_if_locked(now)
        recent = [at for at in self.failed_logins if now - at < FAILED_LOGIN_WINDOW]
        self._login_failed(at=now)
        if len(recent) + 1 >= FAILED_LOGINS_TO_LOCK:
            self._account_locked(until=now + LOCK_DURATION)

    @event("LoginFailed")
    def _login_failed(self, at: datetime) -> None:
        self.failed_logins = (*self.failed_logins, at)

    @event("AccountLocked")
    def _account_locked(self, until: datetime) -> None:
        self.locked_until = until
        self.failed_logins = ()

    def log_in(self, session_id: UUID, expires_at: datetime, now: datetime) -> None:
        """The right password was given: a session starts and the failure count is reset."""
        self._refuse_if_inactive()
        self.refuse_if_locked(now)
        self._logged_in(session_id=session_id, expires_at=expires_at)

    @event("LoggedIn")
    def _logged_in(self, session_id: UUID, expires_at: datetime) -> None:
        self.sessions[session_id] = expires_at
        self.failed_logins = ()

    def sessions_unexpired_at(self, now: datetime) -> list[UUID]:
        """Sessions that have not expired yet (some may have ended by logout or theft)."""
        return [sid for sid, expires_at in self.sessions.items() if now < expires_at]

    # -- the account -------------------------------------------------------------------

    def change_password(self, password_hash: str) -> None:
        """Replace the user's password hash."""
        self._refuse_if_inactive()
        _check_password_hash(password_hash)
        self._password_changed(password_hash=password_hash)

    @event("PasswordChanged")
    def _password_changed(self, password_hash: str) -> None:
        self.password_hash = password_hash

    def change_role(self, role: str, unit: str) -> None:
        """Move the user to another role or unit."""
        self._refuse_if_inactive()
        role = _checked_role(role)
        _check_unit(unit)
        if role == self.role and unit.strip() == self.unit:
            raise RoleUnchangedError(user_id=self.id)
        self._role_changed(role=role, unit=unit.strip())

    @event("RoleChanged")
    def _role_changed(self, role: str, unit: str) -> None:
        self.role = role
        self.unit = unit

    def deactivate(self) -> None:
        """Stop the user from signing in; the account and its history stay."""
        self._refuse_if_inactive()
        self._user_deactivated()

    @event("UserDeactivated")
    def _user_deactivated(self) -> None:
        self.active = False

    def _refuse_if_inactive(self) -> None:
        if not self.active:
            raise UserInactiveError(user_id=self.id)


def _checked_role(role: str) -> str:
    try:
        return Role(role).value
    except ValueError:
        raise InvalidRoleError(role=role) from None


def _check_unit(unit: str) -> None:
    if not isinstance(unit, str) or not unit.strip() or len(unit) > MAX_UNIT_LENGTH:
        raise InvalidUnitError(unit=unit)


def _check_password_hash(password_hash: str) -> None:
    # Only a hash ever reaches the domain; hashing is the services layer's job.
    if not isinstance(password_hash, str) or not password_hash.strip():
        raise MissingPasswordHashError()
