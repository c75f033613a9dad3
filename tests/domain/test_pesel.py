from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.identifiers import (
    Pesel,
    PeselChecksumError,
    PeselDateError,
    PeselFormatError,
    PeselSerialError,
    PeselSexError,
)


def with_check_digit(first_ten: str) -> str:
    return first_ten + str(Pesel.check_digit(first_ten))


def test_a_man_born_in_1944_is_read_from_his_pesel():
    pesel = Pesel.parse("44051401458")

    assert pesel.birth_date == date(1944, 5, 14)
    assert pesel.sex == "M"


def test_a_woman_born_in_2004_is_read_from_her_pesel():
    pesel = Pesel.parse("04231115629")

    assert pesel.birth_date == date(2004, 3, 11)
    assert pesel.sex == "F"


def test_spaces_typed_inside_a_pesel_are_ignored():
    assert Pesel.parse(" 440514 01458 ") == Pesel("44051401458")


def test_a_masked_pesel_shows_only_the_birth_date_digits():
    assert Pesel.parse("44051401458").masked == "440514*****"


@pytest.mark.parametrize("text", ["4405140145", "440514014580", "4405140145X", ""])
def test_a_pesel_must_be_eleven_digits(text):
    with pytest.raises(PeselFormatError) as raised:
        Pesel.parse(text)
    assert raised.value.code == "pesel.invalid_format"


def test_a_pesel_with_a_wrong_check_digit_is_refused():
    with pytest.raises(PeselChecksumError) as raised:
        Pesel.parse("44051401459")
    assert raised.value.code == "pesel.invalid_checksum"


@pytest.mark.parametrize(
    "first_ten",
    [
        "4402310145",  # 31 February 1944
        "0122290145",  # 29 February 2001 (2001 is not a leap year)
        "4413140145",  # month 13
        "4400140145",  # month 0
        "4405320145",  # 32 May
    ],
)
def test_a_pesel_whose_date_does_not_exist_is_refused(first_ten):
    with pytest.raises(PeselDateError) as raised:
        Pesel.parse(with_check_digit(first_ten))
    assert raised.value.code == "pesel.invalid_date"


@pytest.mark.parametrize(
    ("month_field", "year"),
    [("85", 1844), ("05", 1944), ("25", 2044), ("45", 2144), ("65", 2244)],
)
def test_the_month_field_carries_the_century(month_field, year):
    pesel = Pesel.parse(with_check_digit(f"44{month_field}140145"))

    assert pesel.birth_date == date(year, 5, 14)


def test_making_a_pesel_refuses_a_serial_outside_0_to_999():
    with pytest.raises(PeselSerialError):
        Pesel.make(date(1980, 1, 1), 1000, "F")


def test_making_a_pesel_refuses_an_unknown_sex():
    with pytest.raises(PeselSexError):
        Pesel.make(date(1980, 1, 1), 1, "X")


def test_making_a_pesel_refuses_a_birth_year_outside_1800_to_2299():
    with pytest.raises(PeselDateError):
        Pesel.make(date(2300, 1, 1), 1, "F")


@given(
    birth_date=st.dates(min_value=date(1800, 1, 1), max_value=date(2299, 12, 31)),
    serial=st.integers(min_value=0, max_value=999),
    sex=st.sampled_from(["F", "M"]),
)
def test_a_made_pesel_reads_back_its_birth_date_and_sex(birth_date, serial, sex):
    pesel = Pesel.parse(Pesel.make(birth_date, serial, sex).value)

    assert (pesel.birth_date, pesel.sex) == (birth_date, sex)
