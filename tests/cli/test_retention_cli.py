"""`teczka retention` shows its progress (folders erased of those past retention) on stderr
and keeps its summary on stdout."""

from __future__ import annotations

from services.system import TeczkaSystem
from tests.support.cli import run_teczka


def test_retention_shows_a_progress_bar_and_its_summary(settings):
    with TeczkaSystem(settings, run_projectors=False):
        pass  # the store's tables exist
    done = run_teczka(settings, "retention")
    assert done.returncode == 0, done.stderr
    assert "erased the personal data of 0 folder(s)" in done.stdout
    assert "folders erased" in done.stderr
