"""Backups are signed: a file changed and re-chained, unsigned or signed elsewhere is refused
by `verify` and by `restore`, and a refused restore writes nothing — not even the keys."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

import services.store.restore
from services.store.backup import backup_events, backup_keys
from services.store.backup import verify as verify_with
from services.store.backup_errors import (
    BackupCorruptError,
    BackupForgedError,
    BackupOtherKeyError,
    BackupUnsignedError,
    StoreNotEmptyError,
)
from services.store.backup_signature import BackupSigner, signer_for
from services.store.restore import key_count, restore
from services.synthetic.demo import load_demo_city
from services.system import TeczkaSystem
from tests.support.backups import make_analyst_an_admin, rechain, register_analyst
from tests.support.stores import STORES, settings_for


@pytest.fixture(scope="module", params=STORES)
def original(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    tmp_path = tmp_path_factory.mktemp("original")
    with settings_for(request.param, tmp_path, request) as settings, \
            TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=1)
        register_analyst(system)
        system.catch_up()
        events, keys = tmp_path / "events.jsonl", tmp_path / "keys.jsonl"
        backup_events(system, events)
        backup_keys(system, keys)
        yield system, events, keys


@pytest.fixture
def target(original, request, tmp_path):
    """An empty installation of the same store, with the same master key."""
    system, _events, _keys = original
    store = "postgres" if system.settings.is_postgres else "sqlite"
    with (settings_for(store, tmp_path / "target", request) as settings,
          TeczkaSystem(settings, run_projectors=False) as empty):
        yield empty


def _signer(system: TeczkaSystem) -> BackupSigner:
    return signer_for(system.settings)


def _assert_empty(system: TeczkaSystem) -> None:
    assert system.app.head_position() == 0
    assert key_count(system) == 0


def test_an_edited_and_rechained_event_backup_is_reported_forged(original, tmp_path):
    system, events, _keys = original
    forged = rechain(events, tmp_path / "forged.jsonl", make_analyst_an_admin)
    assert forged.read_bytes() != events.read_bytes()  # the edit took
    with pytest.raises(BackupForgedError):
        verify_with(forged, _signer(system))


def test_a_forged_backup_restores_nothing(original, target, tmp_path):
    _system, events, keys = original
    forged = rechain(events, tmp_path / "forged.jsonl", make_analyst_an_admin)
    with pytest.raises(BackupForgedError):
        restore(target, forged, keys, require_keys=True)
    _assert_empty(target)


def test_a_damaged_event_file_with_good_keys_leaves_both_tables_empty(original, target, tmp_path):
    _system, events, keys = original
    lines = events.read_bytes().splitlines(keepends=True)
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_bytes(b"".join(lines[:4] + lines[5:]))
    with pytest.raises(BackupCorruptError):
        restore(target, damaged, keys, require_keys=True)
    _assert_empty(target)


def test_a_forged_keys_file_restores_neither_keys_nor_events(original, target, tmp_path):
    _system, events, keys = original

    def drop_a_key(fields: dict[str, Any]) -> None:
        if fields["kind"] == "record" and fields["wrapped_key"]:
            fields["wrapped_key"] = None

    forged = rechain(keys, tmp_path / "keys-forged.jsonl", drop_a_key)
    with pytest.raises(BackupForgedError):
        restore(target, events, forged, require_keys=True)
    _assert_empty(target)


def test_an_unsigned_backup_of_the_old_format_is_refused_as_unsigned(original, target, tmp_path):
    system, events, keys = original

    def as_version_1(fields: dict[str, Any]) -> None:
        if fields["kind"] == "header":
            fields["format"] = "teczka-events/1"
        fields.pop("signature", None)

    old = rechain(events, tmp_path / "old.jsonl", as_version_1)
    with pytest.raises(BackupUnsignedError):
        verify_with(old, _signer(system))
    with pytest.raises(BackupUnsignedError):
        restore(target, old, keys, require_keys=True)
    _assert_empty(target)


def test_a_signature_moved_to_another_file_or_a_swapped_file_kind_does_not_pass(
        original, tmp_path):
    system, events, keys = original
    # The keys file's trailer signature, pasted onto a forged event file's trailer.
    keys_signature = orjson.loads(keys.read_bytes().splitlines()[-1])["signature"]

    def forge_and_borrow(fields: dict[str, Any]) -> None:
        make_analyst_an_admin(fields)
        if fields["kind"] == "trailer":
            fields["signature"] = keys_signature

    with pytest.raises(BackupForgedError):
        verify_with(rechain(events, tmp_path / "borrowed.jsonl", forge_and_borrow),
                    _signer(system))


def test_a_backup_signed_with_another_master_key_names_the_key(original):
    system, events, _keys = original
    with pytest.raises(BackupOtherKeyError) as caught:
        verify_with(events, BackupSigner(bytes(32)))
    assert caught.value.stated == _signer(system).key_id


def test_restore_refuses_a_store_that_holds_keys_before_writing_any_event(original, target):
    _system, events, keys = original
    restore(target, None, keys)
    with pytest.raises(StoreNotEmptyError):
        restore(target, events, keys)
    assert target.app.head_position() == 0


def test_a_good_pair_restores_together(original, target):
    system, events, keys = original
    summary = restore(target, events, keys, require_keys=True)
    assert summary.events.count == system.app.head_position() == target.app.head_position()
    assert key_count(target) == key_count(system)


def test_a_file_changed_between_the_check_and_the_write_leaves_nothing_written(
        original, target, tmp_path, monkeypatch):
    """The write reads the file again: were it swapped for a forged one after the check, its
    signature fails only at its end, after the keys and most events were inserted — the one
    transaction rolls all of them back."""
    _system, events, keys = original
    swapped = tmp_path / "swapped.jsonl"
    swapped.write_bytes(events.read_bytes())
    checked = services.store.restore.verify

    def check_then_swap(path, signer, family=None):
        summary = checked(path, signer, family)
        if path == swapped:
            rechain(events, swapped, make_analyst_an_admin)
        return summary

    monkeypatch.setattr(services.store.restore, "verify", check_then_swap)
    monkeypatch.setattr(services.store.restore, "BATCH", 10)  # events are inserted before the end
    with pytest.raises(BackupForgedError):
        restore(target, swapped, keys, require_keys=True)
    _assert_empty(target)
