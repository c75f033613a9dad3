"""The `teczka` command: serve the API, run projections, rebuild, load the demo, add users."""

from __future__ import annotations

import getpass
import logging
import signal
import threading
import time
from uuid import UUID, uuid4

import typer

from domain.user import Role
from projections import tracking
from services.commands import CommandContext
from services.demo import DemoUser, load_demo_city
from services.projector import Projector, lock_factory_for
from services.settings import Settings
from services.system import TeczkaSystem

cli = typer.Typer(help="Teczka — case folders for field social work", no_args_is_help=True)
ADMIN_CLI_ACTOR = UUID(int=1)


def _print_users(users: list[DemoUser]) -> None:
    typer.echo("\nUżytkownicy demonstracyjni / demo users (login — hasło / password):")
    for u in users:
        typer.echo(f"  {u.username:<20} {u.password:<18} {u.role:<20} {u.unit}")
    typer.echo("")


@cli.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    demo: bool = typer.Option(False, help="Load the demo city first (if empty) and print users"),
) -> None:
    """Run the HTTP API (and, on SQLite, the projections in-process)."""
    import uvicorn

    settings = Settings()
    if demo:
        with TeczkaSystem(settings, run_projectors=False) as system:
            users = load_demo_city(system.app)
            system.catch_up()
        _print_users(users)
    store = "PostgreSQL" if settings.is_postgres else f"SQLite ({settings.sqlite_path})"
    typer.echo(f"Teczka: http://{host}:{port}/  —  store: {store}")
    uvicorn.run(
        "api.app:create_app", factory=True, host=host, port=port, workers=workers,
        loop="uvloop", http="httptools", log_level="info",
    )


@cli.command()
def project() -> None:
    """Run the projections as their own process (one active runner each; others stand by)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = Settings()
    system = TeczkaSystem(settings, run_projectors=True).start()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    typer.echo("projections running; Ctrl+C stops")
    stop.wait()
    system.close()


@cli.command()
def rebuild(name: str, timeout_s: float = 600.0) -> None:
    """Build a new generation of projection NAME beside the old one and switch when caught up."""
    settings = Settings()
    with TeczkaSystem(settings, run_projectors=False) as system:
        try:
            projection = system.projection(name)
        except KeyError:
            names = ", ".join(p.name for p in system.read_models.projections)
            raise typer.BadParameter(f"unknown projection {name!r}; known: {names}") from None
        generation = system.rebuild(name)
        typer.echo(f"{name}: building generation {generation}")
        lock = lock_factory_for(settings)(name)
        deadline = time.monotonic() + timeout_s
        # If no runner holds the projection, do the work here; otherwise the runner does it.
        acquired = lock.try_acquire()
        try:
            while time.monotonic() < deadline:
                if acquired:
                    Projector(system.app, system.engine, projection,
                              batch_size=settings.projection_batch_size).run_once()
                with system.engine.connect() as conn:
                    active = tracking.active_generation(conn, name)
                if active and active.generation == generation:
                    typer.echo(f"{name}: generation {generation} active at position "
                               f"{active.position}")
                    return
                time.sleep(0.2)
        finally:
            if acquired:
                lock.release()
    raise typer.Exit(1)


@cli.command()
def retention(dry_run: bool = typer.Option(False, help="Only list what would be erased")) -> None:
    """Erase the personal data of folders closed longer ago than the retention period."""
    from datetime import date

    from services.retention import erase_expired

    settings = Settings()
    with TeczkaSystem(settings, run_projectors=False) as system:
        system.catch_up()
        ctx = CommandContext(command_id=uuid4(), actor_id=ADMIN_CLI_ACTOR, role="admin",
                             unit="IT")
        erased = erase_expired(system, ctx, date.today(), dry_run=dry_run)
        system.catch_up()
    verb = "would erase" if dry_run else "erased"
    typer.echo(f"{verb} the personal data of {len(erased)} folder(s) closed more than "
               f"{settings.retention_years} years ago")


@cli.command()
def demo() -> None:
    """Load the demo city (two ZTPS teams, ~50 folders) unless present; print the users."""
    with TeczkaSystem(Settings(), run_projectors=False) as system:
        users = load_demo_city(system.app)
        system.catch_up()
    _print_users(users)


@cli.command()
def users(
    username: str,
    role: Role = typer.Option(..., help="The user's role"),
    unit: str = typer.Option(..., help="Team or unit, e.g. ZTPS-1, MCUS"),
    display_name: str = typer.Option(None, help="Full name shown in the app"),
) -> None:
    """Create a user (asks for the password)."""
    password = getpass.getpass("Hasło / password: ")
    with TeczkaSystem(Settings(), run_projectors=False) as system:
        ctx = CommandContext(command_id=uuid4(), actor_id=ADMIN_CLI_ACTOR, role="admin", unit="IT")
        system.app.register_user(ctx, username=username, display_name=display_name or username,
                                 role=role.value, unit=unit, password=password)
    typer.echo(f"created {username} ({role.value}, {unit})")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
