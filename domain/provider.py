"""A provider of services: MCUS, an NGO, a day-care home, a DPS, a meal provider — data the
admin keeps in a directory, chosen by the decisions that order its services.

A provider is known by a short code ("MCUS", "DDP-2"): the same string a care decision's
terms and its service order name as `provider_id`, a coordinator's unit and the handoff
queue's key, so orders placed before the directory existed keep working. Its aggregate id is
derived from the code (`provider_key`), so a second registration of one code is refused
(409 `aggregate.exists`) and a decision finds its provider without a list to search.

The provider's overall `capacity` is shown to those who choose. Its places per service (a
form of help: `set_capacity`) are enforced: an order placed for a form whose places are all
held waits in the provider's queue for that form (`admit`), and when a place frees (an order
ends or is suspended: `release`) the first order waiting takes it. A form without places
set counts nothing (no limit), as before. The orders' own stream does not say whether an
order waits: the provider's does (the handoff policy, services/proceedings/handoff.py, asks
it in the same unit of work that places or ends the order).
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


class OrderWaitingError(ProviderError, DomainConflictError):
    """An order waiting for a place cannot be accepted or visited yet."""

    code = "provider.order_waiting"


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
        # Per service (form of help): its places, the orders holding them and those waiting,
        # first come first served.
        self.places: dict[str, int] = {}
        self.holding: dict[str, list[UUID]] = {}
        self.waiting: dict[str, list[UUID]] = {}

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

    # -- places per service and the waiting queue ------------------------------------------

    def set_capacity(self, form: str, places: int) -> None:
        """Set how many clients the provider takes for a service at once (0: none for now);
        a raise lets the first waiting orders in."""
        if form not in self.services:
            raise FormNotOfferedError(provider_id=self.code, form=form)
        if isinstance(places, bool) or not isinstance(places, int) or \
                not 0 <= places <= MAX_CAPACITY:
            raise InvalidCapacityError(capacity=places)
        self._capacity_set(form=form, places=places)
        self._let_waiting_in(form)

    class CapacitySet(Aggregate.Event):
        form: str
        places: int

    @event(CapacitySet)
    def _capacity_set(self, form: str, places: int) -> None:
        self.places[form] = places
        self.holding.setdefault(form, [])
        self.waiting.setdefault(form, [])

    def admit(self, order_id: UUID, form: str) -> bool:
        """A new (or resumed) order asks for a place: it takes one if free, else it waits at
        the end of the queue. Whether it may start now (a form without places set: yes)."""
        if form not in self.places:
            return True
        if order_id in self.holding[form]:
            return True
        if order_id in self.waiting[form]:
            return False
        if len(self.holding[form]) < self.places[form]:
            self._place_taken(order_id=order_id, form=form, from_queue=False)
            return True
        self._order_queued(order_id=order_id, form=form)
        return False

    class PlaceTaken(Aggregate.Event):
        order_id: UUID
        form: str
        from_queue: bool

    @event(PlaceTaken)
    def _place_taken(self, order_id: UUID, form: str, from_queue: bool) -> None:
        if from_queue:
            self.waiting[form].remove(order_id)
        self.holding[form].append(order_id)

    class OrderQueued(Aggregate.Event):
        order_id: UUID
        form: str

    @event(OrderQueued)
    def _order_queued(self, order_id: UUID, form: str) -> None:
        self.waiting[form].append(order_id)

    def release(self, order_id: UUID) -> tuple[UUID, ...]:
        """An order ended or was suspended: its place frees (or it leaves the queue). The
        orders let in from the queue in its stead."""
        for form, holders in self.holding.items():
            if order_id in holders:
                self._place_freed(order_id=order_id, form=form)
                return self._let_waiting_in(form)
        for form, queue in self.waiting.items():
            if order_id in queue:
                self._left_queue(order_id=order_id, form=form)
        return ()

    class PlaceFreed(Aggregate.Event):
        order_id: UUID
        form: str

    @event(PlaceFreed)
    def _place_freed(self, order_id: UUID, form: str) -> None:
        self.holding[form].remove(order_id)

    class LeftQueue(Aggregate.Event):
        order_id: UUID
        form: str

    @event(LeftQueue)
    def _left_queue(self, order_id: UUID, form: str) -> None:
        self.waiting[form].remove(order_id)

    def _let_waiting_in(self, form: str) -> tuple[UUID, ...]:
        let_in = []
        while self.waiting[form] and len(self.holding[form]) < self.places[form]:
            first = self.waiting[form][0]
            self._place_taken(order_id=first, form=form, from_queue=True)
            let_in.append(first)
        return tuple(let_in)

    def is_waiting(self, order_id: UUID) -> bool:
        return any(order_id in queue for queue in self.waiting.values())

    def refuse_if_waiting(self, order_id: UUID) -> None:
        if self.is_waiting(order_id):
            raise OrderWaitingError(order_id=order_id)


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
