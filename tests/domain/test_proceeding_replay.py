"""Any sequence of commands, replayed from the events it recorded, gives the same proceeding."""

import functools
from datetime import timedelta
from decimal import Decimal
from uuid import UUID

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from domain.care import CareTerms, CashTerms
from domain.errors import DomainError
from domain.proceeding import Proceeding
from tests.domain.care_givens import (
    CASE_REFERENCE,
    FILED_ON,
    SIGNATORY,
    make_care_terms,
    make_cash_terms,
)
from tests.support.depth import examples

STATUSES = {"filed", "decided", "delivered", "appealed", "final", "revoked"}

ids = st.sampled_from([UUID(int=n) for n in range(1, 5)])
days = st.integers(min_value=-5, max_value=90).map(lambda n: FILED_ON + timedelta(days=n))
offsets = st.integers(min_value=-2, max_value=20)
texts = st.text(alphabet="ab ", max_size=4)
care_terms = st.builds(
    make_care_terms,
    hours_per_day=st.sampled_from([Decimal(2), Decimal(3)]),
    fee_share_percent=st.sampled_from([Decimal(0), Decimal(10)]),
)
cash_terms = st.builds(make_cash_terms, amount=st.sampled_from([Decimal(300), Decimal(450)]))
terms = st.one_of(st.just("fitting"), st.none(), care_terms, cash_terms)
reasons = st.lists(st.sampled_from(["1", "5", "6", "10", "99"]), max_size=3)


def snapshot_state(proceeding: Proceeding) -> dict[str, object]:
    """Everything a proceeding knows, from its public attributes and properties."""
    return {
        "id": proceeding.id,
        "version": proceeding.version,
        "folder_id": proceeding.folder_id,
        "person_id": proceeding.person_id,
        "form": proceeding.form,
        "case_reference": proceeding.case_reference,
        "applicant": proceeding.applicant,
        "opened_on": proceeding.opened_on,
        "decisions": dict(proceeding.decisions),
        "decision_id": proceeding.decision_id,
        "status": proceeding.status,
        "outcome": proceeding.outcome,
        "care_terms": proceeding.care_terms,
        "cash_terms": proceeding.cash_terms,
        "places_service_order": proceeding.places_service_order,
        "is_pending": proceeding.is_pending,
    }


