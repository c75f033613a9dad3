"""Statistical returns crossing a boundary upward: the document rules, the sum, the receipt.

A return document travels from a municipality to its voivodeship and from a voivodeship to
the national level. Only aggregates may cross a boundary, so the rules below are also the
privacy guard: a document whose figures hold anything but counts and amounts, or whose keys
are not exactly the agreed ones, is refused on sending and on receiving.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainConflictError, DomainError, InvalidValueError
from domain.identifiers import InvalidTerytError, Teryt
from domain.mrpips03_rows import LAYOUT, LAYOUTS, LEGACY_LAYOUT
from domain.office_day import POLAND

FORM = "MRPiPS-03"
SCHEMA = 1
LEVELS = ("municipality", "voivodeship", "national")
# Which level's returns an instance of each level receives.
LOWER_LEVEL = {"voivodeship": "municipality", "national": "voivodeship"}
PARTS = ("H1", "Y")  # H1: 1 January – 30 June; Y: the whole year
NATIONAL_TERYT = "00"  # the country has no TERYT code of its own

DOCUMENT_KEYS = frozenset({"form", "schema", "unit", "period", "submitted_at", "as_of",
                           "position", "figures", "content_hash"})
AGGREGATE_KEYS = DOCUMENT_KEYS | {"parts"}
# Since layout "2026" (domain/mrpips03_rows.py) a document names the layout of its figures
# (without it: the old one); an aggregate also names the units it left out of its sum for
# being in another layout.
OPTIONAL_KEYS = frozenset({"layout"})
OPTIONAL_AGGREGATE_KEYS = OPTIONAL_KEYS | {"other_layouts"}
OTHER_LAYOUT_KEYS = frozenset({"teryt", "layout", "content_hash"})
UNIT_KEYS = frozenset({"level", "teryt", "name"})
PERIOD_KEYS = frozenset({"year", "part"})
PART_KEYS = frozenset({"teryt", "content_hash"})
ENVELOPE_KEYS = frozenset({"document", "signature", "key_id"})

_FIGURE_KEY = re.compile(r"[a-z0-9_]{1,40}")
# Stricter than the contract's key pattern: a key may not smuggle an identifier either, so a
# run of five digits (a PESEL, a phone number) or a long hex word (an id, a hash) is refused.
_IDENTIFIER_IN_KEY = re.compile(r"\d{5}|(?:^|_)[0-9a-f]{8,}(?:_|$)")
_MONEY = re.compile(r"\d{1,15}\.\d{2}", re.ASCII)
_HASH = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
_TERYT = re.compile(r"\d{2}|\d{7}", re.ASCII)
MAX_FIGURE_DEPTH = 8
# An Ed25519 signature is 88 characters of base64; room for a longer scheme.
MAX_SIGNATURE_LENGTH = 200
MAX_COUNT = 2**53 - 1  # exact in every JSON reader
MAX_NAME_LENGTH = 120


class FederationError(DomainError):
    code = "federation.error"


class InvalidReturnDocumentError(FederationError, InvalidValueError):
    code = "federation.invalid_document"


class UnexpectedFieldsError(InvalidReturnDocumentError):
    """Keys other than the agreed ones: nothing extra may travel upward."""

    code = "federation.unexpected_fields"


class FigureNotAllowedError(InvalidReturnDocumentError):
    """A figure that is not a count or an amount of złoty: it could carry personal data."""

    code = "federation.figure_not_allowed"


class ContentHashMismatchError(InvalidReturnDocumentError):
    code = "federation.content_hash_mismatch"


class InvalidEnvelopeError(FederationError, InvalidValueError):
    code = "federation.invalid_envelope"


class BadSignatureError(FederationError, InvalidValueError):
    code = "federation.bad_signature"


class UntrustedUnitError(FederationError, InvalidValueError):
    """No key is trusted for the sending unit, or the envelope names another key."""

    code = "federation.untrusted_unit"


class WrongLevelError(FederationError, InvalidValueError):
    """The document's unit is not of the level this instance receives from."""

    code = "federation.wrong_level"


