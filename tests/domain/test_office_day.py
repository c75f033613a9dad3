"""Every "today" of the product is the office's day in Poland (domain/office_day.py), never
the server's own date: a server in UTC is a day behind Wrocław from 23:00 (22:00 in summer)
to midnight, and a folder opened, a term counted or a caseload's overdue badge would be a day
off for that hour every night. The product's code is searched for the server's date."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from domain.office_day import POLAND, today_in_poland

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "services", "projections", "api")
# The server's date or local time: `date.today()`, `datetime.today()`, a naive
# `datetime.now()`, or `date.today` handed over as a clock.
SERVER_CLOCK = re.compile(r"\bdate\.today\b|\bdatetime\.today\(|\bdatetime\.now\(\s*\)")


def test_the_product_never_reads_the_servers_own_date():
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for folder in PRODUCT for path in sorted((ROOT / folder).rglob("*.py"))
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if SERVER_CLOCK.search(line)]
    assert found == []


def test_the_search_finds_the_servers_date_where_it_is_read():
    assert SERVER_CLOCK.search("opened_on=self.opened_on or date.today())")
    assert SERVER_CLOCK.search("today: Callable[[], date] = date.today,")
    assert SERVER_CLOCK.search("stamp = datetime.now()")
    assert not SERVER_CLOCK.search("datetime.now(UTC).astimezone(POLAND).date()")


def test_today_is_the_date_in_poland():
    before = datetime.now(UTC)
    today = today_in_poland()
    after = datetime.now(UTC)
    assert today in {before.astimezone(POLAND).date(), after.astimezone(POLAND).date()}
    # an hour before midnight UTC in winter is already the next day in Poland
    assert datetime(2026, 12, 7, 23, 30, tzinfo=UTC).astimezone(POLAND).date() == \
        datetime(2026, 12, 7, 23, 30, tzinfo=UTC).date() + timedelta(days=1)
