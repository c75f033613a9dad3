"""Write a synthetic Wrocław into the configured (empty) store: a thin entry point.

    .venv/bin/python scripts/generate_city.py --seed 1 --scale 1.0

The same as `teczka generate`; settings come from TECZKA_* variables.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.cli import cli

if __name__ == "__main__":
    cli(["generate", *sys.argv[1:]])
