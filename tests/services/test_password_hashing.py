"""Passwords at the production cost: argon2id with RFC 9106's low-memory profile.

Every other test hashes at the least cost (tests/support/stores.py, CHEAP_ARGON2); these use
the settings' defaults, as production does.
"""

from __future__ import annotations

import uuid

import pytest
from argon2 import Type, extract_parameters, profiles

from domain.user import User
from services.commands import CommandContext
from services.errors import InvalidCredentialsError
from services.settings import Settings
from services.system import TeczkaSystem
from services.users.commands import RegisterUser
from tests.support.stores import CHEAP_ARGON2, STORES, settings_for

PASSWORD = "bardzo-tajne-haslo-42"
NEW_PASSWORD = "jeszcze-bardziej-tajne-43"
PRODUCTION_ARGON2 = {name: Settings.model_fields[name].default for name in CHEAP_ARGON2}


def register(system: TeczkaSystem, username: str = "ola.nowak") -> User:
    ctx = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                         unit="IT")
    system.app.handle(ctx, RegisterUser(
        username=username, display_name="Ola Nowak", role="social_worker", unit="ZTPS-1",
        password=PASSWORD))
    return system.app.user(User.id_for(username))


def own(user: User) -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=user.id, role=user.role,
                          unit=user.unit)


@pytest.mark.parametrize("store", STORES)
def test_production_hashes_passwords_with_argon2id_at_the_rfc_9106_low_memory_cost(
        store, tmp_path, request):
    with settings_for(store, tmp_path, request, **PRODUCTION_ARGON2) as settings, \
            TeczkaSystem(settings, run_projectors=False) as system:
        user = register(system)

        assert user.password_hash.startswith("$argon2id$")
        assert extract_parameters(user.password_hash) == profiles.RFC_9106_LOW_MEMORY
        assert profiles.RFC_9106_LOW_MEMORY.type is Type.ID
        assert system.app.sign_in("ola.nowak", PASSWORD).user.id == user.id
        with pytest.raises(InvalidCredentialsError):
            system.app.sign_in("ola.nowak", "zle-haslo-1234")
        with pytest.raises(InvalidCredentialsError):
            system.app.authenticate("nikt.taki", PASSWORD)


@pytest.mark.parametrize("store", STORES)
def test_a_password_is_checked_at_the_cost_in_its_hash_and_a_new_one_gets_todays_cost(
        store, tmp_path, request):
    with settings_for(store, tmp_path, request) as cheap:
        with TeczkaSystem(cheap, run_projectors=False) as system:
            user = register(system)
        assert extract_parameters(user.password_hash).time_cost == CHEAP_ARGON2[
            "argon2_time_cost"]

        with TeczkaSystem(cheap.model_copy(update=PRODUCTION_ARGON2),
                          run_projectors=False) as system:
            with pytest.raises(InvalidCredentialsError):
                system.app.sign_in("ola.nowak", "zle-haslo-1234")
            signed_in = system.app.sign_in("ola.nowak", PASSWORD)
            system.app.change_own_password(own(user), signed_in.session_id, PASSWORD,
                                           NEW_PASSWORD)

            changed = system.app.user(user.id).password_hash
            assert extract_parameters(changed) == profiles.RFC_9106_LOW_MEMORY
            assert system.app.authenticate("ola.nowak", NEW_PASSWORD).id == user.id
            with pytest.raises(InvalidCredentialsError):
                system.app.authenticate("ola.nowak", PASSWORD)
