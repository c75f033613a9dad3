"""Use cases of signing in and out: sessions are event-sourced like everything else.

A sign-in starts a `Session` and gives a refresh token `"{session_id}.{secret}"`; only the
token's SHA-256 is recorded. Refreshing spends the token and gives the next one; a spent
token that comes back ends the session. Access tokens name only their user and session
(`sid`): the role and unit a request acts with are read from the store (through each
process's SessionCache), so a request is refused, or acts in the new role, as soon as its
session has ended or its user changed, in every process (services/users/revocations.py).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from domain.session import (
    EndReason,
    RefreshTokenMismatchError,
    RefreshTokenReusedError,
    Session,
    SessionEndedError,
    SessionExpiredError,
)
from domain.user import User
from services.commands import AggregateNotFoundError, CommandContext
from services.errors import InvalidCredentialsError, ServiceError, StoreUnavailableError
from services.settings import Settings
from services.store.personal_data import KeyStore
from services.users.accounts import (
    UserUseCases,
    check_password_strength,
    password_matches,
)
from services.users.revocations import REVOKING_EVENTS, forget_revoked
from services.users.session_cache import ENDED, Principal, SessionCache

# A working day on a tablet, counted from sign-in; refreshing does not extend it. A module
# constant rather than a setting for now: settings.py is outside this change.
REFRESH_LIFETIME = timedelta(hours=12)
REFRESH_SECRET_BYTES = 32
# A save that loses a race with a concurrent change of the same user or session is redone
# on the fresh state this many times at most.
SAVE_ATTEMPTS = 3


class SessionNotFoundError(AggregateNotFoundError):
    code = "session.not_found"


class InvalidRefreshTokenError(ServiceError):
    """Unknown, malformed, spent, expired or of an ended session: all answer the same."""

    code = "auth.invalid_refresh"


@dataclass(frozen=True)
class SignedIn:
    """What signing in or refreshing gives: who, which session, and its next refresh token."""

    user: User
    session_id: UUID
    refresh_token: str = field(repr=False)
    refresh_expires_in: int


class SessionUseCases(UserUseCases):
    def __init__(self, settings: Settings, keys: KeyStore) -> None:
        self.session_cache = SessionCache()
        super().__init__(settings, keys)

    def sign_in(self, username: str, password: str, *, user_agent: str = "") -> SignedIn:
        """Start a session for the right password; record a wrong one (the sign-in
        throttle, services/users/sign_in_throttle.py, says how long the next must wait)."""
        user, matches = self._check_password(username, password)
        for _ in range(SAVE_ATTEMPTS):
            now = self.clock()
            if not user.may_sign_in:
                raise InvalidCredentialsError()
            if matches:
                signed_in = self._start_session(user, now, user_agent)
                if signed_in is not None:
                    return signed_in
            else:
                user.record_failed_login(now)
                if self._saved(_as(user), user):
                    raise InvalidCredentialsError()
            # Another sign-in of the same user was saved first: try again on its result.
            checked_hash = user.password_hash
            user = self.user(user.id)
            if user.password_hash != checked_hash:
                matches = password_matches(user, password)
        raise StoreUnavailableError()

    def refresh_session(self, refresh_token: str) -> SignedIn:
        """Spend a refresh token for a new access token and the next refresh token."""
        session_id = _session_id_in(refresh_token)
        presented = _digest(refresh_token)
        for _ in range(SAVE_ATTEMPTS):
            now = self.clock()
            try:
                session = self._session(session_id)
            except SessionNotFoundError:
                raise InvalidRefreshTokenError() from None
            user = self.user(session.user_id)
            next_token = _new_refresh_token(session_id)
            try:
                session.refresh(presented_hash=presented, new_hash=_digest(next_token), now=now)
            except RefreshTokenReusedError:
                # Two holders of one token, one of them a thief: neither may go on.
                ending = EndReason.REFRESH_REUSE
            except SessionExpiredError:
                ending = EndReason.EXPIRED
            except (SessionEndedError, RefreshTokenMismatchError):
                raise InvalidRefreshTokenError() from None
            else:
                if not user.holds_session(session_id):
                    raise InvalidRefreshTokenError()
                if self._saved(_as(user), session):
                    return SignedIn(user, session_id, next_token,
                                    _seconds_between(now, session.expires_at))
                continue
            session.end(ending)
            if self._saved(_as(user), session):
                raise InvalidRefreshTokenError()
        raise StoreUnavailableError()

    def sign_out(self, ctx: CommandContext, session_id: UUID) -> None:
        """End the signed-in person's session; signing out twice changes nothing."""
        for _ in range(SAVE_ATTEMPTS):
            session = self._session(session_id)
            if session.user_id != ctx.actor_id:
                raise SessionNotFoundError(id=str(session_id))
            if session.ended:
                return
            session.end(EndReason.LOGOUT)
            if self._saved(ctx, session):
                return
        raise StoreUnavailableError()

    def change_own_password(
        self, ctx: CommandContext, session_id: UUID, current_password: str, new_password: str
    ) -> int:
        """Set a new password, proven by the current one; end the user's other sessions.

        Answers how many other sessions were ended. A wrong current password writes nothing.
        """
        check_password_strength(new_password)
        new_hash: str | None = None
        for _ in range(SAVE_ATTEMPTS):
            now = self.clock()
            user = self.user(ctx.actor_id)
            if not password_matches(user, current_password):
                raise InvalidCredentialsError()
            new_hash = new_hash or self.password_hasher(new_password)
            user.change_password(new_hash)
            others = []
            for other_id in user.sessions_unexpired_at(now):
                if other_id == session_id:
                    continue
                other = self._session(other_id)
                if other.is_active(now):
                    other.end(EndReason.PASSWORD_CHANGED)
                    others.append(other)
            if self._saved(ctx, user, *others):
                return len(others)
        raise StoreUnavailableError()

    def session_holder(self, session_id: UUID, user_id: UUID) -> Principal | None:
        """Who may act through this session now, read from the store when this process
        does not know it already; None if the session may no longer be used."""
        known = self.known_session_holder(session_id, user_id)
        if known is not None:
            return known
        generation = self.session_cache.generation
        seen = self._read_holder(session_id)
        self.session_cache.remember(session_id, seen, generation)
        return seen if seen is not ENDED and seen.user_id == user_id else None

    def known_session_holder(self, session_id: UUID, user_id: UUID) -> Principal | None:
        """The same answer from this process's memory alone, without I/O, when it has it
        and the session may be used; None otherwise (`session_holder` then tells). Never
        blocks, so the web server's event loop may ask it."""
        seen = self.session_cache.get(session_id)
        if not seen or seen.user_id != user_id:
            return None
        return seen

    def _read_holder(self, session_id: UUID) -> Principal | Literal[False]:
        try:
            session = self._session(session_id)
        except SessionNotFoundError:
            return ENDED
        if not session.is_active(self.clock()):
            return ENDED
        user = self.user(session.user_id)
        if not user.holds_session(session_id):
            return ENDED
        # The session's expiry is not kept: within a session's 12 hours an access token
        # (15 minutes) expires many times, and the entry is read again after SAFETY_TTL_S.
        return Principal(user_id=user.id, username=user.username,
                         display_name=user.display_name, role=user.role, unit=user.unit,
                         session_id=session_id)

    def _notify(self, recordings: list[Any]) -> None:
        super()._notify(recordings)
        revoking = [(get_topic(type(r.domain_event)), r.domain_event.originator_id)
                    for r in recordings if isinstance(r.domain_event, REVOKING_EVENTS)]
        if revoking:
            # This process knows at once; the others read the same events from the log.
            forget_revoked(self.session_cache, revoking)

    # -- steps -------------------------------------------------------------------------

    def _start_session(self, user: User, now: datetime, user_agent: str) -> SignedIn | None:
        session_id = uuid.uuid4()
        refresh_token = _new_refresh_token(session_id)
        expires_at = now + REFRESH_LIFETIME
        session = Session.start(session_id=session_id, user_id=user.id,
                                refresh_hash=_digest(refresh_token), expires_at=expires_at,
                                user_agent=user_agent)
        user.log_in(session_id, expires_at, now)
        if not self._saved(_as(user), user, session):
            return None
        return SignedIn(user, session_id, refresh_token, _seconds_between(now, expires_at))

    def _session(self, session_id: UUID) -> Session:
        return self.load(Session, session_id, SessionNotFoundError)

    def _saved(self, ctx: CommandContext, *aggregates: Aggregate) -> bool:
        """Save in one transaction; False if a concurrent change of one of them came first."""
        try:
            self.save_stamped(ctx, *aggregates)
        except IntegrityError:
            return False
        return True


def _as(user: User) -> CommandContext:
    """Signing in, refreshing and failing to sign in are done by the user themselves."""
    return CommandContext(command_id=uuid.uuid4(), actor_id=user.id, role=user.role,
                          unit=user.unit)


def _new_refresh_token(session_id: UUID) -> str:
    return f"{session_id}.{secrets.token_urlsafe(REFRESH_SECRET_BYTES)}"


def _digest(refresh_token: str) -> str:
    return hashlib.sha256(refresh_token.encode("utf-8", "replace")).hexdigest()


def _session_id_in(refresh_token: str) -> UUID:
    session_part, dot, secret = refresh_token.partition(".")
    if not dot or not secret:
        raise InvalidRefreshTokenError()
    try:
        return UUID(session_part)
    except ValueError:
        raise InvalidRefreshTokenError() from None


def _seconds_between(now: datetime, later: datetime) -> int:
    return max(int((later - now).total_seconds()), 0)
