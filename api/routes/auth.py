"""Signing in and who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, StringConstraints

from api.deps import CurrentUser, SystemDep, TokensDep
from api.security import Principal

router = APIRouter(prefix="/api", tags=["authentication"])


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class UserOut(BaseModel):
    id: str
    username: str
    display_name: str
    role: str
    unit: str


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 — the OAuth2 token type, not a secret
    expires_in: int
    user: UserOut


def _user_out(p: Principal) -> UserOut:
    return UserOut(
        id=str(p.user_id), username=p.username, display_name=p.display_name,
        role=p.role, unit=p.unit,
    )


@router.post("/auth/login")
def login(body: LoginIn, system: SystemDep, tokens: TokensDep) -> TokenOut:
    """Exchange a username and password for a short-lived access token."""
    user = system.app.authenticate(body.username.lower(), body.password)
    principal = Principal(
        user_id=user.id, username=user.username, display_name=user.display_name,
        role=user.role, unit=user.unit,
    )
    return TokenOut(
        access_token=tokens.issue(principal),
        expires_in=int(tokens.lifetime.total_seconds()),
        user=_user_out(principal),
    )


@router.get("/me")
def me(user: CurrentUser) -> UserOut:
    """The signed-in person."""
    return _user_out(user)
