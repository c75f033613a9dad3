"""The office's day. Every date in Teczka is a Polish date (Europe/Warsaw): a visit, a
decision's term, a payment day, a return's submission. The server's own date is not: a
container runs in UTC, where from 23:00 (22:00 in summer) it is still yesterday while in
Wrocław it is already the next day, and a folder opened or a term counted then would be a day
off. Anything that asks "what is today" asks this."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

POLAND = ZoneInfo("Europe/Warsaw")


def today_in_poland() -> date:
    """Today where the households live and the office works: the latest day a fact may be
    dated."""
    return datetime.now(UTC).astimezone(POLAND).date()
