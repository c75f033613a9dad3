"""One place for configuration: every setting is a TECZKA_* environment variable."""

from __future__ import annotations

import base64
import binascii
import secrets
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url


class MissingSettingError(RuntimeError):
    """A setting that production needs was not given."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TECZKA_", extra="ignore")

    # Unset → the embedded SQLite file under `data_dir`; `postgresql://…` → PostgreSQL.
    database_url: str | None = None
    data_dir: Path = Path("var")
    # Signs access tokens. Required on PostgreSQL; on the embedded default a random key is
    # kept in `data_dir` so a demo restart keeps people signed in.
    secret_key: SecretStr | None = None
    # Wraps the per-person data keys (32 bytes, base64). Required on PostgreSQL; on the
    # embedded default one is generated into `data_dir`. Keep it apart from database backups.
    master_key: SecretStr | None = None
    access_token_minutes: int = 15
    # The cost of new argon2id password hashes: RFC 9106's low-memory profile (argon2-cffi's
    # default, ~0.2 s a hash here). A check reads the cost stored in the hash it checks, so a
    # change applies to passwords set afterwards. Only the tests lower it.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 64 * 1024
    argon2_parallelism: int = 4
    max_body_bytes: int = 256 * 1024
    # Signing in (services/users/sign_in_throttle.py): no lockout; after this many attempts in a
    # row without a success the next waits 1 s, then 2, 4, … up to the cap; each address
    # has an allowance of points per window, a failure costing more than a success.
    sign_in_free_failures: int = Field(5, ge=1, le=100)
    sign_in_max_delay_s: int = Field(60, ge=1, le=3600)
    sign_in_address_allowance: int = Field(300, ge=10, le=100_000)
    sign_in_address_window_s: int = Field(600, ge=10, le=86_400)
    sign_in_failure_weight: int = Field(3, ge=1, le=100)
    # Client files are commonly category B-10: kept 10 years after the folder is closed
    # (the unit's file list decides; unconfirmed in general, so configurable).
    retention_years: int = 10
    projection_batch_size: int = 500
    # How often the runner tries again a projection stalled on an event its handler raised
    # on (services/projecting/runner.py): a deployed fix then resumes it without a skip.
    projection_stall_retry_s: float = 30.0
    # How long a read with `?after=position` may wait for the read models.
    read_your_writes_timeout_s: float = 5.0
    # Connections per pool, each process holding two (read models; the event log). Nothing
    # beyond them: reads and commands are already run at most this many at a time
    # (api.deps.PoolThreads), so more would only queue on the same cores, and a burst of
    # overflow connections could exceed PostgreSQL's max_connections (README, "connection
    # budget"). Raise it only with max_connections.
    postgres_pool_size: int = 10
    postgres_max_overflow: int = 0
    # A request still waiting this long for a read-model connection answers 503 "busy", with
    # a retry hint (api/errors.py), rather than wait on behind an overload.
    postgres_pool_wait_s: float = 10.0
    # Aggregates each process keeps decoded between commands (services/store/aggregate_cache.py);
    # a command then reads only the events after the cached version. 0 turns it off.
    aggregate_cache_size: int = 1000
    # Group commit (services/store/group_commit.py): the saves of commands that arrive together
    # are written in one transaction, each with its receipt and its own version check. The
    # committer waits at most `group_commit_wait_ms` after a group's first command for others
    # still being prepared, and saves at most `group_commit_max_commands` at once.
    group_commit: bool = True
    group_commit_wait_ms: float = Field(1.0, ge=0, le=2)
    group_commit_max_commands: int = Field(64, ge=1, le=500)
    # With group commit, commands run in this many threads at once (api/commanding.py) rather
    # than one per pooled connection: a command waiting for its group holds no connection
    # (its reads still take one from the pool, waiting if all are in use).
    group_commit_threads: int = Field(32, ge=1, le=256)
    # Serve projections in-process (always on SQLite; on PostgreSQL `teczka project` does it).
    embedded_projector: bool | None = None
    # On SIGTERM `teczka serve` stops taking connections and gives the requests in flight this
    # long; then it cuts what is still open. The live streams (the handoff queue's SSE) never
    # end by themselves, so without a bound one coordinator's open screen kept the server from
    # stopping at all. A cut stream reconnects (to another process, or after the restart) and
    # resumes from its Last-Event-ID; a cut command's thread still commits or rolls back, and
    # the tablet's retry with the same command id gets its receipt. Under a container's stop
    # timeout (docker: 10 s; docker-compose.yml gives the API 20 s).
    shutdown_grace_s: int = 5

    # Federation of statistical returns (docs/returns.md, "Federation"). A municipality
    # sends its returns to `upstream_url`; a voivodeship receives its municipalities' and
    # sends their sum to the national instance.
    level: Literal["municipality", "voivodeship", "national"] = "municipality"
    unit_teryt: str | None = None
    unit_name: str | None = None
    upstream_url: str | None = None
    # This instance's Ed25519 signing key (32-byte seed, base64). Required on PostgreSQL;
    # on the embedded default one is generated into `data_dir`.
    federation_key: SecretStr | None = None
    # The lower-level units' public keys (`teczka federation trust`); default in `data_dir`.
    federation_trust_file: Path | None = None
    # Which ZTPS team is responsible for an address (dated tables: domain/team_areas.py);
    # unset → the demo's illustrative division of Wrocław
    # (services/casework/parameters/team_areas_wroclaw.toml). A city names its own file.
    team_areas_file: Path | None = None
    # The authority the documents name (art. 107 § 1 pkt 1 KPA), the place they are issued
    # in, and who signs what names no signatory of its own (a delay notice). Each document
    # records them as they were when it was issued (domain/documents.py, `Authority`).
    authority_name: str = "Prezydent Miasta Wrocławia"
    authority_address: str = ("Miejski Ośrodek Pomocy Społecznej we Wrocławiu, "
                              "ul. Strzegomska 6, 53-611 Wrocław")
    authority_place: str = "Wrocław"
    authority_signatory: str = "z up. Prezydenta — Dyrektor MOPS"
    # The letter answering a data subject's art. 15 GDPR request lists each access's date,
    # purpose, role and unit, not the staff's names: the CJEU (C-579/21, Pankki S, 22 June
    # 2023) held that art. 15(1) does not as such give a right to the identity of employees
    # who consulted the data under their employer's authority. The data protection officer
    # may decide otherwise for the centre (TECZKA_ACCESS_REPORT_NAMES_STAFF=true).
    access_report_names_staff: bool = False
    # The account benefits are paid from: the debtor of the bank file (pain.001). The default
    # is an illustrative number with a valid checksum; an installation sets its own.
    payer_name: str = "Miejski Ośrodek Pomocy Społecznej we Wrocławiu"
    payer_iban: str = "PL27114020040000300201355387"
    payer_bic: str | None = None
    # Deadlines overriding the usual ones, keyed `level.part.year`, e.g.
    # TECZKA_RETURN_DEADLINES='{"municipality.H1.2026": "2026-07-20"}'.
    return_deadlines: dict[str, date] = {}
    federation_timeout_s: float = 10.0
    federation_attempts: int = 3

    # Operations (docs/operations.md). `false` turns off the metrics' counting and the
    # request log lines (the benchmark scripts/bench/observability_cost.py compares both).
    observability: bool = True
    # Who may read /metrics on the API's own port: these networks only (no token asked;
    # it holds no personal data). Behind a proxy the proxy's address is what is seen.
    metrics_allowed_networks: list[str] = ["127.0.0.1/32", "::1/128"]
    # Serve /metrics on a port of its own instead (then not on the API's port): compose does,
    # so Prometheus reads it over the internal network. `teczka project` serves its metrics
    # on `projector_metrics_port` when set.
    metrics_port: int | None = None
    metrics_host: str = "0.0.0.0"  # noqa: S104 - a port of its own, not published by compose
    projector_metrics_port: int | None = None

    @property
    def is_postgres(self) -> bool:
        return self.database_url is not None and self.database_url.startswith("postgres")

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "teczka.db"

    @property
    def runs_projector_in_process(self) -> bool:
        if self.embedded_projector is not None:
            return self.embedded_projector
        return not self.is_postgres

    def sqlalchemy_url(self) -> str:
        """The read models' database: the same one the events live in."""
        if not self.is_postgres:
            return f"sqlite:///{self.sqlite_path}"
        url = self._postgres_url()
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)

    def libpq_url(self) -> str | None:
        """The same database as a URL psycopg connects to directly (listeners, advisory
        locks); None on SQLite."""
        if not self.is_postgres:
            return None
        return self._postgres_url().set(drivername="postgresql").render_as_string(
            hide_password=False)

    def _postgres_url(self) -> URL:
        assert self.database_url is not None  # asked only when `is_postgres`
        return make_url(self.database_url)

    def eventsourcing_env(self) -> dict[str, str]:
        """Environment for the `eventsourcing` library's recorders and repository."""
        return self._store_env() | self._cache_env()

    def _cache_env(self) -> dict[str, str]:
        if self.aggregate_cache_size <= 0:
            return {}  # the library reads 0 as "unbounded", so leave it unset instead
        return {
            "AGGREGATE_CACHE_MAXSIZE": str(self.aggregate_cache_size),
            # Every process has its own cache: a hit still reads the events saved since (by
            # any process), so it is never stale. A command changes a deep copy, so one that
            # fails after changing its aggregate leaves the cached one as it was.
            "AGGREGATE_CACHE_FASTFORWARD": "y",
            "DEEPCOPY_FROM_AGGREGATE_CACHE": "y",
        }

    def _store_env(self) -> dict[str, str]:
        if not self.is_postgres:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.sqlite_path),
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        url = self._postgres_url()
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            # The library's recorder, telling runners which news can wait a moment.
            "APPLICATION_RECORDER_TOPIC": "services.store.recorders:TeczkaPostgresRecorder",
            "POSTGRES_DBNAME": url.database or "teczka",
            "POSTGRES_HOST": url.host or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": url.username or "postgres",
            "POSTGRES_PASSWORD": url.password or "",
            "POSTGRES_POOL_SIZE": str(self.postgres_pool_size),
            "POSTGRES_MAX_OVERFLOW": str(self.postgres_max_overflow),
            # The wait for a pooled connection, per attempt; the recorder tries 10 times. With
            # the database down, a request answers 503 after ~12 s instead of ~52 s (and the
            # store breaker answers the next ones at once: services/store/breaker.py).
            "POSTGRES_CONNECT_TIMEOUT": "1",
            "POSTGRES_LOCK_TIMEOUT": "5",
        }

    def token_secret(self) -> str:
        return self._secret(self.secret_key, "TECZKA_SECRET_KEY", "secret.key",
                            lambda: secrets.token_urlsafe(48))

    def personal_data_master_key(self) -> bytes:
        text = self._secret(self.master_key, "TECZKA_MASTER_KEY", "master.key",
                            lambda: base64.b64encode(secrets.token_bytes(32)).decode())
        key = _base64_or_none(text)
        if key is None or len(key) != 32:
            raise MissingSettingError("TECZKA_MASTER_KEY must be 32 bytes, base64-encoded")
        return key

    def federation_signing_seed(self) -> bytes:
        text = self._secret(self.federation_key, "TECZKA_FEDERATION_KEY", "federation.key",
                            lambda: base64.b64encode(secrets.token_bytes(32)).decode())
        seed = _base64_or_none(text)
        if seed is None or len(seed) != 32:
            raise MissingSettingError("TECZKA_FEDERATION_KEY must be 32 bytes, base64-encoded")
        return seed

    @property
    def federation_trust_path(self) -> Path:
        return self.federation_trust_file or self.data_dir / "federation-trust.json"

    def _secret(self, given: SecretStr | None, variable: str, file_name: str, make) -> str:
        if given is not None:
            return given.get_secret_value()
        if self.is_postgres:
            raise MissingSettingError(
                f"{variable} must be set when TECZKA_DATABASE_URL points to PostgreSQL"
            )
        key_file = self.data_dir / file_name
        if not key_file.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(make())
            key_file.chmod(0o600)
        return key_file.read_text().strip()


def _base64_or_none(text: str) -> bytes | None:
    """A key's bytes, or None when the text is not base64 (said as the missing key is, not
    as a traceback from the decoder)."""
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
