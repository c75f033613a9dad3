"""Proposals: which catalogue entries a household's facts meet, why, and the nearest misses.

Pure: the CEL evaluator is handed in (`Evaluate`, services/catalogue/rules.py on the server;
the tablet has its own over the same cases, tablet_ui/src/catalogue.ts). An entry is
proposed when its whole condition evaluates to true on the facts — nothing else decides —
so a proposal never includes an entry whose condition fails. The reasons are the
condition's top-level conjuncts (`a && b && c`), each evaluated alone with the values of the
facts it names; a near miss is an entry whose condition fails, ranked by how few of its
conjuncts fail ("dochód 1 050,00 zł na osobę > kryterium 1 010,00 zł").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from domain.catalogue import CatalogueEntry
from domain.catalogue_facts import FACT_NAMES
from domain.errors import InvalidValueError
from domain.text import within

# The evaluator bound to one household's facts (`Bind`, so the facts are converted for
# the evaluator once, not per condition): True or False, or None when the expression errs on
# them (a null income compared with a number): an erring condition does not hold.
Evaluate = Callable[[str], bool | None]
Bind = Callable[[Mapping[str, Any]], Evaluate]

NEAR_MISSES = 8
# A miss of more conjuncts than this is not near.
NEAR_MISS_FAILED_AT_MOST = 2
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_COMPARISON = re.compile(
    r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==|!=|<|>)\s*(.+?)\s*$", re.DOTALL)


@dataclass(frozen=True)
class Check:
    """One conjunct of a condition on the facts: held or not (None: it erred, e.g. a fact
    the folder does not know), with the values of the facts it names, and, for a simple
    comparison, its parts (for the sentence the tablet writes)."""

    condition: str
    held: bool | None
    values: tuple[tuple[str, Any], ...]
    left: str | None = None
    op: str | None = None
    right: str | None = None


@dataclass(frozen=True)
class Proposed:
    """An entry with the checks of its condition (all held for a match)."""

    code: str
    kind: str
    version: int
    checks: tuple[Check, ...]

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.held)


@dataclass(frozen=True)
class Proposal:
    catalogue_version: int
    matches: tuple[Proposed, ...]
    near_misses: tuple[Proposed, ...]

    @property
    def matched_codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.matches)


def split_conjuncts(expression: str) -> list[str]:
    """The top-level `&&` parts of a CEL expression, outside brackets and string literals;
    the expression itself when it has none."""
    parts: list[str] = []
    depth, start, i, quote = 0, 0, 0, ""
    while i < len(expression):
        ch = expression[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "&" and expression.startswith("&&", i) and depth == 0:
            parts.append(expression[start:i].strip())
            start = i + 2
            i += 1
        i += 1
    parts.append(expression[start:].strip())
    return [p for p in parts if p]


def _without_strings(expression: str) -> str:
    return re.sub(r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"", "", expression)


def facts_named(expression: str) -> list[str]:
    """The facts an expression names, in order of first mention (outside string literals)."""
    named = [name for name in _IDENTIFIER.findall(_without_strings(expression))
             if name in FACT_NAMES]
    return list(dict.fromkeys(named))


@lru_cache(maxsize=8192)
def _shape(conjunct: str) -> tuple[tuple[str, ...], str | None, str | None, str | None]:
    """The facts a conjunct names and, for a simple comparison, its parts (read once)."""
    comparison = _COMPARISON.match(conjunct)
    left = op = right = None
    if comparison and comparison.group(1) in FACT_NAMES:
        left, op, right = comparison.groups()
    return tuple(facts_named(conjunct)), left, op, right


@lru_cache(maxsize=4096)
def _conjuncts(condition: str) -> tuple[str, ...]:
    return tuple(split_conjuncts(condition))


def check(conjunct: str, facts: Mapping[str, Any], evaluate: Evaluate) -> Check:
    names, left, op, right = _shape(conjunct)
    return Check(condition=conjunct, held=evaluate(conjunct),
                 values=tuple((name, facts[name]) for name in names),
                 left=left, op=op, right=right)


def evaluate_entry(entry: CatalogueEntry, facts: Mapping[str, Any],
                   evaluate: Evaluate) -> tuple[bool, Proposed]:
    """Whether the entry's whole condition holds, and its conjuncts' checks."""
    held = evaluate(entry.condition) is True
    checks = tuple(check(c, facts, evaluate) for c in _conjuncts(entry.condition))
    return held, Proposed(code=entry.code, kind=entry.kind, version=entry.version,
                          checks=checks)


def propose(facts: Mapping[str, Any], entries: Iterable[CatalogueEntry],
            catalogue_version: int, bind: Bind) -> Proposal:
    """The entries whose conditions the facts meet and the nearest misses (fewest failed
    conjuncts first, then by code): the same facts and entries give the same proposal."""
    evaluate = bind(facts)
    matches: list[Proposed] = []
    misses: list[Proposed] = []
    for entry in entries:
        held, proposed = evaluate_entry(entry, facts, evaluate)
        if held:
            matches.append(proposed)
        elif 0 < len(proposed.failed) <= NEAR_MISS_FAILED_AT_MOST:
            misses.append(proposed)
    misses.sort(key=lambda p: (len(p.failed), p.code))
    return Proposal(catalogue_version=catalogue_version, matches=tuple(matches),
                    near_misses=tuple(misses[:NEAR_MISSES]))


class ChoiceError(InvalidValueError):
    code = "catalogue.choice_error"


class EntryNotValidError(ChoiceError):
    """A pick names an entry the catalogue version does not hold on the proposal's day."""

    code = "catalogue.entry_not_valid"


class JustificationRequiredError(ChoiceError):
    """A pick of an entry whose condition the facts do not meet needs the worker's reason."""

    code = "catalogue.justification_required"


class ChoiceBeforeInterviewError(ChoiceError):
    """The choice is dated before the interview it rests on."""

    code = "catalogue.choice_before_interview"


MAX_CHOSEN = 30
MAX_JUSTIFICATION_LENGTH = 1_000


def check_choice(proposal: Proposal, valid_codes: Iterable[str], chosen: Iterable[str],
                 justifications: Mapping[str, str]) -> None:
    """Every pick is an entry valid on the day; one the facts do not meet has a reason."""
    picks = list(chosen)
    valid = set(valid_codes)
    not_valid = sorted(c for c in picks if c not in valid)
    if not_valid or len(picks) > MAX_CHOSEN or len(set(picks)) != len(picks):
        raise EntryNotValidError(codes=not_valid)
    matched = set(proposal.matched_codes)
    unjustified = sorted(c for c in picks if c not in matched
                         and not justifications.get(c, "").strip())
    if unjustified:
        raise JustificationRequiredError(codes=unjustified)
    for code, text in justifications.items():
        within(text, f"justifications.{code}", MAX_JUSTIFICATION_LENGTH)