class OutsideRegionError(FederationError, InvalidValueError):
    """A municipality of another voivodeship."""

    code = "federation.outside_region"


class FigureStructureMismatchError(FederationError, DomainConflictError):
    """Two returns of one schema must have the same keys; these do not, so no sum."""

    code = "federation.structure_mismatch"


class NothingToAggregateError(FederationError, DomainConflictError):
    code = "federation.nothing_to_aggregate"


# -- canonical bytes and hashes -----------------------------------------------------------


def canonical(value: Any) -> bytes:
    """The agreed bytes of a JSON value: `orjson.dumps(x, option=OPT_SORT_KEYS)`.

    Written with the standard library so the domain needs nothing else; for what a checked
    document can hold (objects, lists, ints, printable strings) the bytes are the same as
    orjson's, which tests/domain/test_federation.py proves.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False).encode()


def content_hash(figures: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(figures)).hexdigest()


def key_id_of(public_key: bytes) -> str:
    """The short name of a raw 32-byte Ed25519 public key."""
    return hashlib.sha256(public_key).hexdigest()[:16]


# -- the rules of a document --------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    year: int
    part: str

    def __post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int) \
                or not 2000 <= self.year <= 2100:
            raise InvalidReturnDocumentError(field="period.year")
        if self.part not in PARTS:
            raise InvalidReturnDocumentError(field="period.part")

    @property
    def key(self) -> str:
        return f"{self.year}-{self.part}"


@dataclass(frozen=True)
class ReturnDocument:
    """A checked return document; `raw` is the JSON object exactly as it travels."""

    level: str
    teryt: str
    name: str
    period: Period
    content_hash: str
    raw: dict[str, Any] = field(repr=False, compare=False)

    @property
    def figures(self) -> dict[str, Any]:
        figures: dict[str, Any] = self.raw["figures"]
        return figures

    @property
    def parts(self) -> list[dict[str, str]]:
        parts: list[dict[str, str]] = self.raw.get("parts", [])
        return parts


def check_keys(value: Any, expected: frozenset[str], where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidReturnDocumentError(field=where)
    if set(value) != expected:
        raise UnexpectedFieldsError(field=where, unexpected=sorted(set(value) - expected),
                                    missing=sorted(expected - set(value)))
    return value


def check_figures(figures: Any, path: str = "figures", depth: int = 0) -> None:
    """Every key a short snake_case name, every leaf a count or an amount of złoty."""
    if not isinstance(figures, dict) or not figures or depth > MAX_FIGURE_DEPTH:
        raise FigureNotAllowedError(path=path)
    for key, value in figures.items():
        if not isinstance(key, str) or not _FIGURE_KEY.fullmatch(key) \
                or _IDENTIFIER_IN_KEY.search(key):
            raise FigureNotAllowedError(path=path)
        here = f"{path}.{key}"
        if isinstance(value, dict):
            check_figures(value, here, depth + 1)
        elif not _is_count(value) and not (isinstance(value, str) and _MONEY.fullmatch(value)):
            raise FigureNotAllowedError(path=here)


def _is_count(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and 0 <= value <= MAX_COUNT


def _utc_timestamp(value: Any, where: str) -> None:
    if not isinstance(value, str) or len(value) > 40:
        raise InvalidReturnDocumentError(field=where)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidReturnDocumentError(field=where) from None
    offset = moment.utcoffset()
    if offset is None or offset.total_seconds() != 0:
        raise InvalidReturnDocumentError(field=where)


def _count(value: Any, where: str) -> int:
    if not _is_count(value):
        raise InvalidReturnDocumentError(field=where)
    count: int = value
    return count


def check_unit(unit: Any) -> tuple[str, str, str]:
    unit = check_keys(unit, UNIT_KEYS, "unit")
    level, teryt, name = unit["level"], unit["teryt"], unit["name"]
    if level not in LEVELS:
        raise InvalidReturnDocumentError(field="unit.level")
    if not is_teryt_of(level, teryt):
        raise InvalidReturnDocumentError(field="unit.teryt")
    # A unit's name, nothing more: short, printable, one line.
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_LENGTH \
            or not name.isprintable():
        raise InvalidReturnDocumentError(field="unit.name")
    return level, teryt, name


def is_teryt_of(level: str, teryt: Any) -> bool:
    if level == "national":
        return bool(teryt == NATIONAL_TERYT)
    if not isinstance(teryt, str) or not _TERYT.fullmatch(teryt):
        return False
    try:
        Teryt(teryt)
    except InvalidTerytError:
        return False
    return len(teryt) == (7 if level == "municipality" else 2)


def check_sender(document: ReturnDocument, receiver_level: str,
                 receiver_teryt: str | None) -> None:
    """A voivodeship receives its own municipalities' returns; the country, voivodeships'."""
    if LOWER_LEVEL.get(receiver_level) != document.level:
        raise WrongLevelError(level=document.level, receiver=receiver_level)
    if receiver_level == "voivodeship" and receiver_teryt \
            and not document.teryt.startswith(receiver_teryt[:2]):
        raise OutsideRegionError(teryt=document.teryt, region=receiver_teryt[:2])


def check_document(document: Any) -> ReturnDocument:
    """Refuse anything but the agreed keys, counts and amounts, and a matching hash."""
    if not isinstance(document, dict):
        raise InvalidReturnDocumentError(field="document")
    level = document.get("unit", {}).get("level") if isinstance(document.get("unit"), dict) \
        else None
    aggregate = level in LOWER_LEVEL
    optional = set(document) & (OPTIONAL_AGGREGATE_KEYS if aggregate else OPTIONAL_KEYS)
    check_keys(document, (AGGREGATE_KEYS if aggregate else DOCUMENT_KEYS) | optional,
               "document")
    if document.get("layout", LEGACY_LAYOUT) not in LAYOUTS:
        raise InvalidReturnDocumentError(field="layout")
    if "other_layouts" in document:
        _check_other_layouts(document["other_layouts"])
    if document["form"] != FORM:
        raise InvalidReturnDocumentError(field="form")
    if isinstance(document["schema"], bool) or document["schema"] != SCHEMA:
        raise InvalidReturnDocumentError(field="schema")
    level, teryt, name = check_unit(document["unit"])
    period_in = check_keys(document["period"], PERIOD_KEYS, "period")
    period = Period(period_in["year"], period_in["part"])
    _utc_timestamp(document["submitted_at"], "submitted_at")
    _utc_timestamp(document["as_of"], "as_of")
    position = _count(document["position"], "position")
    if aggregate:
        if position != 0:
            raise InvalidReturnDocumentError(field="position")
        _check_parts(document["parts"])
    check_figures(document["figures"])
    stated = document["content_hash"]
    if not isinstance(stated, str) or not _HASH.fullmatch(stated):
        raise InvalidReturnDocumentError(field="content_hash")
    if content_hash(document["figures"]) != stated:
        raise ContentHashMismatchError(teryt=teryt)
    return ReturnDocument(level=level, teryt=teryt, name=name, period=period,
                          content_hash=stated, raw=document)


def _check_parts(parts: Any) -> None:
    if not isinstance(parts, list) or not parts:
        raise InvalidReturnDocumentError(field="parts")
    seen = set()
    for part in parts:
        check_keys(part, PART_KEYS, "parts[]")
        if not isinstance(part["teryt"], str) or not _TERYT.fullmatch(part["teryt"]) \
                or part["teryt"] in seen:
            raise InvalidReturnDocumentError(field="parts[].teryt")
        if not isinstance(part["content_hash"], str) or not _HASH.fullmatch(part["content_hash"]):
            raise InvalidReturnDocumentError(field="parts[].content_hash")
        seen.add(part["teryt"])


def _check_other_layouts(others: Any) -> None:
    if not isinstance(others, list):
        raise InvalidReturnDocumentError(field="other_layouts")
    for other in others:
        check_keys(other, OTHER_LAYOUT_KEYS, "other_layouts[]")
        if not isinstance(other["teryt"], str) or not _TERYT.fullmatch(other["teryt"]):
            raise InvalidReturnDocumentError(field="other_layouts[].teryt")
        if other["layout"] not in LAYOUTS or other["layout"] == LAYOUT:
            raise InvalidReturnDocumentError(field="other_layouts[].layout")
        if not isinstance(other["content_hash"], str) \
                or not _HASH.fullmatch(other["content_hash"]):
            raise InvalidReturnDocumentError(field="other_layouts[].content_hash")


def document_layout(document: dict[str, Any]) -> str:
    """The layout a (checked) document's figures are in."""
    layout: str = document.get("layout", LEGACY_LAYOUT)
    return layout


