"""The rules of a return crossing a boundary: only agreed keys, counts and amounts travel."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from decimal import Decimal

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError, InvalidValueError
from domain.federation import (
    DOCUMENT_KEYS,
    ContentHashMismatchError,
    Deadlines,
    FigureNotAllowedError,
    FigureStructureMismatchError,
    InvalidEnvelopeError,
    InvalidReturnDocumentError,
    NothingToAggregateError,
    OutsideRegionError,
    Period,
    ReceivedReturn,
    UnexpectedFieldsError,
    WrongLevelError,
    canonical,
    check_document,
    check_envelope,
    check_figures,
    check_sender,
    content_hash,
    received_on_time,
    sum_figures,
)

FIGURES = {
    "benefits": {"own": {"persons": 12, "amount": "1500.50"},
                 "commissioned": {"persons": 3, "amount": "0.00"}},
    "families": 9,
}


def document(figures=None, *, teryt="0264011", name="Wrocław", level="municipality",
             parts=None, **changes):
    figures = copy.deepcopy(FIGURES if figures is None else figures)
    doc = {
        "form": "MRPiPS-03", "schema": 1,
        "unit": {"level": level, "teryt": teryt, "name": name},
        "period": {"year": 2026, "part": "H1"},
        "submitted_at": "2026-07-10T08:00:00+00:00", "as_of": "2026-07-01T00:00:00+00:00",
        "position": 0 if parts else 120,
        "figures": figures, "content_hash": content_hash(figures),
    }
    if parts is not None:
        doc["parts"] = parts
    return doc | changes


def test_a_municipal_return_of_counts_and_amounts_is_accepted():
    checked = check_document(document())

    assert (checked.level, checked.teryt, checked.period) == (
        "municipality", "0264011", Period(2026, "H1"))
    assert checked.content_hash == content_hash(FIGURES)


@pytest.mark.parametrize("leaf", [
    "Jan Kowalski", "44051401458", "ul. Fabryczna 5", "12.5", "1.000", -1, 1.5, True, None,
    [1, 2], 2**60,
], ids=repr)
def test_a_figure_that_is_not_a_count_or_an_amount_is_refused(leaf):
    figures = {"benefits": {"own": {"persons": leaf}}}

    with pytest.raises(FigureNotAllowedError) as refused:
        check_figures(figures)

    assert refused.value.params["path"] == "figures.benefits.own.persons"


@pytest.mark.parametrize("key", [
    "Kowalski", "a" * 41, "with space", "ł", "", "44051401458", "person_44051401458",
    "3f2a9b1c4d5e6f708192a3b4c5d6e7f8", "folder_3f2a9b1c",
])
def test_a_figure_key_that_is_not_a_short_snake_case_name_is_refused(key):
    with pytest.raises(FigureNotAllowedError):
        check_figures({"families": {key: 1}})


@pytest.mark.parametrize("key", ["1", "15", "age_0_17", "specialist_care_services_mental",
                                 "rural_family_persons", "y2026"])
def test_the_keys_of_the_return_are_accepted(key):
    check_figures({"reasons": {key: 1}})


def test_figures_nested_beyond_the_limit_are_refused():
    deep: dict = {"n": 1}
    for _ in range(10):
        deep = {"n": deep}

    with pytest.raises(FigureNotAllowedError):
        check_figures(deep)


@pytest.mark.parametrize("extra", [{"persons": [{"pesel": "44051401458"}]}, {"note": "x"}])
def test_a_document_with_any_other_top_level_key_is_refused(extra):
    with pytest.raises(UnexpectedFieldsError) as refused:
        check_document(document() | extra)

    assert refused.value.params["unexpected"] == sorted(extra)


def test_a_document_missing_a_key_is_refused():
    doc = document()
    del doc["as_of"]

    with pytest.raises(UnexpectedFieldsError) as refused:
        check_document(doc)

    assert refused.value.params["missing"] == ["as_of"]


def test_a_unit_with_a_fourth_key_is_refused():
    doc = document()
    doc["unit"]["head"] = "Anna Kowalska"

    with pytest.raises(UnexpectedFieldsError):
        check_document(doc)


def test_a_municipal_return_may_not_carry_parts():
    with pytest.raises(UnexpectedFieldsError):
        check_document(document() | {"parts": []})


@pytest.mark.parametrize(("field", "value"), [
    ("form", "MRPiPS-04"), ("schema", 2), ("schema", True), ("position", -1),
    ("submitted_at", "2026-07-10T10:00:00+02:00"), ("submitted_at", "2026-07-10T08:00:00"),
    ("as_of", "yesterday"), ("period", {"year": 2026, "part": "Q3"}),
    ("unit", {"level": "municipality", "teryt": "0264", "name": "Wrocław"}),
    ("unit", {"level": "county", "teryt": "0264011", "name": "Wrocław"}),
    ("unit", {"level": "municipality", "teryt": "0264011", "name": "Wrocław\nJan Kowalski"}),
    ("content_hash", "ABC"),
])
def test_a_document_with_a_bad_value_is_refused(field, value):
    with pytest.raises(InvalidReturnDocumentError):
        check_document(document(**{field: value}))


def test_figures_changed_after_hashing_are_refused():
    doc = document()
    doc["figures"]["families"] = 10

    with pytest.raises(ContentHashMismatchError):
        check_document(doc)


def test_an_aggregate_names_its_parts_and_has_no_log_position():
    parts = [{"teryt": "0264011", "content_hash": "a" * 64},
             {"teryt": "0201011", "content_hash": "b" * 64}]
    doc = document(level="voivodeship", teryt="02", name="Dolnośląskie", parts=parts)

    assert check_document(doc).parts == parts
    with pytest.raises(InvalidReturnDocumentError):
        check_document(doc | {"position": 5})
    with pytest.raises(UnexpectedFieldsError):
        check_document({k: v for k, v in doc.items() if k != "parts"})
    with pytest.raises(InvalidReturnDocumentError):
        check_document(doc | {"parts": parts + parts[:1]})


def test_a_voivodeship_receives_only_its_own_municipalities():
    wroclaw = check_document(document())

    check_sender(wroclaw, "voivodeship", "02")
    with pytest.raises(OutsideRegionError):
        check_sender(wroclaw, "voivodeship", "12")
    with pytest.raises(WrongLevelError):
        check_sender(wroclaw, "national", None)
    with pytest.raises(WrongLevelError):
        check_sender(wroclaw, "municipality", "0264011")


def test_an_envelope_has_exactly_document_signature_and_key_id():
    good = {"document": document(), "signature": "c2ln", "key_id": "0123456789abcdef"}

    assert check_envelope(good).key_id == "0123456789abcdef"
    for bad in (good | {"extra": 1}, good | {"key_id": "XYZ"}, good | {"signature": ""},
                good | {"document": []}, []):
        with pytest.raises(InvalidEnvelopeError):
            check_envelope(bad)


def test_returns_are_summed_leaf_by_leaf_with_money_to_the_grosz():
    other = {"benefits": {"own": {"persons": 1, "amount": "0.55"},
                          "commissioned": {"persons": 0, "amount": "10.10"}},
             "families": 1}

    total = sum_figures([FIGURES, other])

    assert total == {"benefits": {"own": {"persons": 13, "amount": "1501.05"},
                                  "commissioned": {"persons": 3, "amount": "10.10"}},
                     "families": 10}


def test_returns_of_different_shapes_are_not_summed():
    with pytest.raises(FigureStructureMismatchError):
        sum_figures([FIGURES, {"families": 1}])
    with pytest.raises(FigureStructureMismatchError):
        sum_figures([{"families": 1}, {"families": "1.00"}])
    with pytest.raises(NothingToAggregateError):
        sum_figures([])


leaves = st.one_of(st.integers(0, 10**9),
                   st.decimals(0, 10**6, places=2).map(lambda d: f"{d:.2f}"))


def allowed_key(key: str) -> bool:
    try:
        check_figures({key: 1})
    except FigureNotAllowedError:
        return False
    return True


keys = st.from_regex(r"[a-z0-9_]{1,12}", fullmatch=True).filter(allowed_key)


@given(st.dictionaries(keys, leaves, min_size=1, max_size=6), st.integers(1, 5))
def test_summing_n_copies_multiplies_every_leaf_by_n(figures, n):
    total = sum_figures([figures] * n)

    for key, value in figures.items():
        if isinstance(value, int):
            assert total[key] == value * n
        else:
            assert total[key] == f"{Decimal(value) * n:.2f}"


names = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
                min_size=1, max_size=40).filter(lambda s: s.strip() and s.isprintable())


@given(st.dictionaries(keys, leaves, min_size=1, max_size=6), names)
def test_canonical_bytes_are_the_agreed_orjson_bytes(figures, name):
    doc = document(figures, name=name)
    check_document(doc)

    assert canonical(doc) == orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)


def test_the_receipt_id_is_the_same_for_the_same_unit_period_content_and_submission():
    period = Period(2026, "H1")
    at, later = "2026-07-10T10:00:00+00:00", "2026-08-01T09:00:00+00:00"

    first = ReceivedReturn.id_for("0264011", period, "a" * 64, at)

    assert first == ReceivedReturn.id_for("0264011", period, "a" * 64, at)
    assert first != ReceivedReturn.id_for("0264011", period, "b" * 64, at)
    assert first != ReceivedReturn.id_for("0201011", period, "a" * 64, at)
    assert first != ReceivedReturn.id_for("0264011", Period(2026, "Y"), "a" * 64, at)
    # A correction back to the same figures, submitted again later, is a new receipt.
    assert first != ReceivedReturn.id_for("0264011", period, "a" * 64, later)


def test_a_receipt_records_the_document_and_whether_it_came_on_time():
    doc = check_document(document())

    receipt = ReceivedReturn.receive(
        doc, key_id="0123456789abcdef", signature="c2ln",
        received_at=datetime(2026, 7, 21, 21, 30, tzinfo=UTC),  # 23:30 in Warsaw
        deadline=date(2026, 7, 21))

    assert receipt.id == ReceivedReturn.id_for("0264011", Period(2026, "H1"), doc.content_hash,
                                               doc.raw["submitted_at"])
    assert receipt.figures == FIGURES
    assert receipt.on_time
    assert [type(e).__name__ for e in receipt.collect_events()] == ["ReturnReceived"]


def test_a_receipt_refuses_a_document_that_breaks_the_rules():
    doc = check_document(document())
    doc.raw["figures"]["families"] = "Jan Kowalski"

    with pytest.raises(FigureNotAllowedError):
        ReceivedReturn.receive(doc, key_id="0123456789abcdef", signature="c2ln",
                               received_at=datetime(2026, 7, 1, tzinfo=UTC), deadline=None)


def test_usual_deadlines_by_level_and_part():
    deadlines = Deadlines()

    assert deadlines.due("municipality", Period(2026, "H1")) == date(2026, 7, 21)
    assert deadlines.due("municipality", Period(2026, "Y")) == date(2027, 2, 9)
    assert deadlines.due("voivodeship", Period(2026, "H1")) == date(2026, 8, 11)
    assert deadlines.due("voivodeship", Period(2026, "Y")) == date(2027, 2, 28)
    assert deadlines.due("national", Period(2026, "Y")) is None


def test_a_deadline_is_overridden_for_one_year_only():
    deadlines = Deadlines({"municipality.H1.2026": date(2026, 7, 20)})

    assert deadlines.due("municipality", Period(2026, "H1")) == date(2026, 7, 20)
    assert deadlines.due("municipality", Period(2027, "H1")) == date(2027, 7, 21)
    with pytest.raises(InvalidValueError):
        Deadlines({"county.H1.2026": date(2026, 7, 20)})


def test_on_time_means_by_the_end_of_the_deadline_day_in_poland():
    deadline = date(2026, 7, 21)

    assert received_on_time(datetime(2026, 7, 21, 21, 59, tzinfo=UTC), deadline)
    assert not received_on_time(datetime(2026, 7, 21, 22, 0, tzinfo=UTC), deadline)
    assert received_on_time(datetime(2030, 1, 1, tzinfo=UTC), None)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 2**60) | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=10)


@given(st.sampled_from(sorted(DOCUMENT_KEYS)), json_values)
def test_any_value_in_any_field_is_either_accepted_or_refused_with_a_code(field_name, value):
    doc = document()
    doc[field_name] = value

    try:
        check_document(doc)
    except DomainError as refused:
        assert refused.code.startswith(("federation.", "domain."))


@given(json_values)
def test_any_envelope_is_either_read_or_refused_with_a_code(value):
    try:
        check_envelope(value)
    except DomainError as refused:
        assert refused.code == "federation.invalid_envelope"
