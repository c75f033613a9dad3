"""The MRPiPS-03 rules: the statistical return's reporting periods, what one decision
contributes, and the counting rules that turn decisions, families and social work into the
return's figures.

The rules live here, once, so that the returns projection and the independent recount from
the event log (services/returns/recount.py) differ only in how they gather the facts, never
in how they count them. docs/returns.md explains every rule in words.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.benefit_terms import DaysTerms
from domain.care import CareTerms, CashTerms
from domain.errors import DomainError, InvalidValueError
from domain.help import FORMS, Reason, form_info

FORM_NAME = "MRPiPS-03"
SCHEMA = 1
ZERO = Decimal("0.00")


class ReturnPeriodError(DomainError):
    code = "return_period.error"


class InvalidReturnPeriodError(ReturnPeriodError, InvalidValueError):
    code = "return_period.invalid"


class ReturnPart(StrEnum):
    """The return is made for the first half-year (cut-off 30 June) and the whole year."""

    HALF_YEAR = "H1"
    YEAR = "Y"


MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class ReturnPeriod:
    year: int
    part: str

    def __post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int) or not (
            MIN_YEAR <= self.year <= MAX_YEAR
        ):
            raise InvalidReturnPeriodError(year=self.year, part=self.part)
        try:
            object.__setattr__(self, "part", ReturnPart(self.part).value)
        except ValueError:
            raise InvalidReturnPeriodError(year=self.year, part=self.part) from None

    @property
    def first(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last(self) -> date:
        half = self.part == ReturnPart.HALF_YEAR
        return date(self.year, 6, 30) if half else date(self.year, 12, 31)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.part}"

    def has_ended(self, today: date) -> bool:
        return today > self.last


# -- which row a decision is counted in --------------------------------------------------

# art. 18 ust. 1 pkt 4 of the Act (in force since 1 May 2004, Dz.U. 2004 nr 64 poz. 593;
# consolidated text Dz.U. 2024 poz. 1283): granting purpose allowances for the expenses
# caused by a natural or ecological disaster (art. 40 ust. 2) is a task commissioned to the
# municipality; a purpose allowance for a random event (art. 40 ust. 1) stays an own task
# (art. 17 ust. 1 pkt 6). So a purpose allowance whose decision cites art. 40 ust. 2 is
# counted in the disaster row, commissioned, whatever form it was filed as.
_DISASTER_BASIS = re.compile(r"\bart\.?\s*40\s*ust\.?\s*2(?!\d)", re.IGNORECASE)


def counted_form(form: str, legal_basis: str) -> str:
    """The form whose row of MRPiPS-03 a granting decision is counted in, from its form of
    help and its legal basis; its column (commissioned or own) is that form's
    (`domain.help.FORMS`, art. 17 and 18)."""
    if form == "purpose_allowance" and _DISASTER_BASIS.search(legal_basis or ""):
        return "natural_disaster_allowance"
    return form


# -- what one decision contributes ---------------------------------------------------------


@dataclass(frozen=True)
class TermsSegment:
    """Terms of a granting decision in force from ``effective_from`` (issue or amendment)."""

    effective_from: date
    care: CareTerms | None = None
    cash: CashTerms | None = None
    days: DaysTerms | None = None  # meals, shelter (art. 48a–48b): days × unit cost


@dataclass(frozen=True)
class Contribution:
    benefits: int
    amount: Decimal

    @property
    def counts(self) -> bool:
        return self.benefits > 0


NOTHING = Contribution(0, ZERO)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def instalment_dates(cash: CashTerms, permanent: bool, until: date) -> Iterable[date]:
    """Due dates of a cash benefit, monthly from ``period_from`` (none after ``until``).

    ``amount`` is the amount of one instalment. A permanent allowance granted without an
    end date is paid every month until revoked; otherwise ``installments`` are paid.
    """
    indefinite = permanent and cash.period_to is None
    k = 0
    while indefinite or k < cash.installments:
        due = _add_months(cash.period_from, k)
        if due > until:
            return
        yield due
        k += 1


def ordered_care_hours(care: CareTerms, first: date, last: date) -> Decimal:
    """Hours of care ordered between two days: ``hours_per_day`` on each ordered weekday in
    the decision's period, capped by ``hours_per_week`` within each ISO week."""
    per_week: dict[tuple[int, int], int] = {}
    day = max(first, care.period_from)
    end = min(last, care.period_to)
    while day <= end:
        if care.is_scheduled_weekday(day):
            week = day.isocalendar()[:2]
            per_week[week] = per_week.get(week, 0) + 1
        day += timedelta(days=1)
    return sum((min(care.hours_per_day * n, care.hours_per_week) for n in per_week.values()),
               Decimal(0))


