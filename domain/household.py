"""The household of a case folder: its address and its members."""

import re
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.bounds import check_birth_date
from domain.errors import InvalidValueError
from domain.identifiers import (
    POSTAL_CODE_TYPED_MAX_LENGTH,
    IdentityDocument,
    Pesel,
    PeselFormatError,
    Teryt,
    ascii_identifier,
)
from domain.text import within


class AddressError(InvalidValueError):
    code = "address.invalid"


class InvalidPostalCodeError(AddressError):
    code = "address.invalid_postal_code"


class MissingAddressFieldError(AddressError):
    code = "address.missing_field"


class MemberError(InvalidValueError):
    code = "member.invalid"


class NoIdentifierError(MemberError):
    code = "member.no_identifier"


class BirthDateMismatchError(MemberError):
    code = "member.birth_date_mismatch"


class InvalidNameError(MemberError):
    code = "member.invalid_name"


class InvalidRelationError(MemberError):
    code = "member.invalid_relation"


# The longest text each part of an address may hold (the request schemas declare the same).
ADDRESS_MAX_LENGTHS = {"street": 200, "building": 20, "flat": 20, "city": 200}


class MeetingPlaceRequiredError(AddressError):
    code = "address.meeting_place_required"


class StreetOfHomelessError(AddressError):
    code = "address.no_fixed_address_has_no_street"


MAX_MEETING_PLACE_LENGTH = 200


@dataclass(frozen=True)
class Address:
    """Where a household lives; ``teryt`` is the code of its municipality or district.

    A homeless person has no fixed address (``no_fixed_address``): no street, building or
    postal code; ``city`` and ``teryt`` then name the municipality of the last permanent
    residence, which is the competent one (art. 101 ust. 2 of the social assistance act), and
    ``meeting_place`` where the person can be met (a shelter, a day centre, a street corner).
    """

    street: str | None
    building: str | None
    flat: str | None
    postal_code: str | None
    city: str
    teryt: str
    no_fixed_address: bool = False
    meeting_place: str | None = None

    def __post_init__(self) -> None:
        if self.no_fixed_address:
            self._check_homeless()
        else:
            self._check_fixed()
        if not isinstance(self.city, str) or not self.city.strip():
            raise MissingAddressFieldError(field="city")
        within(self.city, "city", ADDRESS_MAX_LENGTHS["city"])
        Teryt(self.teryt)

    def _check_fixed(self) -> None:
        for field in ("street", "building"):
            value = getattr(self, field)
            if not isinstance(value, str) or not value.strip():
                raise MissingAddressFieldError(field=field)
        if self.flat is not None and (not isinstance(self.flat, str) or not self.flat.strip()):
            raise MissingAddressFieldError(field="flat")
        for field, maximum in ADDRESS_MAX_LENGTHS.items():
            if getattr(self, field) is not None:
                within(getattr(self, field), field, maximum)
        if self.postal_code is None:
            raise MissingAddressFieldError(field="postal_code")
        if not isinstance(self.postal_code, str) or not re.fullmatch(
            r"[0-9]{2}-[0-9]{3}", self.postal_code
        ):
            raise InvalidPostalCodeError(postal_code=self.postal_code)
        # A meeting place may be noted for anyone (who is rarely at home).
        if self.meeting_place is not None:
            within(self.meeting_place, "meeting_place", MAX_MEETING_PLACE_LENGTH)

    def _check_homeless(self) -> None:
        for field in ("street", "building", "flat", "postal_code"):
            if getattr(self, field) is not None:
                raise StreetOfHomelessError(field=field)
        place = self.meeting_place
        if not isinstance(place, str) or not place.strip():
            raise MeetingPlaceRequiredError(field="meeting_place")
        within(place, "meeting_place", MAX_MEETING_PLACE_LENGTH)

    @classmethod
    def create(
        cls,
        *,
        street: str | None,
        building: str | None,
        flat: str | None,
        postal_code: str | None,
        city: str,
        teryt: str,
        no_fixed_address: bool = False,
        meeting_place: str | None = None,
    ) -> "Address":
        """Build an address from typed text: trimmed, a blank flat meaning none (for a
        person with no fixed address, blank street, building and postal code too)."""
        flat = flat.strip() if isinstance(flat, str) else flat
        if no_fixed_address:
            street, building, postal_code = (_blank_as_none(v) for v in
                                             (street, building, postal_code))
        place = _trim(meeting_place)
        return cls(
            street=_trim(street),
            building=_trim(building),
            flat=flat or None,
            postal_code=None if postal_code is None else _postal_code(postal_code),
            city=_trim(city),
            teryt=Teryt.parse(teryt).code,
            no_fixed_address=bool(no_fixed_address),
            meeting_place=place or None if isinstance(place, str) else place,
        )

    @property
    def line(self) -> str:
        if self.no_fixed_address:
            return f"{self.meeting_place} ({self.city})"
        number = f"{self.building}/{self.flat}" if self.flat else self.building
        return f"{self.street} {number}, {self.postal_code} {self.city}"


