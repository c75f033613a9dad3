"""A provider of services: MCUS, an NGO, a day-care home, a DPS, a meal provider — data the
admin keeps in a directory, chosen by the decisions that order its services.

A provider is known by a short code ("MCUS", "DDP-2"): the same string a care decision's
terms and its service order name as `provider_id`, a coordinator's unit and the handoff
queue's key, so orders placed before the directory existed keep working. Its aggregate id is
derived from the code (`provider_key`), so a second registration of one code is refused
(409 `aggregate.exists`) and a decision finds its provider without a list to search.

Capacity is shown to those who choose, not enforced: nothing counts a provider's places.
"""

from __future__ import annotations

import re
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainConflictError, DomainError, InvalidValueError
from domain.help import FORMS, FormKind
from domain.text import within
from domain.user import MAX_UNIT_LENGTH

PROVIDER_NAMESPACE = UUID("0f6c1d2e-8b4a-4c3d-9e5f-6a7b8c9d0e1f")
MAX_PROVIDER_NAME_LENGTH = 200
MAX_PROVIDER_ADDRESS_LENGTH = 300
# More places than a city's people is a typing error.
MAX_CAPACITY = 100_000
# A code as units are written: letters, digits and hyphens ("MCUS", "DDP-2", "CARITAS-1").
_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]*")
# What a provider may deliver: every form of help but cash (a benefit is paid, not provided).
OFFERABLE_FORMS: tuple[str, ...] = tuple(
    str(form) for form, info in FORMS.items() if info.kind != FormKind.CASH.value)


class ProviderError(DomainError):
    code = "provider.error"


class InvalidProviderCodeError(ProviderError, InvalidValueError):
    code = "provider.invalid_code"


class ProviderNameRequiredError(ProviderError, InvalidValueError):
    code = "provider.name_required"


class ProviderAddressRequiredError(ProviderError, InvalidValueError):
    code = "provider.address_required"


class InvalidProviderServicesError(ProviderError, InvalidValueError):
    code = "provider.invalid_services"


class InvalidCapacityError(ProviderError, InvalidValueError):
    code = "provider.invalid_capacity"


class ProviderInactiveConflictError(ProviderError, DomainConflictError):
    """Deactivating a provider already inactive (or reactivating an active one)."""

    code = "provider.already_in_state"


class UnknownProviderError(ProviderError, InvalidValueError):
    """A decision names a provider the directory does not hold (a typo: "MCUSX")."""

    code = "provider.unknown"


class InactiveProviderError(ProviderError, InvalidValueError):
    code = "provider.inactive"


class FormNotOfferedError(ProviderError, InvalidValueError):
    code = "provider.form_not_offered"


def provider_key(code: str) -> UUID:
    """The aggregate id of the provider with this code."""
    return uuid5(PROVIDER_NAMESPACE, code)


def check_code(code: object) -> str:
    if not isinstance(code, str) or len(code) > MAX_UNIT_LENGTH or not _CODE.fullmatch(code):
        raise InvalidProviderCodeError(code=code)
    return code


def _text(value: object, field: str, maximum: int,
          required: type[ProviderError]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise required()
    return within(value, field, maximum).strip()


def _services(services: object) -> tuple[str, ...]:
    chosen = tuple(services) if isinstance(services, list | tuple) else ()
    unknown = sorted({str(s) for s in chosen if s not in OFFERABLE_FORMS})
    if not chosen or unknown:
        raise InvalidProviderServicesError(services=unknown)
    return tuple(form for form in OFFERABLE_FORMS if form in chosen)


def _capacity(capacity: object) -> int | None:
    if capacity is None:
        return None
    if isinstance(capacity, bool) or not isinstance(capacity, int) or \
            not 0 < capacity <= MAX_CAPACITY:
        raise InvalidCapacityError(capacity=capacity)
    return capacity


class Provider(Aggregate):
    """One provider of the directory: who it is, where, what it offers and for how many."""

    @classmethod
    def register(cls, *, code: str, name: str, address: str, services: tuple[str, ...],
                 capacity: int | None) -> Provider:
        code = check_code(code)
        return cls._create(
            cls.Registered, id=provider_key(code), code=code,
            name=_text(name, "name", MAX_PROVIDER_NAME_LENGTH, ProviderNameRequiredError),
            address=_text(address, "address", MAX_PROVIDER_ADDRESS_LENGTH,
                          ProviderAddressRequiredError),
            services=_services(services), capacity=_capacity(capacity))

    class Registered(Aggregate.Created):
        code: str
        name: str
        address: str
        services: tuple[str, ...]
        capacity: int | None

    @event(Registered)
    def __init__(self, *, code: str, name: str, address: str, services: tuple[str, ...],
                 capacity: int | None) -> None:
        self.code = code
        self.name = name
        self.address = address
        self.services = tuple(services)
        self.capacity = capacity
        self.active = True

    def amend(self, *, name: str, address: str, services: tuple[str, ...],
              capacity: int | None) -> None:
        """Correct or change what the directory says of the provider (not its code)."""
        self._amended(
            name=_text(name, "name", MAX_PROVIDER_NAME_LENGTH, ProviderNameRequiredError),
            address=_text(address, "address", MAX_PROVIDER_ADDRESS_LENGTH,
                          ProviderAddressRequiredError),
            services=_services(services), capacity=_capacity(capacity))

    class Amended(Aggregate.Event):
        name: str
        address: str
        services: tuple[str, ...]
        capacity: int | None

    @event(Amended)
    def _amended(self, *, name: str, address: str, services: tuple[str, ...],
                 capacity: int | None) -> None:
        self.name = name
        self.address = address
        self.services = tuple(services)
        self.capacity = capacity

    def deactivate(self) -> None:
        """No new decision may name it; orders already placed with it go on."""
        if not self.active:
            raise ProviderInactiveConflictError(provider_id=self.code, active=False)
        self._deactivated()

    class Deactivated(Aggregate.Event):
        pass

    @event(Deactivated)
    def _deactivated(self) -> None:
        self.active = False

    def reactivate(self) -> None:
        """Decisions may name it again."""
        if self.active:
            raise ProviderInactiveConflictError(provider_id=self.code, active=True)
        self._reactivated()

    class Reactivated(Aggregate.Event):
        pass

    @event(Reactivated)
    def _reactivated(self) -> None:
        self.active = True

    def offers(self, form: str) -> bool:
        return form in self.services


def check_chosen(provider: Provider | None, provider_id: str, form: str) -> Provider:
    """The provider a decision names, if it may be chosen for the form: in the directory,
    active and offering the form; else the error naming it (no order is placed to nowhere)."""
    if provider is None:
        raise UnknownProviderError(provider_id=provider_id)
    if not provider.active:
        raise InactiveProviderError(provider_id=provider_id)
    if not provider.offers(form):
        raise FormNotOfferedError(provider_id=provider_id, form=form)
    return provider
