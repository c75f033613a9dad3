from datetime import date
from uuid import uuid4

import pytest

from domain.household import (
    Address,
    BirthDateMismatchError,
    InvalidNameError,
    InvalidPostalCodeError,
    InvalidRelationError,
    Member,
    MissingAddressFieldError,
    NoIdentifierError,
)
from domain.identifiers import IdentityDocument, InvalidTerytError, PeselChecksumError

ADDRESS = {
    "street": "Legnicka",
    "building": "12",
    "flat": "3",
    "postal_code": "54-203",
    "city": "Wrocław",
    "teryt": "0264029",
}


def test_an_address_reads_as_one_line():
    assert Address.create(**ADDRESS).line == "Legnicka 12/3, 54-203 Wrocław"


def test_an_address_without_a_flat_reads_without_a_slash():
    address = Address.create(**{**ADDRESS, "flat": "  "})

    assert address.flat is None
    assert address.line == "Legnicka 12, 54-203 Wrocław"


@pytest.mark.parametrize("postal_code", ["54203", "5-4203", "54-20", "AB-CDE"])
def test_a_postal_code_must_look_like_nn_nnn(postal_code):
    with pytest.raises(InvalidPostalCodeError) as raised:
        Address.create(**{**ADDRESS, "postal_code": postal_code})
    assert raised.value.code == "address.invalid_postal_code"


@pytest.mark.parametrize("field", ["street", "building", "city"])
def test_an_address_needs_street_building_and_city(field):
    with pytest.raises(MissingAddressFieldError) as raised:
        Address.create(**{**ADDRESS, field: " "})
    assert raised.value.code == "address.missing_field"
    assert raised.value.params == {"field": field}


def test_an_address_needs_a_valid_teryt_code():
    with pytest.raises(InvalidTerytError):
        Address.create(**{**ADDRESS, "teryt": "9999999"})


def member(**overrides):
    values = {
        "member_id": uuid4(),
        "first_name": " Jan ",
        "last_name": "Nowak",
        "pesel": "44051401458",
        "relation": "head",
    }
    values.update(overrides)
    return Member.create(**values)


def test_a_member_with_a_pesel_gets_the_birth_date_from_it():
    jan = member()

    assert jan.birth_date == date(1944, 5, 14)
    assert jan.full_name == "Jan Nowak"


def test_a_member_may_have_a_document_instead_of_a_pesel():
    olena = member(
        pesel=None,
        document=IdentityDocument("passport", "FX123456"),
        birth_date=date(1990, 2, 1),
        first_name="Olena",
    )

    assert olena.pesel is None
    assert olena.birth_date == date(1990, 2, 1)


def test_a_member_needs_a_pesel_or_a_document():
    with pytest.raises(NoIdentifierError) as raised:
        member(pesel=None)
    assert raised.value.code == "member.no_identifier"


def test_a_member_with_an_invalid_pesel_is_refused():
    with pytest.raises(PeselChecksumError):
        member(pesel="44051401459")


def test_a_birth_date_must_agree_with_the_pesel():
    with pytest.raises(BirthDateMismatchError) as raised:
        member(birth_date=date(1944, 5, 15))
    assert raised.value.code == "member.birth_date_mismatch"


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_name_is_1_to_80_characters(name):
    with pytest.raises(InvalidNameError) as raised:
        member(last_name=name)
    assert raised.value.code == "member.invalid_name"
    assert raised.value.params == {"field": "last_name"}


def test_a_relation_must_be_one_of_the_known_ones():
    with pytest.raises(InvalidRelationError):
        member(relation="neighbour")


def test_a_member_built_directly_is_validated_too():
    with pytest.raises(NoIdentifierError):
        Member(uuid4(), "Jan", "Nowak", None, None, None, "head")
