"""The providers of the demo and the synthetic city: MCUS, which delivers the care the
decisions order (its code is the unit of its coordinators and caregivers), and a few others a
MOPS commissions (an NGO, a day-care home, a DPS, a meal provider)."""

from __future__ import annotations

from collections.abc import Callable

from services.commands import CommandContext
from services.providers.commands import RegisterProvider
from services.teczka import Teczka

CARE = ("care_services", "specialist_care_services", "specialist_care_services_mental",
        "day_care_home")
CITY_PROVIDERS = (
    RegisterProvider(provider_id="MCUS", provider_name="Miejskie Centrum Usług Socjalnych",
                     address="ul. Sempołowskiej 52, 50-228 Wrocław", services=CARE,
                     capacity=1500),
    RegisterProvider(provider_id="CARITAS", provider_name="Caritas Archidiecezji Wrocławskiej",
                     address="ul. Katedralna 7, 50-328 Wrocław",
                     services=("care_services", "meal", "shelter"), capacity=120),
    RegisterProvider(provider_id="DDP-2", provider_name="Dzienny Dom Pomocy nr 2",
                     address="ul. Stawowa 10, 50-018 Wrocław", services=("day_care_home",),
                     capacity=40),
    RegisterProvider(provider_id="DPS-1", provider_name="Dom Pomocy Społecznej „Pogodna Jesień”",
                     address="ul. Kasprowicza 12, 51-137 Wrocław",
                     services=("residential_care_home",), capacity=150),
    RegisterProvider(provider_id="BAR-MLECZNY", provider_name="Bar Mleczny „Miś” (posiłki)",
                     address="ul. Kuźnicza 48, 50-138 Wrocław", services=("meal",),
                     capacity=300),
)


def register_city_providers(app: Teczka, ctx: Callable[[], CommandContext]) -> int:
    """Register the city's providers as the admin (`ctx` makes each command's context)."""
    for provider in CITY_PROVIDERS:
        app.handle(ctx(), provider)
    return len(CITY_PROVIDERS)
