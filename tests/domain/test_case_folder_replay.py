"""Any sequence of commands, replayed from the events it recorded, gives the same folder."""

import functools
from datetime import date, timedelta
from uuid import UUID

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from domain.bounds import LATEST_DATE
from domain.case_folder import CaseFolder
from domain.errors import DomainError
from domain.household import Address, Member, Relation
from domain.identifiers import IdentityDocument, Pesel
from domain.social_work import MANDATORY_SECTIONS, SECTIONS, ActivityKind, Visit
from tests.support.depth import examples

OPENED_ON = date(2024, 1, 10)

# Small pools of ids and values, so that duplicates and repeats happen often.
ids = st.sampled_from([UUID(int=n) for n in range(1, 7)])
days = st.integers(min_value=-20, max_value=400).map(lambda n: OPENED_ON + timedelta(days=n))
names = st.sampled_from(["Anna", "Jan", "Olena", "Zofia", "Łukasz"])
teams = st.sampled_from(["ZTPS-1", "ZTPS-2", "ZTPS-3"])
texts = st.text(alphabet="abc ", max_size=5)
addresses = st.builds(
    Address.create,
    street=st.sampled_from(["Legnicka", "Grabiszyńska"]),
    building=st.sampled_from(["1", "12"]),
    flat=st.sampled_from([None, "3"]),
    postal_code=st.just("54-203"),
    city=st.just("Wrocław"),
    teryt=st.sampled_from(["0264029", "0264039"]),
)
pesels = st.builds(
    lambda day, serial, sex: Pesel.make(day, serial, sex).value,
    st.dates(min_value=date(1930, 1, 1), max_value=date(2023, 12, 31)),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(["F", "M"]),
)
documents = st.builds(IdentityDocument, st.just("passport"), st.sampled_from(["AB123", "CD456"]))
identifiers = st.one_of(
    st.tuples(pesels, st.none(), st.none()),
    st.tuples(st.none(), documents, st.dates(min_value=date(1930, 1, 1),
                                             max_value=LATEST_DATE)),
)
relations = st.sampled_from(list(Relation))
members = st.builds(
    lambda member_id, first, last, ident, relation: Member.create(
        member_id=member_id,
        first_name=first,
        last_name=last,
        pesel=ident[0],
        document=ident[1],
        birth_date=ident[2],
        relation=relation,
    ),
    ids,
    names,
    names,
    identifiers,
    relations,
)
visits = st.builds(
    Visit,
    ids,
    days,
    st.integers(min_value=1, max_value=720),
    st.sampled_from(list(ActivityKind)),
    texts,
    texts,
)
sections = st.dictionaries(st.sampled_from(SECTIONS), texts).map(
    lambda optional: optional | {key: "tekst" for key in MANDATORY_SECTIONS}
)


def snapshot_state(folder: CaseFolder) -> dict[str, object]:
    """Everything a folder knows, from its public attributes."""
    return {
        "id": folder.id,
        "version": folder.version,
        "team_id": folder.team_id,
        "worker_id": folder.worker_id,
        "address": folder.address,
        "members": dict(folder.members),
        "opened_on": folder.opened_on,
        "closed_on": folder.closed_on,
        "close_reason": folder.close_reason,
        "visits": dict(folder.visits),
        "interviews": dict(folder.interviews),
        "permanent_help": folder.permanent_help,
        "last_interview_on": folder.last_interview_on,
        "interview_update_due_on": folder.interview_update_due_on,
    }


def pick(choices: list[UUID], which: int) -> UUID | None:
    return choices[which % len(choices)] if choices else None


