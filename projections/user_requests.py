"""Accounts and roles given by two people, for the managers who confirm them.

One row per request an admin made (a new account, or a role or unit, that reads case
content: domain/staff_changes.py) with both steps — who asked and when, who confirmed or
refused and when — and one per account the operator created on the server, which needs
no confirmation but is shown as such. A manager sees those of their unit and, for a
centre's manager, of the centre's units; no case content is kept here.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    or_,
    select,
)
from sqlalchemy.engine import Connection

from domain.staff_changes import RequestKind, centre_of
from domain.user import User
from projections.batch import Batch
from projections.projection import Projection, Tables, handles

PENDING, CONFIRMED, REJECTED, WITHDRAWN, ON_SERVER = (
    "pending", "confirmed", "rejected", "withdrawn", "on_server")


def _actor(event: Any) -> UUID | None:
    actor = (getattr(event, "meta", None) or {}).get("actor_id")
    return UUID(actor) if actor else None


class UserRequests(Projection):
    name = "user_requests"

    def define_tables(self, metadata: MetaData, prefix: str) -> dict[str, Table]:
        return {
            # Every account as it stands: the version a confirmation acts on, the role and
            # unit a role change starts from, and names to show.
            "users": Table(
                f"{prefix}_users", metadata,
                Column("user_id", Uuid, primary_key=True),
                Column("version", Integer, nullable=False),
                Column("username", String(40), nullable=False),
                Column("display_name", String(120), nullable=False),
                Column("role", String(32), nullable=False),
                Column("unit", String(32), nullable=False),
                Column("open_request", Integer),  # the pending request's `requested_version`
            ),
            "requests": Table(
                f"{prefix}_requests", metadata,
                Column("user_id", Uuid, primary_key=True),
                Column("requested_version", Integer, primary_key=True),
                Column("kind", String(16), nullable=False),
                Column("role", String(32), nullable=False),
                Column("unit", String(32), nullable=False, index=True),
                Column("centre", String(32), nullable=False, index=True),
                Column("previous_role", String(32)),
                Column("previous_unit", String(32)),
                Column("status", String(16), nullable=False, index=True),
                Column("requested_by", Uuid),
                Column("requested_at", DateTime(timezone=True), nullable=False),
                Column("decided_by", Uuid),
                Column("decided_at", DateTime(timezone=True)),
            ),
        }

    # -- accounts --------------------------------------------------------------------------

    def _new_account(self, batch: Batch, t: Tables, e: Any, status: str) -> None:
        batch.insert(t.users, user_id=e.originator_id, version=e.originator_version,
                     username=e.username, display_name=e.display_name, role=e.role,
                     unit=e.unit,
                     open_request=e.originator_version if status == PENDING else None)
        self._request(batch, t, e, RequestKind.CREATION.value, e.role, e.unit, status,
                      previous=None)

    @handles(User.UserRegistered)
    def on_UserRegistered(self, batch: Batch, t: Tables, e: User.UserRegistered) -> None:
        # An admin's account of a role reading no case content: nothing to confirm.
        batch.insert(t.users, user_id=e.originator_id, version=e.originator_version,
                     username=e.username, display_name=e.display_name, role=e.role,
                     unit=e.unit, open_request=None)

    @handles(User.UserRegisteredOnServer)
    def on_UserRegisteredOnServer(
        self, batch: Batch, t: Tables, e: User.UserRegisteredOnServer
    ) -> None:
        self._new_account(batch, t, e, ON_SERVER)

    @handles(User.UserCreationRequested)
    def on_UserCreationRequested(
        self, batch: Batch, t: Tables, e: User.UserCreationRequested
    ) -> None:
        self._new_account(batch, t, e, PENDING)

    @handles(User.RoleChangeRequested)
    def on_RoleChangeRequested(self, batch: Batch, t: Tables, e: User.RoleChangeRequested) -> None:
        user = batch.get(t.users, e.originator_id)
        self._request(batch, t, e, RequestKind.ROLE_CHANGE.value, e.role, e.unit, PENDING,
                      previous=user)
        batch.update(t.users, e.originator_id, version=e.originator_version,
                     open_request=e.originator_version)

    # -- decisions -------------------------------------------------------------------------

    def _decided(self, batch: Batch, t: Tables, e: Any, status: str, **user: Any) -> None:
        account = batch.get(t.users, e.originator_id)
        if account is not None and account["open_request"] is not None:
            batch.update(t.requests, (e.originator_id, account["open_request"]), status=status,
                         decided_by=_actor(e), decided_at=e.timestamp)
        batch.update(t.users, e.originator_id, version=e.originator_version,
                     open_request=None, **user)

    @handles(User.UserCreationConfirmed)
    def on_UserCreationConfirmed(
        self, batch: Batch, t: Tables, e: User.UserCreationConfirmed
    ) -> None:
        self._decided(batch, t, e, CONFIRMED)

    @handles(User.UserCreationRejected)
    def on_UserCreationRejected(
        self, batch: Batch, t: Tables, e: User.UserCreationRejected
    ) -> None:
        self._decided(batch, t, e, REJECTED)

    @handles(User.RoleChangeConfirmed)
    def on_RoleChangeConfirmed(self, batch: Batch, t: Tables, e: User.RoleChangeConfirmed) -> None:
        self._decided(batch, t, e, CONFIRMED, role=e.role, unit=e.unit)

    @handles(User.RoleChangeRejected)
    def on_RoleChangeRejected(self, batch: Batch, t: Tables, e: User.RoleChangeRejected) -> None:
        self._decided(batch, t, e, REJECTED)

    @handles(User.UserDeactivated)
    def on_UserDeactivated(self, batch: Batch, t: Tables, e: User.UserDeactivated) -> None:
        # A closed account's waiting request is withdrawn with it.
        self._decided(batch, t, e, WITHDRAWN)

    @handles(User.RoleChanged)
    def on_RoleChanged(self, batch: Batch, t: Tables, e: User.RoleChanged) -> None:
        batch.update(t.users, e.originator_id, version=e.originator_version, role=e.role,
                     unit=e.unit)

    # Sign-ins, failures and password changes only move the version a manager acts on.
    @handles(User.LoggedIn, User.LoginFailed, User.AccountLocked, User.PasswordChanged)
    def _moved(
        self, batch: Batch, t: Tables,
        e: User.LoggedIn | User.LoginFailed | User.AccountLocked | User.PasswordChanged,
    ) -> None:
        batch.update(t.users, e.originator_id, version=e.originator_version)


    def _request(self, batch: Batch, t: Tables, e: Any, kind: str, role: str, unit: str,
                 status: str, previous: Any) -> None:
        batch.insert(t.requests, user_id=e.originator_id,
                     requested_version=e.originator_version, kind=kind, role=role,
                     unit=unit, centre=centre_of(unit),
                     previous_role=previous["role"] if previous else None,
                     previous_unit=previous["unit"] if previous else None,
                     status=status, requested_by=_actor(e), requested_at=e.timestamp,
                     decided_by=None, decided_at=None)

    # -- reading ---------------------------------------------------------------------------

    def requests(self, conn: Connection, t: Tables, *, unit: str | None,
                 status: str | None) -> list[dict]:
        """Requests, newest first, with the account's names and current version and the
        names of who asked and who decided (None for the operator); for a
        manager (`unit`), those of their unit and of the units of which it is the centre."""
        r, u = t.requests.c, t.users.c
        asker, decider = t.users.alias("asker"), t.users.alias("decider")
        stmt = (select(t.requests, u.username, u.display_name, u.version,
                       asker.c.display_name.label("requested_by_name"),
                       decider.c.display_name.label("decided_by_name"))
                .join(t.users, u.user_id == r.user_id)
                .outerjoin(asker, asker.c.user_id == r.requested_by)
                .outerjoin(decider, decider.c.user_id == r.decided_by)
                .order_by(r.requested_at.desc(), r.user_id))
        if unit is not None:
            stmt = stmt.where(or_(r.unit == unit, r.centre == unit))
        if status is not None:
            stmt = stmt.where(r.status == status)
        return [dict(row) for row in conn.execute(stmt).mappings()]
