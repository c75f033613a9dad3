"""The recount reads the events a log has most of straight from their stored JSON (only the
fields it counts) and the rest through the mapper: on a small synthetic city both ways fold
to the same facts and the same figures, on SQLite and PostgreSQL, from one streamed pass or
split across processes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import orjson
import pytest

from domain.mrpips03 import ReturnPeriod, compile_figures
from services.returns import recount as recounting
from services.settings import Settings
from services.synthetic.city import CitySize, generate_city
from services.system import TeczkaSystem

TODAY = date(2026, 11, 1)


def test_the_hot_events_fold_from_their_json_as_through_the_mapper(
        settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    with TeczkaSystem(settings, run_projectors=False) as system:
        app = system.app
        generate_city(system, seed=7, size=CitySize.scaled(0.002), today=TODAY)
        head, now = app.head_position(), datetime.now(UTC)
        fast, fast_counted = recounting._fold(app, head, now)
        hot = {kind: 0 for kind in recounting._HOT}
        for stored in recounting._events(app, head):
            if stored[3] in hot:
                hot[stored[3]] += 1
        # The city has every hot kind, and most of the recount's events are hot.
        assert all(hot.values()), hot
        assert sum(hot.values()) > fast_counted / 2
        with monkeypatch.context() as patched:
            patched.setattr(recounting, "_HOT", {})
            slow, slow_counted = recounting._fold(app, head, now)
        assert fast_counted == slow_counted
        for name in (f.name for f in dataclasses.fields(recounting._Log)):
            assert getattr(fast, name) == getattr(slow, name), name
        period = ReturnPeriod(2026, "H1")
        assert compile_figures(period, fast.facts(period)) == compile_figures(
            period, slow.facts(period))
        assert fast.care_minutes and fast.paid and fast.visits
        # Split by aggregate across this process and a spawned one: the same figures.
        alone = recounting.recount(app, period, head, now, workers=1)
        shared = recounting.recount(app, period, head, now, workers=2)
        assert shared == alone
        assert alone.figures == compile_figures(period, fast.facts(period))


def test_an_event_recorded_after_the_cut_off_or_at_an_older_version_is_not_folded_hot(
) -> None:
    log = recounting._Log()
    topic = next(iter(recounting._HOT))  # a social worker's visit
    state = {"timestamp": {"_type_": "datetime_iso", "_data_": "2026-05-02T10:00:00+00:00"},
             "visit": {"_sealed": "…", "subject": {}, "keep": {
                 "visit_id": {"_type_": "uuid_hex", "_data_": "0" * 32},
                 "visited_on": {"_type_": "date_iso", "_data_": "2026-05-01"}}},
             "meta": {"recorded_at": "2026-05-02T10:00:00+00:00"}}
    folder = recounting.uuid_from_hex("1" * 32)

    def stored(value: dict) -> recounting.Stored:
        return (1, folder, 1, topic, orjson.dumps(value))

    cut_off = datetime(2026, 5, 2, 9, tzinfo=UTC)
    assert recounting._fold_hot(log, stored(state), cut_off) is False
    assert log.visits == {}
    older = state | {"class_version": 0}
    assert recounting._fold_hot(log, stored(older), datetime.now(UTC)) is None
    odd = state | {"visit": {"_type_": "Other", "_data_": {}}}
    assert recounting._fold_hot(log, stored(odd), datetime.now(UTC)) is None
    assert log.visits == {}
    assert recounting._fold_hot(log, stored(state), datetime.now(UTC)) is True
    assert log.visits == {folder: {date(2026, 5, 1)}}
