"""Returns travel upward: this instance's signing key, the units it trusts, delivering,
receiving, summing, and who has not sent theirs.

A municipality signs its submitted return with its Ed25519 key and posts it to its
voivodeship; the voivodeship checks the key is the one it trusts for that TERYT code, the
signature, the content hash and the privacy rules, and records a `ReturnReceived`. Summing
the latest return of each municipality gives the voivodeship's own return, which it sends
to the national instance the same way. See docs/returns.md, "Federation".
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from eventsourcing.application import AggregateNotFoundError as LibraryNotFound
from eventsourcing.persistence import IntegrityError

from domain.federation import (
    FORM,
    LOWER_LEVEL,
    NATIONAL_TERYT,
    RECEIPT_NAMESPACE,
    SCHEMA,
    BadSignatureError,
    Deadlines,
    InvalidReturnDocumentError,
    NothingToAggregateError,
    Period,
    ReceivedReturn,
    ReturnDocument,
    UntrustedUnitError,
    WrongLevelError,
    canonical,
    check_document,
    check_envelope,
    check_sender,
    content_hash,
    is_teryt_of,
    key_id_of,
    sum_figures,
)
from domain.identifiers import Teryt
from domain.mrpips03 import ReturnPeriod
from domain.mrpips03_rows import LAYOUT
from domain.office_day import POLAND
from services.commands import CommandContext
from services.errors import ServiceError
from services.returns.figures import ReturnsService
from services.settings import Settings

RETURNS_PATH = "/api/federation/returns"
# A lower-level unit has no user here: its receipts are stamped with an actor id derived
# from its TERYT code and this role.
SENDER_ROLE = "federation"


class FederationNotConfiguredError(ServiceError):
    """A setting this step needs (unit, upstream URL) is not given."""

    code = "federation.not_configured"


class InvalidPublicKeyError(ServiceError):
    code = "federation.invalid_public_key"


class DeliveryFailedError(ServiceError):
    """The upstream instance could not be reached or kept failing (→ 502)."""

    code = "federation.delivery_failed"


class DeliveryRefusedError(ServiceError):
    """The upstream instance refused the return; its error code is in the details (→ 502)."""

    code = "federation.delivery_refused"


# -- keys and signatures ------------------------------------------------------------------


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """This instance's key: TECZKA_FEDERATION_KEY, or one generated once into the data dir."""
    return Ed25519PrivateKey.from_private_bytes(settings.federation_signing_seed())


