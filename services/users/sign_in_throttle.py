"""Slowing down password guessing without letting anyone keep a person out.

There is no lockout. Instead, two allowances, kept in the store so that every process of
an installation counts the same attempts:

- **Per account:** after `sign_in_free_failures` (5) attempts in a row without a success,
  the next attempt on that account must wait 1 s, after 6 2 s, then 4, 8, … up to
  `sign_in_max_delay_s` (60 s). A success starts the count again. An attempt is
  counted when it is let through, before its password is checked, so attempts sent in
  parallel cannot slip past the wait together. Failures from an address where the person
  signed in successfully within KNOWN_ADDRESS_DAYS are counted apart from all others: a
  guesser elsewhere cannot make her wait at her office, and a stranger who keeps failing
  on purpose makes the person wait at most the cap anywhere else.
- **Per address:** a bucket of `sign_in_address_allowance` points refilled evenly over
  `sign_in_address_window_s`; an attempt takes 1 point and a failed one
  `sign_in_failure_weight` in all. Defaults (300 points / 10 min, a failure 3): a whole
  office behind one NAT — 150 people signing in at 8:00 with 30 typos, 240 points — is not
  held up, while one address guessing gets at most 100 failures in 10 minutes, across all
  accounts.

Usernames and addresses are stored only as keyed hashes (HMAC-SHA-256 with the token
secret): the table says nothing about who tried from where. Known and unknown usernames
are counted alike, so the answers (429 with `Retry-After` and the same body) tell nothing
of which usernames exist.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, delete, insert, select
from sqlalchemy import update as sql_update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from services.errors import InvalidCredentialsError, ServiceError
from services.settings import Settings
from services.users.sessions import SessionUseCases, SignedIn

KNOWN_ADDRESS_DAYS = 30
# A streak of failures with no attempt for this long is forgotten.
FORGET_FAILURES_AFTER_S = 24 * 3600
# Compare-and-set attempts when processes update one row at once.
CAS_ATTEMPTS = 5

ACCOUNT, ADDRESS, KNOWN = "account", "address", "known"

metadata = MetaData()
throttle_table = Table(
    "sign_in_throttle", metadata,
    Column("key", String(64), primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("version", Integer, nullable=False),
    Column("count", Integer, nullable=False),  # account: attempts since the last success
    Column("level", Float, nullable=False),  # address: points in the bucket
    Column("next_at", Float, nullable=False),  # account: no attempt before this
    Column("last_at", Float, nullable=False, index=True),
)


class SignInDelayedError(ServiceError):
    """Too many failed attempts on this account lately: the next must wait."""

    code = "auth.sign_in_delayed"


class AddressOverAllowanceError(ServiceError):
    """Too many attempts from this address lately, whatever the accounts."""

    code = "auth.too_many_attempts"


@dataclass(frozen=True)
class Admission:
    """An attempt let through: the rows to settle once its password is checked."""

    account_key: str
    address_key: str
    known_key: str


class SignInThrottle:
    def __init__(self, engine: Engine, settings: Settings,
                 clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.free_failures = settings.sign_in_free_failures
        self.max_delay_s = settings.sign_in_max_delay_s
        self.allowance = settings.sign_in_address_allowance
        self.refill_per_s = settings.sign_in_address_allowance / settings.sign_in_address_window_s
        self.failure_weight = settings.sign_in_failure_weight
        self.clock = clock
        self._secret = settings.token_secret().encode()
        metadata.create_all(engine)

    def delay_after(self, attempts: int) -> float:
        """Seconds the next attempt waits after this many attempts without a success."""
        beyond = attempts - self.free_failures
        return 0.0 if beyond < 0 else float(min(2 ** beyond, self.max_delay_s))

    def admit(self, username: str, address: str) -> Admission:
        """Let an attempt through and count it, or say how long to wait (the errors'
        `retry_after_s`)."""
        now = self.clock()
        known_key = self._key(KNOWN, f"{username}\n{address}")
        with self.engine.begin() as conn:
            known = conn.execute(select(throttle_table.c.last_at).where(
                throttle_table.c.key == known_key)).scalar()
        known = known is not None and known > now - KNOWN_ADDRESS_DAYS * 86400
        admission = Admission(
            account_key=self._key(ACCOUNT, f"{username}\n{address}" if known else username),
            address_key=self._key(ADDRESS, address), known_key=known_key)
        self._count_on_account(admission.account_key, now, charge=False)
        self._take_from_address(admission.address_key, now)
        self._count_on_account(admission.account_key, now, charge=True)
        return admission

    def failed(self, admission: Admission) -> None:
        """The password was wrong: the address pays a failure's full weight."""
        extra = self.failure_weight - 1
        with self.engine.begin() as conn:
            conn.execute(sql_update(throttle_table)
                         .where(throttle_table.c.key == admission.address_key)
                         .values(level=throttle_table.c.level + extra))
            self._tidy(conn)

    def succeeded(self, admission: Admission) -> None:
        """The right password: the account's count starts again; the address is known."""
        now = self.clock()
        with self.engine.begin() as conn:
            conn.execute(delete(throttle_table).where(
                throttle_table.c.key.in_([admission.account_key, admission.known_key])))
            conn.execute(insert(throttle_table).values(
                key=admission.known_key, kind=KNOWN, version=1, count=0, level=0.0,
                next_at=0.0, last_at=now))
            self._tidy(conn)

    # -- steps -------------------------------------------------------------------------

    def _count_on_account(self, key: str, now: float, *, charge: bool) -> None:
        def change(row) -> dict | None:
            count = 0 if row is None or row.last_at < now - FORGET_FAILURES_AFTER_S \
                else row.count
            if row is not None and now < row.next_at and count:
                raise SignInDelayedError(retry_after_s=max(math.ceil(row.next_at - now), 1))
            if not charge:
                return None
            return {"count": count + 1, "next_at": now + self.delay_after(count + 1),
                    "last_at": now}

        self._compare_and_set(key, ACCOUNT, change)

    def _take_from_address(self, key: str, now: float) -> None:
        def change(row) -> dict:
            level = 0.0 if row is None else \
                max(row.level - (now - row.last_at) * self.refill_per_s, 0.0)
            if level + 1 > self.allowance:
                wait = (level + 1 - self.allowance) / self.refill_per_s
                raise AddressOverAllowanceError(retry_after_s=max(math.ceil(wait), 1))
            return {"level": level + 1, "last_at": now}

        self._compare_and_set(key, ADDRESS, change)

    def _compare_and_set(self, key: str, kind: str, change: Callable) -> None:
        t = throttle_table
        for _ in range(CAS_ATTEMPTS):
            with self.engine.begin() as conn:
                row = conn.execute(select(t).where(t.c.key == key)).first()
            values = change(row)
            if values is None:
                return
            try:
                with self.engine.begin() as conn:
                    if row is None:
                        conn.execute(insert(t).values(
                            {"key": key, "kind": kind, "version": 1, "count": 0,
                             "level": 0.0, "next_at": 0.0, "last_at": 0.0} | values))
                        return
                    done = conn.execute(sql_update(t).where(t.c.key == key,
                                                            t.c.version == row.version)
                                        .values(version=row.version + 1, **values))
            except IntegrityError:
                continue  # another process inserted it first: read it again
            if done.rowcount == 1:
                return
        # Still contended after several tries: let the attempt through uncounted rather
        # than refuse a person because others are busy; the next one is counted.

    def _tidy(self, conn: Connection) -> None:
        """Now and then, forget rows no allowance needs any more."""
        if random.random() > 0.02:  # noqa: S311 -- when to tidy, not a secret
            return
        now = self.clock()
        t = throttle_table
        conn.execute(delete(t).where(t.c.kind != KNOWN,
                                     t.c.last_at < now - FORGET_FAILURES_AFTER_S))
        conn.execute(delete(t).where(t.c.kind == KNOWN,
                                     t.c.last_at < now - KNOWN_ADDRESS_DAYS * 86400))

    def _key(self, kind: str, value: str) -> str:
        return hmac.new(self._secret, f"{kind}\n{value}".encode(), hashlib.sha256).hexdigest()


def sign_in_throttled(throttle: SignInThrottle, app: SessionUseCases, username: str,
                      password: str, *, address: str, user_agent: str) -> SignedIn:
    """Sign in if the allowances let the attempt through, and settle them by its outcome."""
    admission = throttle.admit(username, address)
    try:
        signed_in = app.sign_in(username, password, user_agent=user_agent)
    except InvalidCredentialsError:
        throttle.failed(admission)
        raise
    throttle.succeeded(admission)
    return signed_in
