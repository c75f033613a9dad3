"""Properties of proposals, over generated households and the Wrocław seed: a proposal never
includes an entry whose condition fails on the same facts; the same facts and catalogue
version give the same proposal; a rule cannot read outside the facts."""

from __future__ import annotations

import keyword
import random

from hypothesis import given
from hypothesis import strategies as st

from domain.catalogue import ServiceCatalogue
from domain.catalogue_facts import FACT_NAMES, REASON_CODES, Disability, Finding
from domain.proposals import propose
from domain.social_work import SECTIONS
from services.catalogue.rules import UnknownFactError, bind, check_rule, evaluate
from services.catalogue.seed import seed_entries

SEED = seed_entries()
CATALOGUE = ServiceCatalogue.start()
for _entry in SEED:
    CATALOGUE.publish(_entry)
ENTRIES = CATALOGUE.entries_on(SEED[0].valid_from)

money = st.one_of(st.none(), st.floats(min_value=0, max_value=20_000, allow_nan=False)
                  .map(lambda v: round(v, 2)))


@st.composite
def household_facts(draw) -> dict:
    size = draw(st.integers(min_value=1, max_value=8))
    children = draw(st.integers(min_value=0, max_value=size - 1))
    income = draw(money)
    criterion = 1010.0 if size == 1 else 823.0
    return {
        "reasons": draw(st.lists(st.sampled_from(REASON_CODES), unique=True, max_size=4)),
        "income_per_person": income,
        "criterion": criterion,
        "income_percent": None if income is None else round(income * 100 / criterion, 2),
        "age": draw(st.one_of(st.none(), st.integers(min_value=0, max_value=110))),
        "disability": draw(st.sampled_from([d.value for d in Disability])),
        "household_size": size,
        "living_alone": size == 1,
        "children": children,
        "seniors": draw(st.integers(min_value=0, max_value=size - children)),
        "homeless": draw(st.booleans()),
        "interview_sections": sorted(draw(st.sets(st.sampled_from(SECTIONS)))),
        "findings": draw(st.lists(st.sampled_from([f.value for f in Finding]), unique=True,
                                  max_size=5)),
    }


@given(household_facts())
def test_a_proposal_never_includes_an_entry_whose_condition_fails(facts):
    proposal = propose(facts, ENTRIES, CATALOGUE.version, bind)
    by_code = {e.code: e for e in ENTRIES}
    for match in proposal.matches:
        assert evaluate(by_code[match.code].condition, facts) is True
        assert all(check.held for check in match.checks)
    for miss in proposal.near_misses:
        assert evaluate(by_code[miss.code].condition, facts) is not True
        assert miss.code not in proposal.matched_codes


@given(household_facts(), st.randoms(use_true_random=False))
def test_the_same_facts_and_catalogue_version_give_the_same_proposal(facts, rnd: random.Random):
    first = propose(facts, ENTRIES, CATALOGUE.version, bind)
    keys = list(facts)
    rnd.shuffle(keys)
    again = propose({k: facts[k] for k in keys}, CATALOGUE.entries_on(SEED[0].valid_from),
                    CATALOGUE.version, bind)
    assert again == first


identifiers = st.from_regex(r"[a-z_][a-z0-9_]{0,15}", fullmatch=True).filter(
    lambda name: name not in FACT_NAMES and not keyword.iskeyword(name)
    and name not in {"true", "false", "null", "in", "as", "break", "const", "continue",
                     "else", "for", "function", "if", "import", "let", "loop", "package",
                     "namespace", "return", "var", "void", "while"})


@given(identifiers, st.sampled_from(["{} > 1", "age >= 65 && {}", "{}.size() > 0",
                                      "{} == \"x\" || living_alone", "has({}.field)"]))
def test_a_rule_naming_anything_but_a_fact_is_refused_at_publication(name, shape):
    expression = shape.format(name)
    try:
        check_rule(expression)
    except UnknownFactError as refused:
        assert refused.params["fact"] == name
    else:
        raise AssertionError(f"{expression!r} was accepted")
