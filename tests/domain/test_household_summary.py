"""What the carers are told of the household with a care order: each member's relation in
Polish and age, the head first — not the relation's code ("head (70 l.)" was shown)."""

from __future__ import annotations

from datetime import date

from domain.household import Relation
from services.proceedings.handoff import RELATION_PL, household_summary

TODAY = date(2026, 12, 7)


def test_the_summary_names_relations_in_polish_with_ages(folder, make_member):
    folder.join_member(make_member("child"), date(2024, 12, 1), TODAY)

    # the head born 1944-05-14 (PESEL 44051401458), the child 2012-06-01
    assert household_summary(folder, TODAY) == (
        "2 os.: głowa gospodarstwa (82 l.), dziecko (14 l.)")


def test_every_relation_has_its_polish_name():
    assert set(RELATION_PL) == {r.value for r in Relation}
    assert all(name and name.islower() for name in RELATION_PL.values())
