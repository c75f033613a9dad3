"""When an order waiting for a place may expect to start: a pure estimate from the decisions'
periods, for the provider's queue (domain/provider.py keeps who holds and who waits).

The estimate assumes that a place frees the day after the period of the order holding it
ends (the decision's `period_to`: orders are granted for a period, and end with it unless
amended), that nothing else frees a place earlier (a death, a revocation, a suspension) and
that the queue is served in its order. Each waiting order, once in, holds its place for the
length of its own period. So it is a latest-likely date, not a promise: places usually free
sooner than the periods say.
"""

from __future__ import annotations

import heapq
from datetime import date, timedelta


def expected_starts(places: int, holders_end: list[date], waiting_days: list[int],
                    today: date) -> list[date | None]:
    """The expected start of each waiting order, in queue order: `holders_end` the last day
    of each held place's period, `waiting_days` each waiting order's period in days. None
    when the service has no places at all (nobody can be let in)."""
    if places <= 0:
        return [None] * len(waiting_days)
    free_on = [end + timedelta(days=1) for end in holders_end]
    # Places beyond those held are free now (the queue is let in as soon as one frees).
    free_on += [today] * max(0, places - len(holders_end))
    # Only `places` places exist: after a cut, the earliest-ending holders' places are the
    # ones that go, so the latest-freeing `places` remain.
    free_on = sorted(free_on)[-places:]
    heapq.heapify(free_on)
    starts: list[date | None] = []
    for days in waiting_days:
        start = max(heapq.heappop(free_on), today)
        starts.append(start)
        heapq.heappush(free_on, start + timedelta(days=max(days, 1)))
    return starts
