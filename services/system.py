"""Everything one Teczka process needs, built from Settings, started and closed together."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from services.observability import metrics
from services.payments.service import PaymentsService
from services.privacy.access_log import AccessLog
from services.projecting.admin import ProjectionAdmin
from services.projecting.positions import PositionBoard, PostgresPositionListener
from services.projecting.read_models import ReadModels
from services.projecting.runner import (
    Projector,
    ProjectorThreads,
    ensure_registry,
    lock_factory_for,
    request_rebuild,
)
from services.receivables.service import ReceivablesService
from services.returns.federation import Federation
from services.returns.figures import ReturnsService
from services.settings import Settings
from services.store.locks import schema_lock
from services.store.personal_data import KeyStore
from services.teczka import Teczka
from services.users.revocations import (
    POSTGRES_SAFETY_POLL_S,
    REVOCATIONS_CHANNEL,
    SQLITE_POLL_S,
    RevocationWatcher,
)
from services.users.sign_in_throttle import SignInThrottle

log = logging.getLogger(__name__)


def make_engine(settings: Settings) -> Engine:
    if settings.is_postgres:
        return create_engine(
            settings.sqlalchemy_url(),
            pool_size=settings.postgres_pool_size,
            max_overflow=settings.postgres_max_overflow,
            pool_timeout=settings.postgres_pool_wait_s,
            # No ping before each use (a round trip and ~0.2 ms of CPU on every client view):
            # after a restart of the server the first use of a pooled connection fails,
            # SQLAlchemy then discards the whole pool, and reads try once more
            # (ReadModels._read_together); anything else answers 503 with a retry hint.
            pool_pre_ping=False,
        )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(settings.sqlalchemy_url(), connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn, _record) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        # Zero freed content as it is freed, so a row a read model overwrites or deletes
        # on an erasure (or a destroyed key) leaves no bytes behind in the file
        # (services/privacy/erasure_on_disk.py). The event store's own connections only insert.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    return engine


class TeczkaSystem:
    """The application, the read models and (where this process runs them) the projectors."""

    def __init__(self, settings: Settings, *, run_projectors: bool | None = None,
                 runner_part: str | None = None) -> None:
        self.settings = settings
        metrics.configure(settings.observability)
        self.engine = make_engine(settings)
        conninfo = settings.libpq_url()
        # The key store, the event store and the projections' registry create their tables.
        with schema_lock(conninfo):
            self.keys = KeyStore(self.engine, settings.personal_data_master_key())
            self.app = Teczka(settings, self.keys)
            ensure_registry(self.engine)
            self.sign_in_throttle = SignInThrottle(self.engine, settings)
        self.board = PositionBoard()
        self.read_models = ReadModels(
            self.engine, self.board, timeout_s=settings.read_your_writes_timeout_s,
            head=self.app.head_position,
        )
        if run_projectors is None:
            run_projectors = settings.runs_projector_in_process
        self.projectors: ProjectorThreads | None = None
        if run_projectors:
            self.projectors = ProjectorThreads(
                self.app,
                self.engine,
                self.read_models.projections,
                self.board,
                batch_size=settings.projection_batch_size,
                lock_factory=lock_factory_for(settings),
                part=runner_part,
                stall_retry_s=settings.projection_stall_retry_s,
            )
        self.access_log = AccessLog(self.app)
        self.projection_admin = ProjectionAdmin(self.app, self.engine,
                                                self.read_models.projections)
        self.returns = ReturnsService(self.app, self.read_models, settings)
        self.payments = PaymentsService(self.app, self.read_models, settings)
        self.receivables = ReceivablesService(self.app, self.read_models)
        # A skip names the stall it ends, as the read models have it (services/projecting/admin.py).
        self.app.projection_stall = self.projection_admin.stall_at
        self.federation = Federation(settings, self.app, self.read_models, self.returns)
        # The caregiver-overlap rule finds in the read models which orders to look at. The
        # orders assigned to a caregiver are read as the handoff read model has them, not
        # waiting for it: a caregiver learns of an order from that same read model (her
        # list), so by the time she checks in there it holds the assignment; its lag of a few
        # milliseconds never hides one. Her visits are then read from the orders themselves,
        # current (services/care/orders.py).
        self.app.caregiver_orders = self.read_models.caregiver_orders
        # A caregiver's absence covers the orders assigned to her, read at the log's head.
        self.app.assigned_orders = self.read_models.orders_assigned_to
        # One person, one open folder: folders opened before PESELs were claimed are found in
        # the person index (services/casework/claims.py).
        self.app.open_folders_holding = self.read_models.open_folders_holding
        # Every process learns at once of ended sessions and changed users, whoever saved
        # them (services/users/revocations.py).
        self.revocations = RevocationWatcher(
            self.app.recorder, self.app.session_cache,
            poll_s=SQLITE_POLL_S if conninfo is None else POSTGRES_SAFETY_POLL_S)
        self.listener: PostgresPositionListener | None = None
        if conninfo is not None:
            self.listener = PostgresPositionListener(
                conninfo, self.board, {REVOCATIONS_CHANNEL: self.revocations.heard})

    def start(self) -> TeczkaSystem:
        self.revocations.start()
        self.access_log.start()
        if self.projectors is not None:
            self.projectors.start()
        if self.listener is not None:
            self.listener.start()
        return self

    def close(self) -> None:
        self.revocations.close()
        self.access_log.close()
        if self.projectors is not None:
            self.projectors.close()
        if self.listener is not None:
            self.listener.close()
        self.engine.dispose()
        self.app.close()

    def __enter__(self) -> TeczkaSystem:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def projection(self, name: str):
        for projection in self.read_models.projections:
            if projection.name == name:
                return projection
        raise KeyError(name)

    def catch_up(self, timeout_s: float = 120.0,
                 progress: Callable[[int, int], None] | None = None) -> None:
        """Bring every projection to the head now (CLI, tests, demo loading): do the work here
        if no runner holds a projection, otherwise wait for the runner that does. `progress`
        is told the projections done of all."""
        head = self.app.head_position()
        locks = lock_factory_for(self.settings)
        projections = self.read_models.projections
        for done, projection in enumerate(projections, start=1):
            lock = locks(projection.name)
            if lock.try_acquire():
                try:
                    projector = Projector(
                        self.app, self.engine, projection, self.board,
                        batch_size=self.settings.projection_batch_size,
                        stall_retry_s=self.settings.projection_stall_retry_s,
                    )
                    projector.prepare()
                    projector.run_once()
                finally:
                    lock.release()
            else:
                self.read_models.wait_for(projection, head, timeout_s)
            if progress is not None:
                progress(done, len(projections))

    def rebuild(self, name: str) -> int:
        """Start a new generation of a projection; return its number."""
        return request_rebuild(self.engine, self.projection(name)).generation
