"""The provider directory's use cases (the admin keeps it) and the check a decision makes
against it. One handler per command (services/providers/commands.py), each load → act.

A decision reads its provider through the command's unit of work (`chosen_provider`), from
the store and not from the directory's read model: a provider registered a moment ago is
found, and one deactivated a moment ago is refused, whatever the projection's lag.
"""

from __future__ import annotations

from domain.provider import Provider, check_chosen, check_code, provider_key
from services.application import CommandApplication
from services.commands import AggregateNotFoundError, CommandContext
from services.providers.commands import (
    AmendProvider,
    DeactivateProvider,
    ProviderCommand,
    ReactivateProvider,
    RegisterProvider,
    SetCapacity,
)
from services.scope import NotPermittedError, may_manage_providers
from services.work import Work, handles


class ProviderNotFoundError(AggregateNotFoundError):
    code = "provider.not_found"


def _always(ctx: CommandContext, provider: Provider) -> bool:
    return True  # the permission is the role's, asked before anything is read


def chosen_provider(work: Work, provider_id: str, form: str) -> Provider:
    """The provider a decision names for `form`: in the directory, active, offering the form
    (else 422 `provider.unknown`, `provider.inactive`, `provider.form_not_offered`)."""
    try:
        provider: Provider | None = work.read(Provider, provider_key(provider_id))
    except AggregateNotFoundError:
        provider = None
    return check_chosen(provider, provider_id, form)


def _provider_to_change(work: Work, command: ProviderCommand) -> Provider:
    if not may_manage_providers(work.ctx):
        raise NotPermittedError()
    return work.change(Provider, provider_key(check_code(command.provider_id)),
                       command.expected_version, in_scope=_always,
                       not_found=ProviderNotFoundError)


class ProviderUseCases(CommandApplication):
    @handles
    def register_provider(self, command: RegisterProvider, work: Work) -> None:
        """Add a provider to the directory."""
        if not may_manage_providers(work.ctx):
            raise NotPermittedError()
        work.create(Provider.register(
            code=command.provider_id, name=command.provider_name, address=command.address,
            services=command.services, capacity=command.capacity))

    @handles
    def amend_provider(self, command: AmendProvider, work: Work) -> None:
        """Change the provider's name, address, services or capacity."""
        _provider_to_change(work, command).amend(
            name=command.provider_name, address=command.address, services=command.services,
            capacity=command.capacity)

    @handles
    def deactivate_provider(self, command: DeactivateProvider, work: Work) -> None:
        """Take the provider out of what decisions may choose."""
        _provider_to_change(work, command).deactivate()

    @handles
    def reactivate_provider(self, command: ReactivateProvider, work: Work) -> None:
        """Let decisions choose the provider again."""
        _provider_to_change(work, command).reactivate()

    @handles
    def set_capacity(self, command: SetCapacity, work: Work) -> None:
        """Set the provider's places for a service; a raise lets the first waiting in."""
        _provider_to_change(work, command).set_capacity(command.form, command.places)
