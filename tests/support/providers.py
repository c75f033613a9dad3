"""The providers the tests' care decisions name, registered in the directory as an admin."""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from services.commands import AggregateExistsError, CommandContext
from services.providers.commands import RegisterProvider

CARE_FORMS = ("care_services", "specialist_care_services", "specialist_care_services_mental",
              "day_care_home")
# code → (name, address, services, capacity)
PROVIDERS: dict[str, tuple[str, str, tuple[str, ...], int | None]] = {
    "MCUS": ("Miejskie Centrum Usług Socjalnych", "ul. Sempołowskiej 52, 50-228 Wrocław",
             CARE_FORMS, 1200),
    "DDP-2": ("Dzienny Dom Pomocy nr 2", "ul. Stawowa 10, 50-018 Wrocław",
              CARE_FORMS, 40),
}


def admin_ctx() -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=uuid.uuid4(), role="admin",
                          unit="IT")


def register_providers(app: Any, *codes: str) -> None:
    """Register the given providers (all the known ones when none are named); one already
    registered is left as it is."""
    for code in codes or tuple(PROVIDERS):
        name, address, services, capacity = PROVIDERS[code]
        with contextlib.suppress(AggregateExistsError):
            app.handle(admin_ctx(), RegisterProvider(
                provider_id=code, provider_name=name, address=address, services=services,
                capacity=capacity))
