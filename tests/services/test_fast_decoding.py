"""The fast decoder reads back whatever the library's encoder wrote exactly as the library's
own decoder does: the same values of the same types (a Decimal stays a Decimal, a tuple
comes back a list as from the library, a datetime keeps its offset), and refuses the same
records with the same error."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    UUIDAsHex,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from domain.access import AccessSubject
from domain.benefit_terms import DaysTerms, DpsFee, FamilyPayer
from domain.care import CareTerms, CashTerms
from domain.care_visits import ScheduleSlot
from domain.catalogue import CatalogueEntry, PackageItem, Standard
from domain.fees import FeeBracket, FeeShareTable, IncomeCriterion
from domain.handoff import Handoff
from domain.household import Address, Member
from domain.identifiers import IdentityDocument
from domain.social_work import AssetDeclaration, PersonStatement, Visit
from services.store.transcoder import FastJSONTranscoder, uuid_from_hex
from services.store.transcodings import EVENT_VALUE_TYPES, DataclassAsDict, register_value_types
from tests.support.builders import valid_pesel
from tests.support.depth import examples


@dataclasses.dataclass(frozen=True)
class Box:
    """A value object without validation, to nest any values (and boxes) in any depth."""

    first: Any
    second: Any


def _transcoder(cls: type[JSONTranscoder]) -> JSONTranscoder:
    # As CommandApplication.register_transcodings registers them, and Box.
    transcoder = cls()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    register_value_types(transcoder)
    transcoder.register(DataclassAsDict(Box))
    return transcoder


LIBRARY, FAST = _transcoder(JSONTranscoder), _transcoder(FastJSONTranscoder)

ID = uuid.UUID("0b9d6a3e5f0c4c1e9a1f2b3c4d5e6f70")
BRACKET = FeeBracket(up_to_percent=Decimal("100"), single_percent=Decimal("0"),
                     family_percent=Decimal("0"))
STANDARD = Standard(delivered="pomoc", frequency="codziennie", hours="8:00–16:00",
                    qualifications=("opiekunka",))
PAYER = FamilyPayer(name="Anna Nowak", relationship="córka", amount=Decimal("600.00"),
                    basis="agreement")
# One real instance of every value type that events carry (they validate when decoded).
VALUE_OBJECTS = [
    Address.create(street="Świdnicka", building="12a", flat="3", postal_code="50-066",
                   city="Wrocław", teryt="0264011"),
    Member.create(member_id=ID, first_name="Łucja", last_name="Żak", relation="head",
                  pesel=valid_pesel(date(1970, 5, 5))),
    IdentityDocument(kind="id_card", number="ABC123456"),
    Visit(visit_id=ID, visited_on=date(2026, 3, 1), minutes=45, activity="home_visit",
          place="home", notes='ąę \\ " {"_type_": "uuid_hex"}'),
    CareTerms(tasks=("shopping", "cleaning"), hours_per_day=Decimal("2.5"),
              hours_per_week=Decimal("5"), weekdays=(1, 3), period_from=date(2026, 1, 1),
              period_to=date(2026, 6, 30), place="home", provider_id="MCUS",
              hourly_cost=Decimal("32.10"), fee_share_percent=Decimal("0")),
    CashTerms(amount=Decimal("1404.00"), period_from=date(2026, 3, 14), period_to=None,
              installments=1),
    Handoff(client_name="Jan Nowak", address_line="Polna 1", contact_phone=None,
            access_notes="", household_summary="", health_notes="", family_notes="",
            social_worker_id=ID, social_worker_name="Anna", social_worker_phone="+48 600 100 200"),
    ScheduleSlot(weekday=2, start=time(8, 30), minutes=60),
    IncomeCriterion(valid_from=date(2024, 1, 1), single=Decimal("1010"),
                    per_person_in_family=Decimal("823")),
    BRACKET,
    FeeShareTable(valid_from=date(2024, 1, 1), brackets=(BRACKET, FeeBracket(
        up_to_percent=None, single_percent=Decimal("10.5"), family_percent=Decimal("20")))),
    AccessSubject(folder_id=ID, person_id=None),
    PersonStatement(text="Oświadczam, że dane są prawdziwe.", signed_on=date(2026, 3, 1)),
    AssetDeclaration(real_estate="mieszkanie 38 m²", movable_property="", savings="1 200 zł",
                     other="", declared_on=date(2026, 3, 1)),
    DaysTerms(days=30, unit_cost=Decimal("12.50"), amount=Decimal("375.00"),
              period_from=date(2026, 3, 1), period_to=None),
    PAYER,
    DpsFee(resident_income=Decimal("2000.00"), home_cost=Decimal("7000.00"), family=(PAYER,),
           resident=Decimal("1400.00"), municipality=Decimal("5000.00")),
    STANDARD,
    PackageItem(service="care.home", standard=STANDARD),
    CatalogueEntry(code="pkg.x", kind="package", name_pl="Pakiet", name_en="Package",
                   form="package", legal_basis="art. 50 u.p.s.", condition='"5" in reasons',
                   description_pl="Opis.", valid_from=date(2025, 1, 1),
                   items=(PackageItem(service="care.home", standard=STANDARD),),
                   places=("MCUS",), basis_to_confirm=True, version=2),
]
assert {type(v) for v in VALUE_OBJECTS} == set(EVENT_VALUE_TYPES)

text = st.text(alphabet=st.characters(exclude_categories=("Cs",)))  # the encoder refuses Cs
offsets = st.timedeltas(min_value=-timedelta(hours=23, minutes=59),
                        max_value=timedelta(hours=23, minutes=59)).map(timezone)
zones = st.none() | st.just(UTC) | offsets
# What a hex UUID looks like, and what else `UUID()` accepts or refuses.
uuid_texts = st.uuids().flatmap(lambda u: st.sampled_from(
    [u.hex, u.hex.upper(), str(u), f"{{{u}}}", f"urn:uuid:{u}", u.hex[:31], u.hex + "0",
     "-" + u.hex[1:], "+" + u.hex[1:], " " + u.hex[1:], u.hex[:8] + "_" + u.hex[9:],
     u.hex[:31] + "g"]))
NAMES = ["uuid_hex", "decimal_str", "datetime_iso", "date_iso", "time_iso", "Box", "Address",
         "CashTerms", "tuple_as_list", "unregistered"]
# Plain dicts shaped like a typed value: the library decodes (or refuses) them as typed.
typed_lookalikes = st.fixed_dictionaries({
    "_type_": st.sampled_from(NAMES) | text,
    "_data_": uuid_texts | text | st.integers() | st.none()})
scalars = (
    st.none() | st.booleans() | text | uuid_texts
    | st.integers() | st.integers(min_value=-2**70, max_value=2**70)
    | st.sampled_from([2**63 - 1, 2**63, 2**64 - 1, 2**64, -2**63, -2**63 - 1, 10**40])
    | st.floats() | st.decimals() | st.uuids()
    | st.datetimes(timezones=zones) | st.dates() | st.times(timezones=zones)
    | st.sampled_from(VALUE_OBJECTS) | typed_lookalikes)
keys = st.sampled_from(["_type_", "_data_", "id", "v"]) | text
values = st.recursive(scalars, lambda inner: (
    st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.tuples()
    | st.dictionaries(keys, inner, max_size=4) | st.builds(Box, inner, inner)), max_leaves=25)
payloads = st.dictionaries(keys, values) | values


def decoded(transcoder: JSONTranscoder, data: bytes) -> tuple[str, Any]:
    try:
        return "value", transcoder.decode(data)
    except Exception as error:  # the kind of refusal is what is compared
        return "refused", type(error)


def assert_same(ours: Any, theirs: Any, path: str = "$") -> None:
    """Equal in type and value all the way down (1 == 1.0 == True would not do)."""
    assert type(ours) is type(theirs), (path, ours, theirs)
    if isinstance(theirs, dict):
        assert list(ours) == list(theirs), path
        for key in theirs:
            assert_same(ours[key], theirs[key], f"{path}.{key}")
    elif isinstance(theirs, list | tuple):
        assert len(ours) == len(theirs), path
        for index, (mine, library) in enumerate(zip(ours, theirs, strict=True)):
            assert_same(mine, library, f"{path}[{index}]")
    elif dataclasses.is_dataclass(theirs):
        for f in dataclasses.fields(theirs):
            assert_same(getattr(ours, f.name), getattr(theirs, f.name), f"{path}.{f.name}")
    else:
        # repr tells -0.0 from 0.0, Decimal("1.0") from Decimal("1.00"), NaN from NaN, and
        # shows a datetime's offset; a UUID also carries is_safe.
        assert repr(ours) == repr(theirs), (path, ours, theirs)
        if isinstance(theirs, uuid.UUID):
            assert ours.is_safe == theirs.is_safe, path


# 150 payloads in every run, 1,500 in `make reliability` (tests/support/depth.py).
@pytest.mark.deep
@settings(max_examples=examples(suite=150, deep=1500), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(payloads)
@example({"big": 2**64, "small": -2**63 - 1, "nested": [{"n": 10**30}]})
@example({"nan": float("nan"), "inf": [float("-inf")], "near": 2.0**63})
@example({"t": (1, ("a", ()), [])})
@example(Box(first=(Box(1, 2.5),), second={"_type_": "uuid_hex", "_data_": ID.hex}))
def test_the_fast_decoder_gives_what_the_library_gives(payload: Any) -> None:
    assert_read_alike(LIBRARY.encode(payload))


def assert_read_alike(data: bytes) -> None:
    """Both decoders read `data` to the same value, or both refuse it with the same error."""
    ours, theirs = decoded(FAST, data), decoded(LIBRARY, data)
    assert ours[0] == theirs[0], (ours, theirs)
    if theirs[0] == "refused":
        assert ours[1] is theirs[1]
    else:
        assert_same(ours[1], theirs[1])


@given(uuid_texts | text)
def test_a_uuid_from_hex_is_the_one_uuid_builds(hex: str) -> None:
    try:
        expected = uuid.UUID(hex)
    except ValueError:
        try:
            uuid_from_hex(hex)
        except ValueError:
            return
        raise AssertionError(f"{hex!r} is not a UUID, yet one was made") from None
    made = uuid_from_hex(hex)
    assert type(made) is uuid.UUID
    assert (made.int, made.is_safe, str(made), hash(made)) == (
        expected.int, expected.is_safe, str(expected), hash(expected))



@pytest.mark.parametrize("data", [
    b"[" * 990 + b"]" * 990, b"[" * 1100 + b"]" * 1100, b'{"a": 18446744073709551616}',
    b"[-9223372036854775809, 9223372036854775807]", b"[1e400, -0.0, 1E5]", b'"\\ud800"',
    b'{"n": NaN, "i": -Infinity}', b'{"a": 1, "a": {"_type_": "uuid_hex", "_data_": "x"}}',
    b'\xef\xbb\xbf{}', b'{"s": "\xff"}', b"", b"  [ ]  ", b'{"_type_": "nope", "_data_": 1}',
    b'{"_type_": ["uuid_hex"], "_data_": "00"}', b'{"_data_": "00", "_type_": "uuid_hex"}',
])
def test_bytes_no_encoder_writes_are_read_or_refused_as_the_library_does(data: bytes) -> None:
    assert_read_alike(data)
