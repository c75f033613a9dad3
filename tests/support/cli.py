"""Run the `teczka` command as an operator would: a process of its own, settings from the
environment."""

from __future__ import annotations

import os
import subprocess
import sys

from services.settings import Settings


def cli_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["TECZKA_DATA_DIR"] = str(settings.data_dir)
    env["TECZKA_SECRET_KEY"] = settings.secret_key.get_secret_value()
    env["TECZKA_MASTER_KEY"] = settings.master_key.get_secret_value()
    if settings.database_url:
        env["TECZKA_DATABASE_URL"] = settings.database_url
    return env


def run_teczka(settings: Settings, *args: str, timeout: float = 120,
               unset: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    env = {name: value for name, value in cli_env(settings).items() if name not in unset}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)
