"""The staff directory for admins: accounts, roles and units — no case content."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    select,
)
from sqlalchemy.engine import Connection

from domain.user import User
from projections.batch import Batch
from projections.projection import Projection, Tables, handles

# Events that change nothing an admin sees here but the version.
VersionOnly = (
    User.PasswordChanged | User.LoginFailed | User.AccountLocked | User.LoggedIn
    | User.RoleChangeRequested | User.RoleChangeRejected | User.UserCreationRejected
)


class StaffDirectory(Projection):
    name = "staff"

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        return {
            "users": Table(
                f"{prefix}_users", metadata,
                Column("user_id", Uuid, primary_key=True),
                Column("version", Integer, nullable=False),
                Column("username", String(40), nullable=False, unique=True),
                Column("display_name", String(120), nullable=False),
                Column("role", String(32), nullable=False),
                Column("unit", String(32), nullable=False, index=True),
                Column("active", Boolean, nullable=False),
            ),
        }

    @handles(User.UserRegistered, User.UserRegisteredOnServer)
    def on_UserRegistered(
        self, batch: Batch, t: Tables, e: User.UserRegistered | User.UserRegisteredOnServer
    ) -> None:
        batch.insert(t.users, user_id=e.originator_id, version=e.originator_version,
                     username=e.username, display_name=e.display_name, role=e.role,
                     unit=e.unit, active=True)

    @handles(User.UserCreationRequested)
    def on_UserCreationRequested(
        self, batch: Batch, t: Tables, e: User.UserCreationRequested
    ) -> None:
        # Not active until a manager confirms it (the requests: projections/user_requests.py).
        batch.insert(t.users, user_id=e.originator_id, version=e.originator_version,
                     username=e.username, display_name=e.display_name, role=e.role,
                     unit=e.unit, active=False)

    @handles(User.UserCreationConfirmed)
    def on_UserCreationConfirmed(
        self, batch: Batch, t: Tables, e: User.UserCreationConfirmed
    ) -> None:
        self._set(batch, t, e, active=True)

    def _set(self, batch: Batch, t: Tables, e: Any, **values: Any) -> None:
        batch.update(t.users, e.originator_id, version=e.originator_version, **values)

    # Sign-ins, failures and password changes only move the version an admin acts on; so
    # does a request waiting or refused.
    @handles(User.PasswordChanged, User.LoginFailed, User.AccountLocked, User.LoggedIn,
             User.RoleChangeRequested, User.RoleChangeRejected, User.UserCreationRejected)
    def on_PasswordChanged(self, batch: Batch, t: Tables, e: VersionOnly) -> None:
        self._set(batch, t, e)

    @handles(User.RoleChanged, User.RoleChangeConfirmed)
    def on_RoleChanged(
        self, batch: Batch, t: Tables, e: User.RoleChanged | User.RoleChangeConfirmed
    ) -> None:
        self._set(batch, t, e, role=e.role, unit=e.unit)

    @handles(User.UserDeactivated)
    def on_UserDeactivated(self, batch: Batch, t: Tables, e: User.UserDeactivated) -> None:
        self._set(batch, t, e, active=False)

    def display_names(self, conn: Connection, t: Tables, user_ids: set[UUID]) -> dict[UUID, str]:
        """The names people read instead of ids (a folder's worker, an order's caregiver)."""
        if not user_ids:
            return {}
        u = t.users.c
        rows = conn.execute(select(u.user_id, u.display_name).where(u.user_id.in_(user_ids)))
        return {r.user_id: r.display_name for r in rows}

    def users(self, conn: Connection, t: Tables, unit: str | None = None) -> list[dict]:
        u = t.users.c
        stmt = select(t.users).order_by(u.unit, u.display_name)
        if unit:
            stmt = stmt.where(u.unit == unit)
        return [dict(r) for r in conn.execute(stmt).mappings()]
