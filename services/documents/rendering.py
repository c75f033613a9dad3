"""Documents rendered to PDF/A-2b with Typst, in-process (docs/architecture.md, "Documents").

One template per kind (templates/<kind>.typ, sharing templates/common.typ); the facts come as
one JSON input (domain/documents.py, `document_facts`). Only the fonts shipped beside this
module are used (DejaVu Sans, with Polish letters; no system fonts), and the PDF's date is
the document's own, so the same facts give the same bytes on every machine.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any, Final, Literal

import typst

from domain.documents import DocumentKind, UnprintableTextError

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
FONTS = HERE / "fonts"

# Change it whenever a template's words change: a document records the version it was
# rendered with, and is rendered again with the templates of that version only.
TEMPLATE_VERSION = "2026-12-1"
RENDERER = f"typst {version('typst')}"
PDF_STANDARD: Final[Literal["a-2b"]] = "a-2b"  # PDF/A-2b: archival, fonts embedded

# Typst's refusal of a text no font it may use can show.
UNPRINTABLE = re.compile(r'the text `"(.{1,40}?)"` could not be displayed with font')

_local = threading.local()


def _compiler() -> typst.Compiler:
    """One compiler per thread (fonts read once; a compiler is not shared across threads)."""
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(root=str(TEMPLATES), font_paths=[str(FONTS)],
                                  ignore_system_fonts=True)
        _local.compiler = compiler
    return compiler


def render_pdf(kind: DocumentKind, facts: dict[str, Any], issued_on: date) -> bytes:
    """The document's PDF/A. CPU-bound (tens of ms): call it from a worker thread."""
    return render_template(DocumentKind(kind).value, facts, issued_on)


def render_template(name: str, facts: dict[str, Any], issued_on: date) -> bytes:
    """templates/<name>.typ with these facts as PDF/A, dated `issued_on`."""
    source = TEMPLATES / f"{name}.typ"
    timestamp = datetime(issued_on.year, issued_on.month, issued_on.day, tzinfo=UTC)
    try:
        pdf = _compiler().compile(
            input=str(source), format="pdf", pdf_standards=[PDF_STANDARD], timestamp=timestamp,
            sys_inputs={"facts": json.dumps(facts, ensure_ascii=False, sort_keys=True)})
    except typst.TypstError as error:
        # A character the shipped font has no glyph for (e.g. Thai in a reason) fails PDF/A:
        # the person typed it, so it is their request that is refused (422), not a crash.
        if unprintable := UNPRINTABLE.search(str(error)):
            raise UnprintableTextError(text=unprintable.group(1)) from error
        raise
    if not isinstance(pdf, bytes):  # a PDF is one file, never pages
        raise TypeError("typst returned no PDF")
    return pdf


def sha256(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()
