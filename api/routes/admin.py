"""For IT: operations that touch no case content."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import Admin, SystemDep
from services.commands import CommandContext
from services.retention import erase_expired

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
