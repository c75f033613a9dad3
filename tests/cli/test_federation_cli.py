"""`teczka federation key` and `trust`: an operator pairs a municipality with its voivodeship."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from services.returns.federation import TrustRegistry


def teczka(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ) | {"TECZKA_DATA_DIR": str(data_dir)} | env
    environment.pop("TECZKA_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "api.cli", *args], env=environment,
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_voivodeship_trusts_the_key_a_municipality_prints(tmp_path):
    municipality, voivodeship = tmp_path / "wroclaw", tmp_path / "dolnoslaskie"

    printed = teczka(municipality, "federation", "key")
    again = teczka(municipality, "federation", "key")
    public_key = printed.stdout.split("public key:")[1].split()[0]
    key_id = printed.stdout.split("key id:")[1].split()[0]
    trusted = teczka(voivodeship, "federation", "trust", "0264011", "Wrocław", public_key,
                     TECZKA_LEVEL="voivodeship")

    assert printed.returncode == 0, printed.stderr
    assert again.stdout == printed.stdout  # generated once, then kept
    assert trusted.returncode == 0, trusted.stderr
    unit = TrustRegistry(voivodeship / "federation-trust.json").get("0264011")
    assert (unit.name, unit.public_key, unit.key_id) == ("Wrocław", public_key, key_id)


def test_trust_refuses_a_unit_of_the_wrong_level_and_a_bad_key(tmp_path):
    key = teczka(tmp_path / "m", "federation", "key").stdout.split("public key:")[1].split()[0]

    voivodeship_code = teczka(tmp_path / "v", "federation", "trust", "02", "Dolnośląskie", key,
                              TECZKA_LEVEL="voivodeship")
    bad_key = teczka(tmp_path / "v", "federation", "trust", "0264011", "Wrocław", "abc",
                     TECZKA_LEVEL="voivodeship")

    assert voivodeship_code.returncode == 1
    assert "federation.wrong_level" in voivodeship_code.stderr
    assert bad_key.returncode == 1
    assert "federation.invalid_public_key" in bad_key.stderr
    assert TrustRegistry(tmp_path / "v" / "federation-trust.json").units() == {}