def days_within(terms: DaysTerms, first: date, last: date) -> tuple[int, Decimal]:
    """Days (or meals) of a meal or shelter decision falling between two days, and their
    cost. The decision's days are spread evenly over its period (``period_to``, else that
    many consecutive days from ``period_from``); a period wholly inside counts all its days
    at the decision's stated amount, a part of it its share of the days (rounded half up) at
    the unit cost."""
    start = terms.period_from
    end = terms.period_to or start + timedelta(days=terms.days - 1)
    overlap = (min(end, last) - max(start, first)).days + 1
    if overlap <= 0:
        return 0, ZERO
    span = (end - start).days + 1
    if overlap >= span:
        return terms.days, terms.amount
    share = (Decimal(terms.days) * overlap / span).to_integral_value(rounding=ROUND_HALF_UP)
    return int(share), share * terms.unit_cost


@dataclass(frozen=True)
class GrantedDecision:
    """A granting decision as a return sees it: who, which form and reasons, and its terms
    over time. ``ends_before`` is the revocation date; ``void`` a decision set aside on
    appeal (it never counts)."""

    decision_id: UUID
    person_id: UUID
    folder_id: UUID
    form: str
    reasons: tuple[str, ...]
    issued_on: date
    segments: tuple[TermsSegment, ...]
    ends_before: date | None = None
    void: bool = False

    def contribution(self, period: ReturnPeriod) -> Contribution:
        """Benefits and złoty of this decision falling within the period.

        Cash: instalments due in the period. Care: ordered hours in the period (one hour is
        one benefit, rounded half up per decision), at the hourly cost. Meals and shelter:
        the decision's days (or meals) in the period at their unit cost (`days_within`),
        also of a decision issued before the period. A decision without terms (a meal
        decided before days were recorded): one benefit when issued in the period.
        """
        if self.void:
            return NOTHING
        last = period.last
        if self.ends_before is not None:
            last = min(last, self.ends_before - timedelta(days=1))
        if last < period.first:
            return NOTHING
        if not any(s.care or s.cash or s.days for s in self.segments):
            issued_within = period.first <= self.issued_on <= last
            return Contribution(1, ZERO) if issued_within else NOTHING
        permanent = form_info(self.form).permanent
        benefits, hours, amount = 0, Decimal(0), ZERO
        for index, segment in enumerate(self.segments):
            following = self.segments[index + 1] if index + 1 < len(self.segments) else None
            seg_last = last if following is None else min(
                last, following.effective_from - timedelta(days=1))
            if segment.days is not None:  # its own period, whenever it was decided
                first_day = period.first if index == 0 else max(period.first,
                                                                segment.effective_from)
                days, cost = days_within(segment.days, first_day, seg_last)
                benefits += days
                amount += cost
            seg_first = max(period.first, segment.effective_from)
            if seg_last < seg_first:
                continue
            if segment.cash is not None:
                for due in instalment_dates(segment.cash, permanent, seg_last):
                    if due >= seg_first:
                        benefits += 1
                        amount += segment.cash.amount
            if segment.care is not None:
                segment_hours = ordered_care_hours(segment.care, seg_first, seg_last)
                hours += segment_hours
                amount += segment_hours * segment.care.hourly_cost
        benefits += int(hours.to_integral_value(rounding=ROUND_HALF_UP))
        return Contribution(benefits, amount.quantize(ZERO, rounding=ROUND_HALF_UP))


