"""The provider directory: the admin keeps it, those who choose a provider read it (each
command route a docstring and the command its body builds)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field, StringConstraints

from api.commanding import command
from api.deps import Admin, SystemDep, allow
from api.routes.views import After
from api.schemas.commands import CommandIn
from api.schemas.limits import longest, stated_range
from api.security import Principal
from domain.provider import (
    MAX_CAPACITY,
    MAX_PROVIDER_ADDRESS_LENGTH,
    MAX_PROVIDER_NAME_LENGTH,
    OFFERABLE_FORMS,
)
from domain.user import MAX_UNIT_LENGTH, Role
from services.providers.commands import (
    AmendProvider,
    DeactivateProvider,
    ReactivateProvider,
    RegisterProvider,
    SetCapacity,
)

router = APIRouter(prefix="/api", tags=["provider directory"])

# Those who choose a provider (the decision maker in a decision, the social worker proposing
# help) and the admin who keeps the directory.
DirectoryReader = Annotated[Principal, Depends(allow(
    Role.ADMIN, Role.DECISION_MAKER, Role.SOCIAL_WORKER))]
ProviderCode = Annotated[str, Path(max_length=MAX_UNIT_LENGTH)]
Form = Annotated[str, StringConstraints(max_length=longest(OFFERABLE_FORMS))]


class ProviderFields(BaseModel):
    name: Annotated[str, StringConstraints(max_length=MAX_PROVIDER_NAME_LENGTH)]
    address: Annotated[str, StringConstraints(max_length=MAX_PROVIDER_ADDRESS_LENGTH)]
    services: list[Form] = Field(max_length=len(OFFERABLE_FORMS),
                                 description="Forms of help it offers (domain/help.py codes)")
    capacity: int | None = Field(None, **stated_range(minimum=1, maximum=MAX_CAPACITY),
                                 description="Places or clients overall; shown, not enforced "
                                 "(places per service: /capacity)")


class ProviderOut(ProviderFields):
    provider_id: str
    version: int
    active: bool
    places: dict[str, int] = Field({}, description="Places per service where set (form → "
                                   "places); orders beyond them wait in the provider's queue")


class RegisterProviderIn(CommandIn, ProviderFields):
    provider_id: Annotated[str, StringConstraints(max_length=MAX_UNIT_LENGTH)] = Field(
        description='Short code, e.g. "MCUS", "DDP-2"')

    def to_command(self) -> RegisterProvider:
        return RegisterProvider(provider_id=self.provider_id, provider_name=self.name,
                                address=self.address, services=tuple(self.services),
                                capacity=self.capacity)


class ProviderCommandIn(CommandIn):
    expected_version: int = Field(ge=1, description="The provider version the client last saw")


class AmendProviderIn(ProviderCommandIn, ProviderFields):
    def to_command(self, provider_id: str) -> AmendProvider:
        return AmendProvider(provider_id=provider_id, expected_version=self.expected_version,
                             provider_name=self.name, address=self.address,
                             services=tuple(self.services), capacity=self.capacity)


class DeactivateProviderIn(ProviderCommandIn):
    def to_command(self, provider_id: str) -> DeactivateProvider:
        return DeactivateProvider(provider_id=provider_id,
                                  expected_version=self.expected_version)


class ReactivateProviderIn(ProviderCommandIn):
    def to_command(self, provider_id: str) -> ReactivateProvider:
        return ReactivateProvider(provider_id=provider_id,
                                  expected_version=self.expected_version)


class CapacityIn(ProviderCommandIn):
    form: Form = Field(description="The service (form of help) the places are for")
    places: int = Field(**stated_range(minimum=0, maximum=MAX_CAPACITY),
                        description="Clients taken at once; orders beyond wait in a queue")

    def to_command(self, provider_id: str) -> SetCapacity:
        return SetCapacity(provider_id=provider_id, expected_version=self.expected_version,
                           form=self.form, places=self.places)


@router.get("/providers")
def list_providers(user: DirectoryReader, system: SystemDep,
                   form: Annotated[Form | None, Query()] = None, active: bool = False,
                   after: After = None) -> list[ProviderOut]:
    """The provider directory; `active=true&form=…`: those a decision for the form may name."""
    rows = system.read_models.providers(form=form, active_only=active, after=after)
    return [ProviderOut(**{k: v for k, v in row.items() if k != "provider_key"})
            for row in rows]


@command(router, "/admin/providers")
def register_provider(body: RegisterProviderIn, user: Admin) -> RegisterProvider:
    """Register a provider in the directory under its short code."""
    return body.to_command()


@command(router, "/admin/providers/{provider_id}/amendment")
def amend_provider(provider_id: ProviderCode, body: AmendProviderIn,
                   user: Admin) -> AmendProvider:
    """Change the provider's name, address, services or capacity."""
    return body.to_command(provider_id)


@command(router, "/admin/providers/{provider_id}/deactivation")
def deactivate_provider(provider_id: ProviderCode, body: DeactivateProviderIn,
                        user: Admin) -> DeactivateProvider:
    """Deactivate the provider: no new decision may name it; running orders go on."""
    return body.to_command(provider_id)


@command(router, "/admin/providers/{provider_id}/reactivation")
def reactivate_provider(provider_id: ProviderCode, body: ReactivateProviderIn,
                        user: Admin) -> ReactivateProvider:
    """Reactivate the provider: decisions may name it again."""
    return body.to_command(provider_id)


@command(router, "/admin/providers/{provider_id}/capacity")
def set_capacity(provider_id: ProviderCode, body: CapacityIn, user: Admin) -> SetCapacity:
    """Set the provider's places for one service; orders beyond them wait in its queue."""
    return body.to_command(provider_id)
