"""MRPiPS-03 from the event log: the projection gives the figures counted by hand, the
independent recount agrees, submission freezes them, and a later correction shows as a
difference between as-of times instead of changing the submitted return."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from domain.mrpips03 import DECISION_FORMS, REASON_CODES, ReturnPeriod, content_hash
from domain.payments import instalment_key
from domain.statistical_return import (
    AlreadySubmittedError,
    PeriodNotEndedError,
    ReviewedFiguresChangedError,
)
from services.returns.commands import SubmitReturn
from services.returns.figures import NotSubmittedError
from services.returns.recount import _Log, recount
from services.system import TeczkaSystem
from tests.support.municipality import (
    H1_2026,
    add_flood_allowance,
    add_meals_decided_before_the_year,
    build_municipality,
    ctx,
    expected_h1_2026,
)
from tests.support.provided import reverse


def manager():
    return ctx("manager", "MOPS")


@pytest.fixture
def town(system: TeczkaSystem):
    return build_municipality(system.app)


def test_a_municipality_with_known_decisions_gives_exactly_the_expected_return(system, town):
    live = system.returns.live(H1_2026, after=system.app.head_position())

    assert live.figures == expected_h1_2026(DECISION_FORMS, REASON_CODES)
    assert live.content_hash == content_hash(live.figures)


def test_the_projection_equals_the_independent_recount_for_both_periods(system, town):
    head = system.app.head_position()
    for period in (H1_2026, ReturnPeriod(2026, "Y"), ReturnPeriod(2025, "Y")):
        live = system.returns.live(period, after=head)
        again = recount(system.app, period, live.position, live.as_of)
        assert again.figures == live.figures, period
    assert again.events > 0


def test_submitting_freezes_the_reviewed_figures_and_the_recount_proves_them(system, town):
    compiled, figures = system.returns.compile(manager(), H1_2026)
    system.app.handle(manager(), SubmitReturn(
        period=H1_2026, expected_version=compiled.version, reviewed_hash=figures.content_hash,
        submitted_on=date(2026, 7, 10)))

    row = system.returns.submitted(H1_2026, after=system.app.head_position())
    assert row["submitted_hash"] == figures.content_hash
    assert row["submitted_figures"] == expected_h1_2026(DECISION_FORMS, REASON_CODES)
    assert row["submitted_position"] == figures.position
    verification = system.returns.verify(H1_2026)
    assert verification.equal and verification.differences == []


def test_a_correction_after_submission_shows_as_a_difference_between_as_of_times(
        system, town):
    compiled, figures = system.returns.compile(manager(), H1_2026)
    system.app.handle(manager(), SubmitReturn(
        period=H1_2026, expected_version=compiled.version, reviewed_hash=figures.content_hash,
        submitted_on=date(2026, 7, 10)))
    submitted_at = datetime.now(UTC)
    # Found out later: A's April payment of the periodic allowance came back from the bank.
    decision_id = system.app.repository.get(
        town.households["A"].proceedings["periodic"]).decision.decision_id
    reverse(system.app, date(2026, 4, 10), instalment_key(decision_id, date(2026, 4, 10)))

    changes = system.returns.changes_since_submission(H1_2026)
    by_path = {d["path"]: (d["before"], d["after"]) for d in changes["differences"]}
    # The row and, in layout "2026", its reason sub-row and the cash total.
    assert by_path == {f"benefits.{row}.own.{name}": change
                       for row in ("periodic_allowance", "periodic_allowance_unemployment")
                       for name, change in (("benefits", (3, 2)),
                                            ("amount", ("1500.00", "1000.00")))} | {
        "benefits.cash_total.own.benefits": (7, 6),
        "benefits.cash_total.own.amount": ("3900.00", "3400.00")}
    # The submitted return itself is unchanged and still proven by the recount.
    assert system.returns.verify(H1_2026).equal
    # And "as of" the submission the live figures are what was submitted.
    assert system.returns.live(H1_2026, submitted_at).content_hash == figures.content_hash


def test_submission_needs_the_reviewed_draft_and_an_ended_period(system, town):
    compiled, figures = system.returns.compile(manager(), H1_2026)
    with pytest.raises(ReviewedFiguresChangedError):
        system.app.handle(manager(), SubmitReturn(
            period=H1_2026, expected_version=compiled.version, reviewed_hash="0" * 64,
            submitted_on=date(2026, 7, 10)))
    with pytest.raises(PeriodNotEndedError):
        system.app.handle(manager(), SubmitReturn(
            period=H1_2026, expected_version=compiled.version, reviewed_hash=figures.content_hash,
            submitted_on=date(2026, 6, 30)))
    with pytest.raises(NotSubmittedError):
        system.returns.verify(H1_2026)
    done = system.app.handle(manager(), SubmitReturn(
        period=H1_2026, expected_version=compiled.version, reviewed_hash=figures.content_hash,
        submitted_on=date(2026, 7, 1)))
    with pytest.raises(AlreadySubmittedError):
        system.app.handle(manager(), SubmitReturn(
            period=H1_2026, expected_version=done.version, reviewed_hash=figures.content_hash,
            submitted_on=date(2026, 7, 2)))


def test_a_purpose_allowance_under_art_40_ust_2_counts_as_the_commissioned_disaster_row(
        system, town):
    add_flood_allowance(system.app, town)
    live = system.returns.live(H1_2026, after=system.app.head_position())
    disaster = live.figures["benefits"]["natural_disaster_allowance"]
    assert disaster["commissioned"] | {"amount": None} == {
        "persons": 1, "benefits": 1, "amount": None, "families": 1, "family_persons": 1}
    assert disaster["commissioned"]["amount"] == "2000.00"
    assert disaster["own"]["persons"] == 0
    # The purpose allowance row keeps only A's allowance (art. 39, an own task).
    assert live.figures["benefits"]["purpose_allowance"]["own"]["persons"] == 1
    again = recount(system.app, H1_2026, live.position, live.as_of)
    assert again.figures == live.figures


def test_meals_decided_before_the_period_count_their_days_and_cost_in_it(system, town):
    add_meals_decided_before_the_year(system.app, town)
    head = system.app.head_position()
    h1 = system.returns.live(H1_2026, after=head)
    meal = h1.figures["benefits"]["meal"]["own"]
    assert (meal["persons"], meal["benefits"], meal["amount"]) == (1, 30, "450.00")
    last_year = system.returns.live(ReturnPeriod(2025, "Y"), after=head)
    assert last_year.figures["benefits"]["meal"]["own"]["persons"] == 0
    for live in (h1, last_year):
        assert recount(system.app, live.period, live.position, live.as_of).figures == live.figures


def test_a_recount_split_across_processes_equals_one_in_a_single_process(system, town):
    # Each process folds its share of the aggregates; the joined folds count the same.
    head = system.app.head_position()
    for period in (H1_2026, ReturnPeriod(2026, "Y")):
        live = system.returns.live(period, after=head)
        alone = recount(system.app, period, live.position, live.as_of, workers=1)
        shared = recount(system.app, period, live.position, live.as_of, workers=3)
        assert (shared.figures, shared.events) == (alone.figures, alone.events)
        assert shared.figures == live.figures


def test_joined_folds_keep_a_members_latest_relation_and_leaving_day():
    # A member's id is not bound to one folder: the write later in the log wins, whichever
    # share read it, as in a single fold.
    member = uuid4()
    early, late = _Log(), _Log()
    early.relation[member] = (10, "spouse")
    late.relation[member] = (20, "child")
    early.left[member] = (30, date(2026, 3, 1))
    late.left[member] = (25, date(2026, 2, 1))
    for first, second in ((early, late), (late, early)):
        joined = _Log()
        joined.join(first)
        joined.join(second)
        assert joined.relation[member] == (20, "child")
        assert joined.left[member] == (30, date(2026, 3, 1))
