"""The return as the statistical office's data layout: one variable a figure, named by its
section, row, task and measure, as CSV and as XML (docs/returns.md, "The GUS data layout").

The published MRPiPS-03 data format gives, for each form of help and separately for
commissioned tasks (zadania zlecone) and own tasks (zadania własne): persons granted the
benefit by decision, benefits, the amount in zł, families, and persons in those families.
Teczka could not find the official variable names of the CAS application, so it defines its
own, stable naming below (to be confirmed against the GUS/CAS format): a variable is

    D{section}_{row}[_{task}]_{measure}

``row`` is Teczka's stable row code (a form of help, a sub-row, an art. 7 reason code, a
family type), ``task`` Z (zlecone, commissioned) or W (własne, own) in section 1, and
``measure`` one of MEASURES. The rows are the figures' own: a return in the old layout
("2025") gives its variables only.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from domain.mrpips03_rows import LEGACY_LAYOUT

TASK_CODES = {"commissioned": "Z", "own": "W"}
# Polish abbreviations of the measures: osoby, świadczenia, kwota, rodziny, osoby w rodzinach,
# rodziny na wsi, osoby w rodzinach na wsi, kontrakty.
MEASURES = {
    "persons": "OS", "benefits": "SW", "amount": "KW", "families": "RO",
    "family_persons": "OR", "rural_families": "RW", "rural_family_persons": "ORW",
    "contracts": "KS",
}
SECTIONS = {"benefits": 1, "reasons": 2, "social_work": 3, "social_contracts": 4,
            "family_types": 5}
COLUMNS = ("variable", "section", "row", "task", "measure", "value")


@dataclass(frozen=True)
class Variable:
    name: str
    section: int
    row: str
    task: str
    measure: str
    value: int | str  # a count, or złoty with grosze ("1500.00")


def _block(section: int, row: str, task: str, figures: dict[str, Any]) -> Iterator[Variable]:
    for measure, value in figures.items():
        code = MEASURES[measure]
        name = "_".join(part for part in (f"D{section}", row, task, code) if part)
        yield Variable(name, section, row, task, code, value)


def variables(figures: dict[str, Any]) -> list[Variable]:
    """Every figure of the return as one variable, in the form's order."""
    found: list[Variable] = []
    for form, tasks in figures["benefits"].items():
        if form == "total":
            found += _block(1, "total", "", tasks)
            continue
        for task, cell in tasks.items():
            found += _block(1, form, TASK_CODES[task], cell)
    for code, block in figures["reasons"].items():
        found += _block(2, code, "", block)
    found += _block(3, "social_work", "", figures["social_work"])
    found += _block(4, "social_contracts", "", figures["social_contracts"])
    for name, block in figures.get("family_types", {}).items():
        found += _block(5, name, "", block)
    return found


def to_gus_csv(doc: dict[str, Any]) -> bytes:
    """One variable a line (`;`-separated, UTF-8 with a byte-order mark), after a line naming
    the form, period, layout and the figures' hash."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["#MRPiPS-03", f"{doc['year']}-{doc['part']}",
                     doc.get("layout", LEGACY_LAYOUT), doc["content_hash"]])
    writer.writerow(COLUMNS)
    for v in variables(doc["figures"]):
        writer.writerow([v.name, v.section, v.row, v.task, v.measure, v.value])
    return ("\ufeff" + out.getvalue()).encode()


def to_gus_xml(doc: dict[str, Any]) -> bytes:
    """``<return form="MRPiPS-03" …><variable name="…" …>value</variable>…</return>``."""
    root = ET.Element("return", {
        "form": "MRPiPS-03", "year": str(doc["year"]), "part": doc["part"],
        "layout": doc.get("layout", LEGACY_LAYOUT),
        "status": "submitted" if doc["submitted"] else "draft",
        "as_of": doc["as_of"], "content_hash": doc["content_hash"],
        "naming": "teczka-1 (to be confirmed against the GUS/CAS format)"})
    for v in variables(doc["figures"]):
        element = ET.SubElement(root, "variable", {
            "name": v.name, "section": str(v.section), "row": v.row, "task": v.task,
            "measure": v.measure})
        element.text = str(v.value)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
