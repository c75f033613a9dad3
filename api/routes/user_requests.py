"""Two people for powerful changes: a manager confirms or refuses what an admin asked.

An account, or a role or unit, that reads case content takes effect only once a manager
of that unit, or of its centre, confirms it (domain/staff_changes.py). Both steps are
events, listed here with who took them and when: the manager's audit of who was given
access to the unit's clients.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel

from api.commanding import command
from api.deps import Admin, Manager, SystemDep
from api.routes.views import After
from api.schemas.users import DecisionIn
from services.users.commands import ConfirmUserRequest, RejectUserRequest

router = APIRouter(prefix="/api", tags=["user requests"])

Status = Literal["pending", "confirmed", "rejected", "withdrawn", "on_server"]


class UserRequestOut(BaseModel):
    user_id: UUID
    version: int  # the account's version: a confirmation or refusal names it
    username: str
    display_name: str
    kind: Literal["creation", "role_change"]
    role: str
    unit: str
    previous_role: str | None
    previous_unit: str | None
    status: Status
    requested_by: UUID | None
    requested_by_name: str | None
    requested_at: datetime
    decided_by: UUID | None
    decided_by_name: str | None
    decided_at: datetime | None


def _out(rows: list[dict]) -> list[UserRequestOut]:
    return [UserRequestOut(**{k: v for k, v in row.items() if k not in ("centre",
                                                                         "requested_version")})
            for row in rows]


@router.get("/user-requests")
def team_user_requests(user: Manager, system: SystemDep, status: Status | None = None,
                       after: After = None) -> list[UserRequestOut]:
    """Accounts and roles asked for in the manager's unit (or, for a centre's manager,
    its units), newest first: waiting ones with `status=pending`."""
    return _out(system.read_models.user_requests(user.unit, status, after))


@router.get("/admin/user-requests")
def all_user_requests(user: Admin, system: SystemDep, status: Status | None = None,
                      after: After = None) -> list[UserRequestOut]:
    """Every account and role asked for, and what became of it."""
    return _out(system.read_models.user_requests(None, status, after))


@command(router, "/user-requests/{user_id}/confirmation")
def confirm_user_request(user_id: UUID, body: DecisionIn, user: Manager) -> ConfirmUserRequest:
    """Confirm the account or role asked for: it takes effect now."""
    return body.confirmation(user_id)


@command(router, "/user-requests/{user_id}/rejection")
def reject_user_request(user_id: UUID, body: DecisionIn, user: Manager) -> RejectUserRequest:
    """Refuse the account or role asked for (a refused account stays closed)."""
    return body.rejection(user_id)
