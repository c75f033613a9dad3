"""Personal data in events is sealed with a key per data subject (AES-256-GCM, `cryptography`).

The events table holds only ciphertext for personal fields; the keys live in their own table,
each wrapped with the installation's master key. Destroying a subject's key at the end of
retention makes every copy of that person's data in the log unreadable for good, without
rewriting history: events still decode, with personal values replaced by redacted ones.
"""

from __future__ import annotations

import base64
import os
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from cachetools import TLRUCache
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Column, DateTime, LargeBinary, MetaData, Table, Uuid, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from services.errors import ServiceError

NONCE_BYTES = 12
KEY_CACHE_TTL_S = 30.0
# Keys cached at most (a rebuild of the whole log reads every subject's key once); the least
# recently used is forgotten first, and forgetting one costs a read of the table.
KEY_CACHE_MAX = 50_000
ERASURE_CACHE_MAX = 100_000

_MISSING: Any = object()


def _key_expiry(_subject: UUID, _key: bytes | None, now: float) -> float:
    # Read when a key is cached, so a test may shorten it (tests/services/test_aggregate_cache).
    return now + KEY_CACHE_TTL_S


def _erasure_expiry(_subject: UUID, erased: bool, now: float) -> float:
    # Erasure is final: an erased answer holds for good (until the least recently used is
    # forgotten, and relearnt from the table); a "not erased" one, as long as a key.
    return float("inf") if erased else now + KEY_CACHE_TTL_S

keys_metadata = MetaData()
personal_data_keys = Table(
    "personal_data_keys",
    keys_metadata,
    Column("subject_id", Uuid, primary_key=True),
    # The subject's data key, encrypted with the master key; NULL once erased.
    Column("wrapped_key", LargeBinary),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("erased_at", DateTime(timezone=True)),
)


class SubjectErasedError(ServiceError):
    """New personal data cannot be written for a person whose key was destroyed."""

    code = "personal_data.erased"


