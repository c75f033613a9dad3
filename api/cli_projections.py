"""`teczka projections …`: the read models' health, and skipping the one event a stalled
one stopped on (the same audited command as the admin screen's)."""

from __future__ import annotations

from uuid import UUID, uuid4

import typer

from api.messages import message
from domain.errors import DomainError
from services.commands import CommandContext
from services.errors import ServiceError
from services.projecting.commands import SkipProjectionEvent
from services.settings import Settings
from services.system import TeczkaSystem

# The operator who runs the CLI acts as IT's admin (as `teczka users` and `retention` do).
PROJECTIONS_CLI_ACTOR = UUID(int=1)
projections_cli = typer.Typer(help="Read models: positions, stalled ones, skipping an event",
                              invoke_without_command=True)


@projections_cli.callback()
def show(context: typer.Context) -> None:
    """Every projection's position and lag; a stalled one with the event and error. Exits 1
    while any is stalled (for a monitoring check)."""
    if context.invoked_subcommand is not None:
        return
    with TeczkaSystem(Settings(), run_projectors=False) as system:
        health = system.projection_admin.health()
    typer.echo(f"head of the log: {health['head']}")
    for projection in health["projections"]:
        for gen in projection["generations"]:
            state = "STALLED" if gen["stall"] else gen["status"]
            typer.echo(f"  {projection['name']:<18} g{gen['generation']:<3} {state:<9} "
                       f"position {gen['position']:>9}  lag {gen['lag']}")
    for stall in health["stalled"]:
        error = stall["error"].strip().splitlines()[-1] if stall["error"].strip() else ""
        typer.echo(f"\n{stall['projection']} (generation {stall['generation']}) stalled at "
                   f"event {stall['event_position']}: {stall['topic']} of "
                   f"{stall['originator_id']} v{stall['originator_version']}, since "
                   f"{stall['stalled_at']:%Y-%m-%d %H:%M:%S} ({stall['attempts']} attempts)\n"
                   f"  {error}\n  skip it: teczka projections skip {stall['projection']} "
                   f"{stall['event_position']} --reason \"…\"")
    if health["stalled"]:
        raise typer.Exit(1)


@projections_cli.command()
def skip(
    name: str,
    event_position: int,
    reason: str = typer.Option(..., help="Why the event is skipped (kept in the log)"),
    generation: int = typer.Option(None, help="Default: the generation stalled there"),
) -> None:
    """Skip the event projection NAME is stalled on at EVENT_POSITION (ProjectionEventSkipped
    in the log); the runner then moves it on. Refused unless it is stalled there."""
    ctx = CommandContext(command_id=uuid4(), actor_id=PROJECTIONS_CLI_ACTOR, role="admin",
                         unit="IT")
    with TeczkaSystem(Settings(), run_projectors=False) as system:
        try:
            result = system.app.handle(ctx, SkipProjectionEvent(
                projection=name, event_position=event_position, reason=reason,
                generation=generation))
        except (DomainError, ServiceError) as error:
            text = message(error.code)
            typer.echo(f"{error.code}: {text['pl']} / {text['en']}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"{name}: the event at position {event_position} is skipped (log position "
               f"{result.position}); the runner moves it on")
