from datetime import date
from uuid import uuid4

import pytest

from domain.social_work import (
    MANDATORY_SECTIONS,
    SECTIONS,
    EmptyUpdateError,
    InvalidActivityError,
    InvalidMinutesError,
    MissingMandatorySectionsError,
    NotesTooLongError,
    PlaceTooLongError,
    SectionTooLongError,
    UnknownSectionError,
    Visit,
    filled_sections,
    validate_sections,
)


def visit(**overrides):
    values = {
        "visit_id": uuid4(),
        "visited_on": date(2025, 3, 4),
        "minutes": 45,
        "activity": "home_visit",
        "place": "mieszkanie",
        "notes": "",
    }
    values.update(overrides)
    return Visit(**values)


@pytest.mark.parametrize("minutes", [1, 720])
def test_a_visit_lasts_from_one_minute_to_twelve_hours(minutes):
    assert visit(minutes=minutes).minutes == minutes


@pytest.mark.parametrize("minutes", [0, -5, 721, True, 30.5])
def test_a_visit_with_an_impossible_duration_is_refused(minutes):
    with pytest.raises(InvalidMinutesError) as raised:
        visit(minutes=minutes)
    assert raised.value.code == "visit.invalid_minutes"


def test_a_visit_must_be_a_known_kind_of_activity():
    with pytest.raises(InvalidActivityError) as raised:
        visit(activity="coffee")
    assert raised.value.code == "visit.invalid_activity"


def test_visit_notes_are_limited_to_ten_thousand_characters():
    assert len(visit(notes="x" * 10_000).notes) == 10_000
    with pytest.raises(NotesTooLongError):
        visit(notes="x" * 10_001)


def test_a_visit_place_is_limited_to_two_hundred_characters():
    with pytest.raises(PlaceTooLongError):
        visit(place="x" * 201)


def test_the_interview_form_has_sections_a_to_j_with_four_mandatory():
    assert tuple("ABCDEFGHIJ") == SECTIONS
    assert MANDATORY_SECTIONS == ("A", "H", "I", "J")


def test_a_conducted_interview_with_the_mandatory_sections_is_accepted():
    validate_sections({"A": "a", "B": "", "H": "h", "I": "i", "J": "j"}, conducting=True)


def test_a_conducted_interview_names_the_missing_mandatory_sections():
    with pytest.raises(MissingMandatorySectionsError) as raised:
        validate_sections({"A": "a", "H": "  ", "J": "j"}, conducting=True)
    assert raised.value.code == "interview.missing_mandatory_sections"
    assert raised.value.params == {"sections": ["H", "I"]}


def test_unknown_sections_are_named():
    with pytest.raises(UnknownSectionError) as raised:
        validate_sections({"A": "a", "K": "k", "a": "x"}, conducting=False)
    assert raised.value.params == {"sections": ["K", "a"]}


def test_an_update_needs_at_least_one_filled_section():
    validate_sections({"C": "zmiana dochodu"}, conducting=False)
    with pytest.raises(EmptyUpdateError) as raised:
        validate_sections({"C": " "}, conducting=False)
    assert raised.value.code == "interview.empty_update"


def test_a_section_is_limited_to_twenty_thousand_characters():
    with pytest.raises(SectionTooLongError) as raised:
        validate_sections({"C": "x" * 20_001}, conducting=False)
    assert raised.value.params["section"] == "C"


def test_only_filled_sections_are_kept_in_form_order():
    assert list(filled_sections({"J": "j", "B": " ", "A": "a"})) == ["A", "J"]
