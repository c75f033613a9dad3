"""Signed, short-lived access tokens (HS256 JWT) naming a user and their session; and the
per-client limit on attempts to refresh a session or change a password.

Tokens travel only in the Authorization header and in JSON bodies, never in a URL, and
nothing here logs them.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt
from cachetools import TLRUCache
from fastapi import FastAPI

from api.errors import ApiError
from services.users.session_cache import Principal

__all__ = ["AttemptLimiter", "Principal", "TokenClaims", "TokenIssuer", "attempt_limiter"]

ALGORITHM = "HS256"
AUDIENCE = "teczka"


@dataclass(frozen=True)
class TokenClaims:
    """What an access token says: whose, and of which session. Nothing else is trusted
    from it: the role and unit are read from the session (services/users/session_cache.py)."""

    user_id: UUID
    session_id: UUID


# Tokens verified lately, kept so that a client's next requests skip the JWT decoding; the
# least recently used is forgotten first (and decoded again when it comes back).
VERIFIED_TOKENS_MAX = 10_000


def _token_expiry(_token: str, verified: tuple[TokenClaims, float], _now: float) -> float:
    return verified[1]


class TokenIssuer:
    def __init__(self, secret: str, lifetime: timedelta,
                 timer: Callable[[], float] = time.time) -> None:
        self._secret = secret
        self.lifetime = lifetime
        # token → (what it says, when it expires): a token's signature and claims never
        # change, so it is kept until it expires (on the clock its `exp` is read by).
        self._verified: TLRUCache[str, tuple[TokenClaims, float]] = TLRUCache(
            VERIFIED_TOKENS_MAX, _token_expiry, timer=timer)
        self._lock = threading.Lock()

    def issue(self, user_id: UUID, session_id: UUID) -> str:
        now = datetime.now(UTC)
        claims = {
            "sub": str(user_id),
            "sid": str(session_id),
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + self.lifetime,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> TokenClaims:
        with self._lock:
            known = self._verified.get(token)
        if known is not None:
            return known[0]
        principal, expires = self._decoded(token)
        with self._lock:
            self._verified[token] = (principal, expires)
        return principal

    def _decoded(self, token: str) -> tuple[TokenClaims, float]:
        try:
            claims = jwt.decode(token, self._secret, algorithms=[ALGORITHM], audience=AUDIENCE)
            # Every token names its session, so ending the session refuses the token.
            return TokenClaims(user_id=UUID(claims["sub"]),
                               session_id=UUID(claims["sid"])), float(claims["exp"])
        except (jwt.PyJWTError, KeyError, ValueError):
            raise ApiError(
                401, "auth.invalid_token", headers={"WWW-Authenticate": "Bearer"}
            ) from None


class AttemptLimiter:
    """At most `limit` attempts per client in any `window_s` seconds (a sliding window).

    In memory, per process: with N processes a client gets up to N times the limit.
    """

    def __init__(
        self,
        limit: int,
        window_s: float,
        max_clients: int = 100_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._max_clients = max_clients
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._attempts: dict[str, deque[float]] = {}

    def attempt(self, client: str) -> int | None:
        """Count an attempt; if the client is over the limit, the seconds to wait instead."""
        now = self._monotonic()
        with self._lock:
            times = self._attempts.setdefault(client, deque())
            while times and times[0] <= now - self.window_s:
                times.popleft()
            if len(times) >= self.limit:
                return max(math.ceil(times[0] + self.window_s - now), 1)
            times.append(now)
            if len(self._attempts) > self._max_clients:
                self._forget_quiet_clients(now)
            return None

    def _forget_quiet_clients(self, now: float) -> None:
        quiet = [c for c, times in self._attempts.items() if times[-1] <= now - self.window_s]
        for client in quiet:
            del self._attempts[client]
        if len(self._attempts) > self._max_clients:
            # Still too many (a flood from many addresses): forget the oldest half, so memory
            # stays bounded at the price of letting some of them try again.
            for client in list(self._attempts)[: len(self._attempts) // 2]:
                del self._attempts[client]


# Attempts a minute per address. Changing a password: plenty for the people behind one
# address, too few to guess. Refreshing: a refresh token cannot be guessed (256 random
# bits), so only a flood is held back, never an office's tablets behind one NAT renewing
# their tokens together. Signing in has its own throttle (services/users/sign_in_throttle.py).
ATTEMPTS_PER_MINUTE = {"password": 20, "refresh": 600}
_limiters_lock = threading.Lock()


def attempt_limiter(app: FastAPI, name: str) -> AttemptLimiter:
    """The app's limiter of the given name (one per app, made on first use)."""
    with _limiters_lock:
        limiters = getattr(app.state, "attempt_limiters", None)
        if limiters is None:
            limiters = app.state.attempt_limiters = {}
        if name not in limiters:
            limiters[name] = AttemptLimiter(ATTEMPTS_PER_MINUTE[name], 60.0)
        return limiters[name]
