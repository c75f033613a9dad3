"""The `teczka` command: serve the API, run projections, rebuild, load the demo, add users."""

from __future__ import annotations

import gc
import getpass
import signal
import tempfile
import threading
import time
from pathlib import Path
from uuid import UUID, uuid4

import typer

from api.progress import progress_bar, progress_bars
from domain.office_day import today_in_poland
from domain.user import Role
from projections import tracking
from services.commands import CommandContext
from services.observability import metrics
from services.observability.lag import ProjectionLag
from services.observability.logs import UVICORN_LOG_CONFIG, configure_logging
from services.projecting.runner import RUNNER_PARTS, Projector, lock_factory_for
from services.settings import Settings
from services.synthetic.demo import DemoUser, load_demo_city
from services.system import TeczkaSystem
from services.users.commands import RegisterUser

cli = typer.Typer(help="Teczka — case folders for field social work", no_args_is_help=True)
ADMIN_CLI_ACTOR = UUID(int=1)


def _print_users(users: list[DemoUser]) -> None:
    typer.echo("\nUżytkownicy demonstracyjni / demo users (login — hasło / password):")
    for u in users:
        typer.echo(f"  {u.username:<20} {u.password:<18} {u.role:<20} {u.unit}")
    typer.echo("")


WORKER_START_TIMEOUT_S = 60


@cli.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    demo: bool = typer.Option(False, help="Load the demo city first (if empty) and print users"),
    level: str = typer.Option(None, help="municipality (default), voivodeship or national: "
                              "upper levels serve only the federation of returns"),
) -> None:
    """Run the HTTP API (and, on SQLite, the projections in-process)."""
    import os

    import uvicorn

    if level is not None:
        # The app factory (and every worker process) reads its settings from the environment.
        os.environ["TECZKA_LEVEL"] = level
    settings = Settings()
    configure_logging()
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker counts in files of its own there; /metrics sums them. A directory of
        # this start's own (a container's data_dir may not be writable).
        metrics.prepare_multiprocess_dir(Path(tempfile.mkdtemp(prefix="teczka-metrics-")))
    if settings.metrics_port is not None:
        metrics.serve_on_port(settings.metrics_port, settings.metrics_host)
    if demo:
        with TeczkaSystem(settings, run_projectors=False) as system:
            users = load_demo_city(system.app)
            system.catch_up()
        _print_users(users)
    store = "PostgreSQL" if settings.is_postgres else f"SQLite ({settings.sqlite_path})"
    typer.echo(f"Teczka: http://{host}:{port}/  —  store: {store}")
    uvicorn.run(
        "api.app:create_app", factory=True, host=host, port=port, workers=workers,
        loop="uvloop", http="httptools", log_level="info", log_config=UVICORN_LOG_CONFIG,
        access_log=False,
        # A worker's start (imports, the store's tables) took over uvicorn's default 5 s on
        # a busy 2-CPU machine, and its supervisor then killed and restarted every worker
        # in a loop, serving nothing (seen 2026-12-07, load average 30).
        timeout_worker_healthcheck=WORKER_START_TIMEOUT_S,
        timeout_graceful_shutdown=settings.shutdown_grace_s,
    )


RUNNER_POOL_SIZE = 2
RUNNER_GC_YOUNG = 50_000


@cli.command()
def project(
    part: str = typer.Option(None, help="1 or 2: run that half of the projections (and the "
                             "other half only while its runner is absent), so that two "
                             "processes share a rebuild; default: all"),
) -> None:
    """Run the projections as their own process (one active runner each; others stand by)."""
    configure_logging()
    if part is not None and part not in RUNNER_PARTS:
        raise typer.BadParameter(f"{part!r}: one of {', '.join(RUNNER_PARTS)}")
    settings = Settings()
    # One runner thread uses at most one connection of each pool at a time.
    settings = settings.model_copy(update={
        "postgres_pool_size": min(settings.postgres_pool_size, RUNNER_POOL_SIZE)})
    system = TeczkaSystem(settings, run_projectors=True, runner_part=part).start()
    if settings.projector_metrics_port is not None:
        # The projections' lag and this process's counts, for Prometheus (and the
        # container's healthcheck).
        metrics.serve_on_port(settings.projector_metrics_port, settings.metrics_host,
                              ProjectionLag(system.app, system.engine))
    gc.freeze()  # start-up's objects live as long as the process (as in api/app.py)
    # A build allocates millions of short-lived objects: a young collection every 700 of
    # them took 2.9 s of a whole-city build's 39 s of CPU, every RUNNER_GC_YOUNG 0.2 s.
    gc.set_threshold(RUNNER_GC_YOUNG, *gc.get_threshold()[1:])
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
        active = None
        try:
            with progress_bar(f"{name} g{generation}: events") as tell:
                projector = Projector(system.app, system.engine, projection,
                                      batch_size=settings.projection_batch_size)
                projector.on_batch = lambda gen: (
                    tell(gen.position, system.app.head_position())
                    if gen.generation == generation else None)
                while time.monotonic() < deadline:
                    if acquired:
                        projector.run_once()
                    with system.engine.connect() as conn:
                        active = tracking.active_generation(conn, name)
                        built = next((g for g in tracking.live_generations(conn, name)
                                      if g.generation == generation), None)
                    head = system.app.head_position()
                    if built is not None:
                        tell(min(built.position, head), head)
                    if active and active.generation == generation:
                        tell(head, head)
                        break
                    if not acquired:
                        time.sleep(0.2)
        finally:
            if acquired:
                lock.release()
        if active and active.generation == generation:
            typer.echo(f"{name}: generation {generation} active at position "
                       f"{active.position}")
            return
    raise typer.Exit(1)


