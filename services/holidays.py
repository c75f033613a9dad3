"""Polish public holidays, for deadlines counted in working days."""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays


@cache
def polish_holidays(from_year: int, years: int = 2) -> frozenset[date]:
    """Public holidays of Poland from `from_year`, covering a deadline that crosses New Year."""
    calendar = holidays.country_holidays("PL", years=range(from_year, from_year + years))
    return frozenset(calendar.keys())
