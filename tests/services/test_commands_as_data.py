"""Commands are data: a frozen dataclass each, found by type, digested from every field, and
still matched against the digests of receipts written before they were (a tablet's outbox may
resend a command across the deploy)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

import services
from domain.care import CareTerms
from domain.mrpips03 import ReturnPeriod
from domain.social_work import Visit
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
