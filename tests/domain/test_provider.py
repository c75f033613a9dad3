"""The provider directory's entries: what a provider is, and who a decision may choose."""

from __future__ import annotations

import pytest

from domain.errors import InvalidValueError
from domain.provider import (
    FormNotOfferedError,
    InactiveProviderError,
    InvalidCapacityError,
    InvalidProviderCodeError,
    InvalidProviderServicesError,
    Provider,
    ProviderInactiveConflictError,
    ProviderNameRequiredError,
    UnknownProviderError,
    check_chosen,
    provider_key,
)


def mcus(**overrides) -> Provider:
    values = {"code": "MCUS", "name": "Miejskie Centrum Usług Socjalnych",
              "address": "ul. Sempołowskiej 52, Wrocław",
              "services": ("day_care_home", "care_services"), "capacity": 1200} | overrides
    return Provider.register(**values)


def test_a_provider_is_known_by_its_code_and_lists_its_services_in_the_forms_order():
    provider = mcus()

    assert provider.id == provider_key("MCUS")
    assert (provider.code, provider.active, provider.capacity) == ("MCUS", True, 1200)
    assert provider.services == ("care_services", "day_care_home")


@pytest.mark.parametrize(("overrides", "error"), [
    ({"code": "mcusx"}, InvalidProviderCodeError),
    ({"code": "MC US"}, InvalidProviderCodeError),
    ({"code": "X" * 33}, InvalidProviderCodeError),
    ({"name": "  "}, ProviderNameRequiredError),
    ({"services": ()}, InvalidProviderServicesError),
    ({"services": ("permanent_allowance",)}, InvalidProviderServicesError),  # cash is paid
    ({"services": ("teleportation",)}, InvalidProviderServicesError),
    ({"capacity": 0}, InvalidCapacityError),
    ({"capacity": True}, InvalidCapacityError),
])
def test_a_provider_with_a_bad_value_is_refused(overrides, error):
    with pytest.raises(error) as refused:
        mcus(**overrides)
    assert isinstance(refused.value, InvalidValueError)


def test_an_amendment_changes_what_the_directory_says_and_replays():
    provider = mcus()
    provider.amend(name="MCUS Wrocław", address="ul. Nowa 1", services=("meal",),
                   capacity=None)

    replayed = None
    for e in provider.collect_events():
        replayed = e.mutate(replayed)
    assert (replayed.name, replayed.services, replayed.capacity) == (
        "MCUS Wrocław", ("meal",), None)


def test_a_deactivated_provider_can_be_reactivated_but_not_twice_either_way():
    provider = mcus()
    provider.deactivate()
    with pytest.raises(ProviderInactiveConflictError):
        provider.deactivate()
    provider.reactivate()
    with pytest.raises(ProviderInactiveConflictError):
        provider.reactivate()
    assert provider.active


def test_a_decision_may_choose_only_an_active_provider_offering_its_form():
    provider = mcus()
    assert check_chosen(provider, "MCUS", "care_services") is provider

    with pytest.raises(UnknownProviderError) as unknown:
        check_chosen(None, "MCUSX", "care_services")
    assert unknown.value.params == {"provider_id": "MCUSX"}
    with pytest.raises(FormNotOfferedError) as not_offered:
        check_chosen(provider, "MCUS", "specialist_care_services")
    assert not_offered.value.params["form"] == "specialist_care_services"
    provider.deactivate()
    with pytest.raises(InactiveProviderError):
        check_chosen(provider, "MCUS", "care_services")
