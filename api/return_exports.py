"""A return laid out like the form's sections: CSV, XLSX (openpyxl) and printable HTML with
charts of the main figures. Every export is built from the same rows."""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from api.return_labels import (
    COLUMNS,
    FAMILY_TYPES,
    FORMS,
    HEADER,
    REASONS,
    SECTIONS,
    TASKS,
    both,
)
from domain.mrpips03_rows import LEGACY_LAYOUT, SUBROWS

FAMILY_COLUMNS = ("families", "family_persons", "rural_families", "rural_family_persons")


@dataclass(frozen=True)
class Section:
    title: str
    header: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class Layout:
    """The return as a header block and sections of rows, ready for any format."""

    header: list[tuple[str, str]]
    sections: list[Section]


def layout(doc: dict[str, Any]) -> Layout:
    """``doc``: {year, part, figures, content_hash, position, as_of, submitted, layout}: the
    rows are the figures' own, so a return in the old layout is laid out in it."""
    f = doc["figures"]
    period = f"{doc['year']} {both(HEADER[doc['part']])}"
    header = [
        (both(HEADER["period"]), period),
        (both(HEADER["status"]), both(HEADER["submitted" if doc["submitted"] else "draft"])),
        (both(HEADER["as_of"]), doc["as_of"]),
        (both(HEADER["position"]), str(doc["position"])),
        (both(HEADER["content_hash"]), doc["content_hash"]),
        (both(HEADER["layout"]), doc.get("layout", LEGACY_LAYOUT)),
    ]
    cols = ("persons", "benefits", "amount", "families", "family_persons")
    benefit_rows = []
    for form, tasks in f["benefits"].items():
        if form == "total":
            continue
        for task, cell in tasks.items():
            benefit_rows.append([both(FORMS.get(form, (form, form))), both(TASKS[task]),
                                 *(cell[c] for c in cols)])
    total = f["benefits"]["total"]
    benefit_rows.append([both(COLUMNS["total"]), "", total["persons"], "", "",
                         total["families"], total["family_persons"]])
    reason_rows = [[f"{code}. {both(REASONS.get(code, (code, code)))}",
                    *(block[c] for c in FAMILY_COLUMNS)]
                   for code, block in f["reasons"].items()]
    sw = f["social_work"]
    sc = f["social_contracts"]
    types = [[both(FAMILY_TYPES.get(name, (name, name))), block["families"],
              block["family_persons"]] for name, block in f.get("family_types", {}).items()]
    return Layout(header, [
        Section(both(SECTIONS["benefits"]),
                [both(COLUMNS["form"]), both(COLUMNS["task"]), *(both(COLUMNS[c]) for c in cols)],
                benefit_rows),
        Section(both(SECTIONS["reasons"]),
                [both(COLUMNS["reason"]), *(both(COLUMNS[c]) for c in FAMILY_COLUMNS)],
                reason_rows),
        Section(both(SECTIONS["social_work"]), [both(COLUMNS[c]) for c in FAMILY_COLUMNS],
                [[sw[c] for c in FAMILY_COLUMNS]]),
        Section(both(SECTIONS["social_contracts"]),
                [both(COLUMNS[c]) for c in ("contracts", "persons", "families")],
                [[sc["contracts"], sc["persons"], sc["families"]]]),
        *([Section(both(SECTIONS["family_types"]),
                   [both(HEADER["type"]), both(COLUMNS["families"]),
                    both(COLUMNS["family_persons"])], types)] if types else []),
    ])


