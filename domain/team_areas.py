"""Which field social work team (ZTPS) is responsible for an address: dated data, never code.

A city's centre divides its area between its teams by an internal order of the director
(in Wrocław 10 ZTPS teams share 5 districts, so the district alone does not decide). The
division is kept as a table of areas — a street (optionally with a postal code) or a postal
code prefix — valid from a date; a reorganisation is a new table with its own `valid_from`,
so the folders routed before it keep the team they were given (the team is recorded on the
folder's own event). The most specific area wins: a street with its postal code, then a
whole street, then the longest postal-code prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from domain.errors import DomainError, InvalidValueError
from domain.household import Address


class TeamAreaError(DomainError):
    code = "team_area.error"


class NoTeamForAddressError(TeamAreaError, InvalidValueError):
    """No team's area holds the address: first contact names the team itself."""

    code = "team_area.not_found"


class UnknownTeamError(TeamAreaError, InvalidValueError):
    """A team that the table in force does not know."""

    code = "team_area.unknown_team"


class InvalidTeamAreasError(TeamAreaError, InvalidValueError):
    code = "team_area.invalid_table"


POSTAL_PREFIX = re.compile(r"[0-9]{1,2}(-[0-9]{0,3})?")


def street_key(street: str) -> str:
    """A street as the table compares it: no "ul."/"al."/"pl." prefix, case and spaces folded."""
    text = " ".join(street.casefold().split())
    return re.sub(r"^(ul\.|al\.|pl\.|os\.)\s*", "", text)


@dataclass(frozen=True)
class TeamArea:
    """One area: a street (all of it, or within one postal code), or a postal-code prefix."""

    team_id: str
    street: str | None = None
    postal_code: str | None = None

    def __post_init__(self) -> None:
        if not self.team_id or (self.street is None and self.postal_code is None):
            raise InvalidTeamAreasError(team_id=self.team_id)
        if self.postal_code is not None and not POSTAL_PREFIX.fullmatch(self.postal_code):
            raise InvalidTeamAreasError(team_id=self.team_id, postal_code=self.postal_code)

    def specificity(self, address: Address) -> int | None:
        """How closely the area names the address (higher wins), or None if it does not."""
        postal = address.postal_code or ""
        if self.street is not None:
            if not address.street or street_key(self.street) != street_key(address.street):
                return None
            if self.postal_code is None:
                return 100
            return 200 if postal.startswith(self.postal_code) else None
        prefix = self.postal_code or ""
        return len(prefix) if postal.startswith(prefix) else None


@dataclass(frozen=True)
class TeamAreaTable:
    """The division in force from `valid_from` (until the next table's), with its source."""

    valid_from: date
    source: str
    areas: tuple[TeamArea, ...]

    @property
    def teams(self) -> frozenset[str]:
        return frozenset(area.team_id for area in self.areas)

    def team_for(self, address: Address) -> str:
        best: tuple[int, str] | None = None
        for area in self.areas:
            score = area.specificity(address)
            if score is not None and (best is None or score > best[0]):
                best = (score, area.team_id)
        if best is None:
            raise NoTeamForAddressError(postal_code=address.postal_code)
        return best[1]


@dataclass(frozen=True)
class TeamAreas:
    """Every table the city has had, each in force from its `valid_from`."""

    tables: tuple[TeamAreaTable, ...]

    @classmethod
    def of(cls, tables: Iterable[TeamAreaTable]) -> TeamAreas:
        ordered = tuple(sorted(tables, key=lambda t: t.valid_from))
        if len({t.valid_from for t in ordered}) != len(ordered):
            raise InvalidTeamAreasError(reason="two tables valid from the same day")
        return cls(ordered)

    def in_force(self, on: date) -> TeamAreaTable | None:
        found = None
        for table in self.tables:
            if table.valid_from <= on:
                found = table
        return found

    def team_for(self, address: Address, on: date) -> str:
        """The team responsible for the address on the day (the day the folder is opened)."""
        table = self.in_force(on)
        if table is None:
            raise NoTeamForAddressError(postal_code=address.postal_code)
        return table.team_for(address)

    def check_team(self, team_id: str, on: date) -> str:
        """A team named by hand must be one of the table in force."""
        table = self.in_force(on)
        if table is None or team_id not in table.teams:
            raise UnknownTeamError(team_id=team_id)
        return team_id
