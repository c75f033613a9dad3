import pytest

from domain.identifiers import (
    WROCLAW_COUNTY,
    WROCLAW_DISTRICTS,
    WROCLAW_MUNICIPALITY,
    IdentityDocument,
    InvalidDocumentError,
    InvalidTerytError,
    Teryt,
    city_district,
)


def test_a_wroclaw_district_code_names_its_voivodeship_county_and_kind():
    krzyki = Teryt.parse(" 0264039 ")

    assert krzyki.code == "0264039"
    assert (krzyki.voivodeship, krzyki.county, krzyki.kind) == ("02", "0264", "9")
    assert not krzyki.is_rural


def test_wroclaw_has_five_districts_inside_its_county():
    assert sorted(WROCLAW_DISTRICTS.values()) == [
        "Fabryczna",
        "Krzyki",
        "Psie Pole",
        "Stare Miasto",
        "Śródmieście",
    ]
    assert all(Teryt(code).county == WROCLAW_COUNTY for code in WROCLAW_DISTRICTS)
    assert Teryt(WROCLAW_MUNICIPALITY).kind == "1"


@pytest.mark.parametrize(("code", "district"), [
    ("0264029", "0264029"),  # Fabryczna, a delegatura of Wrocław
    ("0264069", "0264069"),  # Śródmieście
    ("1465028", "1465028"),  # a dzielnica of Warsaw (kind 8)
    (WROCLAW_MUNICIPALITY, None),  # the city as a whole: no district recorded
    ("0201044", None),  # a town of an urban-rural municipality
    ("0264", None),  # a county
    ("ERASED", None),  # not a code at all
    (None, None),
])
def test_only_a_city_district_code_is_a_district(code, district):
    assert city_district(code) == district


@pytest.mark.parametrize(
    ("code", "rural"),
    [
        ("0201022", True),  # rural municipality
        ("0201055", True),  # rural area of an urban-rural municipality
        ("0201044", False),  # town of an urban-rural municipality
        ("0264011", False),  # urban municipality
    ],
)
def test_rural_municipalities_are_told_by_their_type_digit(code, rural):
    assert Teryt.parse(code).is_rural is rural


def test_voivodeship_and_county_codes_are_accepted_without_a_kind():
    assert Teryt.parse("02").county is None
    assert Teryt.parse("0264").kind is None


@pytest.mark.parametrize(
    "code",
    [
        "2",
        "026",
        "02640",
        "0264016",
        "0264017",
        "03",
        "34",
        "00",
        "02a4",
        "",
    ],
)
def test_malformed_teryt_codes_are_refused(code):
    with pytest.raises(InvalidTerytError) as raised:
        Teryt.parse(code)
    assert raised.value.code == "teryt.invalid"


def test_a_document_number_is_upper_cased_and_spaces_removed():
    document = IdentityDocument.parse("passport", " ab 123456 ")

    assert document == IdentityDocument(kind="passport", number="AB123456")


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        ("passport", "AB"),
        ("passport", "A" * 21),
        ("passport", "AB-1234"),
        ("driving_licence", "AB123456"),
    ],
)
def test_bad_documents_are_refused(kind, number):
    with pytest.raises(InvalidDocumentError) as raised:
        IdentityDocument.parse(kind, number)
    assert raised.value.code == "document.invalid"
