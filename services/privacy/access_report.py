"""The letter answering a data subject's art. 15 GDPR request: every access to the data of
their folder, by date, purpose, role and unit (names only if the DPO so decided), as a PDF/A
rendered with the documents' Typst layout (services/documents/)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from domain.office_day import POLAND
from services.documents.rendering import render_template
from services.settings import Settings

WARSAW = POLAND  # the office's zone (domain/office_day.py)


def _day(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def access_report_facts(
    entries: Iterable[dict[str, Any]], *, party_name: str, party_address: str,
    reference: str, settings: Settings, produced_on: date,
) -> dict[str, Any]:
    """What the letter states: the entries oldest first, in Warsaw time; a name only when
    `settings.access_report_names_staff`."""
    names = settings.access_report_names_staff
    rows = sorted(entries, key=lambda e: e["viewed_at"])
    times = [r["viewed_at"].astimezone(WARSAW) for r in rows]
    return {
        "authority": {"name": settings.authority_name, "address": settings.authority_address},
        "place": settings.authority_place, "date": _day(produced_on),
        "signatory": settings.authority_signatory, "case_reference": reference,
        "party": {"name": party_name, "address": party_address},
        "since": _day(times[0].date()) if times else _day(produced_on),
        "until": _day(times[-1].date()) if times else _day(produced_on),
        "names_staff": names,
        "entries": [
            {"at": at.strftime("%d.%m.%Y %H:%M"), "purpose": r["purpose"],
             "role": r["viewer_role"], "unit": r["viewer_unit"],
             **({"name": r.get("viewer_name") or ""} if names else {})}
            for r, at in zip(rows, times, strict=True)
        ],
    }


def render_access_report(facts: dict[str, Any], produced_on: date) -> bytes:
    """The letter's PDF/A-2b. CPU-bound: call it from a worker thread."""
    return render_template("access_report", facts, produced_on)
