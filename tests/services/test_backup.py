"""Backups: a restored store holds the same read models; damage is found; no plaintext leaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.store.backup import backup_events, backup_keys
from services.store.backup import verify as verify_with
from services.store.backup_errors import BackupCorruptError, StoreNotEmptyError
from services.store.backup_signature import signer_for
from services.store.restore import restore_events, restore_keys
from services.synthetic.demo import load_demo_city
from services.system import TeczkaSystem
from tests.support.stores import STORES, settings_for, sqlite_settings


def verify(path: Path):
    """What `teczka verify` checks, with the tests' master key."""
    return verify_with(path, signer_for(sqlite_settings(path.parent)))


def _digests(system: TeczkaSystem) -> dict[str, str]:
    digests = {}
    with system.engine.connect() as conn:
        for projection in system.read_models.projections:
            tables, _position = projection.active_tables(conn)
            digests[projection.name] = projection.digest(conn, tables)
    return digests


def _demo_people(system: TeczkaSystem) -> list[tuple[str, str]]:
    """(surname, PESEL) of every demo person, read back from the event log."""
    people = []
    for n in system.app.recorder.select_notifications(start=1, limit=100_000):
        if n.topic.endswith(("CaseFolderOpened", "HouseholdMemberAdded")):
            event = system.app.mapper.to_domain_event(n)
            member = getattr(event, "head", None) or event.member
            people.append((member.last_name, member.pesel))
    return people


@pytest.fixture(scope="module", params=STORES)
def original(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The demo city and its backup files, made once per store: the tests only read them."""
    tmp_path = tmp_path_factory.mktemp("original")
    with settings_for(request.param, tmp_path, request) as settings, \
            TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=2)
        system.catch_up()
        events, keys = tmp_path / "events.jsonl", tmp_path / "keys.jsonl"
        backup_events(system, events)
        backup_keys(system, keys)
        yield system, events, keys


def test_a_restored_store_has_the_same_projections_as_the_original(
        original, request, tmp_path):
    system, events, keys = original
    store = "postgres" if system.settings.is_postgres else "sqlite"
    with (settings_for(store, tmp_path / "restored", request) as target_settings,
          TeczkaSystem(target_settings, run_projectors=False) as target):
        restore_keys(target, keys)
        summary = restore_events(target, events)
        assert summary.count == system.app.head_position()
        assert target.app.head_position() == summary.count
        assert _digests(target) == _digests(system)
        with pytest.raises(StoreNotEmptyError):
            restore_events(target, events)
        with pytest.raises(StoreNotEmptyError):
            restore_keys(target, keys)


def test_the_event_backup_holds_no_plaintext_name_or_pesel(original):
    system, events, _keys = original
    people = _demo_people(system)
    assert len(people) >= 8
    content = events.read_bytes()
    for surname, pesel in people:
        assert surname.encode() not in content
        assert pesel.encode() not in content


def test_verify_accepts_an_intact_backup(original):
    _system, events, keys = original
    assert verify(events).count > 0
    assert verify(keys).count > 0


def _bad_line(path: Path) -> int:
    with pytest.raises(BackupCorruptError) as caught:
        verify(path)
    return caught.value.line


def test_verify_names_the_line_with_a_flipped_byte(original, tmp_path):
    _system, events, _keys = original
    lines = events.read_bytes().splitlines(keepends=True)
    line = bytearray(lines[5])
    at = line.index(b'"state":"') + 12
    line[at] = ord("A") if line[at] != ord("A") else ord("B")
    lines[5] = bytes(line)
    damaged = tmp_path / "flipped.jsonl"
    damaged.write_bytes(b"".join(lines))
    assert _bad_line(damaged) == 6


def test_verify_names_the_line_after_a_deleted_one(original, tmp_path):
    _system, events, _keys = original
    lines = events.read_bytes().splitlines(keepends=True)
    damaged = tmp_path / "deleted.jsonl"
    damaged.write_bytes(b"".join(lines[:7] + lines[8:]))
    assert _bad_line(damaged) == 8


def test_verify_finds_a_truncated_file(original, tmp_path):
    _system, events, _keys = original
    content = events.read_bytes()
    cut_mid_line = tmp_path / "cut.jsonl"
    cut_mid_line.write_bytes(content[: len(content) // 2])
    assert _bad_line(cut_mid_line) > 1
    lines = content.splitlines(keepends=True)
    no_trailer = tmp_path / "no-trailer.jsonl"
    no_trailer.write_bytes(b"".join(lines[:-1]))
    assert _bad_line(no_trailer) == len(lines)


def test_a_damaged_backup_restores_nothing(original, request, tmp_path):
    system, events, _keys = original
    lines = events.read_bytes().splitlines(keepends=True)
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_bytes(b"".join(lines[:-3] + lines[-2:]))
    store = "postgres" if system.settings.is_postgres else "sqlite"
    with (settings_for(store, tmp_path / "restored", request) as target_settings,
          TeczkaSystem(target_settings, run_projectors=False) as target):
        with pytest.raises(BackupCorruptError):
            restore_events(target, damaged)
        assert target.app.head_position() == 0
