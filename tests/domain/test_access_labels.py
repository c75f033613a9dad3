"""Every kind of read and every purpose the access log records has its words in the manager's
access log, in both languages (tablet_ui/src/i18n/audit.ts): a kind added without them would
show its raw code on the screen."""

from __future__ import annotations

import re
from pathlib import Path

from domain.access import PURPOSE_OF_ROLE, ViewKind

CATALOGUE = Path(__file__).resolve().parents[2] / "tablet_ui" / "src" / "i18n" / "audit.ts"


def _keys(language: str) -> set[str]:
    text = CATALOGUE.read_text(encoding="utf-8")
    start = text.index(f"export const {language}")
    end = text.find("export const", start + 1)
    return set(re.findall(r"'(audit\.(?:view|purpose)\.[a-z_]+)'", text[start:end]))


def test_every_view_kind_and_purpose_has_its_label_in_polish_and_english():
    wanted = ({f"audit.view.{kind.value}" for kind in ViewKind}
              | {f"audit.purpose.{purpose}" for purpose in set(PURPOSE_OF_ROLE.values())})
    for language in ("pl", "en"):
        assert wanted - _keys(language) == set(), language