@dataclass(frozen=True)
class Envelope:
    document: dict[str, Any]
    signature: str
    key_id: str


def check_envelope(envelope: Any) -> Envelope:
    """The envelope's shape only; the signature is checked with the trusted key."""
    if not isinstance(envelope, dict) or set(envelope) != ENVELOPE_KEYS:
        raise InvalidEnvelopeError()
    signature, key_id = envelope["signature"], envelope["key_id"]
    if not isinstance(signature, str) or not 0 < len(signature) <= MAX_SIGNATURE_LENGTH:
        raise InvalidEnvelopeError(field="signature")
    if not isinstance(key_id, str) or not _KEY_ID.fullmatch(key_id):
        raise InvalidEnvelopeError(field="key_id")
    if not isinstance(envelope["document"], dict):
        raise InvalidEnvelopeError(field="document")
    return Envelope(envelope["document"], signature, key_id)


# -- the sum ------------------------------------------------------------------------------


def sum_figures(many: list[dict[str, Any]]) -> dict[str, Any]:
    """Leaf-wise sum of returns of one schema: counts as ints, amounts as złoty with grosze."""
    if not many:
        raise NothingToAggregateError()
    for figures in many:
        check_figures(figures)
    total: dict[str, Any] = _sum(many, "figures")
    return total


