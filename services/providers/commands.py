"""The admin's commands on the provider directory, as IT would say them: one frozen
dataclass each, built by `api/routes/providers.py` and handled by `ProviderUseCases`
(services/providers/directory.py)."""

from __future__ import annotations

from dataclasses import dataclass

from services.commands import ChangeCommand, Command


@dataclass(frozen=True, kw_only=True)
class RegisterProvider(Command):
    """Add a provider to the directory under its short code ("MCUS", "DDP-2")."""

    provider_id: str
    # Not `name`: that is the command's own name, which its receipt records.
    provider_name: str
    address: str
    services: tuple[str, ...]
    capacity: int | None = None


@dataclass(frozen=True, kw_only=True)
class ProviderCommand(ChangeCommand):
    """A command on a provider the directory holds."""

    provider_id: str


@dataclass(frozen=True, kw_only=True)
class AmendProvider(ProviderCommand):
    """Change what the directory says of the provider: name, address, services, capacity."""

    provider_name: str
    address: str
    services: tuple[str, ...]
    capacity: int | None = None


@dataclass(frozen=True, kw_only=True)
class DeactivateProvider(ProviderCommand):
    """No new decision may name the provider; its running orders go on."""


@dataclass(frozen=True, kw_only=True)
class ReactivateProvider(ProviderCommand):
    """Decisions may name the provider again."""


@dataclass(frozen=True, kw_only=True)
class SetCapacity(ProviderCommand):
    """How many clients the provider takes for one service (form of help) at once; orders
    beyond wait in its queue."""

    form: str
    places: int
