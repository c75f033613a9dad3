"""The synthetic Wrocław: the same seed writes the same city, with the city's proportions."""

from __future__ import annotations

import hashlib
from datetime import date

import orjson
from sqlalchemy import select

from services.city import TEAMS, CitySize, generate_city
from services.settings import Settings
from services.system import TeczkaSystem
from tests.support.stores import settings_for

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
        return report, system.app.head_position(), _client_view_digest(system)


def test_the_same_seed_writes_the_same_city(settings, request, tmp_path):
    first, first_events, first_digest = _generate(settings, seed=5)
    store = "postgres" if settings.is_postgres else "sqlite"
    with settings_for(store, tmp_path / "again", request) as again:
        second, second_events, second_digest = _generate(again, seed=5)
    assert second_events == first_events
    assert second.counts == first.counts
    assert second_digest == first_digest


def test_saving_families_together_writes_the_same_city_as_command_by_command(
        settings, request, tmp_path):
    batched, batched_events, batched_digest = _generate(settings, seed=7, families_per_save=7)
    store = "postgres" if settings.is_postgres else "sqlite"
    with settings_for(store, tmp_path / "single", request) as single_settings:
        single, single_events, single_digest = _generate(single_settings, seed=7,
                                                         families_per_save=0)
    assert batched_events == single_events
    assert batched.counts == single.counts
    assert batched_digest == single_digest


def test_a_small_city_has_the_proportions_of_wroclaw(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        report = generate_city(system, seed=11, size=SIZE, today=TODAY)
        events = system.app.head_position()
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


def test_full_size_caseloads_are_35_to_62_folders_per_worker():
    from random import Random

    from services.city import _caseloads

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