@cli.command()
def retention(
    dry_run: bool = typer.Option(False, help="Only list what would be erased"),
    scrub: bool = typer.Option(False, help="Purge freed plaintext from the database files "
                               "even if nothing is erased now (done anyway after an erasure)"),
) -> None:
    """Erase the personal data of folders closed longer ago than the retention period, then
    purge it from the database's files (SQLite WAL truncated; PostgreSQL VACUUM FULL)."""

    from services.privacy.retention import erase_expired

    settings = Settings()
    with TeczkaSystem(settings, run_projectors=False) as system:
        system.catch_up()
        ctx = CommandContext(command_id=uuid4(), actor_id=ADMIN_CLI_ACTOR, role="admin",
                             unit="IT")
        with progress_bar("folders erased") as tell:
            erased = erase_expired(system, ctx, today_in_poland(), dry_run=dry_run,
                                   scrub=scrub and not dry_run, progress=tell)
        system.catch_up()
    verb = "would erase" if dry_run else "erased"
    typer.echo(f"{verb} the personal data of {len(erased)} folder(s) closed more than "
               f"{settings.retention_years} years ago")
    if not dry_run and (erased or scrub):
        typer.echo("freed plaintext purged from the database files ("
                   + ("VACUUM FULL" if settings.is_postgres else "WAL checkpointed, truncated")
                   + "); backups, WAL archives and replicas keep it until they expire "
                   "(docs/privacy.md)")


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
        system.app.handle(ctx, RegisterUser(
            username=username, display_name=display_name or username, role=role.value, unit=unit,
            password=password))
    typer.echo(f"created {username} ({role.value}, {unit})")