class CaseFolderCommands(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        head = Member.create(
            member_id=UUID(int=0),
            first_name="Anna",
            last_name="Kowalska",
            pesel="44051401458",
            relation="head",
        )
        self.folder = CaseFolder.open(
            folder_id=UUID(int=99),
            team_id="ZTPS-1",
            address=Address.create(
                street="Legnicka",
                building="12",
                flat="3",
                postal_code="54-203",
                city="Wrocław",
                teryt="0264029",
            ),
            head=head,
            opened_on=OPENED_ON,
        )
        self.events = list(self.folder.collect_events())

    def attempt(self, command, *args, **kwargs) -> None:
        """Run a command; a refused one must leave the folder as it was."""
        before = snapshot_state(self.folder)
        try:
            command(*args, **kwargs)
        except DomainError:
            assert snapshot_state(self.folder) == before
            assert self.folder.collect_events() == []
        self.events.extend(self.folder.collect_events())

    @rule(member=members)
    def add_member(self, member):
        self.attempt(self.folder.add_member, member)

    @rule(
        which=st.integers(min_value=0),
        first_name=st.none() | names,
        pesel=st.none() | pesels,
        relation=st.none() | relations,
    )
    def correct_member_details(self, which, first_name, pesel, relation):
        member_id = pick(list(self.folder.members), which)
        self.attempt(
            self.folder.correct_member_details,
            member_id,
            first_name=first_name,
            pesel=pesel,
            relation=relation,
        )

    @rule(address=addresses, changed_on=days)
    def change_address(self, address, changed_on):
        self.attempt(self.folder.change_address, address, changed_on)

    @rule(worker_id=ids)
    def assign_to_worker(self, worker_id):
        self.attempt(self.folder.assign_to_worker, worker_id)

    @rule(team_id=teams)
    def transfer_to_team(self, team_id):
        self.attempt(self.folder.transfer_to_team, team_id)

    @rule(visit=visits)
    def record_visit(self, visit):
        self.attempt(self.folder.record_visit, visit)

    @rule(
        interview_id=ids,
        trigger=days,
        urgent=st.booleans(),
        working_days=st.integers(min_value=-1, max_value=20),
    )
    def schedule_interview(self, interview_id, trigger, urgent, working_days):
        due_on = trigger + timedelta(days=working_days)
        self.attempt(self.folder.schedule_interview, interview_id, trigger, urgent, due_on)

    @rule(interview_id=ids, conducted_on=days, given=sections)
    def conduct_interview(self, interview_id, conducted_on, given):
        self.attempt(self.folder.conduct_interview, interview_id, conducted_on, given)

    @rule(
        which=st.integers(min_value=0),
        after=st.integers(min_value=-3, max_value=200),
        given=st.dictionaries(st.sampled_from(SECTIONS), texts | st.just("zmiana")),
    )
    def update_interview(self, which, after, given):
        interview_id = pick(list(self.folder.interviews), which) or UUID(int=7)
        record = self.folder.interviews.get(interview_id)
        updated_on = ((record and record.conducted_on) or OPENED_ON) + timedelta(days=after)
        self.attempt(self.folder.update_interview, interview_id, updated_on, given)

    @rule(on=st.booleans())
    def note_permanent_help(self, on):
        self.attempt(self.folder.note_permanent_help, on)

    @rule(closed_on=days, reason=texts)
    def close(self, closed_on, reason):
        self.attempt(self.folder.close, closed_on, reason)

    @invariant()
    def rebuilt_from_its_events_the_folder_is_the_same(self):
        rebuilt = functools.reduce(lambda agg, event: event.mutate(agg), self.events, None)
        assert snapshot_state(rebuilt) == snapshot_state(self.folder)
        assert rebuilt == self.folder

    @invariant()
    def the_household_has_exactly_one_head(self):
        heads = [m for m in self.folder.members.values() if m.relation == Relation.HEAD]
        assert len(heads) == 1


# `make reliability` searches ten times as many sequences (tests/support/depth.py).
pytestmark = pytest.mark.deep
CaseFolderCommands.TestCase.settings = settings(
    max_examples=examples(suite=50, deep=500), stateful_step_count=40, deadline=None
)
test_any_commands_replayed_from_their_events_give_the_same_folder = CaseFolderCommands.TestCase
