"""The rows of the MRPiPS-03 layout "2026" beyond one row per form of help: the sub-rows of
section 1 (permanent allowance single / in a family, periodic allowance by reason, purpose
allowance by its legal basis), the health-insurance contributions, the cash / non-cash
totals, the refined reasons of section 2 and the family types.

Each is counted from the decisions that count in the period (``Counted``: the decision, what
it provided, its task) by the rules of domain/mrpips03.py; docs/returns.md maps every row to
the events it counts and says what Teczka cannot tell apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.contributions import contribution, rate_on
from domain.help import FormOfHelp, Reason, form_info

if TYPE_CHECKING:
    from domain.mrpips03 import Contribution, Family, GrantedDecision, ReturnPeriod

ZERO = Decimal("0.00")

# -- which layout a return is counted in ---------------------------------------------------

# "2025": one row per form of help and one per art. 7 point (the returns submitted before
# issue #19 item 4); "2026": with the rows below. A return keeps the layout it was compiled in.
LEGACY_LAYOUT = "2025"
LAYOUT = "2026"
LAYOUTS = (LEGACY_LAYOUT, LAYOUT)

# -- section 1: sub-rows -------------------------------------------------------------------

PERMANENT_SINGLE = "permanent_allowance_single"
PERMANENT_IN_FAMILY = "permanent_allowance_in_family"

# Periodic allowance by reason. Art. 38 ust. 1 grants it "in particular because of long-term
# illness, disability, unemployment"; the form asks for unemployment, disability, long-term
# illness and "other" as parts of the total. A decision goes to ONE sub-row (so they add up to
# the total): the first of art. 7 points 4, 5, 6 it cites, in the Act's point order, else
# "other" (Teczka's documented choice, docs/returns.md; to confirm against the form's notes).
PERIODIC_BY_REASON: tuple[tuple[str, str], ...] = (
    (Reason.UNEMPLOYMENT.value, "periodic_allowance_unemployment"),
    (Reason.DISABILITY.value, "periodic_allowance_disability"),
    (Reason.LONG_TERM_ILLNESS.value, "periodic_allowance_illness"),
)
PERIODIC_OTHER = "periodic_allowance_other"
PERIODIC_ROWS = (*(row for _, row in PERIODIC_BY_REASON), PERIODIC_OTHER)

# Purpose allowance "of which" rows, told apart by the decision's legal basis (the only place
# a decision records what the allowance is for): art. 40 ust. 1 — a random event (an own
# task; art. 40 ust. 2 is the natural-disaster row, commissioned: mrpips03.counted_form);
# art. 39 ust. 2 — the costs of health care (leczenie). Sub-rows, so one decision may be in
# none of them; Teczka cannot tell "in kind" from cash, nor a meal under a government
# programme, since a decision records neither.


def _cites(article: int, paragraph: int) -> re.Pattern[str]:
    """A legal basis citing the paragraph of the article, also in a list ("art. 39 ust. 1
    i 2", "art. 39 ust. 1, 2")."""
    listed = r"(?:\d+[a-z]?\s*(?:,|i|oraz|lub)\s*)*"
    return re.compile(rf"\bart\.?\s*{article}\s*ust\.?\s*{listed}{paragraph}(?![\d])",
                      re.IGNORECASE)


_RANDOM_EVENT_BASIS = _cites(40, 1)
_HEALTH_CARE_BASIS = _cites(39, 2)
PURPOSE_RANDOM_EVENT = "purpose_allowance_random_event"
PURPOSE_HEALTH_CARE = "purpose_allowance_health_care"
PURPOSE_SUBROWS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_RANDOM_EVENT_BASIS, PURPOSE_RANDOM_EVENT), (_HEALTH_CARE_BASIS, PURPOSE_HEALTH_CARE))

HEALTH_CONTRIBUTIONS = "health_contributions"
CASH_TOTAL = "cash_total"
NON_CASH_TOTAL = "non_cash_total"