def public_key_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_text(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(public_key_bytes(key)).decode()


def parse_public_key(text: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError, AttributeError):
        raise InvalidPublicKeyError() from None
    return raw


def sign(document: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """The envelope that carries a checked document upward."""
    check_document(document)
    return {
        "document": document,
        "signature": base64.b64encode(key.sign(canonical(document))).decode(),
        "key_id": key_id_of(public_key_bytes(key)),
    }


def verify_signature(document: dict[str, Any], signature: str, public_key: bytes) -> None:
    try:
        raw = base64.b64decode(signature, validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(raw, canonical(document))
    except (binascii.Error, ValueError, InvalidSignature):
        raise BadSignatureError() from None


# -- the units this instance receives from ------------------------------------------------


@dataclass(frozen=True)
class TrustedUnit:
    teryt: str
    name: str
    public_key: str  # base64 of the raw 32-byte Ed25519 public key

    @property
    def key_id(self) -> str:
        return key_id_of(base64.b64decode(self.public_key))


class TrustRegistry:
    """The lower-level units and their public keys: a JSON file an operator keeps with
    `teczka federation trust`, read on every receipt so a new unit needs no restart."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def units(self) -> dict[str, TrustedUnit]:
        if not self.path.exists():
            return {}
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return {teryt: TrustedUnit(teryt, u["name"], u["public_key"])
                for teryt, u in data.items()}

    def get(self, teryt: str) -> TrustedUnit | None:
        return self.units().get(teryt)

    def trust(self, teryt: str, name: str, public_key: str) -> TrustedUnit:
        """Trust (or replace) the key of a unit; the file is replaced whole, atomically."""
        Teryt(teryt)
        if not name.strip() or len(name) > 120:
            raise InvalidReturnDocumentError(field="unit.name")
        unit = TrustedUnit(teryt, name.strip(), base64.b64encode(parse_public_key(public_key))
                           .decode())
        units = self.units() | {teryt: unit}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(
            {t: {"name": u.name, "public_key": u.public_key} for t, u in sorted(units.items())},
            ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(temporary, self.path)
        return unit


# -- receiving, summing, status, delivering -----------------------------------------------


@dataclass(frozen=True)
class Receipt:
    receipt_id: UUID
    teryt: str
    year: int
    part: str
    content_hash: str
    received_at: datetime
    on_time: bool
    duplicate: bool
    position: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Federation:
    """Receiving and sending returns for one instance, at the level its settings name."""

    def __init__(self, settings: Settings, app: Any, read_models: Any,
                 returns: ReturnsService, *,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.settings = settings
        self.app = app
        self.read_models = read_models
        self.trusted = TrustRegistry(settings.federation_trust_path)
        self.deadlines = Deadlines(dict(settings.return_deadlines))
        self.now = now
        # The municipality's own submitted returns, as documents to send upward.
        self.returns = returns

    @property
    def level(self) -> str:
        return self.settings.level

    # receiving --------------------------------------------------------------------------

    def receive(self, envelope: Any) -> Receipt:
        """Record a lower-level unit's signed return; the same return again changes nothing."""
        sealed = check_envelope(envelope)
        document = check_document(sealed.document)
        check_sender(document, self.level, self.settings.unit_teryt)
        unit = self.trusted.get(document.teryt)
        if unit is None or unit.key_id != sealed.key_id:
            raise UntrustedUnitError(teryt=document.teryt, key_id=sealed.key_id)
        verify_signature(sealed.document, sealed.signature, base64.b64decode(unit.public_key))
        receipt_id = ReceivedReturn.id_for(document.teryt, document.period,
                                           document.content_hash, document.raw["submitted_at"])
        earlier = self._receipt(receipt_id)
        if earlier is not None:
            return earlier
        received = ReceivedReturn.receive(
            document, key_id=sealed.key_id, signature=sealed.signature,
            received_at=self.now(), deadline=self.deadlines.due(document.level, document.period),
        )
        ctx = CommandContext(command_id=receipt_id,
                             actor_id=uuid5(RECEIPT_NAMESPACE, f"unit/{document.teryt}"),
                             role=SENDER_ROLE, unit=document.teryt)
        try:
            recordings = self.app.save_stamped(ctx, received)
        except IntegrityError:
            # The same delivery raced us (a retry after a timeout): the first one stands.
            earlier = self._receipt(receipt_id)
            if earlier is None:
                raise
            return earlier
        return self._as_receipt(received, duplicate=False,
                                position=recordings[-1].notification.id)

    def _receipt(self, receipt_id: UUID) -> Receipt | None:
        try:
            received = self.app.repository.get(receipt_id)
        except LibraryNotFound:
            return None
        return self._as_receipt(received, duplicate=True, position=self.app.head_position())

    @staticmethod
    def _as_receipt(received: ReceivedReturn, *, duplicate: bool, position: int) -> Receipt:
        return Receipt(receipt_id=received.id, teryt=received.teryt,
                       year=received.period.year, part=received.period.part,
                       content_hash=received.content_hash, received_at=received.received_at,
                       on_time=received.on_time, duplicate=duplicate, position=position)

    # reading ----------------------------------------------------------------------------

    def status(self, period: Period, today: date | None = None,
               after: int | None = None) -> dict[str, Any]:
        """Every unit expected here (the trusted ones and any that sent): on time, late, or
        missing — and whether the deadline has passed for those missing."""
        today = today or self.now().astimezone(POLAND).date()
        lower = LOWER_LEVEL.get(self.level)
        deadline = self.deadlines.due(lower, period) if lower else None
        latest = {r["teryt"]: r for r in self.read_models.received_returns(
            period.year, period.part, after=after)}
        expected = {teryt: unit.name for teryt, unit in self.trusted.units().items()}
        units = []
        for teryt in sorted(set(expected) | set(latest)):
            row = latest.get(teryt)
            if row is None:
                overdue = deadline is not None and today > deadline
                units.append({"teryt": teryt, "name": expected[teryt],
                              "status": "overdue" if overdue else "missing",
                              "received_at": None, "content_hash": None, "layout": None,
                              "corrections": 0})
            else:
                units.append({"teryt": teryt, "name": expected.get(teryt, row["name"]),
                              "status": "on_time" if row["on_time"] else "late",
                              "received_at": row["received_at"],
                              "content_hash": row["content_hash"],
                              "layout": row["layout"],
                              "corrections": row["receipts"] - 1})
        return {"year": period.year, "part": period.part, "level": lower,
                "deadline": deadline, "units": units,
                "submitted": sum(1 for u in units if u["received_at"] is not None),
                "missing": sum(1 for u in units if u["received_at"] is None)}

    def aggregate(self, period: Period, after: int | None = None) -> dict[str, Any]:
        """This level's return for the period: the sum of the latest return of each unit."""
        if self.level not in LOWER_LEVEL:
            raise FederationNotConfiguredError(setting="TECZKA_LEVEL")
        received = self.read_models.received_returns(period.year, period.part, after=after)
        # Only returns in the current layout are summed; a unit that sent the old one is
        # named beside the sum (its rows differ: summing them would count missing rows as 0).
        latest = [row for row in received if row["layout"] == LAYOUT]
        others = [{"teryt": row["teryt"], "layout": row["layout"],
                   "content_hash": row["content_hash"]}
                  for row in sorted(received, key=lambda r: r["teryt"])
                  if row["layout"] != LAYOUT]
        if not latest:
            raise NothingToAggregateError(year=period.year, part=period.part,
                                          other_layouts=[o["teryt"] for o in others])
        figures = sum_figures([row["figures"] for row in latest])
        moment = self.now().astimezone(UTC).isoformat()
        document = {
            "form": FORM, "schema": SCHEMA,
            "unit": {"level": self.level, "teryt": self._own_teryt(),
                     "name": self._setting("unit_name")},
            "period": {"year": period.year, "part": period.part},
            "submitted_at": moment,
            # The recorded-time cut-off of an aggregate: the last receipt it includes.
            "as_of": max(row["received_at"] for row in latest),
            "position": 0,
            "figures": figures,
            "content_hash": content_hash(figures),
            "parts": [{"teryt": row["teryt"], "content_hash": row["content_hash"]}
                      for row in sorted(latest, key=lambda r: r["teryt"])],
            "layout": LAYOUT,
            "other_layouts": others,
        }
        check_document(document)
        return document

    # sending ----------------------------------------------------------------------------

    def deliver_document(self, document: dict[str, Any]) -> dict[str, Any]:
        """Check, sign and send a return document of this unit to the upstream instance."""
        checked: ReturnDocument = check_document(document)
        if checked.level != self.level or checked.teryt != self._own_teryt():
            raise InvalidReturnDocumentError(field="unit")
        envelope = sign(document, signing_key(self.settings))
        return deliver(envelope, self._setting("upstream_url"),
                       timeout_s=self.settings.federation_timeout_s,
                       attempts=self.settings.federation_attempts)

    def deliver_return(self, period: Period) -> dict[str, Any]:
        """Send this municipality's submitted return for the period to its voivodeship."""
        return self.deliver_document(self.returns.document(ReturnPeriod(period.year,
                                                                        period.part)))

    def deliver_aggregate(self, period: Period, after: int | None = None) -> dict[str, Any]:
        """Send this level's sum of the period upward (a voivodeship to the country)."""
        return self.deliver_document(self.aggregate(period, after=after))

    def trust_unit(self, teryt: str, name: str, public_key: str) -> TrustedUnit:
        """Trust a lower-level unit's key (`teczka federation trust`)."""
        lower = LOWER_LEVEL.get(self.level)
        if lower is None or not is_teryt_of(lower, teryt):
            raise WrongLevelError(level=lower, teryt=teryt)
        return self.trusted.trust(teryt, name, public_key)

    def _own_teryt(self) -> str:
        if self.level == "national":
            return self.settings.unit_teryt or NATIONAL_TERYT
        return self._setting("unit_teryt")

    def _setting(self, name: str) -> str:
        value = getattr(self.settings, name)
        if not value:
            raise FederationNotConfiguredError(setting=f"TECZKA_{name.upper()}")
        return value


def deliver(envelope: dict[str, Any], url: str, *, timeout_s: float = 10.0,
            attempts: int = 3) -> dict[str, Any]:
    """POST an envelope to an upstream instance; retry what may be transient.

    Retrying is safe because receiving is idempotent: a return that arrived although its
    answer was lost is answered as a duplicate the second time.
    """
    import httpx  # only a sending instance needs it; keeps every process's start quick

    body = canonical(envelope)
    target = url.rstrip("/") + RETURNS_PATH
    failure = "no attempt"
    for attempt in range(max(1, attempts)):
        if attempt:
            time.sleep(min(0.5 * 2 ** (attempt - 1), 4.0))
        try:
            with httpx.Client(timeout=timeout_s) as http:
                answer = http.post(target, content=body,
                                   headers={"content-type": "application/json"})
        except httpx.HTTPError as error:
            failure = type(error).__name__
            continue
        if answer.status_code >= 500:
            failure = f"HTTP {answer.status_code}"
            continue
        if answer.status_code >= 400:
            raise DeliveryRefusedError(upstream_status=answer.status_code,
                                       upstream_code=_error_code(answer))
        try:
            return answer.json()
        except ValueError:
            failure = "not a receipt"
    raise DeliveryFailedError(url=target, reason=failure)


def _error_code(answer: Any) -> str | None:
    try:
        return answer.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None

