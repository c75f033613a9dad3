"""For IT: operations that touch no case content."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, StringConstraints

from api.commanding import answer, command, context
from api.deps import Admin, SystemDep
from api.errors import ApiError
from api.routes.views import After
from api.schemas.commands import CommandIn
from api.schemas.limits import text
from domain.user import (
    MAX_DISPLAY_NAME_LENGTH,
    MAX_UNIT_LENGTH,
    MAX_USERNAME_LENGTH,
    MIN_USERNAME_LENGTH,
    Role,
)
from services.commands import CommandContext
from services.privacy.retention import erase_expired

router = APIRouter(prefix="/api/admin", tags=["administration"])


class RetentionRunOut(BaseModel):
    retention_years: int
    folders_erased: int
    dry_run: bool


@router.post("/retention/run")
def run_retention(user: Admin, system: SystemDep, dry_run: bool = False) -> RetentionRunOut:
    """Erase the personal data of folders closed longer ago than the retention period."""
    ctx = CommandContext(command_id=uuid.uuid4(), actor_id=user.user_id, role=user.role,
                         unit=user.unit)
    erased = erase_expired(system, ctx, date.today(), dry_run=dry_run)
    return RetentionRunOut(retention_years=system.settings.retention_years,
                           folders_erased=len(erased), dry_run=dry_run)


class UserOut(BaseModel):
    user_id: UUID
    version: int
    username: str
    display_name: str
    role: str
    unit: str
    active: bool


class NewUserIn(CommandIn):
    username: text(MAX_USERNAME_LENGTH, MIN_USERNAME_LENGTH)
    display_name: text(MAX_DISPLAY_NAME_LENGTH)
    role: Role
    unit: text(MAX_UNIT_LENGTH)
    password: Annotated[str, StringConstraints(max_length=200)]


class RoleIn(CommandIn):
    expected_version: int
    role: Role
    unit: text(MAX_UNIT_LENGTH)


class DeactivateIn(CommandIn):
    expected_version: int


@router.get("/users")
def users(user: Admin, system: SystemDep, unit: str | None = None,
          after: After = None) -> list[UserOut]:
    """Accounts with their roles and units."""
    return [UserOut(**row) for row in system.read_models.staff(unit, after)]


@command(router, "/users")
def create_user(body: NewUserIn, user: Admin, system: SystemDep, request: Request) -> Response:
    """Create an account with a role in a unit. A role that reads case content is only
    asked for: the account signs in once a manager of the unit confirms it."""
    if system.app.user_exists(body.username):
        raise ApiError(409, "user.exists", username=body.username)
    result = system.app.create_user(
        context(user, body, request), username=body.username, display_name=body.display_name,
        role=body.role.value, unit=body.unit, password=body.password)
    return answer(result, folder=False)


@command(router, "/users/{user_id}/role")
def change_role(user_id: UUID, body: RoleIn, user: Admin, system: SystemDep,
                request: Request) -> Response:
    """Give a user another role or unit: at once for a role that reads no case content;
    for one that does, once a manager of that unit confirms it."""
    result = system.app.change_role(context(user, body, request), user_id,
                                    body.expected_version, body.role.value, body.unit)
    return answer(result, folder=False)


@command(router, "/users/{user_id}/deactivation")
def deactivate(user_id: UUID, body: DeactivateIn, user: Admin, system: SystemDep,
               request: Request) -> Response:
    """Close a user's account."""
    result = system.app.deactivate_user(context(user, body, request), user_id,
                                        body.expected_version)
    return answer(result, folder=False)