# Each sub-row and the row it is part of (the checks: the row ≥ each sub-row; the parts that
# split a row add up to it).
PARENT_ROW: dict[str, str] = {
    PERMANENT_SINGLE: FormOfHelp.PERMANENT_ALLOWANCE.value,
    PERMANENT_IN_FAMILY: FormOfHelp.PERMANENT_ALLOWANCE.value,
    **{row: FormOfHelp.PERIODIC_ALLOWANCE.value for row in PERIODIC_ROWS},
    PURPOSE_RANDOM_EVENT: FormOfHelp.PURPOSE_ALLOWANCE.value,
    PURPOSE_HEALTH_CARE: FormOfHelp.PURPOSE_ALLOWANCE.value,
    HEALTH_CONTRIBUTIONS: FormOfHelp.PERMANENT_ALLOWANCE.value,
}
# Rows split without remainder into their parts (benefits and amounts add up exactly).
SPLITS: dict[str, tuple[str, ...]] = {
    FormOfHelp.PERMANENT_ALLOWANCE.value: (PERMANENT_SINGLE, PERMANENT_IN_FAMILY),
    FormOfHelp.PERIODIC_ALLOWANCE.value: PERIODIC_ROWS,
}
SUBROWS: tuple[str, ...] = (PERMANENT_SINGLE, PERMANENT_IN_FAMILY, *PERIODIC_ROWS,
                            PURPOSE_RANDOM_EVENT, PURPOSE_HEALTH_CARE, HEALTH_CONTRIBUTIONS,
                            CASH_TOTAL, NON_CASH_TOTAL)

# -- section 2: reasons refined ------------------------------------------------------------

# Art. 7 pkt 13 and 14 each name two things the form counts apart. A decision may cite the
# point (undivided, as before) or one of Teczka's refinements (domain/help.py); the point's row
# counts all of them, each refinement's row its own.
REFINED_REASONS: dict[str, str] = {
    Reason.ALCOHOLISM.value: Reason.ALCOHOLISM_OR_DRUGS.value,
    Reason.DRUG_ADDICTION.value: Reason.ALCOHOLISM_OR_DRUGS.value,
    Reason.RANDOM_EVENT.value: Reason.RANDOM_EVENT_OR_CRISIS.value,
    Reason.CRISIS.value: Reason.RANDOM_EVENT_OR_CRISIS.value,
}

# -- family types --------------------------------------------------------------------------

FAMILY_SIZES = ("persons_1", "persons_2", "persons_3", "persons_4", "persons_5",
                "persons_6_plus")
CHILDREN_COUNTS = ("children_1", "children_2", "children_3", "children_4_plus")
CHILD = "child"


@dataclass(frozen=True)
class Membership:
    """A member's effective dates in a household and their relation to its head."""

    joined_on: date
    left_on: date | None = None
    relation: str = "other_relative"

    def present_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)

    def present_in(self, first: date, last: date) -> bool:
        return self.joined_on <= last and (self.left_on is None or self.left_on > first)


def persons_in(members: Iterable[Membership], first: date, last: date) -> int:
    """Members at some time between two days (the families block's persons)."""
    return sum(1 for m in members if m.present_in(first, last))


@dataclass(frozen=True)
class Counted:
    decision: GrantedDecision
    provided: Contribution
    task: str


class _Cell:
    def __init__(self) -> None:
        self.persons: set[UUID] = set()
        self.folders: set[UUID] = set()
        self.benefits = 0
        self.amount = ZERO

    def add(self, person: UUID, folder: UUID, benefits: int, amount: Decimal) -> None:
        self.persons.add(person)
        self.folders.add(folder)
        self.benefits += benefits
        self.amount += amount


def _rows_out(cells: Mapping[str, Mapping[str, _Cell]], families: Mapping[UUID, Family],
              ) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row, tasks in cells.items():
        out[row] = {}
        for task, cell in tasks.items():
            found = [families[f] for f in cell.folders if f in families]
            out[row][task] = {
                "persons": len(cell.persons), "benefits": cell.benefits,
                "amount": str(cell.amount.quantize(ZERO)),
                "families": len(cell.folders),
                "family_persons": sum(f.persons for f in found),
            }
    return out


def household_size_on(family: Family | None, day: date) -> int:
    if family is None:
        return 0
    return sum(1 for m in family.members if m.present_on(day))


def static_subrows(decision: GrantedDecision) -> list[str]:
    """The sub-rows of section 1 a decision counts in by its form, reasons and legal basis
    alone: the periodic allowance's reason, the purpose allowance's legal basis (the
    permanent allowance's single / in a family is the household's, on the decision's day)."""
    if decision.form == FormOfHelp.PERIODIC_ALLOWANCE:
        return [next((r for code, r in PERIODIC_BY_REASON if code in decision.reasons),
                     PERIODIC_OTHER)]
    if decision.form == FormOfHelp.PURPOSE_ALLOWANCE:
        return [row for basis, row in PURPOSE_SUBROWS
                if basis.search(decision.legal_basis or "")]
    return []


