"""`teczka returns …` from the shell: each command is its own process, so each must first
bring the read models up to what the previous one wrote."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from services.system import TeczkaSystem
from tests.support.municipality import add_late_spouse, build_municipality
from tests.support.stores import TEST_MASTER_KEY, TEST_SECRET, sqlite_settings


def teczka(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ) | {
        "TECZKA_DATA_DIR": str(data_dir), "TECZKA_SECRET_KEY": TEST_SECRET.get_secret_value(),
        "TECZKA_MASTER_KEY": TEST_MASTER_KEY.get_secret_value()}
    environment.pop("TECZKA_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "api.cli", "returns", *args], env=environment,
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_return_submitted_in_one_process_is_verified_and_exported_by_the_next(tmp_path):
    with TeczkaSystem(sqlite_settings(tmp_path), run_projectors=False) as system:
        build_municipality(system.app, deliver_care=False)

    submitted = teczka(tmp_path, "submit", "2026", "H1")
    verified = teczka(tmp_path, "verify", "2026", "H1")
    exported = teczka(tmp_path, "export", "2026", "H1", str(tmp_path / "h1.csv"))

    assert submitted.returncode == 0, submitted.stderr
    assert verified.returncode == 0, verified.stderr
    assert "EQUAL" in verified.stdout
    assert "events recounted" in verified.stderr  # its progress bar
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.reader(io.StringIO((tmp_path / "h1.csv").read_text("utf-8-sig"))))
    periodic = next(r for r in rows if r and r[0].startswith("Zasiłek okresowy")
                    and r[1].startswith("zadania własne"))
    assert periodic[2:] == ["1", "3", "1500.00", "1", "3"]


def test_a_refusal_is_a_message_in_both_languages_and_exit_code_1(tmp_path):
    with TeczkaSystem(sqlite_settings(tmp_path), run_projectors=False):
        pass

    early = teczka(tmp_path, "submit", "2099", "Y")
    unknown = teczka(tmp_path, "verify", "2026", "H2")

    assert early.returncode == 1
    assert "return.period_not_ended" in early.stderr and "has not ended" in early.stderr
    assert unknown.returncode == 1 and "return_period.invalid" in unknown.stderr


def test_a_return_breaking_the_form_s_rules_is_shown_so_and_not_submitted(tmp_path):
    with TeczkaSystem(sqlite_settings(tmp_path), run_projectors=False) as system:
        town = build_municipality(system.app, deliver_care=False)
        add_late_spouse(system.app, town, date.today())

    shown = teczka(tmp_path, "show", "2026", "H1")
    submitted = teczka(tmp_path, "submit", "2026", "H1")

    rule = "family_persons_at_least_persons benefits.special_purpose_allowance.own"
    assert shown.returncode == 0, shown.stderr
    assert f"rule broken: {rule}" in shown.stdout and "cannot be submitted" in shown.stdout
    assert submitted.returncode == 1
    assert "return.checks_failed" in submitted.stderr and rule in submitted.stderr