# -- the families and the other blocks ------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """A household as the return counts it: persons in it and whether it lives in a rural
    area (from its address's TERYT kind)."""

    folder_id: UUID
    persons: int
    rural: bool


@dataclass(frozen=True)
class SocialContract:
    contract_id: UUID
    folder_id: UUID
    person_id: UUID
    signed_on: date
    ends_on: date
    closed_on: date | None = None

    def active_in(self, period: ReturnPeriod) -> bool:
        end = self.ends_on if self.closed_on is None else min(self.ends_on, self.closed_on)
        return self.signed_on <= period.last and end >= period.first


@dataclass
class ReturnFacts:
    """Everything a return is computed from, gathered as of one recorded time."""

    decisions: list[GrantedDecision] = field(default_factory=list)
    families: dict[UUID, Family] = field(default_factory=dict)
    social_work_folders: set[UUID] = field(default_factory=set)
    contracts: list[SocialContract] = field(default_factory=list)


DECISION_FORMS: tuple[str, ...] = tuple(
    str(f) for f, info in FORMS.items() if info.needs_decision)
REASON_CODES: tuple[str, ...] = tuple(r.value for r in Reason)
TASKS = ("commissioned", "own")


def _money(amount: Decimal) -> str:
    return str(amount.quantize(ZERO))


def _families_block(folder_ids: Iterable[UUID], families: Mapping[UUID, Family],
                    with_rural: bool = True) -> dict[str, int]:
    found = [families.get(f, Family(f, 0, False)) for f in set(folder_ids)]
    block = {"families": len(found), "family_persons": sum(f.persons for f in found)}
    if with_rural:
        rural = [f for f in found if f.rural]
        block |= {"rural_families": len(rural),
                  "rural_family_persons": sum(f.persons for f in rural)}
    return block


def compile_figures(period: ReturnPeriod, facts: ReturnFacts) -> dict[str, Any]:
    """The return's figures. The counting rules, in the return's own words:

    - a person is counted once per form of help per period, however many decisions;
    - a form is a commissioned task (zadanie zlecone) or an own task (zadanie własne) as
      `domain.help.FORMS` says; the other column of that form stays zero;
    - families are the case folders of the persons counted, and persons in families are
      the members recorded in them with a start on or before the period's last day;
    - by reason: a family is counted under EVERY reason of the decisions that count for it
      (so the reason rows may add up to more than the families helped); the total row
      counts each family once;
    - social work: families with at least one visit or contact in the period;
    - social contracts: contracts in force for at least one day of the period.
    """
    cells: dict[str, dict[str, dict[str, Any]]] = {
        form: {task: {"persons": set(), "benefits": 0, "amount": ZERO, "families": set()}
               for task in TASKS}
        for form in DECISION_FORMS
    }
    reasons: dict[str, set[UUID]] = {code: set() for code in REASON_CODES}
    persons_total: set[UUID] = set()
    families_total: set[UUID] = set()
    for decision in facts.decisions:
        contribution = decision.contribution(period)
        if not contribution.counts or decision.form not in cells:
            continue
        task = "commissioned" if form_info(decision.form).commissioned else "own"
        cell = cells[decision.form][task]
        cell["persons"].add(decision.person_id)
        cell["benefits"] += contribution.benefits
        cell["amount"] += contribution.amount
        cell["families"].add(decision.folder_id)
        persons_total.add(decision.person_id)
        families_total.add(decision.folder_id)
        for reason in decision.reasons:
            reasons.setdefault(reason, set()).add(decision.folder_id)

    benefits: dict[str, Any] = {}
    for form, tasks in cells.items():
        benefits[form] = {}
        for task, cell in tasks.items():
            family = _families_block(cell["families"], facts.families, with_rural=False)
            benefits[form][task] = {
                "persons": len(cell["persons"]), "benefits": cell["benefits"],
                "amount": _money(cell["amount"]), **family,
            }
    benefits["total"] = {"persons": len(persons_total),
                         **_families_block(families_total, facts.families, with_rural=False)}
    active = [c for c in facts.contracts if c.active_in(period)]
    return {
        "benefits": benefits,
        "reasons": {code: _families_block(folders, facts.families)
                    for code, folders in reasons.items()},
        "social_work": _families_block(facts.social_work_folders, facts.families),
        "social_contracts": {
            "contracts": len(active),
            "persons": len({c.person_id for c in active}),
            "families": len({c.folder_id for c in active}),
        },
    }


def canonical(value: Any) -> bytes:
    """The one byte form of figures and documents: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(figures: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(figures)).hexdigest()


def differences(before: Mapping[str, Any], after: Mapping[str, Any],
                path: str = "") -> list[dict[str, Any]]:
    """Every figure that differs between two returns, by its dotted path."""
    found: list[dict[str, Any]] = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        where = f"{path}.{key}" if path else key
        if isinstance(a, Mapping) or isinstance(b, Mapping):
            found += differences(a if isinstance(a, Mapping) else {},
                                 b if isinstance(b, Mapping) else {}, where)
        elif a != b:
            found.append({"path": where, "before": a, "after": b})
    return found
