"""Commands are data: a frozen dataclass each, found by type, digested from every field, and
still matched against the digests of receipts written before they were (a tablet's outbox may
resend a command across the deploy)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

import services
from domain.care import CareTerms
from domain.care_visits import ScheduleSlot
from domain.fees import FeeBracket, FeeShareTable, IncomeCriterion
from domain.mrpips03 import ReturnPeriod
from domain.social_work import Visit
from services.care.commands import (
    AcceptOrder,
    AcknowledgeChange,
    AddFeeShareTable,
    AddIncomeCriterion,
    AssignCaregiver,
    CloseMonth,
    CompleteCareVisit,
    RaiseObservation,
    ResumeOrder,
    SetSchedule,
    StartCareVisit,
    SuspendOrder,
)
from services.casework.commands import CorrectMemberDetails, RecordVisit
from services.commands import DIGEST_V2, Command, payload_digest
from services.proceedings.commands import (
    CareNotes,
    FileAppeal,
    FileApplication,
    IssueDecision,
    MarkFinal,
    RecordDelivery,
    ResolveAppeal,
)
from services.projecting.commands import SkipProjectionEvent
from services.returns.commands import CompileReturn, SubmitReturn
from services.teczka import Teczka
from services.users.commands import (
    ChangeRole,
    ConfirmUserRequest,
    CreateUser,
    DeactivateUser,
    RegisterUser,
    RejectUserRequest,
)

for module in pkgutil.walk_packages(services.__path__, "services."):
    if module.name.endswith(".commands"):
        importlib.import_module(module.name)


def every_command() -> list[type[Command]]:
    found, todo = [], list(Command.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if not cls.__subclasses__():  # leaves: the commands themselves, not their bases
            found.append(cls)
    return sorted(found, key=lambda c: c.name)


def visit(**changed) -> RecordVisit:
    fields = dict(folder_id=uuid.UUID(int=1), expected_version=3, visit=Visit(
        visit_id=uuid.UUID(int=2), visited_on=date(2026, 3, 1), minutes=45,
        activity="home_visit", place="dom", notes="Rozmowa."))
    return RecordVisit(**fields | changed)


def test_the_walk_finds_the_commands():
    assert {RecordVisit, CorrectMemberDetails} <= set(every_command())


@pytest.mark.parametrize("cls", every_command(), ids=lambda c: c.__name__)
def test_every_command_has_one_handler_found_by_its_type(cls):
    handler = Teczka.handler_for(cls)
    assert handler.__name__ == cls.name


def test_command_names_are_unique_for_good():
    names = [cls.name for cls in every_command()]
    assert len(names) == len(set(names))


def test_a_command_without_a_handler_is_refused_by_name():
    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Unheard(Command):
        what: str

    with pytest.raises(TypeError, match="Unheard"):
        Teczka.handler_for(Unheard)


@pytest.mark.parametrize("changed", [
    {"folder_id": uuid.UUID(int=9)},
    {"visit": dataclasses.replace(visit().visit, notes="Inna rozmowa.")},
], ids=["folder", "visit"])
def test_every_field_counts_in_the_digest(changed):
    assert visit().digest().startswith(DIGEST_V2)
    assert visit(**changed).digest() != visit().digest()
    assert visit().digest() == visit().digest()


def test_the_version_its_sender_saw_is_a_precondition_not_part_of_the_command():
    assert visit(expected_version=4).digest() == visit().digest()


def test_a_receipt_digested_before_commands_were_data_still_matches_its_retry():
    command = visit()
    # What the use case digested by hand until 2026-12 (services/casework, record_visit).
    first_format = payload_digest("record_visit", {"folder_id": command.folder_id,
                                                   "visit": command.visit})

    assert command.matches(first_format)
    assert not visit(visit=dataclasses.replace(command.visit, minutes=30)).matches(first_format)


def test_a_correction_digested_the_first_way_holds_only_the_details_given():
    command = CorrectMemberDetails(folder_id=uuid.UUID(int=1), expected_version=2,
                                   member_id=uuid.UUID(int=3), first_name="Helena")
    first_format = payload_digest("correct_member_details", {
        "folder_id": command.folder_id, "member_id": command.member_id,
        "first_name": "Helena"})

    assert command.matches(first_format)


# Proceedings: each command beside the body its use case digested by hand until 2026-12
# (services/proceedings/procedure.py before commands were data), where the two differ.
PROCEEDING = uuid.UUID(int=11)
PROCEEDING_FIRST_FORMAT = [
    (FileApplication(proceeding_id=PROCEEDING, folder_id=uuid.UUID(int=1),
                     person_id=uuid.UUID(int=2), form="care_services", applicant="person",
                     filed_on=date(2026, 3, 2), case_reference="ZTPS1.8210.5.2026"),
     lambda c: {"proceeding_id": c.proceeding_id, "folder_id": c.folder_id,
                "person_id": c.person_id, "form": c.form, "applicant": c.applicant,
                "on": c.filed_on, "case_reference": c.case_reference}),
    (FileApplication(proceeding_id=PROCEEDING, folder_id=uuid.UUID(int=1),
                     person_id=uuid.UUID(int=2), form="care_services", applicant=None,
                     filed_on=date(2026, 3, 2), case_reference="ZTPS1.8210.5.2026"),
     lambda c: {"proceeding_id": c.proceeding_id, "folder_id": c.folder_id,
                "person_id": c.person_id, "form": c.form, "applicant": None,
                "on": c.filed_on, "case_reference": c.case_reference}),
    (IssueDecision(proceeding_id=PROCEEDING, expected_version=1, decision_id=uuid.UUID(int=3),
                   outcome="grant", reasons=("6", "5"), legal_basis="art. 50",
                   signatory="z up. Prezydenta", issued_on=date(2026, 3, 9),
                   care=CareTerms(tasks=("meals",), hours_per_day=Decimal(2),
                                  hours_per_week=Decimal(10), weekdays=(1, 2, 3, 4, 5),
                                  period_from=date(2026, 3, 12), period_to=date(2026, 12, 31),
                                  place="dom", provider_id="MCUS",
                                  hourly_cost=Decimal("31.50"), fee_share_percent=Decimal(10)),
                   notes=CareNotes(health_notes="Porusza się o kuli.")),
     lambda c: {"proceeding_id": c.proceeding_id, "decision_id": c.decision_id,
                "outcome": c.outcome, "reasons": c.reasons, "legal_basis": c.legal_basis,
                "signatory": c.signatory, "issued_on": c.issued_on, "care": c.care,
                "cash": c.cash, "notes": c.notes}),
    (RecordDelivery(proceeding_id=PROCEEDING, expected_version=2,
                    delivered_on=date(2026, 3, 11)),
     lambda c: {"proceeding_id": c.proceeding_id, "on": c.delivered_on}),
    (FileAppeal(proceeding_id=PROCEEDING, expected_version=3, filed_on=date(2026, 3, 20)),
     lambda c: {"proceeding_id": c.proceeding_id, "on": c.filed_on}),
    (ResolveAppeal(proceeding_id=PROCEEDING, expected_version=4, resolved_on=date(2026, 4, 20),
                   decision_upheld=False),
     lambda c: {"proceeding_id": c.proceeding_id, "on": c.resolved_on,
                "upheld": c.decision_upheld}),
    (MarkFinal(proceeding_id=PROCEEDING, expected_version=3, final_on=date(2026, 3, 26)),
     lambda c: {"proceeding_id": c.proceeding_id, "on": c.final_on}),
]


@pytest.mark.parametrize(("command", "old_body"), PROCEEDING_FIRST_FORMAT, ids=[
    "application", "ex_officio", "decision", "delivery", "appeal", "appeal_resolution",
    "finality"])
def test_a_proceeding_command_digested_the_first_way_still_matches_its_retry(command, old_body):
    first_format = payload_digest(command.name, old_body(command))

    assert command.matches(first_format)
    # And only its own: the same command a day later is another one.
    day = next(f.name for f in dataclasses.fields(command)
               if f.type in ("date", date) and f.name.endswith("_on"))
    later = dataclasses.replace(command, **{day: getattr(command, day) + timedelta(days=1)})
    assert not later.matches(first_format)


# Care at the provider and the fee parameters: each command, a change a retry cannot carry,
# and the body its use case digested by hand until 2026-12 (services/care/orders.py and
# fee_parameters.py before commands were data), all of them, also where the two agree.
ORDER = uuid.UUID(int=21)
AT = datetime(2026, 3, 16, 9, tzinfo=UTC)
CARE_FIRST_FORMAT = [
    (AcceptOrder(order_id=ORDER, expected_version=1, accepted_on=date(2026, 3, 13)),
     {"accepted_on": date(2026, 3, 14)},
     lambda c: {"order_id": c.order_id, "on": c.accepted_on}),
    (AssignCaregiver(order_id=ORDER, expected_version=2, caregiver_id=uuid.UUID(int=5)),
     {"caregiver_id": uuid.UUID(int=6)},
     lambda c: {"order_id": c.order_id, "caregiver_id": c.caregiver_id}),
    (SetSchedule(order_id=ORDER, expected_version=3,
                 slots=(ScheduleSlot(weekday=1, start=time(9), minutes=120),
                        ScheduleSlot(weekday=3, start=time(9), minutes=120))),
     {"slots": (ScheduleSlot(weekday=1, start=time(10), minutes=120),)},
     lambda c: {"order_id": c.order_id, "slots": c.slots}),
    (AcknowledgeChange(order_id=ORDER, expected_version=4),
     {"order_id": uuid.UUID(int=22)},
     lambda c: {"order_id": c.order_id}),
    (SuspendOrder(order_id=ORDER, expected_version=5, suspended_on=date(2026, 4, 1),
                  reason="Szpital."),
     {"reason": "Sanatorium."},
     lambda c: {"order_id": c.order_id, "on": c.suspended_on, "reason": c.reason}),
    (ResumeOrder(order_id=ORDER, expected_version=6, resumed_on=date(2026, 4, 20)),
     {"resumed_on": date(2026, 4, 21)},
     lambda c: {"order_id": c.order_id, "on": c.resumed_on}),
    (CloseMonth(order_id=ORDER, expected_version=7, year=2026, month=3,
                closed_on=date(2026, 4, 2)),
     {"month": 4},
     lambda c: {"order_id": c.order_id, "year": c.year, "month": c.month, "on": c.closed_on}),
    (StartCareVisit(order_id=ORDER, expected_version=8, visit_id=uuid.UUID(int=7),
                    started_at=AT),
     {"started_at": AT + timedelta(minutes=5)},
     lambda c: {"order_id": c.order_id, "visit_id": c.visit_id, "started_at": c.started_at}),
    (CompleteCareVisit(order_id=ORDER, expected_version=9, visit_id=uuid.UUID(int=7),
                       ended_at=AT + timedelta(hours=2), tasks_done=("meals", "shopping")),
     {"tasks_done": ("meals",)},
     lambda c: {"order_id": c.order_id, "visit_id": c.visit_id, "ended_at": c.ended_at,
                "tasks": c.tasks_done}),
    (RaiseObservation(order_id=ORDER, expected_version=10, observation_id=uuid.UUID(int=8),
                      kind="fall", note="Upadła w łazience.", raised_at=AT),
     {"note": "Nie ma jedzenia."},
     lambda c: {"order_id": c.order_id, "observation_id": c.observation_id, "kind": c.kind,
                "note": c.note}),
    (AddIncomeCriterion(criterion=IncomeCriterion(
        valid_from=date(2027, 1, 1), single=Decimal("1100"),
        per_person_in_family=Decimal("900"))),
     {"criterion": IncomeCriterion(valid_from=date(2027, 1, 1), single=Decimal("1200"),
                                   per_person_in_family=Decimal("900"))},
     lambda c: {"criterion": c.criterion}),
    (AddFeeShareTable(table=FeeShareTable(valid_from=date(2027, 1, 1), brackets=(
        FeeBracket(up_to_percent=Decimal(100), single_percent=Decimal(0),
                   family_percent=Decimal(0)),
        FeeBracket(up_to_percent=None, single_percent=Decimal(10),
                   family_percent=Decimal(20))))),
     {"table": FeeShareTable(valid_from=date(2027, 1, 2), brackets=(
         FeeBracket(up_to_percent=None, single_percent=Decimal(10),
                    family_percent=Decimal(20)),))},
     lambda c: {"table": c.table}),
]


@pytest.mark.parametrize(("command", "change", "old_body"), CARE_FIRST_FORMAT,
                         ids=[type(command).__name__ for command, *_ in CARE_FIRST_FORMAT])
def test_a_care_command_digested_the_first_way_still_matches_its_retry(command, change,
                                                                       old_body):
    first_format = payload_digest(command.name, old_body(command))

    assert command.matches(first_format)
    # And only its own: the same command saying something else is another one.
    assert not dataclasses.replace(command, **change).matches(first_format)


def test_the_care_commands_keep_their_receipts_names():
    assert [command.name for command, _change, _old in CARE_FIRST_FORMAT] == [
        "accept_order", "assign_caregiver", "set_schedule", "acknowledge_change",
        "suspend_order", "resume_order", "close_month", "start_care_visit",
        "complete_care_visit", "raise_observation", "add_income_criterion",
        "add_fee_share_table"]


def test_when_an_observation_was_raised_counts_in_its_digest_now():
    observation = CARE_FIRST_FORMAT[9][0]
    later = dataclasses.replace(observation, raised_at=AT + timedelta(hours=1))

    assert later.digest() != observation.digest()
    # The first format left it out: an old receipt answers the retry, whatever its time.
    assert later.matches(payload_digest("raise_observation", CARE_FIRST_FORMAT[9][2](later)))
# Accounts, returns and the read models' skip: each command beside the body its use case
# digested by hand until 2026-12 (services/users/accounts.py, services/returns/compiling.py,
# services/projecting/admin.py before commands were data).
USER = uuid.UUID(int=21)
ACCOUNT = dict(username="ola.nowak", display_name="Ola Nowak", role="social_worker",
               unit="ZTPS-1", password="dlugie-haslo-123")
H1 = ReturnPeriod(2026, "H1")
FIGURES = {"rows": {"1": {"persons": 3}}}
OTHERS_FIRST_FORMAT = [
    (RegisterUser(**ACCOUNT),
     lambda c: {"username": c.username, "display_name": c.display_name, "role": c.role,
                "unit": c.unit}, {"display_name": "Ola Kowalska"}),
    (CreateUser(**ACCOUNT),
     lambda c: {"username": c.username, "display_name": c.display_name, "role": c.role,
                "unit": c.unit}, {"unit": "ZTPS-2"}),
    (ChangeRole(user_id=USER, expected_version=2, role="caregiver", unit="MCUS"),
     lambda c: {"user_id": c.user_id, "role": c.role, "unit": c.unit}, {"unit": "ZTPS-3"}),
    (DeactivateUser(user_id=USER, expected_version=2),
     lambda c: {"user_id": c.user_id}, {"user_id": uuid.UUID(int=22)}),
    (ConfirmUserRequest(user_id=USER, expected_version=1),
     lambda c: {"user_id": c.user_id}, {"user_id": uuid.UUID(int=22)}),
    (RejectUserRequest(user_id=USER, expected_version=1),
     lambda c: {"user_id": c.user_id}, {"user_id": uuid.UUID(int=22)}),
    (CompileReturn(period=H1, figures=FIGURES, position=120,
                   as_of=datetime(2026, 7, 2, 9, 30, tzinfo=UTC)),
     lambda c: {"period": c.period.key, "figures": c.figures, "position": c.position,
                "as_of": c.as_of}, {"position": 121}),
    (SubmitReturn(period=H1, expected_version=1, reviewed_hash="a" * 64,
                  submitted_on=date(2026, 7, 10)),
     lambda c: {"period": c.period.key, "reviewed_hash": c.reviewed_hash,
                "submitted_on": c.submitted_on}, {"period": ReturnPeriod(2026, "Y")}),
    (SkipProjectionEvent(projection="worker_activity", event_position=15, reason="Błąd #15",
                         generation=2),
     lambda c: {"projection": c.projection, "generation": c.generation,
                "event_position": c.event_position, "reason": c.reason},
     {"event_position": 16}),
]


@pytest.mark.parametrize(("command", "old_body", "other"), OTHERS_FIRST_FORMAT,
                         ids=lambda v: type(v).__name__ if isinstance(v, Command) else "")
def test_an_account_return_or_skip_command_digested_the_first_way_still_matches_its_retry(
        command, old_body, other):
    first_format = payload_digest(command.name, old_body(command))

    assert command.matches(first_format)
    # And only its own: another account, period or event is another command.
    assert not dataclasses.replace(command, **other).matches(first_format)


def test_a_new_accounts_password_stays_out_of_its_receipt():
    command = CreateUser(**ACCOUNT)
    other_password = dataclasses.replace(command, password="inne-haslo-4567")

    assert other_password.digest() == command.digest()
    assert "dlugie-haslo-123" not in repr(command)
    # Every other field counts.
    assert dataclasses.replace(command, role="caregiver").digest() != command.digest()
