"""The key store's caches stay bounded: past their size the least recently used entry is
forgotten (not all at once), and an entry past its time is read from the table again."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, event

from services.store import personal_data
from services.store.personal_data import KeyStore

clock = [1000.0]  # the caches' clock, moved by hand


@pytest.fixture
def counted(tmp_path, monkeypatch):
    """A key store over a fresh SQLite file with small caches, and how many SELECTs of the
    key table it has made."""
    monkeypatch.setattr(personal_data, "KEY_CACHE_MAX", 3)
    monkeypatch.setattr(personal_data, "ERASURE_CACHE_MAX", 3)
    clock[0] = 1000.0
    engine = create_engine(f"sqlite:///{tmp_path / 'keys.db'}")
    selects = []

    @event.listens_for(engine, "before_cursor_execute")
    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    keys = KeyStore(engine, os.urandom(32), timer=lambda: clock[0])
    yield keys, selects
    engine.dispose()


def subjects(n: int) -> list[uuid.UUID]:
    return [uuid.UUID(int=i + 1) for i in range(n)]


def test_the_key_cache_forgets_the_least_recently_used_key_not_all(counted):
    keys, selects = counted
    a, b, c, d = subjects(4)
    for subject in (a, b, c):
        keys.key_for_writing(subject)
    keys.key_for_reading(a)  # a is used again: b is now the least recently used
    keys.key_for_writing(d)  # a fourth key: one is forgotten
    before = len(selects)

    for subject in (a, c, d):
        keys.key_for_reading(subject)
    assert len(selects) == before  # still cached
    keys.key_for_reading(b)
    assert len(selects) == before + 1  # forgotten, read from the table again
    assert len(keys._cache) <= 3


def test_a_cached_key_is_read_again_once_its_time_is_up(counted):
    keys, selects = counted
    (a,) = subjects(1)
    keys.key_for_writing(a)
    before = len(selects)
    clock[0] += personal_data.KEY_CACHE_TTL_S - 1
    keys.key_for_reading(a)
    assert len(selects) == before
    clock[0] += 2
    keys.key_for_reading(a)
    assert len(selects) == before + 1


def test_the_erasure_cache_stays_bounded_and_forgets_the_least_recently_used(counted):
    keys, selects = counted
    a, b, c, d = subjects(4)
    keys.learn_erased([a, b, c])
    assert keys.any_erased([a])  # a used again: b is now the least recently used
    keys.learn_erased([d])
    assert len(keys._erasure) == 3
    before = len(selects)
    assert keys.any_erased([a]) and keys.any_erased([c]) and keys.any_erased([d])
    assert len(selects) == before
    keys.any_erased([b])  # forgotten: asked of the table again
    assert len(selects) == before + 1
