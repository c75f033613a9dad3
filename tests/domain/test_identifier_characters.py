"""Identifiers are read after NFKC: full-width digits become ASCII and are stored so; digits of
other scripts (Arabic-Indic, Devanagari…), which NFKC leaves as they are, are refused."""

import unicodedata
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.help import CaseReference, InvalidCaseReferenceError
from domain.household import Address, Member
from domain.identifiers import (
    IdentifierCharactersError,
    IdentityDocument,
    Pesel,
    PeselFormatError,
    Teryt,
)

PESEL = "44051401458"
FULL_WIDTH = str.maketrans("0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                           "０１２３４５６７８９－ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


def head(pesel: str) -> Member:
    return Member.create(member_id=uuid.uuid4(), first_name="Bożena", last_name="Nowak",
                         relation="head", pesel=pesel)


def test_a_pesel_typed_in_full_width_digits_is_kept_in_ascii():
    assert head(PESEL.translate(FULL_WIDTH)).pesel == PESEL


@pytest.mark.parametrize("script", [ARABIC_INDIC, PERSIAN, DEVANAGARI])
def test_a_pesel_in_another_scripts_digits_is_refused(script):
    with pytest.raises(IdentifierCharactersError) as refused:
        head(PESEL.translate(script))
    assert refused.value.params == {"field": "pesel"}


def test_a_pesel_value_holds_ascii_digits_only():
    with pytest.raises(PeselFormatError):
        Pesel(PESEL.translate(ARABIC_INDIC))


# The zero of every script's decimal digits (Unicode category Nd): zero + n is its digit n.
ZEROS = [chr(c) for c in range(0x110000)
         if unicodedata.category(chr(c)) == "Nd" and unicodedata.digit(chr(c)) == 0]


@given(st.lists(st.sampled_from(ZEROS), min_size=11, max_size=11))
def test_a_pesel_typed_in_any_digits_is_read_as_itself_in_ascii_or_refused(zeros):
    typed = "".join(chr(ord(zero) + int(d)) for zero, d in zip(zeros, PESEL, strict=True))
    try:
        read = head(typed).pesel
    except IdentifierCharactersError:
        return
    assert read == PESEL


def test_teryt_postal_code_and_document_number_are_read_the_same_way():
    assert Teryt.parse("0264049".translate(FULL_WIDTH)).code == "0264049"
    address = Address.create(street="Długa", building="1", flat=None,
                             postal_code="51-111".translate(FULL_WIDTH), city="Wrocław",
                             teryt="0264049".translate(FULL_WIDTH))
    assert (address.postal_code, address.teryt) == ("51-111", "0264049")
    assert IdentityDocument.parse("passport", "ABC 123456".translate(FULL_WIDTH)).number \
        == "ABC123456"


@pytest.mark.parametrize(("read", "field"), [
    (lambda: Teryt.parse("0264049".translate(ARABIC_INDIC)), "teryt"),
    (lambda: Address.create(street="Długa", building="1", flat=None,
                            postal_code="51-111".translate(ARABIC_INDIC), city="Wrocław",
                            teryt="0264049"), "postal_code"),
    (lambda: IdentityDocument.parse("passport", "ABC123456".translate(ARABIC_INDIC)),
     "document_number"),
    # "ß".upper() is "SS": a document number is never read through another alphabet.
    (lambda: IdentityDocument.parse("passport", "ABCß12345"), "document_number"),
], ids=["teryt", "postal_code", "document_number", "sharp_s"])
def test_other_identifiers_in_another_script_are_refused_naming_the_field(read, field):
    with pytest.raises(IdentifierCharactersError) as refused:
        read()
    assert refused.value.params == {"field": field}


def test_a_case_reference_takes_ascii_digits_only():
    typed = "ZTPS1.8210.7.2026"
    assert CaseReference.parse(typed.translate(FULL_WIDTH)).text == typed
    with pytest.raises(InvalidCaseReferenceError):
        CaseReference.parse(typed.translate(ARABIC_INDIC))
