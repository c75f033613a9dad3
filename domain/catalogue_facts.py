"""The facts a catalogue condition may read: a fixed, documented schema (docs/catalogue.md).

A condition is a CEL expression over these names and nothing else: publication refuses any
other name (services/catalogue/rules.py), and a proposal hands the evaluator only a dict of
these facts. Most facts are computed from the folder (members and their birth dates on the
interview's day, the declared income of the month before, the criterion valid that day, the
interview's sections, the address); what the interview form records only as free text — the
art. 7 reasons found, a disability degree, the worker's findings — the worker states when
asking for proposals, and the proposal records it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from domain.errors import InvalidValueError
from domain.help import REPEALED, Reason
from domain.social_work import SECTIONS


class FactType(StrEnum):
    INT = "int"
    DOUBLE = "double"
    BOOL = "bool"
    STRING = "string"
    STRING_LIST = "list(string)"


@dataclass(frozen=True)
class Fact:
    name: str
    type: FactType
    nullable: bool
    meaning: str


class Disability(StrEnum):
    """The degree of disability in a certificate (orzeczenie o stopniu niepełnosprawności)."""

    NONE = "none"
    LIGHT = "light"  # lekki
    MODERATE = "moderate"  # umiarkowany
    SEVERE = "severe"  # znaczny


class Finding(StrEnum):
    """What the worker concludes from the interview (Part I, sections H and I), as codes a
    condition can test; the interview itself keeps the words."""

    NEEDS_DAILY_HELP = "needs_daily_help"  # cannot manage daily activities alone
    AFTER_HOSPITAL = "after_hospital"  # discharged from hospital recently
    NO_HOT_MEAL = "no_hot_meal"  # cannot provide a hot meal for oneself
    VIOLENCE_REPORTED = "violence_reported"  # a Blue Card procedure or a report of violence
    CRISIS = "crisis"  # a crisis needing immediate intervention
    ADDICTION = "addiction"
    LONG_TERM_UNEMPLOYED = "long_term_unemployed"
    DEBT = "debt"  # arrears in rent or utilities
    MENTAL_DISORDER = "mental_disorder"
    CHILD_CARE_DIFFICULTIES = "child_care_difficulties"
    LONELINESS = "loneliness"  # social isolation
    MOBILITY_LIMITED = "mobility_limited"  # cannot leave the home without help
    RELEASED_FROM_PRISON = "released_from_prison"
    HOUSING_LOSS = "housing_loss"  # eviction or loss of the flat


REASON_CODES: tuple[str, ...] = tuple(r.value for r in Reason if r.value not in REPEALED)

FACTS: tuple[Fact, ...] = (
    Fact("reasons", FactType.STRING_LIST, False,
         "art. 7 reasons found (codes of domain/help.py: \"1\" poverty … \"15\")"),
    Fact("income_per_person", FactType.DOUBLE, True,
         "the household's net income per person in the month before, zł (art. 8 ust. 3)"),
    Fact("criterion", FactType.DOUBLE, False,
         "the income criterion for this household on the day, zł: single or per person "
         "in a family (art. 8 ust. 1)"),
    Fact("income_percent", FactType.DOUBLE, True,
         "income per person as a percentage of the criterion"),
    Fact("age", FactType.INT, True, "the person's age in years on the day"),
    Fact("disability", FactType.STRING, False,
         "degree of disability: none, light, moderate, severe"),
    Fact("household_size", FactType.INT, False, "members of the household on the day"),
    Fact("living_alone", FactType.BOOL, False, "the person is the only member"),
    Fact("children", FactType.INT, False, "members under 18 on the day"),
    Fact("seniors", FactType.INT, False, "members aged 65 or more on the day"),
    Fact("homeless", FactType.BOOL, False, "the folder has no fixed address"),
    Fact("interview_sections", FactType.STRING_LIST, False,
         "sections A–J of the interview's Part I that are filled"),
    Fact("findings", FactType.STRING_LIST, False,
         "the worker's findings after the interview (codes of Finding)"),
)
FACT_NAMES: frozenset[str] = frozenset(f.name for f in FACTS)
ADULT_AGE = 18
SENIOR_AGE = 65


class InvalidFactsError(InvalidValueError):
    """A stated fact is not of the schema (an unknown reason, degree or finding)."""

    code = "catalogue.invalid_facts"


@dataclass(frozen=True)
class StatedFindings:
    """What the worker states beside the folder's facts (the interview has them as text)."""

    reasons: tuple[str, ...] = ()
    disability: str = Disability.NONE.value
    findings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        reasons = tuple(dict.fromkeys(self.reasons))
        findings = tuple(dict.fromkeys(self.findings))
        unknown_reasons = sorted(r for r in reasons if r not in REASON_CODES)
        if unknown_reasons:
            raise InvalidFactsError(field="reasons", values=unknown_reasons)
        if self.disability not in tuple(Disability):
            raise InvalidFactsError(field="disability", values=[self.disability])
        unknown = sorted(f for f in findings if f not in tuple(Finding))
        if unknown:
            raise InvalidFactsError(field="findings", values=unknown)
        object.__setattr__(self, "reasons", reasons)
        object.__setattr__(self, "findings", findings)


def age_on(birth_date: date | None, day: date) -> int | None:
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month,
                                                                   birth_date.day))


def _money(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01")))


def household_facts(*, day: date, person_birth_date: date | None,
                    member_birth_dates: Iterable[date | None],
                    income_total: Decimal | None, criterion_single: Decimal,
                    criterion_family: Decimal, homeless: bool,
                    interview_sections: Iterable[str],
                    stated: StatedFindings) -> dict[str, Any]:
    """The facts of one household on `day`, as the CEL evaluators read them (ints, doubles,
    booleans, strings, lists of strings; null where the folder does not know)."""
    births = list(member_birth_dates)
    size = max(len(births), 1)
    ages = [age_on(b, day) for b in births]
    criterion = criterion_single if size == 1 else criterion_family
    per_person = None if income_total is None else income_total / size
    return {
        "reasons": list(stated.reasons),
        "income_per_person": None if per_person is None else _money(per_person),
        "criterion": _money(criterion),
        "income_percent": None if per_person is None
        else _money(per_person * 100 / criterion),
        "age": age_on(person_birth_date, day),
        "disability": stated.disability,
        "household_size": size,
        "living_alone": size == 1,
        "children": sum(1 for a in ages if a is not None and a < ADULT_AGE),
        "seniors": sum(1 for a in ages if a is not None and a >= SENIOR_AGE),
        "homeless": homeless,
        "interview_sections": [s for s in SECTIONS if s in set(interview_sections)],
        "findings": list(stated.findings),
    }


def check_facts(facts: Mapping[str, Any]) -> None:
    """Facts handed to an evaluator are exactly the schema's names (a rule reads nothing
    else)."""
    if set(facts) != FACT_NAMES:
        raise InvalidFactsError(field="facts", values=sorted(set(facts) ^ FACT_NAMES))
