"""`teczka returns …`: show, submit, verify and export a statistical return from the shell."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated
from uuid import UUID, uuid4

import typer

from api.messages import message
from api.progress import progress_bar
from api.return_exports import to_csv, to_html, to_xlsx
from api.return_gus import to_gus_csv, to_gus_xml
from domain.errors import DomainError
from domain.mrpips03 import ReturnPeriod
from domain.mrpips03_checks import check_figures
from domain.office_day import today_in_poland
from services.commands import CommandContext
from services.errors import ServiceError
from services.returns.commands import SubmitReturn
from services.settings import Settings
from services.system import TeczkaSystem

# The operator who runs the CLI acts as the centre's manager for returns.
RETURNS_CLI_ACTOR = UUID(int=2)
returns_cli = typer.Typer(help="Statistical returns MRPiPS-03 (part: H1 or Y)")


@contextmanager
def _system() -> Iterator[TeczkaSystem]:
    """The system, caught up; a refusal is printed with its message, not a traceback."""
    try:
        with TeczkaSystem(Settings(), run_projectors=False) as system:
            system.catch_up()
            yield system
    except (DomainError, ServiceError) as error:
        text = message(error.code)
        typer.echo(f"{error.code}: {text['pl']} / {text['en']}", err=True)
        for failure in getattr(error, "params", {}).get("failures", []):
            typer.echo(f"  {failure['rule']} {failure['row']} {failure['figures']}", err=True)
        raise typer.Exit(1) from None


def _ctx() -> CommandContext:
    return CommandContext(command_id=uuid4(), actor_id=RETURNS_CLI_ACTOR, role="manager",
                          unit="MOPS")


@returns_cli.command("show")
def show(year: int, part: str, as_of: Annotated[
        datetime | None, typer.Option(help="Recorded time (ISO); default now")] = None) -> None:
    """Print the figures as the data stands now (or as of a recorded time)."""
    with _system() as system:
        figures = system.returns.live(ReturnPeriod(year, part), as_of)
    total = figures.figures["benefits"]["total"]
    typer.echo(f"MRPiPS-03 {year} {part}: position {figures.position}, as of "
               f"{figures.as_of.isoformat()}, sha256 {figures.content_hash}")
    typer.echo(f"persons granted benefits: {total['persons']}, families: {total['families']}"
               f", persons in families: {total['family_persons']}")
    failures = check_figures(figures.figures)
    for failure in failures:  # the form's rules (docs/returns.md): these block submission
        typer.echo(f"rule broken: {failure.rule} {failure.row} {failure.figures}")
    typer.echo("the form's consistency rules hold" if not failures
               else f"{len(failures)} consistency rule(s) broken: cannot be submitted")


@returns_cli.command("submit")
def submit(year: int, part: str) -> None:
    """Compile the return now and submit it (freeze the figures)."""
    period = ReturnPeriod(year, part)
    with _system() as system:
        compiled, figures = system.returns.compile(_ctx(), period)
        system.app.handle(_ctx(), SubmitReturn(
            period=period, expected_version=compiled.version, reviewed_hash=figures.content_hash,
            submitted_on=today_in_poland()))
    typer.echo(f"submitted {year} {part}: sha256 {figures.content_hash} at position "
               f"{figures.position}")


@returns_cli.command("verify")
def verify(year: int, part: str) -> None:
    """Recount the submitted return from the event log; exit 1 if it differs."""
    with _system() as system, progress_bar("events recounted") as tell:
        v = system.returns.verify(ReturnPeriod(year, part), progress=tell)
    typer.echo(f"recounted {v.events_read} events up to position {v.position} as of "
               f"{v.as_of.isoformat()} in {v.seconds:.2f} s")
    if not v.equal:
        for d in v.differences:
            typer.echo(f"  {d['path']}: submitted {d['before']}, recounted {d['after']}")
        typer.echo("DIFFERENT", err=True)
        raise typer.Exit(1)
    typer.echo(f"EQUAL: sha256 {v.recounted_hash}")


@returns_cli.command("export")
def export(year: int, part: str, file: Path, source: Annotated[
        str, typer.Option(help="submitted or live")] = "submitted") -> None:
    """Write the return to FILE: .csv, .xlsx or .html, or in the statistical office's data
    layout .gus.csv or .gus.xml (by its extension)."""
    renders = {".gus.csv": to_gus_csv, ".gus.xml": to_gus_xml, ".csv": to_csv,
               ".xlsx": to_xlsx, ".html": to_html}
    render = next((r for ending, r in renders.items() if file.name.endswith(ending)), None)
    if render is None:
        raise typer.BadParameter("FILE must end in .csv, .xlsx, .html, .gus.csv or .gus.xml")
    period = ReturnPeriod(year, part)
    with _system() as system:
        doc = system.returns.for_export(period, source)
    file.write_bytes(render(doc))
    typer.echo(f"wrote {file}")
