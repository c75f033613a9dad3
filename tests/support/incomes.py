"""Declaring a household's income (art. 8) through the real use case, as the worker does
during the interview: a cash grant needs every member's income of the month before."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from domain.benefits import month_before
from services.casework.commands import DeclareIncome
from services.commands import CommandContext


def declare_income(app: Any, folder_id: uuid.UUID, members: Sequence[uuid.UUID], filed: date,
                   total: Decimal, unit: str = "ZTPS-1") -> None:
    """The total on the first member (the head), 0 zł on the others, for the month before
    `filed`; members already declared for that month are left as they are."""
    folder = app.repository.get(folder_id)
    month = month_before(filed)
    for n, member_id in enumerate(members):
        if (member_id, month) in folder.declared_incomes:
            continue
        ctx = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.uuid4(),
                             role="social_worker", unit=unit)
        app.handle(ctx, DeclareIncome(folder_id=folder_id, expected_version=folder.version,
                                      member_id=member_id, month=month,
                                      net_income=total if n == 0 else Decimal(0)))
        folder = app.repository.get(folder_id)
