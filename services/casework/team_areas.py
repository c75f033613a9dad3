"""The address-area → team tables, read from a dated parameter file (TOML).

A file rather than commands: the division changes only with a reorganisation of the centre
(an internal order of its director, which also moves people between teams and is prepared
by IT with it), it is reviewed as a whole, and each table carries its `valid_from` and
source, so history stays. Each folder records the team it was given on its own event, so a
new table never changes where earlier folders went.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path

from domain.team_areas import InvalidTeamAreasError, TeamArea, TeamAreas, TeamAreaTable

DEMO_FILE = Path(__file__).parent / "parameters" / "team_areas_wroclaw.toml"


@lru_cache(maxsize=4)
def team_areas_from(path: Path | None) -> TeamAreas:
    """The tables of `path` (the demo's Wrocław if None), read once per process."""
    with open(path or DEMO_FILE, "rb") as file:
        data = tomllib.load(file)
    tables = []
    for table in data.get("table", []):
        valid_from = table.get("valid_from")
        if not isinstance(valid_from, date) or not table.get("source"):
            raise InvalidTeamAreasError(reason="a table needs valid_from and source")
        areas = tuple(TeamArea(team_id=area.get("team", ""), street=area.get("street"),
                               postal_code=area.get("postal_code"))
                      for area in table.get("area", []))
        tables.append(TeamAreaTable(valid_from=valid_from, source=table["source"], areas=areas))
    return TeamAreas.of(tables)
