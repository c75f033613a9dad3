"""The catalogue's conditions in CEL, on the server: checked at publication, evaluated for
proposals. Never `eval`: a condition is data for a CEL evaluator that knows no function of
ours and reads only the facts it is handed (domain/catalogue_facts.py).

The evaluator is `common-expression-language` (the `cel` module: the Rust `cel` crate's
binding, maintained, ~1 µs a condition here) rather than `cel-python` (pure Python on lark,
~400 µs a condition: a 200-entry catalogue would take ~0.2 s a household, past the 20 ms
budget). The tablet uses `@bufbuild/cel`; both run tests/catalogue/rule_cases.json.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import cel

from domain.catalogue_facts import FACT_NAMES
from domain.errors import InvalidValueError
from domain.proposals import Evaluate, split_conjuncts

# The macros that bind a variable of their own: `reasons.exists(r, r == "7")`.
_BOUND = re.compile(r"\.\s*(?:all|exists|exists_one|map|filter)\s*\(\s*([A-Za-z_]\w*)\s*,")
_POSITION = re.compile(r"<input>:(\d+):(\d+)")
_WORD = r"(?<![A-Za-z0-9_.]){}(?![A-Za-z0-9_])"


class RuleError(InvalidValueError):
    code = "catalogue.rule_error"


class RuleSyntaxError(RuleError):
    """The condition does not parse; `line` and `column` (from 1) say where."""

    code = "catalogue.rule_syntax"


class RuleNotBooleanError(RuleError):
    """The condition gives something else than true or false (`age + 1`)."""

    code = "catalogue.rule_not_boolean"


class UnknownFactError(RuleError):
    """The condition names something that is not a fact of the schema."""

    code = "catalogue.rule_unknown_fact"


def _position_of(name: str, expression: str) -> tuple[int, int]:
    found = re.search(_WORD.format(re.escape(name)), expression)
    offset = found.start() if found else 0
    line = expression.count("\n", 0, offset) + 1
    column = offset - (expression.rfind("\n", 0, offset) + 1) + 1
    return line, column


def check_rule(expression: str, field: str = "condition") -> None:
    """Refuse a condition that does not parse (422 `catalogue.rule_syntax` with its line and
    column) or names anything but a fact (422 `catalogue.rule_unknown_fact`, the first such
    name and where it stands)."""
    try:
        program = _compiled(expression)
    except ValueError as error:
        message = str(error)
        at = _POSITION.search(message)
        line, column = (int(at.group(1)), int(at.group(2))) if at else (1, 1)
        detail = message.split("Syntax error:", 1)[-1].split("\n", 1)[0].strip()
        raise RuleSyntaxError(field=field, line=line, column=column,
                              detail=detail[:200]) from None
    bound = set(_BOUND.findall(expression))
    unknown = [v for v in program.variables() if v not in FACT_NAMES and v not in bound]
    if unknown:
        first = min(unknown, key=lambda name: _position_of(name, expression))
        line, column = _position_of(first, expression)
        raise UnknownFactError(field=field, fact=first, line=line, column=column)
    for part in split_conjuncts(expression):  # each reason is evaluated alone
        _compiled(part)
    # The library has no type checker: a probe household tells a number from a truth value
    # (an expression that errs on it, e.g. on an empty list, is left to the real facts).
    result = _probe(expression)
    if result is not None and not isinstance(result, bool):
        raise RuleNotBooleanError(field=field, type=type(result).__name__)


_PROBE: dict[str, Any] = {
    "reasons": ["1"], "income_per_person": 500.0, "criterion": 1010.0, "income_percent": 49.5,
    "age": 70, "disability": "none", "household_size": 1, "living_alone": True,
    "children": 0, "seniors": 1, "homeless": False, "interview_sections": ["A", "H", "I", "J"],
    "findings": ["needs_daily_help"],
}


def _probe(expression: str) -> Any:
    try:
        return _compiled(expression).execute(dict(_PROBE))
    except (ValueError, TypeError, RuntimeError):
        return None


@lru_cache(maxsize=4096)
def _compiled(expression: str) -> Any:
    return cel.compile(expression)


def bind(facts: Mapping[str, Any]) -> Evaluate:
    """The evaluator of one household's facts: they are converted for CEL once (a
    `cel.Context`: ~1.5 µs a condition, against ~19 µs when a dict is converted each time).
    It answers True or False; None when the condition errs on these facts (a null income
    compared with a number, a wrong type) or is not a boolean: it does not hold."""
    context = cel.Context(variables=dict(facts))

    def evaluate_bound(expression: str) -> bool | None:
        try:
            result = _compiled(expression).execute(context)
        except (ValueError, TypeError, RuntimeError):
            return None
        return result if isinstance(result, bool) else None

    return evaluate_bound


def evaluate(expression: str, facts: Mapping[str, Any]) -> bool | None:
    """One condition on the facts (see `bind`)."""
    return bind(facts)(expression)
