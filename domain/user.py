"""People who sign in to Teczka, and the role each works in."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainConflictError, DomainError, InvalidValueError
from domain.staff_changes import (
    NotConfirmedYetError,
    OwnRequestError,
    RequestKind,
    RequestNotForYouError,
    RequestPendingError,
    reads_case_content,
    units_confirmed_by,
)


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


class Role(StrEnum):
    SOCIAL_WORKER = "social_worker"
    FIRST_CONTACT = "first_contact"
    DECISION_MAKER = "decision_maker"
    MCUS_COORDINATOR = "mcus_coordinator"
    CAREGIVER = "caregiver"
    MANAGER = "manager"
    VOIVODESHIP_ANALYST = "voivodeship_analyst"
    # The MOPS's management: read-only across teams, aggregates only (issue #21).
    MOPS_MANAGEMENT = "mops_management"
    ADMIN = "admin"


# Fixed for good: user ids are derived from usernames, so changing it orphans every user.
USER_ID_NAMESPACE = UUID("6f1f6c2e-2b7a-5d6e-9c1a-7e4b2f0c9d31")
MAX_DISPLAY_NAME_LENGTH = 120
MIN_USERNAME_LENGTH, MAX_USERNAME_LENGTH = 3, 40
# A unit or team code ("ZTPS-1", "MCUS"): a user's unit, a folder's team.
MAX_UNIT_LENGTH = 32


class User(Aggregate):
    """A person with an account: a social worker, a caregiver, a manager...

    An account is created in one of three ways, each its own event: by the operator on the
    server (`teczka users`, the demo and synthetic cities: `UserRegisteredOnServer`); by an
    admin over the API with a role that reads no case content (`UserRegistered`); or, for a
    role that does, requested by an admin and confirmed by a manager of the unit
    (`UserCreationRequested`, then `UserCreationConfirmed` or `UserCreationRejected`:
    domain/staff_changes.py). Until confirmed it cannot sign in.
    """

    class UserRegistered(Aggregate.Created):
        username: str
        display_name: str
        role: str
        unit: str
        password_hash: str

    class UserRegisteredOnServer(UserRegistered):
        """Created by the operator on the server (`teczka users`): nobody confirms it."""

    class UserCreationRequested(UserRegistered):
        """Asked by an admin; no sign-in until a manager of the unit confirms."""

        def apply(self, aggregate: User) -> None:
            aggregate.confirmed = False
            aggregate.pending = (RequestKind.CREATION.value, aggregate.role, aggregate.unit)

    @staticmethod
    def id_for(username: str) -> UUID:
        """The id of the user with this username (one user per username)."""
        return uuid5(USER_ID_NAMESPACE, username.lower())

    @classmethod
    def register(cls, *, user_id: UUID, username: str, display_name: str, role: str,
                 unit: str, password_hash: str, on_server: bool = False) -> User:
        """Register a user at once: by the operator on the server, or (a role reading no
        case content) by an admin. The username is stored in lower case."""
        role = _checked_role(role)
        if not on_server and reads_case_content(role):
            # A role reading case content needs a second person (request_creation).
            raise InvalidRoleError(role=role)
        event_class = cls.UserRegisteredOnServer if on_server else cls.UserRegistered
        return cls._create(event_class, id=user_id, **_checked_account(
            username, display_name, role, unit, password_hash))

    @classmethod
    def request_creation(cls, *, user_id: UUID, username: str, display_name: str,
                         role: str, unit: str, password_hash: str) -> User:
        """Ask for an account with a role that reads case content; a manager confirms."""
        role = _checked_role(role)
        if not reads_case_content(role):
            raise InvalidRoleError(role=role)
        return cls._create(cls.UserCreationRequested, id=user_id, **_checked_account(
            username, display_name, role, unit, password_hash))

    def __init__(
        self, *, username: str, display_name: str, role: str, unit: str, password_hash: str
    ) -> None:
        self.username = username
        self.display_name = display_name
        self.role = role
        self.unit = unit
        self.password_hash = password_hash
        self.active = True
        self.confirmed = True
        # What waits for a manager: (kind, role, unit), or None.
        self.pending: tuple[str, str, str] | None = None
        self.failed_logins = 0  # in a row, since the last success (the audit's count)
        self.sessions: dict[UUID, datetime] = {}  # session id → when it expires

    # -- signing in --------------------------------------------------------------------

    @property
    def may_sign_in(self) -> bool:
        return self.active and self.confirmed

    def record_failed_login(self, now: datetime) -> None:
        """A wrong password was given (how long to wait before the next attempt is the
        services' sign-in throttle's business: no lockout here that anyone could cause)."""
        self._refuse_if_inactive()
        self._login_failed(at=now)

    class LoginFailed(Aggregate.Event):
        at: datetime

    @event(LoginFailed)
    def _login_failed(self, at: datetime) -> None:
        self.failed_logins += 1

    # Recorded until 2026-12 by a lockout that is gone (anyone could lock anyone out);
    # kept so that old logs replay.
    class AccountLocked(Aggregate.Event):
        until: datetime

    @event(AccountLocked)
    def _account_locked(self, until: datetime) -> None:
        self.failed_logins = 0

    def log_in(self, session_id: UUID, expires_at: datetime, now: datetime) -> None:
        """The right password was given: a session starts and the failure count is reset."""
        self._refuse_if_inactive()
        if not self.confirmed:
            raise NotConfirmedYetError(user_id=self.id)
        self._logged_in(session_id=session_id, expires_at=expires_at)

    class LoggedIn(Aggregate.Event):
        session_id: UUID
        expires_at: datetime

    @event(LoggedIn)
    def _logged_in(self, session_id: UUID, expires_at: datetime) -> None:
        self.sessions[session_id] = expires_at
        self.failed_logins = 0

    def sessions_unexpired_at(self, now: datetime) -> list[UUID]:
        """Sessions that have not expired yet (some may have ended by logout or theft)."""
        return [sid for sid, expires_at in self.sessions.items() if now < expires_at]

    def holds_session(self, session_id: UUID) -> bool:
        """Whether the session was started under the user's present role, unit and account:
        a change of role or unit and a deactivation end every session."""
        return self.may_sign_in and session_id in self.sessions

    # -- the account -------------------------------------------------------------------

    def change_password(self, password_hash: str) -> None:
        """Replace the user's password hash."""
        self._refuse_if_inactive()
        _check_password_hash(password_hash)
        self._password_changed(password_hash=password_hash)

    class PasswordChanged(Aggregate.Event):
        password_hash: str

    @event(PasswordChanged)
    def _password_changed(self, password_hash: str) -> None:
        self.password_hash = password_hash

    def change_role(self, role: str, unit: str) -> None:
        """Move the user to another role or unit: at once to a role that reads no case
        content; to one that does, only once a manager of the unit confirms."""
        self._refuse_if_inactive()
        if not self.confirmed:
            raise NotConfirmedYetError(user_id=self.id)
        if self.pending is not None:
            raise RequestPendingError(user_id=self.id, kind=self.pending[0])
        role = _checked_role(role)
        _check_unit(unit)
        if role == self.role and unit.strip() == self.unit:
            raise RoleUnchangedError(user_id=self.id)
        if reads_case_content(role):
            self._role_change_requested(role=role, unit=unit.strip())
        else:
            self._role_changed(role=role, unit=unit.strip())

    class RoleChanged(Aggregate.Event):
        role: str
        unit: str

    @event(RoleChanged)
    def _role_changed(self, role: str, unit: str) -> None:
        self.role = role
        self.unit = unit
        self.sessions = {}

    class RoleChangeRequested(Aggregate.Event):
        role: str
        unit: str

    @event(RoleChangeRequested)
    def _role_change_requested(self, role: str, unit: str) -> None:
        self.pending = (RequestKind.ROLE_CHANGE.value, role, unit)

    # -- a manager's confirmation --------------------------------------------------------

    def confirm_request(self, *, by_user: UUID, by_role: str, by_unit: str) -> None:
        """A manager of the unit (or its centre) confirms what an admin asked."""
        kind, role, unit = self._request_for(by_user, by_role, by_unit)
        if kind == RequestKind.CREATION:
            self._creation_confirmed(display_name=self.display_name, role=role, unit=unit)
        else:
            self._role_change_confirmed(role=role, unit=unit)

    def reject_request(self, *, by_user: UUID, by_role: str, by_unit: str) -> None:
        """A manager of the unit (or its centre) refuses what an admin asked."""
        kind, _, _ = self._request_for(by_user, by_role, by_unit)
        if kind == RequestKind.CREATION:
            self._creation_rejected()
        else:
            self._role_change_rejected()

    def _request_for(self, by_user: UUID, by_role: str, by_unit: str) -> tuple[str, str, str]:
        # No request, or not one for this manager: the same answer, so that a manager of
        # another unit learns nothing of it.
        if self.pending is None or by_role != Role.MANAGER.value \
                or not units_confirmed_by(by_unit, self.pending[2]):
            raise RequestNotForYouError(user_id=self.id)
        if by_user == self.id:
            raise OwnRequestError(user_id=self.id)
        return self.pending

    class UserCreationConfirmed(Aggregate.Event):
        display_name: str
        role: str
        unit: str

    @event(UserCreationConfirmed)
    def _creation_confirmed(self, display_name: str, role: str, unit: str) -> None:
        self.confirmed = True
        self.pending = None

    class UserCreationRejected(Aggregate.Event):
        pass

    @event(UserCreationRejected)
    def _creation_rejected(self) -> None:
        self.pending = None
        self.active = False

    class RoleChangeConfirmed(Aggregate.Event):
        role: str
        unit: str

    @event(RoleChangeConfirmed)
    def _role_change_confirmed(self, role: str, unit: str) -> None:
        self.role = role
        self.unit = unit
        self.pending = None
        self.sessions = {}

    class RoleChangeRejected(Aggregate.Event):
        pass

    @event(RoleChangeRejected)
    def _role_change_rejected(self) -> None:
        self.pending = None

    def deactivate(self) -> None:
        """Stop the user from signing in; the account and its history stay."""
        self._refuse_if_inactive()
        self._user_deactivated()

    class UserDeactivated(Aggregate.Event):
        pass

    @event(UserDeactivated)
    def _user_deactivated(self) -> None:
        self.active = False
        self.pending = None
        self.sessions = {}

    def _refuse_if_inactive(self) -> None:
        if not self.active:
            raise UserInactiveError(user_id=self.id)


def _checked_account(username: str, display_name: str, role: str, unit: str,
                     password_hash: str) -> dict[str, str]:
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
    _check_unit(unit)
    _check_password_hash(password_hash)
    return {"username": username, "display_name": display_name.strip(), "role": role,
            "unit": unit.strip(), "password_hash": password_hash}


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
