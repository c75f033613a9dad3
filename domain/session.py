"""A signed-in session on one device: started at sign-in, renewed by refresh tokens, ended.

Only the SHA-256 of a refresh token is ever recorded. Every token is spent when it is used:
a spent one coming back means two holders share it (one of them a thief), so the session
is ended rather than renewed again.
"""

import re
from datetime import datetime
from enum import StrEnum
from hmac import compare_digest
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainConflictError, DomainError, InvalidValueError

MAX_USER_AGENT_LENGTH = 200


class EndReason(StrEnum):
    LOGOUT = "logout"
    REFRESH_REUSE = "refresh_reuse"  # a spent refresh token came back: theft suspected
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 — a reason, not a password
    EXPIRED = "expired"


class SessionError(DomainError):
    code = "session.error"


class InvalidRefreshHashError(SessionError, InvalidValueError):
    code = "session.invalid_refresh_hash"


class InvalidExpiryError(SessionError, InvalidValueError):
    code = "session.invalid_expiry"


class InvalidEndReasonError(SessionError, InvalidValueError):
    code = "session.invalid_end_reason"


class SessionEndedError(SessionError, DomainConflictError):
    code = "session.ended"


class SessionExpiredError(SessionError, DomainConflictError):
    code = "session.expired"


class RefreshTokenReusedError(SessionError, DomainConflictError):
    """A refresh token of this session that was already spent came back."""

    code = "session.refresh_reused"


class RefreshTokenMismatchError(SessionError, DomainConflictError):
    """A token naming this session that it never issued: refused, but it ends nothing."""

    code = "session.refresh_mismatch"


class Session(Aggregate):
    """One sign-in of one user on one device, until logout, theft, a new password or expiry."""

    @classmethod
    def start(
        cls,
        *,
        session_id: UUID,
        user_id: UUID,
        refresh_hash: str,
        expires_at: datetime,
        user_agent: str,
    ) -> "Session":
        """Start a session whose first refresh token has the given hash."""
        _check_hash(refresh_hash)
        _check_expiry(expires_at)
        user_agent = user_agent if isinstance(user_agent, str) else ""
        return cls._create(
            cls.SessionStarted,
            id=session_id,
            user_id=user_id,
            refresh_hash=refresh_hash,
            expires_at=expires_at,
            user_agent=user_agent[:MAX_USER_AGENT_LENGTH],
        )

    class SessionStarted(Aggregate.Created):
        user_id: UUID
        refresh_hash: str
        expires_at: datetime
        user_agent: str

    @event(SessionStarted)
    def __init__(
        self, *, user_id: UUID, refresh_hash: str, expires_at: datetime, user_agent: str
    ) -> None:
        self.user_id = user_id
        self.refresh_hash = refresh_hash
        self.expires_at = expires_at
        self.user_agent = user_agent
        self.spent_hashes: frozenset[str] = frozenset()
        self.ended_reason: str | None = None

    @property
    def ended(self) -> bool:
        return self.ended_reason is not None

    def is_active(self, now: datetime) -> bool:
        """Whether tokens of this session may still be used at this moment."""
        return not self.ended and now < self.expires_at

    def refresh(self, *, presented_hash: str, new_hash: str, now: datetime) -> None:
        """Spend the presented refresh token and issue the next one.

        The session lasts a fixed time from sign-in: a new token renews the token, not the
        session, so it expires when the session does.
        """
        if self.ended:
            raise SessionEndedError(session_id=self.id, reason=self.ended_reason)
        if presented_hash in self.spent_hashes:
            raise RefreshTokenReusedError(session_id=self.id)
        if not compare_digest(presented_hash, self.refresh_hash):
            raise RefreshTokenMismatchError(session_id=self.id)
        if now >= self.expires_at:
            raise SessionExpiredError(session_id=self.id)
        _check_hash(new_hash)
        self._session_refreshed(refresh_hash=new_hash, expires_at=self.expires_at)

    class SessionRefreshed(Aggregate.Event):
        refresh_hash: str
        expires_at: datetime

    @event(SessionRefreshed)
    def _session_refreshed(self, refresh_hash: str, expires_at: datetime) -> None:
        self.spent_hashes = self.spent_hashes | {self.refresh_hash}
        self.refresh_hash = refresh_hash
        self.expires_at = expires_at

    def end(self, reason: str) -> None:
        """End the session: its access and refresh tokens are refused from now on."""
        try:
            reason = EndReason(reason).value
        except ValueError:
            raise InvalidEndReasonError(reason=reason) from None
        if self.ended:
            raise SessionEndedError(session_id=self.id, reason=self.ended_reason)
        self._session_ended(reason=reason)

    class SessionEnded(Aggregate.Event):
        reason: str

    @event(SessionEnded)
    def _session_ended(self, reason: str) -> None:
        self.ended_reason = reason


def _check_hash(refresh_hash: str) -> None:
    # A SHA-256 in hex: the token itself must never reach an event.
    if not isinstance(refresh_hash, str) or not re.fullmatch(r"[0-9a-f]{64}", refresh_hash):
        raise InvalidRefreshHashError()


def _check_expiry(expires_at: datetime) -> None:
    if not isinstance(expires_at, datetime) or expires_at.tzinfo is None:
        raise InvalidExpiryError()
