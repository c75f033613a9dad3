"""Scope is the service layer's, not the routes': every use case refuses a person whose role
never acts on its aggregate, whatever route or script calls it — as if the aggregate did not
exist (or 403 for a create), with nothing written and, for an erasure, no key touched.

Each person here is of the folder's own unit (or the order's provider), so only the role
refuses them; tests/api/test_write_scope.py tries every route with units and teams."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from domain.care import CareTerms
from domain.fees import IncomeCriterion
from domain.household import Address, Member
from domain.mrpips03 import ReturnPeriod
from domain.social_work import Visit
from domain.user import Role
from services.care.commands import AcceptOrder, AddIncomeCriterion, AssignCaregiver, SuspendOrder
from services.care.orders import OrderNotFoundError
from services.casework.commands import (
    CloseFolder,
    CloseSocialContract,
    ConductInterview,
    OpenFolder,
    RecordVisit,
    ScheduleInterview,
    SignSocialContract,
)
from services.casework.contracts import SocialContractNotFoundError
from services.commands import CommandContext, FolderNotFoundError
from services.privacy.commands import ErasePersonalData
from services.proceedings.commands import CareNotes, FileApplication, IssueDecision, RecordDelivery
from services.proceedings.handoff import order_id_for
from services.proceedings.procedure import ProceedingNotFoundError
from services.returns.commands import SubmitReturn
from services.returns.compiling import ReturnNotFoundError
from services.scope import NotPermittedError
from services.system import TeczkaSystem
from services.users.accounts import UserNotFoundError
from services.users.commands import DeactivateUser, RegisterUser
from tests.support.builders import valid_pesel
from tests.support.providers import register_providers
from tests.support.stores import STORES, settings_for

TEAM = "ZTPS-1"
CAREGIVER = "opiekunka.scope"


def ctx(role: Role, unit: str = TEAM, actor_id: uuid.UUID | None = None) -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=actor_id or uuid.uuid4(),
                          role=role.value, unit=unit)


@dataclass
class Records:
    folder_id: uuid.UUID
    closed_folder_id: uuid.UUID
    head_id: uuid.UUID
    proceeding_id: uuid.UUID
    order_id: uuid.UUID
    contract_id: uuid.UUID
    user_id: uuid.UUID
    caregiver_id: uuid.UUID


def _folder(app, worker: Callable[[], CommandContext]) -> tuple[uuid.UUID, uuid.UUID]:
    folder_id, head_id = uuid.uuid4(), uuid.uuid4()
    head = Member.create(member_id=head_id, first_name="Irena", last_name="Gajewska",
                         relation="head", pesel=valid_pesel(date(1941, 2, 3)))
    address = Address.create(street="Ślężna", building="8", flat=None, postal_code="53-302",
                             city="Wrocław", teryt="0264039")
    v = app.handle(worker(), OpenFolder(
        folder_id=folder_id, team_id=TEAM, address=address, head=head,
        opened_on=date(2026, 1, 5))).version
    interview_id = uuid.uuid4()
    v = app.handle(worker(), ScheduleInterview(
        folder_id=folder_id, expected_version=v, interview_id=interview_id,
        trigger_date=date(2026, 1, 6), urgent=False)).version
    app.handle(worker(), ConductInterview(
        folder_id=folder_id, expected_version=v, interview_id=interview_id,
        conducted_on=date(2026, 1, 9),
        sections={
        "A": "Sama.", "H": "Pomoc w domu.", "I": "Niesamodzielna.", "J": "Usługi."}))
    return folder_id, head_id


@pytest.fixture(scope="module", params=STORES)
def system(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[TeczkaSystem]:
    with settings_for(request.param, tmp_path_factory.mktemp("scope"), request) as settings, \
            TeczkaSystem(settings, run_projectors=True) as started:
        yield started


@pytest.fixture(scope="module")
def records(system: TeczkaSystem) -> Records:
    app = system.app
    register_providers(app)

    def worker() -> CommandContext:
        return ctx(Role.SOCIAL_WORKER)

    folder_id, head_id = _folder(app, worker)
    closed_id, _ = _folder(app, worker)
    app.handle(worker(), CloseFolder(
        folder_id=closed_id, expected_version=3, closed_on=date(2026, 1, 20),
        reason="Wyprowadzka."))
    proceeding_id, decision_id = uuid.uuid4(), uuid.uuid4()
    p = app.handle(worker(), FileApplication(
        proceeding_id=proceeding_id, folder_id=folder_id, person_id=head_id, form="care_services",
        applicant="person", filed_on=date(2026, 1, 9), case_reference="ZTPS1.8210.5.2026")).version
    app.handle(ctx(Role.DECISION_MAKER, "MOPS"), IssueDecision(
        proceeding_id=proceeding_id, expected_version=p, decision_id=decision_id, outcome="grant",
        reasons=("5",), legal_basis="art. 50", signatory="z up.", issued_on=date(2026, 1, 15),
        notes=CareNotes(),
        care=CareTerms(tasks=("meals",), hours_per_day=Decimal(2), hours_per_week=Decimal(4),
                       weekdays=(1, 3), period_from=date(2026, 2, 1),
                       period_to=date(2026, 6, 30), place="dom", provider_id="MCUS",
                       hourly_cost=Decimal("30.00"), fee_share_percent=Decimal(0))))
    contract_id = uuid.uuid4()
    app.handle(worker(), SignSocialContract(
        contract_id=contract_id, folder_id=folder_id, member_id=head_id,
        signed_on=date(2026, 1, 20), ends_on=date(2026, 4, 20), goals="Podjęcie terapii."))
    user = app.handle(ctx(Role.ADMIN, "IT"), RegisterUser(
        username="ola.scope", display_name="Ola", role=Role.SOCIAL_WORKER.value, unit=TEAM,
        password="dlugie-haslo-123"))
    caregiver = app.handle(ctx(Role.ADMIN, "IT"), RegisterUser(
        username=CAREGIVER, display_name="Opiekunka", role=Role.CAREGIVER.value, unit="MCUS",
        password="dlugie-haslo-123"))
    order_id = order_id_for(decision_id)
    v = app.handle(ctx(Role.MCUS_COORDINATOR, "MCUS"), AcceptOrder(
        order_id=order_id, expected_version=1, accepted_on=date(2026, 1, 16))).version
    app.handle(ctx(Role.MCUS_COORDINATOR, "MCUS"), AssignCaregiver(
        order_id=order_id, expected_version=v, caregiver_id=caregiver.aggregate_id))
    system.returns.compile(ctx(Role.MANAGER), ReturnPeriod(2026, "H1"))
    return Records(folder_id, closed_id, head_id, proceeding_id, order_id, contract_id,
                   user.aggregate_id, caregiver.aggregate_id)


def version(system: TeczkaSystem, aggregate_id: uuid.UUID) -> int:
    return system.app.version_of(aggregate_id)


# Each use case with the roles whose scope holds its aggregate (left out below: which of
# their commands a role may send is the route's to say) and the error any other role gets.
USE_CASES: dict[str, tuple[frozenset[Role], type[Exception], Callable]] = {
    "record a visit": (
        frozenset({Role.SOCIAL_WORKER, Role.MANAGER}), FolderNotFoundError,
        lambda s, r, c: s.app.handle(c, RecordVisit(
            folder_id=r.folder_id, expected_version=version(s, r.folder_id),
            visit=Visit(
            visit_id=uuid.uuid4(), visited_on=date(2026, 2, 2), minutes=30,
            activity="home_visit", place="dom", notes="")))),
    "file an application": (
        frozenset({Role.SOCIAL_WORKER, Role.MANAGER}), FolderNotFoundError,
        lambda s, r, c: s.app.handle(c, FileApplication(
            proceeding_id=uuid.uuid4(), folder_id=r.folder_id, person_id=r.head_id,
            form="purpose_allowance", applicant="person", filed_on=date(2026, 2, 2),
            case_reference="ZTPS1.8210.6.2026"))),
    "record the delivery of a decision": (
        frozenset({Role.SOCIAL_WORKER, Role.MANAGER, Role.DECISION_MAKER}),
        ProceedingNotFoundError,
        lambda s, r, c: s.app.handle(c, RecordDelivery(
            proceeding_id=r.proceeding_id, expected_version=version(s, r.proceeding_id),
            delivered_on=date(2026, 1, 16)))),
    "suspend a care order": (
        frozenset({Role.MCUS_COORDINATOR, Role.CAREGIVER}), OrderNotFoundError,
        lambda s, r, c: s.app.handle(c, SuspendOrder(
            order_id=r.order_id, expected_version=version(s, r.order_id),
            suspended_on=date(2026, 2, 10), reason="Szpital."))),
    "close a social contract": (
        frozenset({Role.SOCIAL_WORKER, Role.MANAGER}), SocialContractNotFoundError,
        lambda s, r, c: s.app.handle(c, CloseSocialContract(
            contract_id=r.contract_id, expected_version=1, closed_on=date(2026, 3, 1),
            outcome="achieved"))),
    "sign a social contract": (
        frozenset({Role.SOCIAL_WORKER, Role.MANAGER}), FolderNotFoundError,
        lambda s, r, c: s.app.handle(c, SignSocialContract(
            contract_id=uuid.uuid4(), folder_id=r.folder_id, member_id=r.head_id,
            signed_on=date(2026, 2, 1), ends_on=date(2026, 5, 1), goals="Nauka."))),
    "open a folder": (
        # First contact registers folders for the team of the address (issue #17).
        frozenset({Role.SOCIAL_WORKER, Role.MANAGER, Role.FIRST_CONTACT}), NotPermittedError,
        lambda s, r, c: s.app.handle(c, OpenFolder(
            folder_id=uuid.uuid4(), team_id=TEAM,
            address=Address.create(street="Ślężna", building="1", flat=None,
                                   postal_code="53-302", city="Wrocław", teryt="0264039"),
            head=Member.create(member_id=uuid.uuid4(), first_name="Jan", last_name="Nowy",
                               relation="head", pesel=valid_pesel()),
            opened_on=date(2026, 2, 1)))),
    "deactivate an account": (
        frozenset({Role.ADMIN}), UserNotFoundError,
        lambda s, r, c: s.app.handle(c, DeactivateUser(
            user_id=r.user_id, expected_version=version(s, r.user_id)))),
    "create an account": (
        frozenset({Role.ADMIN}), NotPermittedError,
        lambda s, r, c: s.app.handle(c, RegisterUser(
            username=f"u{uuid.uuid4().hex[:8]}", display_name="U", role="caregiver", unit="MCUS",
            password="dlugie-haslo-123"))),
    "add an income criterion": (
        frozenset({Role.ADMIN}), NotPermittedError,
        lambda s, r, c: s.app.handle(c, AddIncomeCriterion(criterion=IncomeCriterion(
            valid_from=date(2027, 1, 1), single=Decimal("1100"),
            per_person_in_family=Decimal("900"))))),
    "compile a return": (
        frozenset({Role.MANAGER}), NotPermittedError,
        lambda s, r, c: s.returns.compile(c, ReturnPeriod(2026, "Y"))),
    "submit a return": (
        frozenset({Role.MANAGER}), ReturnNotFoundError,
        lambda s, r, c: s.app.handle(c, SubmitReturn(
            period=ReturnPeriod(2026, "H1"), expected_version=1, reviewed_hash="0" * 64,
            submitted_on=date(2026, 7, 10)))),
    "erase a closed folder's personal data": (
        frozenset({Role.ADMIN}), FolderNotFoundError,
        lambda s, r, c: s.app.handle(c, ErasePersonalData(folder_id=r.closed_folder_id,
                                                          erased_on=date(2036, 2, 1)))),
}


def person_of(role: Role, records: Records) -> CommandContext:
    """Of the folder's team — or of the order's provider, or the order's caregiver — so
    that only the role can refuse them."""
    unit = "MCUS" if role in (Role.MCUS_COORDINATOR, Role.CAREGIVER) else TEAM
    return ctx(role, unit, records.caregiver_id if role == Role.CAREGIVER else None)


@pytest.mark.parametrize(("use_case", "role"), [
    pytest.param(name, role, id=f"{name} as {role.value}")
    for name, (allowed, _, _) in USE_CASES.items() for role in Role if role not in allowed])
def test_a_role_that_never_acts_on_an_aggregate_is_refused_by_the_use_case(
        system, records, use_case, role):
    _allowed, error, call = USE_CASES[use_case]
    head = system.app.head_position()

    with pytest.raises(error):
        call(system, records, person_of(role, records))

    assert system.app.head_position() == head
    # The erasure's keys go first when it runs: a refused one left them all.
    folder = system.app.repository.get(records.closed_folder_id)
    assert [m.last_name for m in folder.members.values()] == ["Gajewska"]
