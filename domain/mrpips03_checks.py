"""The MRPiPS-03 form's own consistency rules, checked on the figures before submission, and
the folders that make a rule fail (the manager's drill-down).

The form's rules as /work/shared/DOMAIN.md states them: persons in families ≥ families;
persons in families ≥ persons granted (for family benefits); totals ≥ each row. We add the
ones that follow from how a row is counted (each family counted has at least one person
granted; a rural split is part of its row); docs/returns.md lists them. A rule names the row
it fails on by the figures' dotted path (``benefits.periodic_allowance.own``), so the tablet
can show the row's label and the figures that disagree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.help import form_info
from domain.mrpips03 import DECISION_FORMS, Family, GrantedDecision, ReturnFacts, ReturnPeriod
from domain.mrpips03_rows import (
    CASH_TOTAL,
    CHILDREN_COUNTS,
    FAMILY_SIZES,
    NON_CASH_TOTAL,
    PARENT_ROW,
    REFINED_REASONS,
    SPLITS,
    in_subrow,
    refined_reasons,
)

FAMILY_PERSONS_AT_LEAST_FAMILIES = "family_persons_at_least_families"
FAMILY_PERSONS_AT_LEAST_PERSONS = "family_persons_at_least_persons"
PERSONS_AT_LEAST_FAMILIES = "persons_at_least_families"
TOTAL_AT_LEAST_ROW = "total_at_least_row"
RURAL_WITHIN_ROW = "rural_within_row"
# Layout "2026" (domain/mrpips03_rows.py): a sub-row ("of which") is never above its row; the
# parts that split a row (permanent allowance single + in a family, periodic allowance by
# reason, cash + non-cash, the family types) add up to it.
SUBROW_WITHIN_ROW = "subrow_within_row"
PARTS_ADD_UP = "parts_add_up"
RULES = (FAMILY_PERSONS_AT_LEAST_FAMILIES, FAMILY_PERSONS_AT_LEAST_PERSONS,
         PERSONS_AT_LEAST_FAMILIES, TOTAL_AT_LEAST_ROW, RURAL_WITHIN_ROW, SUBROW_WITHIN_ROW,
         PARTS_ADD_UP)
MEASURES = ("persons", "benefits", "amount", "families", "family_persons")
_FORM_ROWS = frozenset(DECISION_FORMS)
# The rules whose failure is caused by particular families (the others compare rows).
FOLDER_RULES = (FAMILY_PERSONS_AT_LEAST_FAMILIES, FAMILY_PERSONS_AT_LEAST_PERSONS)


@dataclass(frozen=True)
class RuleFailure:
    """One rule that does not hold on one row, with the figures that disagree."""

    rule: str
    row: str
    figures: dict[str, int | str]

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "row": self.row, "figures": dict(self.figures),
                "has_folders": self.rule in FOLDER_RULES}


def _family_rows(figures: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for form, tasks in figures.get("benefits", {}).items():
        if form == "total":
            yield "benefits.total", tasks
            continue
        for task, cell in tasks.items():
            yield f"benefits.{form}.{task}", cell
    for code, block in figures.get("reasons", {}).items():
        yield f"reasons.{code}", block
    if "social_work" in figures:
        yield "social_work", figures["social_work"]


def check_figures(figures: Mapping[str, Any]) -> list[RuleFailure]:
    """Every rule of the form that the figures break, row by row (empty: all hold)."""
    failures: list[RuleFailure] = []

    def fail(rule: str, row: str, **values: int | str) -> None:
        failures.append(RuleFailure(rule, row, values))

    for row, cell in _family_rows(figures):
        families, in_families = cell.get("families", 0), cell.get("family_persons", 0)
        if in_families < families:
            fail(FAMILY_PERSONS_AT_LEAST_FAMILIES, row,
                 families=families, family_persons=in_families)
        if "persons" in cell:
            if in_families < cell["persons"]:
                fail(FAMILY_PERSONS_AT_LEAST_PERSONS, row,
                     persons=cell["persons"], family_persons=in_families)
            if cell["persons"] < families:
                fail(PERSONS_AT_LEAST_FAMILIES, row, persons=cell["persons"], families=families)
        if "rural_families" in cell and (cell["rural_families"] > families
                                         or cell["rural_family_persons"] > in_families):
            fail(RURAL_WITHIN_ROW, row, families=families, family_persons=in_families,
                 rural_families=cell["rural_families"],
                 rural_family_persons=cell["rural_family_persons"])
    benefits = figures.get("benefits", {})
    total = benefits.get("total")
    if total is not None:
        for form, tasks in benefits.items():
            if form == "total":
                continue
            for task, cell in tasks.items():
                for name in ("persons", "families", "family_persons"):
                    if cell.get(name, 0) > total.get(name, 0):
                        fail(TOTAL_AT_LEAST_ROW, f"benefits.{form}.{task}",
                             **{name: cell[name], f"total_{name}": total.get(name, 0)})
    failures += _layout_rules(figures)
    return failures


def _number(value: Any) -> Decimal:
    return Decimal(str(value))


def _figure(value: Decimal) -> int | str:
    """A figure as the return writes it: a count, or złoty with grosze."""
    return int(value) if value == value.to_integral_value() else str(value)


def _layout_rules(figures: Mapping[str, Any]) -> list[RuleFailure]:
    """The rules of the rows added by layout "2026"; a return in the old layout has none of
    those rows, so none of these can fail on it."""
    failures: list[RuleFailure] = []
    benefits = figures.get("benefits", {})
    for row, parent in PARENT_ROW.items():
        for task, cell in benefits.get(row, {}).items():
            whole = benefits.get(parent, {}).get(task, {})
            for name in MEASURES:
                if _number(cell.get(name, 0)) > _number(whole.get(name, 0)):
                    failures.append(RuleFailure(SUBROW_WITHIN_ROW, f"benefits.{row}.{task}", {
                        name: _figure(_number(cell[name])),
                        f"row_{name}": _figure(_number(whole.get(name, 0)))}))
    reasons = figures.get("reasons", {})
    for code, point in REFINED_REASONS.items():
        if code in reasons:
            for name in ("families", "family_persons"):
                if reasons[code].get(name, 0) > reasons.get(point, {}).get(name, 0):
                    failures.append(RuleFailure(SUBROW_WITHIN_ROW, f"reasons.{code}", {
                        name: reasons[code][name],
                        f"row_{name}": reasons.get(point, {}).get(name, 0)}))
    splits = {f"benefits.{parent}.{task}": (benefits[parent][task],
                                              [benefits[p][task] for p in parts])
              for parent, parts in SPLITS.items() if all(p in benefits for p in parts)
              for task in benefits.get(parent, {})}
    if CASH_TOTAL in benefits and NON_CASH_TOTAL in benefits:
        for task in ("commissioned", "own"):
            forms = [tasks[task] for form, tasks in benefits.items()
                     if form in _FORM_ROWS and task in tasks]
            whole = {"benefits": sum(c["benefits"] for c in forms),
                     "amount": str(sum((_number(c["amount"]) for c in forms), Decimal(0)))}
            splits[f"benefits.{CASH_TOTAL}.{task}"] = (whole, [benefits[CASH_TOTAL][task],
                                                  benefits[NON_CASH_TOTAL][task]])
    for row, (whole, parts) in splits.items():
        for name in ("benefits", "amount"):
            summed = sum((_number(p.get(name, 0)) for p in parts), Decimal(0))
            if summed != _number(whole.get(name, 0)):
                failures.append(RuleFailure(PARTS_ADD_UP, row, {
                    name: _figure(_number(whole.get(name, 0))),
                    f"parts_{name}": _figure(summed)}))
    types = figures.get("family_types")
    if types:
        type_parts: tuple[tuple[str, tuple[str, ...]], ...] = (
            ("all", FAMILY_SIZES), ("with_children", CHILDREN_COUNTS))
        for row, kinds in type_parts:
            for name in ("families", "family_persons"):
                summed = sum(types[kind][name] for kind in kinds)
                if summed != types[row][name]:
                    failures.append(RuleFailure(PARTS_ADD_UP, f"family_types.{row}",
                                                {name: types[row][name],
                                                 f"parts_{name}": summed}))
        for name in ("families", "family_persons"):
            if types["with_children"][name] > types["all"][name]:
                failures.append(RuleFailure(SUBROW_WITHIN_ROW, "family_types.with_children",
                                            {name: types["with_children"][name],
                                             f"row_{name}": types["all"][name]}))
    return failures


# -- the drill-down: which families make a rule fail ----------------------------------------


def _in_benefit_row(decision: GrantedDecision, row: str, period: ReturnPeriod,
                    families: Mapping[UUID, Family]) -> bool:
    """Whether a counted decision is in the row: its own form's row, a sub-row of it as the
    figures put it there, or the cash / non-cash total."""
    if row == CASH_TOTAL:
        return form_info(decision.form).kind == "cash"
    if row == NON_CASH_TOTAL:
        return form_info(decision.form).kind != "cash"
    if row in PARENT_ROW:
        return in_subrow(decision, row, period, families)
    return row == decision.form


def folders_failing(failure_rule: str, row: str, period: ReturnPeriod,
                    facts: ReturnFacts) -> list[UUID]:
    """The case folders counted in ``row`` that break ``failure_rule`` by themselves: with no
    person in the family in the period, or fewer persons in it than were granted the row's
    benefit. Rules comparing rows with rows name no folders (an empty list)."""
    if failure_rule not in FOLDER_RULES:
        return []
    granted: dict[UUID, set[UUID]] = {}
    parts = row.split(".")
    for decision in facts.decisions:
        if not decision.contribution(period).counts:
            continue
        task = "commissioned" if form_info(decision.form).commissioned else "own"
        if parts[0] == "benefits" and parts[1] != "total" and (
                not _in_benefit_row(decision, parts[1], period, facts.families)
                or parts[2] != task):
            continue
        if parts[0] == "reasons" and parts[1] not in refined_reasons(decision.reasons):
            continue
        if parts[0] == "social_work":
            continue
        granted.setdefault(decision.folder_id, set()).add(decision.person_id)
    if parts[0] == "social_work":
        granted = {f: set() for f in facts.social_work_folders}
    found = []
    for folder, persons in granted.items():
        family = facts.families.get(folder)
        in_family = family.persons if family is not None else 0
        if in_family < 1 or (failure_rule == FAMILY_PERSONS_AT_LEAST_PERSONS
                             and in_family < len(persons)):
            found.append(folder)
    return sorted(found)
