"""The places policy: an order takes a place with its provider for its service, or waits.

A granting decision places its order and asks the provider for a place in the same unit of
work (`admit_order`); ending or suspending an order frees its place (`free_place`), and the
first waiting order takes it at once — it then appears in the coordinator's queue to be
accepted (the coordinator is offered it; nothing is started without her). Resuming asks for
a place again. A waiting order cannot be accepted nor visited (`refuse_if_waiting`).

All of it changes the `Provider` aggregate, whose version serialises the places: two
decisions for the last place at once cannot both take it (the second save is refused and
its command runs once more, `Work.rerun_if_refused`, meeting the first's place).
"""

from __future__ import annotations

from uuid import UUID

from domain.provider import Provider, provider_key
from domain.service_order import ServiceOrder
from services.commands import AggregateNotFoundError
from services.work import Work


def _provider(work: Work, provider_id: str) -> Provider | None:
    # Orders placed before the directory held their provider: nothing is counted for them.
    try:
        return work.read(Provider, provider_key(provider_id))
    except AggregateNotFoundError:
        return None


def _changed(work: Work, provider: Provider) -> None:
    if provider.pending_events:
        work.add(provider)
        work.rerun_if_refused = True


def admit_order(work: Work, order: ServiceOrder) -> bool:
    """The order asks its provider for a place: whether it has one (else it waits)."""
    provider = _provider(work, order.provider_id)
    if provider is None:
        return True
    admitted = provider.admit(order.id, order.form)
    _changed(work, provider)
    return admitted


def free_place(work: Work, order: ServiceOrder) -> tuple[UUID, ...]:
    """The order no longer needs its place (ended, suspended): the orders let in instead."""
    provider = _provider(work, order.provider_id)
    if provider is None:
        return ()
    let_in = provider.release(order.id)
    _changed(work, provider)
    return let_in


def refuse_if_waiting(work: Work, order: ServiceOrder) -> None:
    """A waiting order is not accepted nor visited (409 `provider.order_waiting`)."""
    try:
        provider = work.app.load(Provider, provider_key(order.provider_id),
                                 AggregateNotFoundError, read_only=True)
    except AggregateNotFoundError:
        return
    provider.refuse_if_waiting(order.id)
