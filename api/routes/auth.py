"""Signing in and out, refreshing a session, changing one's password, and who am I."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, StringConstraints

from api.deps import CurrentUser, SystemDep, TokensDep
from api.errors import ApiError
from api.openapi import limited
from api.schemas import examples as ex
from api.security import Principal, TokenIssuer, attempt_limiter
from domain.user import Role
from services.commands import CommandContext
from services.users.sessions import SignedIn
from services.users.sign_in_throttle import (
    AddressOverAllowanceError,
    SignInDelayedError,
    sign_in_throttled,
)

router = APIRouter(prefix="/api", tags=["authentication"])


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.LOGIN))
    username: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class RefreshIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class PasswordChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    current_password: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    new_password: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class UserOut(BaseModel):
    id: str
    username: str
    display_name: str
    role: Role
    unit: str


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 — the OAuth2 token type, not a secret
    expires_in: int
    user: UserOut
    refresh_token: str
    refresh_expires_in: int


class PasswordChangedOut(BaseModel):
    other_sessions_ended: int


def _limited(name: str) -> Callable[[Request], None]:
    """A dependency allowing each client address a few attempts a minute (429 beyond)."""

    def check(request: Request) -> None:
        wait_s = attempt_limiter(request.app, name).attempt(_client_address(request))
        if wait_s is not None:
            raise ApiError(429, "auth.too_many_attempts",
                           headers={"Retry-After": str(wait_s)}, retry_after_s=wait_s)

    return limited(check)


def _client_address(request: Request) -> str:
    # Behind a reverse proxy the address is the proxy's unless uvicorn trusts its
    # X-Forwarded-For (--forwarded-allow-ips).
    return request.client.host if request.client else "unknown"


def _user_out(p: Principal) -> UserOut:
    return UserOut(
        id=str(p.user_id), username=p.username, display_name=p.display_name,
        role=p.role, unit=p.unit,
    )


def _tokens_out(tokens: TokenIssuer, signed_in: SignedIn) -> TokenOut:
    user = signed_in.user
    return TokenOut(
        access_token=tokens.issue(user.id, signed_in.session_id),
        expires_in=int(tokens.lifetime.total_seconds()),
        user=UserOut(id=str(user.id), username=user.username, display_name=user.display_name,
                     role=user.role, unit=user.unit),
        refresh_token=signed_in.refresh_token,
        refresh_expires_in=signed_in.refresh_expires_in,
    )


def _session_of(user: Principal) -> UUID:
    """The session a signed-in person acts through (every `CurrentUser` names one)."""
    assert user.session_id is not None
    return user.session_id


def _own(user: Principal) -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=user.user_id, role=user.role,
                          unit=user.unit)


@router.post("/auth/login", responses={
    401: {"description": "The same answer for every refusal of the credentials",
          "x-error-codes": ["auth.invalid_credentials"]},
    429: {"description": "Too many failures on the account or from the address",
          "x-error-codes": ["auth.sign_in_delayed", "auth.too_many_attempts"]}})
def login(body: LoginIn, request: Request, system: SystemDep, tokens: TokensDep) -> TokenOut:
    """Exchange a username and password for an access token and a refresh token.

    Unknown usernames, wrong passwords and accounts that may not sign in get the same 401;
    too many failures on an account or from an address, the same 429 with `Retry-After`.
    """
    try:
        signed_in = sign_in_throttled(
            system.sign_in_throttle, system.app, body.username.lower(), body.password,
            address=_client_address(request),
            user_agent=request.headers.get("user-agent", ""))
    except (SignInDelayedError, AddressOverAllowanceError) as delayed:
        # The refusals that say when to come back, which the generic handler cannot.
        wait_s = delayed.params["retry_after_s"]
        raise ApiError(429, delayed.code, headers={"Retry-After": str(wait_s)},
                       retry_after_s=wait_s) from None
    return _tokens_out(tokens, signed_in)


@router.post("/auth/refresh", dependencies=[Depends(_limited("refresh"))], responses={
    401: {"description": "The refresh token is unknown, spent, expired or of an ended session",
          "x-error-codes": ["auth.invalid_refresh"]}})
def refresh(body: RefreshIn, system: SystemDep, tokens: TokensDep) -> TokenOut:
    """Spend a refresh token for a new access token and the next refresh token."""
    return _tokens_out(tokens, system.app.refresh_session(body.refresh_token))


@router.post("/auth/logout", status_code=204)
def logout(user: CurrentUser, system: SystemDep) -> None:
    """End this session: its access and refresh tokens are refused from now on."""
    system.app.sign_out(_own(user), _session_of(user))


@router.get("/me")
def me(user: CurrentUser) -> UserOut:
    """The signed-in person."""
    return _user_out(user)


@router.post("/me/password", dependencies=[Depends(_limited("password"))])
def change_password(
    body: PasswordChangeIn, user: CurrentUser, system: SystemDep
) -> PasswordChangedOut:
    """Change one's own password; every other session of this user ends."""
    ended = system.app.change_own_password(_own(user), _session_of(user),
                                           body.current_password, body.new_password)
    return PasswordChangedOut(other_sessions_ended=ended)