@cli.command("catalogue-seed")
def catalogue_seed(
    file: Path = typer.Option(None, help="A seed file (TOML) instead of Wrocław's"),
) -> None:
    """Publish the starting service catalogue (services/catalogue/seed/wroclaw.toml) as IT:
    all entries in one transaction, or none (its providers must be in the directory)."""
    from domain.errors import DomainError
    from services.catalogue.seed import WROCLAW_SEED, publish_seed
    from services.errors import ServiceError

    with TeczkaSystem(Settings(), run_projectors=False) as system:
        def ctx() -> CommandContext:
            return CommandContext(command_id=uuid4(), actor_id=ADMIN_CLI_ACTOR, role="admin",
                                  unit="IT")
        try:
            result = publish_seed(system.app, ctx, file or WROCLAW_SEED)
        except (DomainError, ServiceError) as error:
            typer.echo(f"catalogue refused: {error.code} {error.params}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"catalogue published: version {result.version}")


@cli.command()
def backup(file: Path) -> None:
    """Write the event log to FILE (ciphertext as stored; the data keys are NOT included)."""
    from services.store.backup import backup_events

    with TeczkaSystem(Settings(), run_projectors=False) as system, \
            progress_bar("events written") as tell:
        summary = backup_events(system, file, progress=tell)
    typer.echo(f"{summary.count} events written to {file} (hash {summary.final_hash[:16]}…); "
               "the data keys are not in it: run `teczka backup-keys` as well")


@cli.command("backup-keys")
def backup_keys(file: Path) -> None:
    """Write the personal-data keys, still wrapped with the master key, to FILE."""
    from services.store.backup import backup_keys as write_keys

    with TeczkaSystem(Settings(), run_projectors=False) as system:
        summary = write_keys(system, file)
    typer.echo(f"{summary.count} wrapped keys written to {file}; keep it apart from the event "
               "backup, and the master key apart from both")


@cli.command()
def verify(file: Path) -> None:
    """Check FILE's hash chain (damage) and signature (forgery); exit 1 naming what failed."""
    from services.store.backup import verify as check
    from services.store.backup_errors import BackupCorruptError, BackupSignatureError
    from services.store.backup_signature import checker_for

    try:
        summary = check(file, checker_for(Settings()))
    except BackupCorruptError as error:
        typer.echo(f"{file}: BAD — DAMAGED at {error} (hash chain)", err=True)
        raise typer.Exit(1) from None
    except BackupSignatureError as error:
        typer.echo(f"{file}: BAD — {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{file}: OK, {summary.format}, {summary.count} records, hash chain whole, "
               f"signed by this installation (key {summary.key_id}), "
               f"final hash {summary.final_hash}")


@cli.command()
def restore(
    file: Path,
    keys: Path = typer.Option(None, help="A `backup-keys` file to restore with it"),
    without_keys: bool = typer.Option(False, help="Restore although no keys are present"),
) -> None:
    """Restore an event backup (and its keys) into an EMPTY store, then build the projections.
    Both files are checked (hash chain and signature) before anything is written; then keys
    and events are written in one transaction, so a refusal restores nothing."""
    from services.store.backup_errors import BackupError
    from services.store.restore import restore as restore_files

    with TeczkaSystem(Settings(), run_projectors=False) as system, \
            progress_bars("records restored", "projections built") as (written, built):
        try:
            summary = restore_files(system, file, keys, require_keys=not without_keys,
                                    progress=written, building=built)
        except BackupError as error:
            typer.echo(f"restore refused, nothing written: {error}", err=True)
            raise typer.Exit(1) from None
    if summary.keys is not None:
        typer.echo(f"{summary.keys.count} wrapped keys restored")
    restored = summary.events.count if summary.events else 0
    typer.echo(f"{restored} events restored and projections rebuilt")


@cli.command("restore-keys")
def restore_keys_command(file: Path) -> None:
    """Restore a `backup-keys` file into an EMPTY keys table (same master key needed)."""
    from services.store.backup_errors import BackupError
    from services.store.restore import restore_keys

    with TeczkaSystem(Settings(), run_projectors=False) as system:
        try:
            summary = restore_keys(system, file)
        except BackupError as error:
            typer.echo(f"restore refused, nothing written: {error}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"{summary.count} wrapped keys restored")


@cli.command()
def generate(
    seed: int = typer.Option(1, help="Same seed, same city"),
    scale: float = typer.Option(1.0, help="Fraction of Wrocław: 1.0 = 9,568 families"),
    folders: int = typer.Option(None, help="Families to generate (overrides --scale)"),
    today: str = typer.Option(None, help="The last day of the generated year (YYYY-MM-DD)"),
) -> None:
    """Write a synthetic Wrocław (10 ZTPS teams, a year of work) into an EMPTY store."""
    from datetime import date

    from services.synthetic.city import CitySize, generate_city, progress_bar

    size = CitySize.scaled(scale, folders)
    with TeczkaSystem(Settings(), run_projectors=False) as system:
        if system.app.head_position():
            typer.echo("generate refused: the store is not empty", err=True)
            raise typer.Exit(1)
        started = time.perf_counter()
        with progress_bar() as progress:
            report = generate_city(system, seed=seed, size=size, progress=progress,
                                   today=date.fromisoformat(today) if today else None)
        elapsed = time.perf_counter() - started
        events = system.app.head_position()
        typer.echo(f"{report.users} users, {report.folders} families, {report.commands} "
                   f"commands, {events} events in {elapsed:.0f} s ({events / elapsed:.0f}/s)")
        if report.payments:
            typer.echo("payments: " + ", ".join(f"{k} {v}" for k, v in report.payments.items()))
        typer.echo("building the projections…")
        system.catch_up(timeout_s=3600)


federation_cli = typer.Typer(help="Statistical returns between levels: keys and trust")
cli.add_typer(federation_cli, name="federation")


@federation_cli.command("key")
def federation_key() -> None:
    """Print this instance's public key and key id (give them to the level above)."""
    from domain.federation import key_id_of
    from services.returns.federation import public_key_bytes, public_key_text, signing_key

    key = signing_key(Settings())
    typer.echo(f"public key: {public_key_text(key)}")
    typer.echo(f"key id:     {key_id_of(public_key_bytes(key))}")


@federation_cli.command("new-key")
def federation_new_key() -> None:
    """Print a fresh signing key for TECZKA_FEDERATION_KEY (keep it secret)."""
    import base64
    import secrets

    typer.echo(base64.b64encode(secrets.token_bytes(32)).decode())


@federation_cli.command("trust")
def federation_trust(teryt: str, name: str, public_key: str) -> None:
    """Trust the public key of a lower-level unit (a municipality, or a voivodeship)."""
    from domain.errors import DomainError
    from services.errors import ServiceError

    with TeczkaSystem(Settings(), run_projectors=False) as system:
        try:
            unit = system.federation.trust_unit(teryt, name, public_key)
        except (DomainError, ServiceError) as error:
            typer.echo(f"trust refused: {error.code} {error.params}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"trusted {unit.teryt} ({unit.name}), key id {unit.key_id}")


from api.cli_returns import returns_cli  # noqa: E402 - the sub-command group, after cli exists

cli.add_typer(returns_cli, name="returns")

from api.cli_projections import projections_cli  # noqa: E402 - as above

cli.add_typer(projections_cli, name="projections")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
