"""For IT: operations that touch no case content."""

from __future__ import annotations

import uuid
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel

from api.commanding import command
from api.deps import Admin, SystemDep
from api.routes.views import After
from api.schemas.users import DeactivateIn, NewUserIn, RoleIn
from domain.office_day import today_in_poland
from services.commands import CommandContext
from services.privacy.retention import erase_expired
from services.users.commands import ChangeRole, CreateUser, DeactivateUser

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
    erased = erase_expired(system, ctx, today_in_poland(), dry_run=dry_run)
    return RetentionRunOut(retention_years=system.settings.retention_years,
                           folders_erased=len(erased), dry_run=dry_run)


class AccountOut(BaseModel):
    user_id: UUID
    version: int
    username: str
    display_name: str
    role: str
    unit: str
    active: bool


@router.get("/users")
def list_users(user: Admin, system: SystemDep, unit: str | None = None,
               after: After = None) -> list[AccountOut]:
    """Accounts with their roles and units."""
    return [AccountOut(**row) for row in system.read_models.staff(unit, after)]


@command(router, "/users")
def create_user(body: NewUserIn, user: Admin) -> CreateUser:
    """Create an account with a role in a unit. A role that reads case content is only
    asked for: the account signs in once a manager of the unit confirms it."""
    return body.to_command()


@command(router, "/users/{user_id}/role")
def change_role(user_id: UUID, body: RoleIn, user: Admin) -> ChangeRole:
    """Give a user another role or unit: at once for a role that reads no case content;
    for one that does, once a manager of that unit confirms it."""
    return body.to_command(user_id)


@command(router, "/users/{user_id}/deactivation")
def deactivate_user(user_id: UUID, body: DeactivateIn, user: Admin) -> DeactivateUser:
    """Close a user's account."""
    return body.to_command(user_id)
