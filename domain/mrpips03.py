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
from domain.help import DPS_FEE_FORMS, FORMS, Reason, form_info
from domain.mrpips03_rows import (
    LAYOUT,
    Counted,
    Membership,
    benefit_subrows,
    family_types,
    refined_reasons,
)

FORM_NAME = "MRPiPS-03"
SCHEMA = 1
# The layout compile_figures counts in (domain/mrpips03_rows.py: LAYOUTS).
CURRENT_LAYOUT = LAYOUT
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
    # A residential care home (art. 61): what the municipality pays a month of the stay.
    dps_monthly: Decimal | None = None


@dataclass(frozen=True)
class Payment:
    """A payment of a cash benefit (`BenefitPaid`, not reversed as of the return's time)."""

    paid_on: date
    amount: Decimal


@dataclass(frozen=True)
class CareMonth:
    """Care delivered under a decision in one month: the billable minutes of its
    caregivers' completed visits, and the month's settlement when it was closed (its hours
    and total replace the visits' then: `MonthlySettlementClosed`)."""

    year: int
    month: int
    minutes: int = 0
    settled_hours: Decimal | None = None
    settled_total: Decimal | None = None


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


def _month_last(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def dps_months(monthly: Decimal, first: date, last: date) -> tuple[set[tuple[int, int]],
                                                                      Decimal]:
    """The months of a residential-care stay between two days and what the municipality
    pays for them: its monthly part for a whole month, a day's share of it (the part × the
    days of the stay in that month / the month's days) for a part of one."""
    months: set[tuple[int, int]] = set()
    amount, day = Decimal(0), first
    while day <= last:
        month_end = _month_last(day.year, day.month)
        end = min(last, month_end)
        months.add((day.year, day.month))
        if day.day == 1 and end == month_end:
            amount += monthly
        else:
            amount += monthly * ((end - day).days + 1) / month_end.day
        day = end + timedelta(days=1)
    return months, amount


def care_month_provided(month: CareMonth, hourly_cost: Decimal) -> tuple[Decimal, Decimal]:
    """Hours and złoty of care delivered in a month: the settlement's when the month was
    settled, else the billable visits' minutes (rounded to 0.01 h, as a settlement rounds
    them) at the hourly cost of the terms in force on the month's last day."""
    if month.settled_hours is not None and month.settled_total is not None:
        return month.settled_hours, month.settled_total
    hours = (Decimal(month.minutes) / 60).quantize(ZERO, rounding=ROUND_HALF_UP)
    return hours, (hours * hourly_cost).quantize(ZERO, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class GrantedDecision:
    """A granting decision as a return sees it: who, which form and reasons, its terms over
    time and what was provided under it (payments, care delivered). ``ends_before`` is the
    revocation date; ``void`` a decision set aside on appeal (it never counts)."""

    decision_id: UUID
    person_id: UUID
    folder_id: UUID
    form: str
    reasons: tuple[str, ...]
    issued_on: date
    segments: tuple[TermsSegment, ...]
    ends_before: date | None = None
    void: bool = False
    payments: tuple[Payment, ...] = ()
    care_months: tuple[CareMonth, ...] = ()
    # The decision's legal basis as written: the purpose allowance's sub-rows read it.
    legal_basis: str = ""

    def contribution(self, period: ReturnPeriod) -> Contribution:
        """Benefits and złoty provided under this decision within the period (MRPiPS-03
        counts what was provided, not what was ordered; docs/returns.md):

        - cash: the payments (`BenefitPaid`, not reversed) dated in the period, one benefit
          each;
        - care: the hours delivered in the period's months (settled, else the billable
          visits), one hour one benefit (rounded half up per decision), at their cost;
        - a residential care home: the municipality's monthly part over the days of the stay
          in the period, one benefit per month;
        - meals and shelter: the decision's days (or meals) in the period at their unit cost
          (`days_within`), Teczka recording no delivered meals or nights.
        """
        if self.void:
            return NOTHING
        kind = form_info(self.form).kind
        if kind == "cash":
            paid = [p for p in self.payments if period.first <= p.paid_on <= period.last]
            return Contribution(len(paid), sum((p.amount for p in paid), ZERO))
        if self.form in DPS_FEE_FORMS:
            return self._dps(period)
        if kind == "care":
            return self._care(period)
        return self._days(period)

    def _last_day(self, period: ReturnPeriod) -> date:
        last = period.last
        if self.ends_before is not None:
            last = min(last, self.ends_before - timedelta(days=1))
        return last

    def _spans(self, period: ReturnPeriod) -> Iterable[tuple[int, TermsSegment, date, date]]:
        """Each segment of terms with the days of the period it is in force on."""
        last = self._last_day(period)
        for index, segment in enumerate(self.segments):
            following = self.segments[index + 1] if index + 1 < len(self.segments) else None
            seg_last = last if following is None else min(
                last, following.effective_from - timedelta(days=1))
            yield index, segment, max(period.first, segment.effective_from), seg_last

    def terms_on(self, day: date) -> TermsSegment:
        in_force = self.segments[0]
        for segment in self.segments:
            if segment.effective_from <= day:
                in_force = segment
        return in_force

    def _care(self, period: ReturnPeriod) -> Contribution:
        hours, amount = Decimal(0), ZERO
        for month in self.care_months:
            if not period.first <= date(month.year, month.month, 1) <= period.last:
                continue
            care = self.terms_on(_month_last(month.year, month.month)).care
            month_hours, month_amount = care_month_provided(
                month, care.hourly_cost if care is not None else ZERO)
            hours += month_hours
            amount += month_amount
        return Contribution(int(hours.to_integral_value(rounding=ROUND_HALF_UP)), amount)

    def _dps(self, period: ReturnPeriod) -> Contribution:
        months: set[tuple[int, int]] = set()
        amount = Decimal(0)
        for _, segment, first, last in self._spans(period):
            if not segment.dps_monthly or segment.care is None:
                continue  # the municipality pays nothing (or it was never recorded)
            first = max(first, segment.care.period_from)
            last = min(last, segment.care.period_to)
            if last < first:
                continue
            seg_months, seg_amount = dps_months(segment.dps_monthly, first, last)
            months |= seg_months
            amount += seg_amount
        return Contribution(len(months), amount.quantize(ZERO, rounding=ROUND_HALF_UP))

    def _days(self, period: ReturnPeriod) -> Contribution:
        last = self._last_day(period)
        if last < period.first:
            return NOTHING
        if not any(s.days for s in self.segments):
            # A meal decided before days were recorded: one benefit when issued in the period.
            issued_within = period.first <= self.issued_on <= last
            return Contribution(1, ZERO) if issued_within else NOTHING
        benefits, amount = 0, ZERO
        for index, segment, first, seg_last in self._spans(period):
            if segment.days is not None:  # its own period, whenever it was decided
                days, cost = days_within(segment.days, period.first if index == 0 else first,
                                         seg_last)
                benefits += days
                amount += cost
        return Contribution(benefits, amount.quantize(ZERO, rounding=ROUND_HALF_UP))


# -- the families and the other blocks ------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """A household as the return counts it: persons in it in the period, whether it lives in
    a rural area (from its address's TERYT kind), and its members' effective dates and
    relations (the permanent allowance's single / in-family split, the family types)."""

    folder_id: UUID
    persons: int
    rural: bool
    members: tuple[Membership, ...] = ()


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
    - social contracts: contracts in force for at least one day of the period;
    - layout "2026" (domain/mrpips03_rows.py): the sub-rows and cash / non-cash totals of
      section 1, the refined reasons of section 2, the family types.
    """
    cells: dict[str, dict[str, dict[str, Any]]] = {
        form: {task: {"persons": set(), "benefits": 0, "amount": ZERO, "families": set()}
               for task in TASKS}
        for form in DECISION_FORMS
    }
    reasons: dict[str, set[UUID]] = {code: set() for code in REASON_CODES}
    persons_total: set[UUID] = set()
    families_total: set[UUID] = set()
    counted: list[Counted] = []
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
        counted.append(Counted(decision, contribution, task))
        for reason in refined_reasons(decision.reasons):
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
    benefits |= benefit_subrows(period, counted, facts.families)
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
        "family_types": family_types(families_total, facts.families, period),
    }


def canonical(value: Any) -> bytes:
    """The one byte form of figures and documents: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(figures: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(figures)).hexdigest()


def differences_in_layout(before: Mapping[str, Any], after: Mapping[str, Any],
                          same_layout: bool) -> list[dict[str, Any]]:
    """The differences of two returns; a return in an older layout is compared on its own
    rows only (the rows it lacks are not "changed from nothing")."""
    found = differences(before, after)
    return found if same_layout else [d for d in found if d["before"] is not None]


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