def _sum(many: list[Any], path: str) -> Any:
    first = many[0]
    if isinstance(first, dict):
        if any(not isinstance(f, dict) or f.keys() != first.keys() for f in many):
            raise FigureStructureMismatchError(path=path)
        return {key: _sum([f[key] for f in many], f"{path}.{key}") for key in first}
    if isinstance(first, int):
        if any(not isinstance(f, int) for f in many):
            raise FigureStructureMismatchError(path=path)
        return sum(many)
    if any(not isinstance(f, str) for f in many):
        raise FigureStructureMismatchError(path=path)
    return str(sum((Decimal(f) for f in many), Decimal("0.00")).quantize(Decimal("0.01")))


# -- deadlines ----------------------------------------------------------------------------

# Recent practice; the minister's letter for each year decides, so each is overridable.
DEFAULT_DEADLINES: dict[tuple[str, str], tuple[int, int, int]] = {
    # (level sending, part): (years after the period's year, month, day)
    ("municipality", "H1"): (0, 7, 21),
    ("municipality", "Y"): (1, 2, 9),
    ("voivodeship", "H1"): (0, 8, 11),
    ("voivodeship", "Y"): (1, 2, 28),
}


@dataclass(frozen=True)
class Deadlines:
    """When each level must have sent its return; `overrides` keyed `level.part.year`."""

    overrides: dict[str, date] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key in self.overrides:
            level, _, rest = key.partition(".")
            part, _, year = rest.partition(".")
            if (level, part) not in DEFAULT_DEADLINES or not year.isdigit():
                raise InvalidValueError(field="deadline", key=key)

    def due(self, level: str, period: Period) -> date | None:
        """The last day the `level`'s return for `period` is on time (None: no deadline)."""
        override = self.overrides.get(f"{level}.{period.part}.{period.year}")
        if override is not None:
            return override
        rule = DEFAULT_DEADLINES.get((level, period.part))
        if rule is None:
            return None
        years_after, month, day = rule
        return date(period.year + years_after, month, day)


