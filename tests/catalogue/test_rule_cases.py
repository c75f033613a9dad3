"""The shared rule cases (rule_cases.json) against the server's CEL evaluator; the tablet
runs the same file against @bufbuild/cel (tablet_ui/tests/catalogueRules.test.ts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.catalogue_facts import FACT_NAMES
from domain.proposals import split_conjuncts
from services.catalogue.rules import RuleError, check_rule, evaluate

CASES = json.loads((Path(__file__).parent / "rule_cases.json").read_text(encoding="utf-8"))


def test_the_base_facts_are_exactly_the_schema():
    assert set(CASES["base_facts"]) == FACT_NAMES


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: c["name"])
def test_a_rule_case_evaluates_as_expected_on_the_server(case):
    if "refused_at_publication" in case:
        with pytest.raises(RuleError) as refused:
            check_rule(case["expression"])
        assert refused.value.code == case["refused_at_publication"]
    else:
        check_rule(case["expression"])  # a rule publication accepts
    facts = CASES["base_facts"] | case["facts"]
    assert evaluate(case["expression"], facts) is case["expected"]


@pytest.mark.parametrize("split", CASES["splits"], ids=lambda s: s["expression"])
def test_a_condition_splits_into_its_top_level_conjuncts(split):
    assert split_conjuncts(split["expression"]) == split["conjuncts"]
