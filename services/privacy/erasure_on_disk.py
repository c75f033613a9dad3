"""After an erasure, the plaintext the read models dropped leaves the database's files too.

Destroying a person's keys makes the event log unreadable for them, and the read models
then overwrite or delete their plaintext copies (client view, person search, handoff
queue). A database does not forget freed bytes by itself, though:

- SQLite keeps an overwritten row in the freed space of its page and, in WAL mode, the old
  page whole in the write-ahead log until a checkpoint. Every connection of ours runs with
  `PRAGMA secure_delete=ON` (services/system.py), so freed content is zeroed as it is
  freed; after an erasure the WAL is checkpointed into the database and truncated to
  nothing (`PRAGMA wal_checkpoint(TRUNCATE)`).
- PostgreSQL keeps an updated or deleted row as a dead tuple in the table's file (and its
  index entries, and long values in the TOAST table) until a vacuum, and a plain VACUUM
  only marks the space free: the bytes stay until overwritten. `VACUUM (FULL, ANALYZE)`
  writes each table that held the plaintext, with its TOAST table and indexes, into new
  files without the dead rows, and re-samples the planner's statistics (pg_statistic keeps
  sample column values). VACUUM cannot run inside a transaction: it runs on an
  autocommit connection of its own, once every transaction that began before the erasure
  has ended (VACUUM FULL keeps a deleted row such a transaction might still see). VACUUM FULL
  locks each table while it is rewritten (seconds for the read models of a city); reads of it
  wait meanwhile.

Retired generations of a projection (kept after a rebuild for readers that looked them up a
moment earlier) receive no events, so the erasure never reached them: they are dropped.

What remains outside the database's live files — file-system blocks of unlinked files,
PostgreSQL's WAL segments and archives, replicas, backups — is for the operator
(docs/privacy.md, "What erasure cannot reach").
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import psycopg
from psycopg import sql
from sqlalchemy.engine import Engine

from domain.case_folder import CaseFolder
from projections import tracking
from projections.projection import Projection
from services.projecting.runner import drop_retired_generations
from services.store.personal_data import personal_data_keys

log = logging.getLogger(__name__)

# A table VACUUM FULL cannot lock within this time is reported, not waited for forever.
VACUUM_LOCK_TIMEOUT = "60s"
# How long to wait for transactions that began before the erasure (a report, a pg_dump).
OLDER_TRANSACTIONS_WAIT_S = 60.0
CHECKPOINT_ATTEMPTS = 5


@dataclass(frozen=True)
class DiskScrub:
    """What was done to the database's files after an erasure."""

    tables: tuple[str, ...]
    retired_dropped: tuple[str, ...]
    # Whether everything freed could be purged: SQLite's WAL checkpointed whole and
    # truncated; on PostgreSQL no transaction older than the erasure still ran.
    complete: bool


def holds_personal_data(projection: Projection) -> bool:
    """A read model that scrubs its rows on an erasure is one that copies personal data."""
    return CaseFolder.PersonalDataErased in tuple(projection.reads)


def scrub_after_erasure(system) -> DiskScrub:
    """Once the read models include every erasure so far, purge the freed plaintext from
    the database's files (see the module's docstring)."""
    system.catch_up()
    tables, dropped = _personal_tables(system.engine, system.read_models.projections)
    if system.settings.is_postgres:
        complete = vacuum_full(system.settings.libpq_url(), tables)
    else:
        complete = checkpoint_wal(system.engine)
    return DiskScrub(tuple(tables), tuple(dropped), complete)


def _personal_tables(engine: Engine, projections) -> tuple[list[str], list[str]]:
    tables: list[str] = []
    dropped: list[str] = []
    with engine.begin() as conn:
        for projection in filter(holds_personal_data, projections):
            dropped += [f"{projection.name}_g{g}"
                        for g in drop_retired_generations(conn, projection)]
            for generation in tracking.live_generations(conn, projection.name):
                projection.purge_deleted(conn, generation.generation)
                metadata = projection.tables(generation.generation).metadata
                tables += [table.name for table in metadata.sorted_tables]
    tables.append(personal_data_keys.name)  # an erased key's wrapped bytes
    return tables, dropped


def vacuum_full(conninfo: str, tables: list[str]) -> bool:
    """VACUUM FULL the tables once no transaction older than the erasure runs; False if one
    still did after OLDER_TRANSACTIONS_WAIT_S (its rows may then remain: run it again)."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("SET lock_timeout = {}").format(sql.Literal(VACUUM_LOCK_TIMEOUT)))
        waited = _wait_for_older_transactions(conn)
        for table in tables:
            conn.execute(sql.SQL("VACUUM (FULL, ANALYZE) {}").format(sql.Identifier(table)))
    log.info("after erasure: VACUUM (FULL, ANALYZE) of %s", ", ".join(tables))
    return waited


def _wait_for_older_transactions(conn: psycopg.Connection) -> bool:
    """VACUUM FULL keeps a deleted row that a running transaction might still see: one that
    began before the erasure committed (it holds an older snapshot, or an older xid). Wait
    until every transaction of this database is younger than this moment."""
    deadline = time.monotonic() + OLDER_TRANSACTIONS_WAIT_S
    row = conn.execute("SELECT now()").fetchone()
    since = row[0] if row else None
    while True:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start < %s", (since,)).fetchone()
        if not row or row[0] == 0:
            return True
        if time.monotonic() > deadline:
            log.warning("after erasure: %s transaction(s) older than the erasure still run; "
                        "their rows may stay on disk: run `teczka retention --scrub` later",
                        row[0])
            return False
        time.sleep(0.05)


def checkpoint_wal(engine: Engine) -> bool:
    """Copy the WAL into the database and truncate it; True once it is empty. A reader on an
    old snapshot can hold a checkpoint back: it is waited for (busy_timeout), then tried
    again a few times."""
    for attempt in range(CHECKPOINT_ATTEMPTS):
        with engine.connect() as conn:
            busy, _frames, _copied = conn.exec_driver_sql(
                "PRAGMA wal_checkpoint(TRUNCATE)").one()
        if not busy:
            log.info("after erasure: SQLite WAL checkpointed and truncated")
            return True
        time.sleep(0.2 * (attempt + 1))
    log.warning("after erasure: the SQLite WAL could not be truncated (a reader held it); "
                "run `teczka retention --scrub` when the service is quiet")
    return False