class ProceedingCommands(RuleBasedStateMachine):
    @initialize(
        form=st.sampled_from(["care_services", "periodic_allowance", "meal", "social_work"]),
        ex_officio=st.booleans(),
    )
    def open(self, form, ex_officio):
        common = {
            "proceeding_id": UUID(int=99),
            "folder_id": UUID(int=98),
            "person_id": UUID(int=97),
            "form": form,
            "case_reference": CASE_REFERENCE,
        }
        if ex_officio:
            self.proceeding = Proceeding.open_ex_officio(opened_on=FILED_ON, **common)
        else:
            self.proceeding = Proceeding.file_application(
                applicant="person", filed_on=FILED_ON, **common
            )
        self.events = list(self.proceeding.collect_events())

    def attempt(self, command, *args, **kwargs) -> None:
        """Run a command; a refused one must leave the proceeding as it was."""
        before = snapshot_state(self.proceeding)
        try:
            command(*args, **kwargs)
        except DomainError:
            assert snapshot_state(self.proceeding) == before
            assert self.proceeding.collect_events() == []
        self.events.extend(self.proceeding.collect_events())

    def terms_for(self, given, outcome):
        """(care, cash) for a decision: the given terms, or ones that fit the form and outcome."""
        if given == "fitting":
            if outcome != "grant":
                return None, None
            given = {
                "care_services": make_care_terms(),
                "periodic_allowance": make_cash_terms(),
            }.get(self.proceeding.form)
        care = given if isinstance(given, CareTerms) else None
        cash = given if isinstance(given, CashTerms) else None
        return care, cash

    @rule(decision_id=ids, outcome=st.sampled_from(["grant", "refuse"]), issued_on=days)
    def issue_a_sound_decision(self, decision_id, outcome, issued_on):
        care, cash = self.terms_for("fitting", outcome)
        self.attempt(
            self.proceeding.issue_decision,
            decision_id=decision_id,
            outcome=outcome,
            reasons=("5",),
            legal_basis="art. 50",
            signatory=SIGNATORY,
            issued_on=issued_on,
            interview_conducted_on=issued_on,
            care=care,
            cash=cash,
        )

    @rule(
        decision_id=ids,
        outcome=st.sampled_from(["grant", "refuse", "maybe"]),
        given_reasons=reasons,
        issued_on=days,
        interview_days_before=st.none() | st.integers(min_value=-2, max_value=10),
        given_terms=terms,
        signatory=st.just(SIGNATORY) | texts,
    )
    def issue_any_decision(
        self,
        decision_id,
        outcome,
        given_reasons,
        issued_on,
        interview_days_before,
        given_terms,
        signatory,
    ):
        interview = (
            None
            if interview_days_before is None
            else issued_on - timedelta(days=interview_days_before)
        )
        care, cash = self.terms_for(given_terms, outcome)
        self.attempt(
            self.proceeding.issue_decision,
            decision_id=decision_id,
            outcome=outcome,
            reasons=given_reasons,
            legal_basis="art. 50",
            signatory=signatory,
            issued_on=issued_on,
            interview_conducted_on=interview,
            care=care,
            cash=cash,
        )

    @rule(days_after=offsets, given_terms=terms, reason=st.just("zmiana") | texts)
    def amend_decision(self, days_after, given_terms, reason):
        care, cash = self.terms_for(given_terms, "grant")
        self.attempt(
            self.proceeding.amend_decision,
            amended_on=self.after("issued_on", days_after),
            care=care,
            cash=cash,
            reason=reason,
        )

    @rule(days_after=offsets, reason=texts)
    def revoke_decision(self, days_after, reason):
        self.attempt(
            self.proceeding.revoke_decision,
            revoked_on=self.after("issued_on", days_after),
            reason=reason,
        )

    @rule(days_after=offsets)
    def record_delivery(self, days_after):
        self.attempt(self.proceeding.record_delivery, self.after("issued_on", days_after))

    @rule(days_after=offsets)
    def file_appeal(self, days_after):
        self.attempt(self.proceeding.file_appeal, self.after("delivered_on", days_after))

    @rule(days_after=offsets, upheld=st.booleans())
    def resolve_appeal(self, days_after, upheld):
        self.attempt(
            self.proceeding.resolve_appeal,
            resolved_on=self.after("appeal_filed_on", days_after),
            decision_upheld=upheld,
        )

    @rule(days_after=offsets)
    def mark_final(self, days_after):
        self.attempt(self.proceeding.mark_final, self.after("delivered_on", days_after))

    def after(self, field, days):
        """A day counted from a date of the current decision (or the filing day)."""
        decision = self.proceeding.decision
        start = getattr(decision, field, None) if decision else None
        return (start or FILED_ON) + timedelta(days=days)

    @invariant()
    def rebuilt_from_its_events_the_proceeding_is_the_same(self):
        rebuilt = functools.reduce(lambda agg, event: event.mutate(agg), self.events, None)
        assert snapshot_state(rebuilt) == snapshot_state(self.proceeding)
        assert rebuilt == self.proceeding

    @invariant()
    def only_a_standing_grant_places_a_service_order(self):
        assert self.proceeding.status in STATUSES
        if self.proceeding.places_service_order:
            assert self.proceeding.outcome == "grant"
            assert self.proceeding.status not in {"filed", "revoked"}


# `make reliability` searches ten times as many sequences (tests/support/depth.py).
pytestmark = pytest.mark.deep
ProceedingCommands.TestCase.settings = settings(
    max_examples=examples(suite=50, deep=500), stateful_step_count=30, deadline=None
)
test_any_commands_replayed_from_their_events_give_the_same_proceeding = ProceedingCommands.TestCase
