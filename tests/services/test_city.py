"""The synthetic Wrocław: the same seed writes the same city, with the city's proportions."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import orjson
import pytest
from sqlalchemy import select

from domain.mrpips03 import ReturnPeriod
from domain.mrpips03_checks import check_figures
from services.settings import Settings
from services.synthetic.city import TEAMS, CityReport, CitySize, generate_city
from services.system import TeczkaSystem
from tests.support.stores import STORES, settings_for

TODAY = date(2026, 11, 1)
SIZE = CitySize.scaled(0.005)


# When a command was recorded is wall-clock time, not part of the generated city.
RECORDING_TIMES = {"recorded_at", "updated_at"}


def _client_view_digest(system: TeczkaSystem) -> str:
    """The client view's digest (as `Projection.digest`) without the recording times."""
    projection = system.projection("client_view")
    sha = hashlib.sha256()
    with system.engine.connect() as conn:
        tables, _position = projection.active_tables(conn)
        for name, table in sorted(tables._by_name.items()):
            sha.update(name.encode())
            columns = [c for c in table.columns if c.name not in RECORDING_TIMES]
            keys = list(table.primary_key.columns) or columns
            for row in conn.execute(select(*columns).order_by(*keys)):
                sha.update(orjson.dumps(list(row), default=str))
    return sha.hexdigest()


def _generate(settings: Settings, seed: int, families_per_save: int = 10):
    with TeczkaSystem(settings, run_projectors=False) as system:
        report = generate_city(system, seed=seed, size=SIZE, today=TODAY,
                               families_per_save=families_per_save)
        system.catch_up()
        figures = system.returns.live(ReturnPeriod(TODAY.year, "H1")).figures
        return report, system.app.head_position(), _client_view_digest(system), figures


@dataclass(frozen=True)
class WrittenCity:
    """What writing a city left: its report, how many events, the client view's digest."""

    store: str
    report: CityReport
    events: int
    digest: str
    h1_figures: dict


@pytest.fixture(scope="module", params=STORES)
def city(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> WrittenCity:
    """The city of seed 5, its families saved together, written once per store for the
    tests below to compare with and read (the store itself is dropped at once)."""
    with settings_for(request.param, tmp_path_factory.mktemp("city"), request) as settings:
        return WrittenCity(request.param, *_generate(settings, seed=5))


def test_the_same_seed_writes_the_same_city(city, request, tmp_path):
    with settings_for(city.store, tmp_path, request) as again:
        second, second_events, second_digest, _ = _generate(again, seed=5)
    assert second_events == city.events
    assert second.counts == city.report.counts
    assert second_digest == city.digest


def test_saving_families_together_writes_the_same_city_as_command_by_command(
        city, request, tmp_path):
    with settings_for(city.store, tmp_path, request) as single_settings:
        single, single_events, single_digest, _ = _generate(single_settings, seed=5,
                                                         families_per_save=0)
    assert city.events == single_events
    assert city.report.counts == single.counts
    assert city.digest == single_digest


def test_a_small_city_has_the_proportions_of_wroclaw(city):
    report, events = city.report, city.events
    assert report.folders == SIZE.folders == 48
    # workers, a manager per team, the decision desk, the MCUS coordinator and caregivers
    assert report.users == SIZE.workers + len(TEAMS) + 2 + SIZE.caregivers
    assert sum(report.loads) == SIZE.folders
    assert report.members >= report.folders
    # Each command saves its event(s) and its receipt: about 100 events per family, which
    # is ~1M events for the whole city.
    assert 60 * SIZE.folders <= events <= 160 * SIZE.folders
    # Home visits are the largest share of social work (DOMAIN.md: ~44% of the time).
    home = report.activities["home_visit"]
    assert home == max(report.activities.values())
    assert 0.35 <= home / sum(report.activities.values()) <= 0.53
    forms = {key.split(":")[0] for key in report.decisions}
    assert len(forms) >= 4
    assert any(key.endswith(":refuse") for key in report.decisions)
    assert report.counts["care_visit"] > 0 and report.counts["close_month"] > 0
    assert report.counts["mark_final"] > 0


def test_the_city_s_return_counts_members_by_the_day_they_joined_and_keeps_the_form_s_rules(
        city):
    total = city.h1_figures["benefits"]["total"]
    # Members are dated by the day they joined, not the day they were typed (issue #19):
    # the families helped have more persons than there are families.
    assert total["family_persons"] > total["families"] > 0
    assert check_figures(city.h1_figures) == []
    # The rows a simple city left at zero: commissioned tasks, meals by their days and cost,
    # social contracts; and members leaving or dying during the year.
    benefits = city.h1_figures["benefits"]
    assert benefits["natural_disaster_allowance"]["commissioned"]["persons"] > 0
    assert benefits["meal"]["own"]["benefits"] > benefits["meal"]["own"]["persons"] > 0
    assert float(benefits["meal"]["own"]["amount"]) > 0
    assert city.h1_figures["social_contracts"]["contracts"] > 0
    assert city.report.counts["member_leaves"] + city.report.counts["member_died"] > 0



def test_the_city_s_return_has_every_row_of_layout_2026_where_teczka_records_the_facts(city):
    benefits, figures = city.h1_figures["benefits"], city.h1_figures
    # The city of seed 5 has three permanent allowances in the half-year, all to families:
    # the single row is checked by its split adding up (tests/domain/test_mrpips03_rows.py
    # counts a single person's).
    assert not check_figures(figures)
    own = {row: benefits[row]["own"] for row in (
        "permanent_allowance_in_family", "health_contributions",
        "purpose_allowance_random_event", "purpose_allowance_health_care",
        "cash_total", "non_cash_total")}
    assert {row: cell["persons"] > 0 for row, cell in own.items()} == {row: True for row in own}
    assert benefits["cash_total"]["commissioned"]["persons"] > 0  # the flood allowances
    # Only three persons had a periodic allowance in the half-year: their reasons fill rows
    # of more than one reason (and add up to the row: check_figures above).
    by_reason = [benefits[f"periodic_allowance_{r}"]["own"]["persons"]
                 for r in ("unemployment", "disability", "illness", "other")]
    assert sum(1 for persons in by_reason if persons) >= 2
    assert {code: figures["reasons"][code]["families"] > 0 for code in (
        "13_alcoholism", "13_drugs", "14_random_event", "14_crisis")} == {
        code: True for code in ("13_alcoholism", "13_drugs", "14_random_event", "14_crisis")}
    types = figures["family_types"]
    assert types["persons_1"]["families"] > 0 and types["with_children"]["families"] > 0


def test_full_size_caseloads_are_35_to_62_folders_per_worker():
    from random import Random

    from services.synthetic.city import _caseloads

    loads = _caseloads(Random(1), 9568, 191)
    assert sum(loads) == 9568
    assert min(loads) >= 35 and max(loads) <= 62


def test_generating_the_same_seed_again_into_the_same_store_writes_nothing(settings):
    """Every command comes back as a retry of the first run's, answered from its receipt
    read ahead, and nothing is applied twice."""
    tiny = CitySize(folders=12, workers=10, caregivers=2)
    with TeczkaSystem(settings, run_projectors=False) as system:
        first = generate_city(system, seed=3, size=tiny, today=TODAY)
        events = system.app.head_position()
        again = generate_city(system, seed=3, size=tiny, today=TODAY)
        assert system.app.head_position() == events
    assert again.counts == first.counts
