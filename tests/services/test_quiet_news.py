"""Saves nobody waits for (reads' access-log entries) tell the projection runners so: a runner
gathers them for a moment instead of waking for each, and still projects them; any other
save wakes it at once. The projections that read none of them still move their positions to
the head (services/store/recorders.py, services/projecting/runner.py)."""

from __future__ import annotations

import threading
import time
import uuid
from uuid import uuid4

import psycopg
import pytest

from domain.access import AccessSubject, ViewKind
from projections import tracking
from services.commands import CommandContext
from services.privacy.access_log import Viewer
from services.projecting.runner import QUIET_NEWS_S, Projector, _PostgresWaiter
from services.store.recorders import QUIET_NEWS
from services.system import TeczkaSystem
from services.users.commands import RegisterUser
from tests.support.stores import settings_for

VIEWER = Viewer(uuid4(), "social_worker", "ZTPS-1")


@pytest.fixture
def pg_system(tmp_path, request):
    """PostgreSQL, no runner: the test listens and waits itself."""
    with settings_for("postgres", tmp_path, request) as settings, \
            TeczkaSystem(settings, run_projectors=False) as system:
        yield system


def _read(system) -> None:
    system.access_log.viewed(VIEWER, view=ViewKind.CLIENT_VIEW, purpose="case_work",
                             folder_id=uuid4())


def _register(system) -> None:
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.uuid4(), role="admin",
                           unit="IT")
    system.app.handle(admin, RegisterUser(
        username=f"u{uuid.uuid4().hex[:8]}", display_name="Ola Nowak", role="social_worker",
        unit="ZTPS-1", password="bardzo-tajne-haslo-42"))


def _listening(system) -> psycopg.Connection:
    conn = psycopg.connect(system.settings.libpq_url(), autocommit=True)
    conn.execute(f'LISTEN "{system.app.recorder.channel_name}"')
    return conn


def _payloads(conn: psycopg.Connection) -> list[str]:
    return [note.payload for note in conn.notifies(timeout=1.0, stop_after=1)]


def test_an_access_log_save_is_quiet_news_and_a_command_is_not(pg_system):
    with _listening(pg_system) as conn:
        _read(pg_system)
        assert _payloads(conn) == [QUIET_NEWS]
        _register(pg_system)
        assert _payloads(conn) == [""]


def test_a_list_reads_access_log_save_is_quiet_news_too(pg_system):
    with _listening(pg_system) as conn:
        pg_system.access_log.record_list(
            VIEWER, view=ViewKind.CASELOAD, purpose="case_work",
            subjects=[AccessSubject(uuid4()) for _ in range(3)]).result(timeout=30)
        assert _payloads(conn) == [QUIET_NEWS]


def test_a_runner_wakes_at_once_for_news_and_gathers_quiet_news(pg_system):
    projector = Projector(pg_system.app, pg_system.engine, pg_system.projection("access_log"))
    waiter = _PostgresWaiter(projector)
    never = threading.Event()
    try:
        assert waiter(never, 0, 0.2) == "timeout"
        _register(pg_system)
        assert waiter(never, 0, 30.0) == "news"
        _read(pg_system)
        started = time.monotonic()
        assert waiter(never, 0, 30.0) == "quiet"
        # It returned because the quiet news had waited its moment, not because of the timeout.
        assert time.monotonic() - started < 30.0 - QUIET_NEWS_S
        # News during the gathering moment wakes it at once (a long moment here, so the
        # news surely comes within it).
        waiter.quiet_news_s = 30.0
        _read(pg_system)
        _register(pg_system)
        assert waiter(never, 0, 60.0) == "news"
    finally:
        waiter.close()


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_reads_are_still_projected_into_the_access_log(store, tmp_path, request):
    with settings_for(store, tmp_path, request) as settings, \
            TeczkaSystem(settings, run_projectors=True) as system:
        for _ in range(5):
            _read(system)
        entries = system.read_models.access_entries(after=system.app.head_position(),
                                                    viewer_id=VIEWER.user_id)
        assert len(entries) == 5


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_under_reads_alone_every_projection_still_reaches_the_head(store, tmp_path, request):
    """Read-your-writes never waits on events a projection does not read: their positions
    move on while only reads are logged."""
    with settings_for(store, tmp_path, request) as settings, \
            TeczkaSystem(settings, run_projectors=True) as system:
        _register(system)
        for _ in range(3):
            _read(system)
        head = system.app.head_position()
        for projection in system.read_models.projections:
            system.read_models.wait_for(projection, head, 10.0)
        with system.engine.connect() as conn:
            positions = {g.projection: g.position
                         for p in system.read_models.projections
                         for g in tracking.live_generations(conn, p.name)}
        assert positions == {p.name: head for p in system.read_models.projections}

