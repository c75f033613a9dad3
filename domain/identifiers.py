"""National identifiers: PESEL, TERYT and identity documents.

Identifiers are read from what a person types after Unicode NFKC normalisation, which turns
full-width digits and letters (a tablet's IME, text pasted from a PDF) into ASCII; what is
still not ASCII afterwards — Arabic-Indic or other scripts' digits, which NFKC leaves as they
are and Python's `\\d` and `int()` would accept — is refused, so an identifier is stored
in one spelling only and search and duplicate checks find it.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.errors import InvalidValueError


class InvalidPeselError(InvalidValueError):
    code = "pesel.invalid"


class PeselFormatError(InvalidPeselError):
    code = "pesel.invalid_format"


class PeselChecksumError(InvalidPeselError):
    code = "pesel.invalid_checksum"


class PeselDateError(InvalidPeselError):
    code = "pesel.invalid_date"


class PeselSerialError(InvalidPeselError):
    code = "pesel.invalid_serial"


class PeselSexError(InvalidPeselError):
    code = "pesel.invalid_sex"


class IdentifierCharactersError(InvalidValueError):
    """An identifier holds characters other than the ASCII digits and letters it is made of."""

    code = "identifier.invalid_characters"


def ascii_identifier(text: str, field: str) -> str:
    """Typed text of an identifier in NFKC form; refused unless it is all ASCII."""
    normal = unicodedata.normalize("NFKC", text)
    if not normal.isascii():
        raise IdentifierCharactersError(field=field)
    return normal


# The longest text accepted where a person types an identifier (it may hold spaces, removed
# on reading); the request schemas declare the same limits.
PESEL_TYPED_MAX_LENGTH = 20
TERYT_TYPED_MAX_LENGTH = 16
DOCUMENT_NUMBER_TYPED_MAX_LENGTH = 30
POSTAL_CODE_TYPED_MAX_LENGTH = 10


class InvalidTerytError(InvalidValueError):
    code = "teryt.invalid"


class InvalidDocumentError(InvalidValueError):
    code = "document.invalid"


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"


# The month field of a PESEL carries the century: month + offset.
_CENTURY_BY_MONTH_OFFSET = {80: 1800, 0: 1900, 20: 2000, 40: 2100, 60: 2200}
_PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)


@dataclass(frozen=True)
class Pesel:
    """An 11-digit PESEL number; constructing one validates it."""

    value: str

    def __post_init__(self) -> None:
        if not isinstance(self.value, str) or not re.fullmatch(r"[0-9]{11}", self.value):
            raise PeselFormatError()
        if int(self.value[10]) != self.check_digit(self.value[:10]):
            raise PeselChecksumError()
        self._decode_birth_date(self.value)

    @classmethod
    def parse(cls, text: str) -> "Pesel":
        """Read a PESEL typed by a person, ignoring spaces."""
        if not isinstance(text, str) or len(text) > PESEL_TYPED_MAX_LENGTH:
            raise PeselFormatError()
        return cls("".join(ascii_identifier(text, "pesel").split()))

    @classmethod
    def make(cls, birth_date: date, serial: int, sex: str) -> "Pesel":
        """Build a valid PESEL for a birth date, a serial number 0..999 and a sex."""
        offsets = {century: offset for offset, century in _CENTURY_BY_MONTH_OFFSET.items()}
        offset = offsets.get(birth_date.year // 100 * 100)
        if offset is None:
            raise PeselDateError(birth_date=birth_date)
        if isinstance(serial, bool) or not isinstance(serial, int) or not 0 <= serial <= 999:
            raise PeselSerialError(serial=serial)
        try:
            parity = 1 if Sex(sex) is Sex.MALE else 0
        except ValueError:
            raise PeselSexError(sex=sex) from None
        sex_digit = (serial % 5) * 2 + parity
        first_ten = (
            f"{birth_date.year % 100:02d}{birth_date.month + offset:02d}"
            f"{birth_date.day:02d}{serial:03d}{sex_digit}"
        )
        return cls(first_ten + str(cls.check_digit(first_ten)))

    @staticmethod
    def check_digit(first_ten: str) -> int:
        """The check digit that completes the first ten digits of a PESEL."""
        total = sum(int(d) * w for d, w in zip(first_ten, _PESEL_WEIGHTS, strict=True))
        return (10 - total % 10) % 10

    @property
    def birth_date(self) -> date:
        return self._decode_birth_date(self.value)

    @property
    def sex(self) -> str:
        return Sex.FEMALE.value if int(self.value[9]) % 2 == 0 else Sex.MALE.value

    @property
    def masked(self) -> str:
        return self.value[:6] + "*****"

    @staticmethod
    def _decode_birth_date(value: str) -> date:
        year, month, day = int(value[0:2]), int(value[2:4]), int(value[4:6])
        offset = (month - 1) // 20 * 20 if month > 0 else -1
        century = _CENTURY_BY_MONTH_OFFSET.get(offset)
        if century is None:
            raise PeselDateError()
        try:
            return date(century + year, month - offset, day)
        except ValueError:
            raise PeselDateError() from None


# TERYT: voivodeships have even codes 02..32; the 7th digit of a municipality
# or district code is its type.
DOLNOSLASKIE = "02"
WROCLAW_COUNTY = "0264"
WROCLAW_MUNICIPALITY = "0264011"
WROCLAW_DISTRICTS: dict[str, str] = {
    "0264029": "Fabryczna",
    "0264039": "Krzyki",
    "0264049": "Psie Pole",
    "0264059": "Stare Miasto",
    "0264069": "Śródmieście",
}
_VOIVODESHIPS = frozenset(f"{n:02d}" for n in range(2, 33, 2))
_MUNICIPALITY_KINDS = frozenset("1234589")
_RURAL_KINDS = frozenset("25")  # rural municipality, rural area of an urban-rural one
# A part of a city: 9 a delegatura of a city municipality (Wrocław's five, Kraków's, Łódź's,
# Poznań's), 8 a dzielnica of the capital city of Warsaw.
_CITY_DISTRICT_KINDS = frozenset("89")


@dataclass(frozen=True)
class Teryt:
    """A TERYT code of a voivodeship (2 digits), county (4) or municipality/district (7)."""

    code: str

    def __post_init__(self) -> None:
        code = self.code
        if (
            not isinstance(code, str)
            or not re.fullmatch(r"[0-9]{2}|[0-9]{4}|[0-9]{7}", code)
            or code[:2] not in _VOIVODESHIPS
            or (len(code) == 7 and code[6] not in _MUNICIPALITY_KINDS)
        ):
            raise InvalidTerytError(code=code)

    @classmethod
    def parse(cls, text: str) -> "Teryt":
        """Read a TERYT code, ignoring surrounding spaces."""
        if not isinstance(text, str) or len(text) > TERYT_TYPED_MAX_LENGTH:
            raise InvalidTerytError(code=text)
        return cls(ascii_identifier(text, "teryt").strip())

    @property
    def voivodeship(self) -> str:
        return self.code[:2]

    @property
    def county(self) -> str | None:
        return self.code[:4] if len(self.code) >= 4 else None

    @property
    def kind(self) -> str | None:
        return self.code[6] if len(self.code) == 7 else None

    @property
    def is_rural(self) -> bool:
        return self.kind in _RURAL_KINDS

    @property
    def is_city_district(self) -> bool:
        return self.kind in _CITY_DISTRICT_KINDS


def city_district(code: str | None) -> str | None:
    """The code itself if it names a district of a city, else None: the city as a whole
    (Wrocław's 0264011), any other municipality, or a code that is no TERYT code at all (an
    erased address keeps its code as it was stored)."""
    try:
        return code if code is not None and Teryt(code).is_city_district else None
    except InvalidTerytError:
        return None


class DocumentKind(StrEnum):
    ID_CARD = "id_card"
    PASSPORT = "passport"
    RESIDENCE_CARD = "residence_card"
    OTHER = "other"


@dataclass(frozen=True)
class IdentityDocument:
    """A document number for a person without a PESEL (foreigners, unknown)."""

    kind: str
    number: str

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", DocumentKind(self.kind).value)
        except ValueError:
            raise InvalidDocumentError(field="kind") from None
        if not isinstance(self.number, str) or not re.fullmatch(r"[A-Z0-9]{3,20}", self.number):
            raise InvalidDocumentError(field="number")

    @classmethod
    def parse(cls, kind: str, number: str) -> "IdentityDocument":
        """Read a document number typed by a person: upper-cased, spaces removed."""
        if not isinstance(number, str) or len(number) > DOCUMENT_NUMBER_TYPED_MAX_LENGTH:
            raise InvalidDocumentError(field="number")
        typed = ascii_identifier(number, "document_number")
        return cls(kind=kind, number="".join(typed.split()).upper())
