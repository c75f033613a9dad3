"""A PDF's text as a reader sees it, through `pdftotext` (Debian's poppler-utils): golden
tests read documents by their words, never by their bytes. Missing, it skips the test
locally and fails it when CI=true (.ci/run installs it)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.support.stores import IN_CI


def pdftotext_or_skip() -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        reason = "pdftotext (poppler-utils) is not installed"
        if IN_CI:
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(f"{reason} (CI=true would fail here)")
    return tool


def pdf_text(pdf: bytes) -> str:
    """The text of the PDF, its words on one line each paragraph as laid out (no hyphen
    breaks: `pdftotext -raw` keeps a word split at a line's end, so lines are joined)."""
    done = subprocess.run([pdftotext_or_skip(), "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split()).replace("\u00ad ", "")


def pdf_info(pdf: bytes) -> str:
    tool = shutil.which("pdfinfo") or pytest.skip("pdfinfo is not installed")
    return subprocess.run([tool, "-"], input=pdf, capture_output=True, check=True
                          ).stdout.decode("utf-8", "replace")
