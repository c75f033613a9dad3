"""`teczka verify` tells damage from forgery; `teczka restore FILE --keys KEYS` refuses a
forged or damaged file and then leaves the store and its key table empty."""

from __future__ import annotations

import pytest

from services.store.restore import key_count
from services.synthetic.demo import load_demo_city
from services.system import TeczkaSystem
from tests.support.backups import make_analyst_an_admin, rechain, register_analyst
from tests.support.cli import run_teczka
from tests.support.stores import settings_for


@pytest.fixture
def backed_up(settings, tmp_path):
    with TeczkaSystem(settings, run_projectors=False) as system:
        load_demo_city(system.app, folders_per_worker=1)
        register_analyst(system)
    events, keys = tmp_path / "events.jsonl", tmp_path / "keys.jsonl"
    written = run_teczka(settings, "backup", str(events))
    assert written.returncode == 0
    head = int(written.stdout.split()[0])
    assert "events written ━" in written.stderr and f"{head}/{head}" in written.stderr
    assert run_teczka(settings, "backup-keys", str(keys)).returncode == 0
    return settings, events, keys


@pytest.fixture
def empty(settings, request, tmp_path):
    store = "postgres" if settings.is_postgres else "sqlite"
    with settings_for(store, tmp_path / "empty", request) as target:
        yield target


def test_verify_says_a_good_backup_is_whole_and_signed(backed_up):
    settings, events, keys = backed_up
    for path in (events, keys):
        done = run_teczka(settings, "verify", str(path))
        assert done.returncode == 0, done.stderr
        assert "hash chain whole, signed by this installation" in done.stdout


def test_verify_reports_a_rechained_edit_as_forged(backed_up, tmp_path):
    settings, events, _keys = backed_up
    forged = rechain(events, tmp_path / "forged.jsonl", make_analyst_an_admin)
    done = run_teczka(settings, "verify", str(forged))
    assert done.returncode == 1
    assert "FORGED" in done.stderr and "signature does not match" in done.stderr


def test_verify_reports_a_changed_line_as_damage_naming_it(backed_up, tmp_path):
    settings, events, _keys = backed_up
    lines = events.read_bytes().splitlines(keepends=True)
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_bytes(b"".join(lines[:2] + lines[3:]))
    done = run_teczka(settings, "verify", str(damaged))
    assert done.returncode == 1
    assert "DAMAGED at line 3" in done.stderr and "hash chain" in done.stderr


def test_verify_without_the_master_key_checks_the_chain_and_says_the_signature_was_not(
        backed_up, tmp_path):
    settings, events, _keys = backed_up
    elsewhere = settings.model_copy(update={"data_dir": tmp_path / "elsewhere",
                                            "database_url": None})
    done = run_teczka(elsewhere, "verify", str(events), unset=("TECZKA_MASTER_KEY",))
    assert done.returncode == 1
    assert "SIGNATURE NOT CHECKED" in done.stderr
    assert not (tmp_path / "elsewhere" / "master.key").exists()  # none was invented


def test_restore_of_a_forged_file_with_good_keys_writes_nothing(backed_up, empty, tmp_path):
    _settings, events, keys = backed_up
    forged = rechain(events, tmp_path / "forged.jsonl", make_analyst_an_admin)
    done = run_teczka(empty, "restore", str(forged), "--keys", str(keys))
    assert done.returncode == 1
    assert "restore refused, nothing written" in done.stderr and "FORGED" in done.stderr
    with TeczkaSystem(empty, run_projectors=False) as target:
        assert target.app.head_position() == 0
        assert key_count(target) == 0


def test_restore_of_a_damaged_file_with_good_keys_writes_no_keys(backed_up, empty, tmp_path):
    _settings, events, keys = backed_up
    lines = events.read_bytes().splitlines(keepends=True)
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_bytes(b"".join(lines[:-3] + lines[-2:]))
    done = run_teczka(empty, "restore", str(damaged), "--keys", str(keys))
    assert done.returncode == 1
    with TeczkaSystem(empty, run_projectors=False) as target:
        assert target.app.head_position() == 0
        assert key_count(target) == 0


def test_restore_of_a_good_pair_brings_back_every_event_and_key(backed_up, empty):
    settings, events, keys = backed_up
    done = run_teczka(empty, "restore", str(events), "--keys", str(keys))
    assert done.returncode == 0, done.stderr
    assert "records restored" in done.stderr and "projections built" in done.stderr
    with (TeczkaSystem(settings, run_projectors=False) as source,
          TeczkaSystem(empty, run_projectors=False) as target):
        assert target.app.head_position() == source.app.head_position()
        assert key_count(target) == key_count(source) > 0
