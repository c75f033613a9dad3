"""A real server per test module and store, with one signed-in user per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from domain.user import Role
from tests.api import given
from tests.support.providers import register_providers
from tests.support.server import running_server
from tests.support.stores import STORES, settings_for

PASSWORD = "haslo-testowe-123"

# (username, role, unit)
USERS = {
    "worker": ("worker1", Role.SOCIAL_WORKER, "ZTPS-1"),
    "worker_other_team": ("worker2", Role.SOCIAL_WORKER, "ZTPS-2"),
    "manager": ("manager1", Role.MANAGER, "ZTPS-1"),
    "decision_maker": ("decider1", Role.DECISION_MAKER, "MOPS"),
    "coordinator": ("coord1", Role.MCUS_COORDINATOR, "MCUS"),
    "caregiver": ("carer1", Role.CAREGIVER, "MCUS"),
    "analyst": ("analyst1", Role.VOIVODESHIP_ANALYST, "WPS-02"),
    "management": ("zarzad1", Role.MOPS_MANAGEMENT, "MOPS"),
    "admin": ("admin1", Role.ADMIN, "IT"),
    "first_contact": ("intake1", Role.FIRST_CONTACT, "MOPS-PK"),
}


@dataclass
class Api:
    base_url: str
    system: object
    tokens: dict[str, str]
    user_ids: dict[str, str]

    def client(self, who: str | None = "worker") -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=15)


@pytest.fixture(scope="module", params=STORES)
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    tmp = tmp_path_factory.mktemp("api")
    with settings_for(request.param, tmp, request) as settings, \
            running_server(settings) as (base_url, system):
        tokens, ids = {}, {}
        for key, (username, role, unit) in USERS.items():
            signed = given.signed_up(system, base_url, username, role, unit, PASSWORD)
            tokens[key] = signed["access_token"]
            ids[key] = signed["user"]["id"]
        register_providers(system.app)  # the ones the tests' care decisions name
        yield Api(base_url, system, tokens, ids)
