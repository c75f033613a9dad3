"""Health-insurance contributions the centre pays for permanent-allowance recipients who are
not insured otherwise (art. 37 u.p.s. with the act on health-care benefits financed from
public funds, ustawa z dnia 27 sierpnia 2004 r., Dz.U. 2024 poz. 146 — "u.ś.o.z.").

As we read that act (verify the points with a lawyer before the list is used for ZUS):
- art. 66 ust. 1 — the point naming persons who receive a permanent allowance and are not
  insured on another title — makes them obliged to be insured;
- art. 81 — for them the basis of the contribution is the amount of the permanent allowance
  paid (not the allowance granted: what was actually paid in the month, less reversals);
- art. 79 ust. 1 — the contribution is 9% of the basis (9% since 1 January 2007);
- art. 86 ust. 1 — the social assistance centre pays it (it is financed by the state
  subsidy with the allowance, art. 17 ust. 1 pkt 4 and art. 37 u.p.s.).
Whether a recipient is insured otherwise is not recorded in Teczka yet: every recipient paid
in the month is listed (docs/payments.md, "Left for later").
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# Dated parameter: the rate, valid from a date (the newest not after the month applies).
# Source: u.ś.o.z. art. 79 ust. 1 (Dz.U. 2024 poz. 146); 9% since 2007-01-01.
HEALTH_CONTRIBUTION_RATE: tuple[tuple[date, Decimal], ...] = (
    (date(2007, 1, 1), Decimal("0.09")),
)
CENT = Decimal("0.01")


def rate_on(day: date) -> Decimal:
    """The rate in force on a day (the month's first day is asked)."""
    found = None
    for valid_from, rate in HEALTH_CONTRIBUTION_RATE:
        if valid_from <= day:
            found = rate
    if found is None:
        raise ValueError(f"no health contribution rate before {day.isoformat()}")
    return found


def contribution(basis: Decimal, rate: Decimal) -> Decimal:
    """The contribution on a basis, rounded to the grosz (half up, as ZUS rounds)."""
    return (basis * rate).quantize(CENT, rounding=ROUND_HALF_UP)