def in_subrow(decision: GrantedDecision, row: str, period: ReturnPeriod,
              families: Mapping[UUID, Family]) -> bool:
    """Whether a counted decision is in ``row``, one of section 1's sub-rows, as
    `benefit_subrows` puts it there (the drill-down of a failing sub-row names only its own
    families, not its parent row's)."""
    permanent = decision.form == FormOfHelp.PERMANENT_ALLOWANCE
    if row in (PERMANENT_SINGLE, PERMANENT_IN_FAMILY):
        alone = household_size_on(families.get(decision.folder_id), decision.issued_on) <= 1
        return permanent and (row == PERMANENT_SINGLE) == alone
    if row == HEALTH_CONTRIBUTIONS:
        return permanent and any(period.first <= paid.paid_on <= period.last
                                 for paid in decision.payments)
    return row in static_subrows(decision)


def benefit_subrows(period: ReturnPeriod, counted: Iterable[Counted],
                    families: Mapping[UUID, Family]) -> dict[str, Any]:
    """Section 1's sub-rows and totals of layout "2026", each split commissioned / own."""
    cells = {row: {"commissioned": _Cell(), "own": _Cell()} for row in SUBROWS}
    # (person, folder, year, month) → the permanent allowance paid in the month
    contribution_bases: dict[tuple[UUID, UUID, str, int, int], Decimal] = {}
    for c in counted:
        d, p = c.decision, c.provided
        add = (d.person_id, d.folder_id, p.benefits, p.amount)
        kind = form_info(d.form).kind
        cells[CASH_TOTAL if kind == "cash" else NON_CASH_TOTAL][c.task].add(*add)
        if d.form == FormOfHelp.PERMANENT_ALLOWANCE:
            # art. 37 ust. 2 pkt 1 / 2: single (one-person household) or in a family, as the
            # household was on the day of the decision.
            alone = household_size_on(families.get(d.folder_id), d.issued_on) <= 1
            cells[PERMANENT_SINGLE if alone else PERMANENT_IN_FAMILY][c.task].add(*add)
            for paid in d.payments:
                if period.first <= paid.paid_on <= period.last:
                    key = (d.person_id, d.folder_id, c.task, paid.paid_on.year,
                           paid.paid_on.month)
                    contribution_bases[key] = contribution_bases.get(key, ZERO) + paid.amount
        else:
            for row in static_subrows(d):
                cells[row][c.task].add(*add)
    # Health-insurance contributions paid for permanent-allowance recipients: one benefit a
    # person and month, 9% of what was paid them in the month (domain/contributions.py, as
    # the month's list GET /api/payments/contributions counts it).
    for (person, folder, task, year, month), paid_in_month in contribution_bases.items():
        owed = contribution(paid_in_month, rate_on(date(year, month, 1)))
        cells[HEALTH_CONTRIBUTIONS][task].add(person, folder, 1, owed)
    return _rows_out(cells, families)


def refined_reasons(reasons: Iterable[str]) -> set[str]:
    """The rows of section 2 a decision's reasons count in: each reason, and the point a
    refinement belongs to."""
    rows = set(reasons)
    rows |= {REFINED_REASONS[r] for r in reasons if r in REFINED_REASONS}
    return rows


def family_types(folders: Iterable[UUID], families: Mapping[UUID, Family],
                 period: ReturnPeriod) -> dict[str, Any]:
    """The families helped by number of persons, and those with children by number of
    children. A child is a member recorded as the head's child present in the period: a
    return never unseals birth dates, so "under 18" is not checked (docs/returns.md)."""
    blocks = {name: [0, 0] for name in ("all", *FAMILY_SIZES, "with_children",
                                        *CHILDREN_COUNTS)}

    def count(name: str, persons: int) -> None:
        blocks[name][0] += 1
        blocks[name][1] += persons

    for folder in set(folders):
        family = families.get(folder)
        members = [m for m in family.members if m.present_in(period.first, period.last)] \
            if family is not None else []
        persons = family.persons if family is not None else 0
        count("all", persons)
        count(FAMILY_SIZES[min(max(persons, 1), 6) - 1], persons)
        children = sum(1 for m in members if m.relation == CHILD)
        if children:
            count("with_children", persons)
            count(CHILDREN_COUNTS[min(children, 4) - 1], persons)
    return {name: {"families": n, "family_persons": p} for name, (n, p) in blocks.items()}


def in_layout(figures: Mapping[str, Any], layout: str) -> dict[str, Any]:
    """Figures counted now, laid out in ``layout``: for the old layout without the rows it
    did not have (a recount of a return submitted in it is compared on its own rows)."""
    if layout == LAYOUT:
        return dict(figures)
    if layout != LEGACY_LAYOUT:
        raise ValueError(f"unknown MRPiPS-03 layout {layout!r}")
    return {
        **{k: v for k, v in figures.items() if k != "family_types"},
        "benefits": {k: v for k, v in figures["benefits"].items() if k not in SUBROWS},
        "reasons": {k: v for k, v in figures["reasons"].items() if k not in REFINED_REASONS},
    }
