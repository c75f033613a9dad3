"""The CLI's progress bars (rich): a long job (rebuild, backup, restore, retention, a
return's recount) is handed a callable it tells (done, total) as it goes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

Tell = Callable[[int, int], None]


@contextmanager
def progress_bar(label: str) -> Iterator[Tell]:
    """A bar on stderr (stdout keeps the job's summary for scripts); on a console that is
    not a terminal rich draws it once, at the end."""
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@contextmanager
def progress_bars(*labels: str) -> Iterator[list[Tell]]:
    """Several bars under one display (a restore: records written, then projections)."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True)) as bars:
        tasks = [bars.add_task(label, total=None) for label in labels]

        def teller(task) -> Tell:
            return lambda done, total: bars.update(task, completed=done, total=total)

        yield [teller(task) for task in tasks]