def _blank_as_none(value: str | None) -> str | None:
    return None if isinstance(value, str) and not value.strip() else value


def _postal_code(typed: str) -> str:
    if not isinstance(typed, str) or len(typed) > POSTAL_CODE_TYPED_MAX_LENGTH:
        raise InvalidPostalCodeError(postal_code=typed)
    return ascii_identifier(typed, "postal_code").strip()


class Relation(StrEnum):
    """A member's relation to the head of the household."""

    HEAD = "head"
    SPOUSE = "spouse"
    PARTNER = "partner"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDCHILD = "grandchild"
    GRANDPARENT = "grandparent"
    OTHER_RELATIVE = "other_relative"
    UNRELATED = "unrelated"


MAX_NAME_LENGTH = 80


@dataclass(frozen=True)
class Member:
    """A person in the household, identified by a PESEL or, failing that, a document."""

    member_id: UUID
    first_name: str
    last_name: str
    pesel: str | None
    document: IdentityDocument | None
    birth_date: date | None
    relation: str

    def __post_init__(self) -> None:
        for field in ("first_name", "last_name"):
            value = getattr(self, field)
            if not isinstance(value, str) or not value.strip() or len(value) > MAX_NAME_LENGTH:
                raise InvalidNameError(field=field)
        try:
            object.__setattr__(self, "relation", Relation(self.relation).value)
        except ValueError:
            raise InvalidRelationError(member_id=self.member_id) from None
        if self.pesel is None and self.document is None:
            raise NoIdentifierError(member_id=self.member_id)
        if self.pesel is not None:
            pesel = Pesel.parse(self.pesel)
            if pesel.value != self.pesel:
                raise PeselFormatError()
            if self.birth_date is not None and self.birth_date != pesel.birth_date:
                raise BirthDateMismatchError(member_id=self.member_id)

    @classmethod
    def create(
        cls,
        *,
        member_id: UUID,
        first_name: str,
        last_name: str,
        relation: str,
        pesel: str | None = None,
        document: IdentityDocument | None = None,
        birth_date: date | None = None,
    ) -> "Member":
        """Build a member from typed values, taking the birth date from the PESEL if missing."""
        check_birth_date(birth_date)
        if pesel is not None:
            parsed = Pesel.parse(pesel)
            pesel = parsed.value
            birth_date = birth_date if birth_date is not None else parsed.birth_date
        return cls(
            member_id=member_id,
            first_name=_trim(first_name),
            last_name=_trim(last_name),
            pesel=pesel,
            document=document,
            birth_date=birth_date,
            relation=relation,
        )

    def corrections(
        self,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        pesel: str | None = None,
        document: IdentityDocument | None = None,
        birth_date: date | None = None,
        relation: str | None = None,
    ) -> dict[str, Any]:
        """The fields a correction really changes; the corrected member must still be valid."""
        check_birth_date(birth_date)
        given: dict[str, Any] = {
            "first_name": _trim(first_name),
            "last_name": _trim(last_name),
            "document": document,
            "birth_date": birth_date,
            "relation": relation,
        }
        if pesel is not None:
            parsed = Pesel.parse(pesel)
            given["pesel"] = parsed.value
            if birth_date is None:
                given["birth_date"] = parsed.birth_date
        if given["relation"] is not None:
            given["relation"] = str(given["relation"])
        changes = {
            name: value
            for name, value in given.items()
            if value is not None and value != getattr(self, name)
        }
        replace(self, **changes)  # validates the corrected member
        return changes

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_head(self) -> bool:
        return self.relation == Relation.HEAD


def _trim(text: Any) -> Any:
    # Non-text is passed through so that __post_init__ names the faulty field.
    return text.strip() if isinstance(text, str) else text


class MembershipEnd(StrEnum):
    """How a person stopped being a member of the household."""

    LEFT = "left"
    DIED = "died"


MAX_LEAVE_REASON_LENGTH = 2_000


@dataclass(frozen=True)
class Membership:
    """When a person belonged to the household: dated by when it happened (the effective
    date the worker states), not by when it was typed.

    ``joined_on`` is None for a member recorded before membership was dated (an old
    ``HouseholdMemberAdded``): the folder's rules then take its opening day as the earliest
    date, the read models the day the event happened as recorded (docs/household.md).
    """

    joined_on: date | None
    ended_on: date | None = None
    end: str | None = None
    reason: str | None = None

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def member_on(self, day: date) -> bool:
        """Whether the person was a member on `day` (an unknown joining day counts as ever)."""
        joined = self.joined_on is None or self.joined_on <= day
        return joined and (self.ended_on is None or day < self.ended_on)
