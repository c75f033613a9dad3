"""Signed, short-lived access tokens (HS256 JWT) carrying the user's role and unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt

from api.errors import ApiError

ALGORITHM = "HS256"
AUDIENCE = "teczka"


@dataclass(frozen=True)
class Principal:
    """The signed-in person as the token says: who, in what role, in which unit."""

    user_id: UUID
    username: str
    display_name: str
    role: str
    unit: str


class TokenIssuer:
    def __init__(self, secret: str, lifetime: timedelta) -> None:
        self._secret = secret
        self.lifetime = lifetime

    def issue(self, principal: Principal) -> str:
        now = datetime.now(UTC)
        claims = {
            "sub": str(principal.user_id),
            "usr": principal.username,
            "name": principal.display_name,
            "role": principal.role,
            "unit": principal.unit,
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + self.lifetime,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(token, self._secret, algorithms=[ALGORITHM], audience=AUDIENCE)
            return Principal(
                user_id=UUID(claims["sub"]),
                username=claims["usr"],
                display_name=claims["name"],
                role=claims["role"],
                unit=claims["unit"],
            )
        except (jwt.PyJWTError, KeyError, ValueError):
            raise ApiError(
                401, "auth.invalid_token", headers={"WWW-Authenticate": "Bearer"}
            ) from None