class KeyStore:
    """Get-or-create, read and destroy data keys; keys are cached for a short while."""

    def __init__(self, engine: Engine, master_key: bytes,
                 timer: Callable[[], float] = time.monotonic) -> None:
        self.engine = engine
        self._master = AESGCM(master_key)
        # subject → its key (None: erased), for KEY_CACHE_TTL_S; both caches are bounded
        # and share one lock (cachetools' caches are not thread-safe).
        self._cache: TLRUCache[UUID, bytes | None] = TLRUCache(
            KEY_CACHE_MAX, _key_expiry, timer=timer)
        self._lock = threading.Lock()
        # subject → whether its key is destroyed, as last read (`_erasure_expiry`).
        self._erasure: TLRUCache[UUID, bool] = TLRUCache(
            ERASURE_CACHE_MAX, _erasure_expiry, timer=timer)
        keys_metadata.create_all(engine)

    def _cached(self, subject: UUID) -> tuple[bool, bytes | None]:
        with self._lock:
            key = self._cache.get(subject, _MISSING)
        if key is _MISSING:
            return False, None
        return True, key

    def _remember(self, subject: UUID, key: bytes | None) -> None:
        with self._lock:
            self._cache[subject] = key

    def _load(self, subject: UUID) -> tuple[bool, bytes | None]:
        """(row exists, unwrapped key or None if erased)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(personal_data_keys.c.wrapped_key)
                .where(personal_data_keys.c.subject_id == subject)
            ).first()
        if row is None:
            return False, None
        return True, self._unwrap(subject, row.wrapped_key)

    def key_for_reading(self, subject: UUID) -> bytes | None:
        """The subject's key, or None if it was erased (or never existed)."""
        found, key = self._cached(subject)
        if found:
            return key
        _exists, key = self._load(subject)
        self._remember(subject, key)
        return key

    def preload_for_reading(self, subjects: Iterable[UUID]) -> None:
        """Read the keys of many subjects not cached yet in one query (a batch of events about
        to be decoded), so that `key_for_reading` finds them all in the cache."""
        wanted = [subject for subject in dict.fromkeys(subjects) if not self._cached(subject)[0]]
        if not wanted:
            return
        found = self._load_many(wanted)
        with self._lock:
            # Learnt erased (from the log, or here) while the table was read: stays erased.
            erased = {s for s in wanted if self._erasure.get(s, False)}
        for subject in wanted:
            self._remember(subject, None if subject in erased else found.get(subject))

    def key_for_writing(self, subject: UUID) -> bytes:
        """The subject's key, created on first use; refused once erased."""
        found, key = self._cached(subject)
        if found and key is not None:
            return key
        exists, key = self._load(subject)
        if exists and key is None:
            raise SubjectErasedError(subject_id=str(subject))
        if not exists:
            key, wrapped = self._new_key(subject)
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(personal_data_keys).values(
                        subject_id=subject, wrapped_key=wrapped, created_at=datetime.now(UTC),
                    ))
            except IntegrityError:  # another process created it first: use theirs
                return self.key_for_writing(subject)
        assert key is not None  # stored (not erased: refused above) or just made
        self._remember(subject, key)
        return key

    def create_for_writing(self, subjects: Iterable[UUID]) -> None:
        """Get-or-create the keys of many subjects at once (a batch of commands about to be
        saved): one read, and one transaction for all the new keys instead of a commit
        each. The keys are then cached for `key_for_writing`; an erased subject is left to
        it to refuse. Call it before saving the events: a key written without events is
        harmless, an event without its key is data lost."""
        wanted = [subject for subject in dict.fromkeys(subjects)
                  if self._cached(subject)[1] is None]
        if not wanted:
            return
        found = self._load_many(wanted)
        created: dict[UUID, bytes] = {}
        rows = []
        now = datetime.now(UTC)
        for subject in wanted:
            if subject in found:
                continue
            key, wrapped = self._new_key(subject)
            created[subject] = key
            rows.append({"subject_id": subject, "wrapped_key": wrapped, "created_at": now})
        if rows:
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(personal_data_keys), rows)
            except IntegrityError:
                # Another writer created (or erased) one of them first: nothing of ours was
                # written; `key_for_writing` takes them one by one, and theirs wins.
                created = {}
        for subject, stored in (found | created).items():
            self._remember(subject, stored)

    def _load_many(self, subjects: list[UUID]) -> dict[UUID, bytes | None]:
        """The stored rows of these subjects: unwrapped key, or None if erased."""
        found: dict[UUID, bytes | None] = {}
        with self.engine.connect() as conn:
            # SQLite accepts at most 999 bound parameters in older builds.
            for start in range(0, len(subjects), 500):
                chunk = subjects[start:start + 500]
                for row in conn.execute(
                    select(personal_data_keys.c.subject_id, personal_data_keys.c.wrapped_key)
                    .where(personal_data_keys.c.subject_id.in_(chunk))
                ):
                    found[row.subject_id] = self._unwrap(row.subject_id, row.wrapped_key)
        return found

    def _new_key(self, subject: UUID) -> tuple[bytes, bytes]:
        """A fresh data key and its wrapped form (bound to the subject) for the table."""
        key = AESGCM.generate_key(bit_length=256)
        nonce = os.urandom(NONCE_BYTES)
        return key, nonce + self._master.encrypt(nonce, key, subject.bytes)

    def _unwrap(self, subject: UUID, wrapped_key: bytes | None) -> bytes | None:
        if wrapped_key is None:
            return None
        wrapped = bytes(wrapped_key)
        return self._master.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], subject.bytes)

    def erase(self, subjects: list[UUID]) -> int:
        """Destroy the keys of these subjects; return how many were live."""
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            for subject in subjects:
                existing = conn.execute(
                    select(personal_data_keys.c.subject_id)
                    .where(personal_data_keys.c.subject_id == subject)
                ).first()
                if existing is None:
                    conn.execute(insert(personal_data_keys).values(
                        subject_id=subject, wrapped_key=None, created_at=now, erased_at=now,
                    ))
            erased = conn.execute(
                update(personal_data_keys)
                .where(personal_data_keys.c.subject_id.in_(subjects),
                       personal_data_keys.c.wrapped_key.is_not(None))
                .values(wrapped_key=None, erased_at=now)
            ).rowcount
        self.learn_erased(subjects)
        return erased

    def learn_erased(self, subjects) -> None:
        """These subjects' keys are destroyed (here or, as the log says, in another process):
        stop using any cached copy of them at once."""
        with self._lock:
            for subject in subjects:
                self._erasure[subject] = True
        for subject in subjects:
            self._remember(subject, None)

    def any_erased(self, subjects) -> bool:
        """Whether any of these subjects' keys was destroyed; answers are cached like keys
        (one query for those not known, none for the rest)."""
        unknown = []
        with self._lock:
            for subject in subjects:
                known = self._erasure.get(subject)
                if known is True:
                    return True
                if known is False:
                    continue
                # A key read a moment ago (to unseal) says as much, for as long.
                if self._cache.get(subject) is None:
                    unknown.append(subject)
        if not unknown:
            return False
        with self.engine.connect() as conn:
            erased = {row.subject_id for row in conn.execute(
                select(personal_data_keys.c.subject_id)
                .where(personal_data_keys.c.subject_id.in_(unknown),
                       personal_data_keys.c.wrapped_key.is_(None)))}
        if erased:
            self.learn_erased(list(erased))
        with self._lock:
            for subject in unknown:
                if subject not in erased:
                    self._erasure[subject] = False
        return bool(erased)


def seal(key: bytes, plaintext: bytes, binding: bytes) -> str:
    nonce = os.urandom(NONCE_BYTES)
    return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, plaintext, binding)).decode()


def unseal(key: bytes, sealed: str, binding: bytes) -> bytes | None:
    raw = base64.b64decode(sealed)
    try:
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], binding)
    except InvalidTag:
        return None