def received_on_time(received_at: datetime, deadline: date | None) -> bool:
    """On time if received by the end of the deadline's day in Poland."""
    if deadline is None:
        return True
    return received_at.astimezone(POLAND).date() <= deadline


# -- the receipt --------------------------------------------------------------------------

# Fixed for good: receipt ids derive from it, which makes a repeated delivery a no-op.
RECEIPT_NAMESPACE = UUID("3c9d8f0e-5b1a-4e7c-9f2d-6a8b0c1d2e3f")


class ReceivedReturn(Aggregate):
    """A lower-level unit's return as received here: one per unit, period and submission.

    A later submission of the same unit and period is a correction: both are kept, the
    latest received counts — also when a correction goes back to earlier figures (A, B, A):
    the second A was submitted at another time, so it is a new receipt, not a duplicate.
    """

    @staticmethod
    def id_for(teryt: str, period: Period, content_hash: str, submitted_at: str) -> UUID:
        return uuid5(RECEIPT_NAMESPACE,
                     f"{teryt}/{period.year}/{period.part}/{content_hash}/{submitted_at}")

    @classmethod
    def receive(cls, document: ReturnDocument, *, key_id: str, signature: str,
                received_at: datetime, deadline: date | None) -> ReceivedReturn:
        """Record a checked, verified document (it is checked again: receipts are forever)."""
        checked = check_document(document.raw)
        if received_at.tzinfo is None:
            raise InvalidValueError(field="received_at")
        raw = checked.raw
        return cls._create(
            cls.ReturnReceived,
            id=cls.id_for(checked.teryt, checked.period, checked.content_hash,
                          checked.raw["submitted_at"]),
            level=checked.level, teryt=checked.teryt, name=checked.name,
            year=checked.period.year, part=checked.period.part,
            content_hash=checked.content_hash, figures=raw["figures"],
            parts=raw.get("parts", []), submitted_at=raw["submitted_at"], as_of=raw["as_of"],
            position=raw["position"], key_id=key_id, signature=signature,
            received_at=received_at.astimezone(UTC), deadline=deadline,
            layout=document_layout(raw),
        )

    class ReturnReceived(Aggregate.Created):
        level: str
        teryt: str
        name: str
        year: int
        part: str
        content_hash: str
        figures: dict[str, Any]
        parts: list[dict[str, str]]
        submitted_at: str
        as_of: str
        position: int
        key_id: str
        signature: str
        received_at: datetime
        deadline: date | None
        # Receipts recorded before layouts existed have none: the old layout.
        layout: str

    @event(ReturnReceived)
    def __init__(self, *, level: str, teryt: str, name: str, year: int, part: str,
                 content_hash: str, figures: dict[str, Any], parts: list[dict[str, str]],
                 submitted_at: str, as_of: str, position: int, key_id: str, signature: str,
                 received_at: datetime, deadline: date | None,
                 layout: str = LEGACY_LAYOUT) -> None:
        self.level = level
        self.teryt = teryt
        self.name = name
        self.period = Period(year, part)
        self.content_hash = content_hash
        self.figures = figures
        self.parts = parts
        self.submitted_at = submitted_at
        self.as_of = as_of
        self.source_position = position
        self.key_id = key_id
        self.signature = signature
        self.received_at = received_at
        self.deadline = deadline
        self.layout = layout

    @property
    def on_time(self) -> bool:
        return received_on_time(self.received_at, self.deadline)
