"""Write the API's OpenAPI document to openapi.json, or check that it is up to date.

    .venv/bin/python scripts/export_openapi.py          # write openapi.json
    .venv/bin/python scripts/export_openapi.py --check  # exit 1 if it differs from the app's

Then `cd tablet_ui && npm run api-types` regenerates the tablet's types from it
(src/api-types.ts). A municipality's document: the one the tablet talks to.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.app import create_app  # noqa: E402
from api.openapi import exported  # noqa: E402
from services.settings import Settings  # noqa: E402

COMMITTED = ROOT / "openapi.json"


def current_document() -> str:
    """The document of a municipality's API (nothing is opened: the app is only built)."""
    with tempfile.TemporaryDirectory() as data_dir:
        return exported(create_app(Settings(data_dir=Path(data_dir), level="municipality")))


def main(argv: list[str]) -> int:
    text = current_document()
    if "--check" in argv:
        if not COMMITTED.exists() or COMMITTED.read_text(encoding="utf-8") != text:
            print("openapi.json differs from the API: run scripts/export_openapi.py",
                  file=sys.stderr)
            return 1
        return 0
    COMMITTED.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
