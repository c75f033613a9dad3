"""Request shapes of the commands on user accounts; each builds its command
(services/users/commands.py)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import StringConstraints

from api.schemas.commands import CommandIn
from domain.user import (
    MAX_DISPLAY_NAME_LENGTH,
    MAX_UNIT_LENGTH,
    MAX_USERNAME_LENGTH,
    MIN_USERNAME_LENGTH,
    Role,
)
from services.users.commands import (
    ChangeRole,
    ConfirmUserRequest,
    CreateUser,
    DeactivateUser,
    RejectUserRequest,
)


class NewUserIn(CommandIn):
    username: Annotated[str, StringConstraints(max_length=MAX_USERNAME_LENGTH,
                                             min_length=MIN_USERNAME_LENGTH)]
    display_name: Annotated[str, StringConstraints(max_length=MAX_DISPLAY_NAME_LENGTH)]
    role: Role
    unit: Annotated[str, StringConstraints(max_length=MAX_UNIT_LENGTH)]
    password: Annotated[str, StringConstraints(max_length=200)]

    def to_command(self) -> CreateUser:
        return CreateUser(username=self.username, display_name=self.display_name,
                          role=self.role.value, unit=self.unit, password=self.password)


class RoleIn(CommandIn):
    expected_version: int
    role: Role
    unit: Annotated[str, StringConstraints(max_length=MAX_UNIT_LENGTH)]

    def to_command(self, user_id: UUID) -> ChangeRole:
        return ChangeRole(user_id=user_id, expected_version=self.expected_version,
                          role=self.role.value, unit=self.unit)


class DeactivateIn(CommandIn):
    expected_version: int

    def to_command(self, user_id: UUID) -> DeactivateUser:
        return DeactivateUser(user_id=user_id, expected_version=self.expected_version)


class DecisionIn(CommandIn):
    # A manager's answer to an account or a role an admin asked for (no docstring: it
    # would become the schema's description in the OpenAPI document).
    expected_version: int

    def confirmation(self, user_id: UUID) -> ConfirmUserRequest:
        return ConfirmUserRequest(user_id=user_id, expected_version=self.expected_version)

    def rejection(self, user_id: UUID) -> RejectUserRequest:
        return RejectUserRequest(user_id=user_id, expected_version=self.expected_version)