def to_csv(doc: dict[str, Any]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Polish letters."""
    out = io.StringIO()
    writer = csv.writer(out)
    page = layout(doc)
    writer.writerow([both(HEADER["title"])])
    writer.writerows(page.header)
    for section in page.sections:
        writer.writerow([])
        writer.writerow([section.title])
        writer.writerow(section.header)
        writer.writerows(section.rows)
    return ("\ufeff" + out.getvalue()).encode()


def _number(value: Any) -> Any:
    if isinstance(value, str) and value.replace(".", "", 1).isdigit():
        return Decimal(value)
    return value


def to_xlsx(doc: dict[str, Any]) -> bytes:
    page = layout(doc)
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook holds one worksheet, active
    sheet.title = "MRPiPS-03"
    bold = Font(bold=True)
    sheet.append([both(HEADER["title"])])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in page.header:
        sheet.append([label, value])
    for section in page.sections:
        sheet.append([])
        sheet.append([section.title])
        sheet.cell(sheet.max_row, 1).font = bold
        sheet.append(section.header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in section.rows:
            sheet.append([_number(v) for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
    sheet.column_dimensions["A"].width = 60
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 22
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bars(title: str, items: list[tuple[str, float]], unit: str = "") -> str:
    """A horizontal bar chart as inline SVG: prints on paper and needs nothing at run time."""
    items = [(label, value) for label, value in items if value > 0] or [("—", 0.0)]
    top = max(value for _, value in items) or 1.0
    row, label_w, bar_w = 26, 330, 360
    height = row * len(items) + 10
    parts = [f'<figure><figcaption>{html.escape(title)}</figcaption>'
             f'<svg role="img" aria-label="{html.escape(title)}" width="{label_w + bar_w + 120}"'
             f' height="{height}" viewBox="0 0 {label_w + bar_w + 120} {height}">']
    for i, (label, value) in enumerate(items):
        y = i * row + 4
        width = bar_w * value / top
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{html.escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{width:.1f}" height="18" fill="#1f5f8b"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 15}">{value:,.0f}{unit}</text>')
    parts.append("</svg></figure>")
    return "".join(parts)


def charts(doc: dict[str, Any]) -> str:
    f = doc["figures"]["benefits"]
    # One bar a form of help: its sub-rows and the cash / non-cash totals would count twice.
    forms = [(FORMS.get(form, (form, form))[0], tasks)
             for form, tasks in f.items() if form != "total" and form not in SUBROWS]
    persons = [(name, float(sum(c["persons"] for c in tasks.values()))) for name, tasks in forms]
    amount = [(name, float(sum(Decimal(c["amount"]) for c in tasks.values())))
              for name, tasks in forms]
    reasons = [(REASONS.get(code, (code, code))[0], float(block["families"]))
               for code, block in doc["figures"]["reasons"].items()]
    return (_bars(both(HEADER["chart_persons"]), persons)
            + _bars(both(HEADER["chart_amount"]), amount, " zł")
            + _bars(both(HEADER["chart_reasons"]), reasons))


def to_html(doc: dict[str, Any]) -> bytes:
    page = layout(doc)
    e = html.escape
    out = [
        '<!doctype html><html lang="pl"><head><meta charset="utf-8">',
        f"<title>{e(both(HEADER['title']))} {doc['year']} {doc['part']}</title>",
        "<style>body{font:14px system-ui,sans-serif;margin:2em;color:#111}"
        "table{border-collapse:collapse;margin:0 0 1.5em}th,td{border:1px solid #555;"
        "padding:4px 8px}td.n{text-align:right}th{background:#e8eef3}"
        "figure{margin:1em 0;page-break-inside:avoid}figcaption{font-weight:bold}"
        "svg text{font:12px system-ui,sans-serif}"
        "@media print{body{margin:0}h2{page-break-after:avoid}}</style></head><body>",
        f"<h1>{e(both(HEADER['title']))}</h1><table>",
        *(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in page.header),
        "</table>",
    ]
    for section in page.sections:
        out.append(f"<h2>{e(section.title)}</h2><table><tr>")
        out += [f"<th>{e(h)}</th>" for h in section.header]
        out.append("</tr>")
        for row in section.rows:
            cells = (f'<td class="n">{e(str(v))}</td>' if isinstance(v, int)
                     or _number(v) is not v else f"<td>{e(str(v))}</td>" for v in row)
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
    out.append(charts(doc))
    out.append("</body></html>")
    return "".join(out).encode()
