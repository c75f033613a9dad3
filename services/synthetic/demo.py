"""A small demo city: two ZTPS teams, their users and ~50 case folders with real activity.

Everything is written through the application's use cases, as a person would, so the demo
exercises the same rules and events as real work. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID, uuid5

from domain.care import CareTerms, CashTerms
from domain.household import Address, Member
from domain.identifiers import Pesel
from domain.office_day import today_in_poland
from domain.payments import CashDecision
from domain.social_work import ActivityKind, Visit
from domain.user import Role, User
from services.casework.commands import (
    AddMember,
    ConductInterview,
    OpenFolder,
    RecordVisit,
    ScheduleInterview,
    UpdateInterview,
)
from services.catalogue.seed import publish_seed
from services.commands import CommandContext
from services.proceedings.commands import (
    CareNotes,
    FileApplication,
    IssueDecision,
    RecordDelivery,
)
from services.synthetic.incomes import Granted, declare_incomes, granted_amount
from services.synthetic.payments import CityPayments
from services.synthetic.providers import register_city_providers
from services.teczka import Teczka
from services.users.commands import RegisterUser

DEMO_NAMESPACE = UUID("0d6b1f5e-7d2c-4bb1-9a7e-3c1f5a9e2b44")
DEMO_PASSWORD = "teczka-demo-2026"
SYSTEM_ACTOR = UUID(int=0)

FIRST_NAMES_F = ["Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa",
                 "Krystyna", "Elżbieta", "Zofia", "Jadwiga", "Halina", "Danuta", "Teresa"]
FIRST_NAMES_M = ["Jan", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Józef",
                 "Marek", "Stanisław", "Zbigniew", "Grzegorz", "Jerzy", "Tadeusz", "Łukasz"]
LAST_NAMES = ["Nowak", "Kowalsk", "Wiśniewsk", "Wójcik", "Kowalczyk", "Kamińsk", "Lewandowsk",
              "Zielińsk", "Szymańsk", "Woźniak", "Dąbrowsk", "Kozłowsk", "Jankowsk", "Mazur",
              "Krawczyk", "Piotrowsk", "Grabowsk", "Pawłowsk", "Michalsk", "Król"]

TEAMS = {
    "ZTPS-1": ("0264029", "Fabryczna", ["Legnicka", "Grabiszyńska", "Kosmonautów", "Strzegomska",
                                        "Na Ostatnim Groszu", "Niedźwiedzia"]),
    "ZTPS-2": ("0264039", "Krzyki", ["Powstańców Śląskich", "Borowska", "Ślężna", "Gajowicka",
                                     "Armii Krajowej", "Hallera"]),
}

# (username, display name, role, unit)
DEMO_USERS = [
    ("anna.kowalska", "Anna Kowalska", Role.SOCIAL_WORKER, "ZTPS-1"),
    ("tomasz.zielinski", "Tomasz Zieliński", Role.SOCIAL_WORKER, "ZTPS-1"),
    ("ewa.nowak", "Ewa Nowak", Role.SOCIAL_WORKER, "ZTPS-2"),
    ("marek.wojcik", "Marek Wójcik", Role.SOCIAL_WORKER, "ZTPS-2"),
    ("maria.wisniewska", "Maria Wiśniewska", Role.MANAGER, "ZTPS-1"),
    # First contact (punkt pierwszego kontaktu): registers persons and applications.
    ("jolanta.przyjecia", "Jolanta Przyjęcia", Role.FIRST_CONTACT, "MOPS-PK"),
    ("jan.decyzja", "Jan Dec", Role.DECISION_MAKER, "MOPS"),
    ("koordynator.mcus", "Barbara Koordynator", Role.MCUS_COORDINATOR, "MCUS"),
    ("opiekunka.mcus", "Halina Opiekun", Role.CAREGIVER, "MCUS"),
    ("admin", "Administrator IT", Role.ADMIN, "IT"),
    # The MOPS's management: the teams' figures, no personal data.
    ("krystyna.zarzad", "Krystyna Zarząd", Role.MOPS_MANAGEMENT, "MOPS"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: str
    unit: str
    password: str


def _surname(stem: str, female: bool) -> str:
    if stem.endswith("sk"):
        return stem + ("a" if female else "i")
    return stem


def _ctx(rng: random.Random, actor: UUID, role: str, unit: str) -> CommandContext:
    return CommandContext(
        command_id=UUID(int=rng.getrandbits(128), version=4),
        actor_id=actor, role=role, unit=unit,
    )


def load_demo_city(app: Teczka, *, folders_per_worker: int = 12, seed: int = 7,
                   today: date | None = None) -> list[DemoUser]:
    """Create the demo users and folders unless they exist; return the users to print."""
    rng = random.Random(seed)
    today = today or today_in_poland()
    users = [DemoUser(u, n, r.value, unit, DEMO_PASSWORD) for u, n, r, unit in DEMO_USERS]
    if app.user_exists(users[0].username):
        return users
    for user in users:
        app.handle(_ctx(rng, SYSTEM_ACTOR, Role.ADMIN.value, "IT"), RegisterUser(
            username=user.username, display_name=user.display_name, role=user.role, unit=user.unit,
            password=user.password))
    register_city_providers(app, lambda: _ctx(rng, SYSTEM_ACTOR, Role.ADMIN.value, "IT"))
    # Wrocław's starting service catalogue (issue #20), naming the providers just registered.
    publish_seed(app, lambda: _ctx(rng, SYSTEM_ACTOR, Role.ADMIN.value, "IT"))
    # A new city has no folder opened before PESELs were claimed: the duplicate check needs
    # no read model here (it may not be built while the demo is written).
    holding, app.open_folders_holding = app.open_folders_holding, None
    # Paid as the city is (services/synthetic/payments.py): the cash decisions delivered, then
    # a list on the 10th of each month, approved by the manager. Its own random streams, so
    # the demo's people and folders stay what they were.
    payments = Paying(CityPayments.for_seed(seed), random.Random(f"teczka-demo-paying-{seed}"))
    try:
        for user in users:
            if user.role == Role.SOCIAL_WORKER.value:
                for _ in range(folders_per_worker):
                    _demo_folder(app, rng, User.id_for(user.username), user.unit, today,
                                 payments)
    finally:
        app.open_folders_holding = holding
    manager = User.id_for("maria.wisniewska")
    payments.city.pay(app, lambda: _ctx(payments.rng, manager, Role.MANAGER.value, "ZTPS-1"),
                      today - timedelta(days=DEMO_HISTORY_DAYS), today)
    return users


@dataclass
class Paying:
    """The demo's payments and the random stream of the commands that deliver and pay."""

    city: CityPayments
    rng: random.Random


def _person(rng: random.Random, relation: str, born: date) -> Member:
    female = rng.random() < 0.55
    first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
    last = _surname(rng.choice(LAST_NAMES), female)
    pesel = Pesel.make(born, rng.randrange(1000), "F" if female else "M")
    return Member.create(
        member_id=UUID(int=rng.getrandbits(128), version=4),
        first_name=first, last_name=last, relation=relation, pesel=pesel.value,
    )


def _demo_folder(app: Teczka, rng: random.Random, worker: UUID, team: str, today: date,
                 payments: Paying) -> None:
    teryt, _district, streets = TEAMS[team]
    ctx = lambda: _ctx(rng, worker, Role.SOCIAL_WORKER.value, team)  # noqa: E731
    folder_id = uuid5(DEMO_NAMESPACE, f"{team}-{rng.getrandbits(64)}")
    opened_on = today - timedelta(days=rng.randrange(60, 900))
    head_born = today - timedelta(days=rng.randrange(20 * 365, 88 * 365))
    address = Address.create(
        street=rng.choice(streets), building=str(rng.randrange(1, 140)),
        flat=str(rng.randrange(1, 40)) if rng.random() < 0.8 else None,
        postal_code=f"5{rng.randrange(0, 4)}-{rng.randrange(100, 999)}",
        city="Wrocław", teryt=teryt,
    )
    head = _person(rng, "head", head_born)
    head_id = head.member_id
    # Opened by its social worker: the folder is hers from the start.
    version = app.handle(ctx(), OpenFolder(
        folder_id=folder_id, team_id=team, address=address, head=head,
        opened_on=opened_on)).version
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        relation = rng.choice(["spouse", "child", "child", "parent", "grandchild"])
        born = today - timedelta(days=rng.randrange(1 * 365, 70 * 365))
        # Written down on the tablet the day the folder was opened (or the person was born).
        on_opening = replace(ctx(), occurred_at=datetime.combine(max(opened_on, born), time(10),
                                                                 UTC))
        version = app.handle(on_opening, AddMember(
            folder_id=folder_id, expected_version=version, member=_person(rng, relation, born))).version
    kinds = [ActivityKind.HOME_VISIT] * 44 + [ActivityKind.OFFICE_MEETING] * 20 + \
        [ActivityKind.PHONE_CALL] * 20 + [ActivityKind.INSTITUTION_CONTACT] * 10 + \
        [ActivityKind.OTHER] * 6
    for _ in range(rng.randrange(1, 7)):
        visited_on = opened_on + timedelta(days=rng.randrange(0, (today - opened_on).days + 1))
        visit = Visit(
            visit_id=UUID(int=rng.getrandbits(128), version=4), visited_on=visited_on,
            minutes=rng.choice([15, 30, 45, 60, 90]), activity=rng.choice(kinds).value,
            place="mieszkanie klienta", notes="Rozmowa o sytuacji rodziny, ustalenia dalszych kroków.",
        )
        version = app.handle(ctx(), RecordVisit(
            folder_id=folder_id, expected_version=version, visit=visit)).version
    interview_id = UUID(int=rng.getrandbits(128), version=4)
    trigger = opened_on + timedelta(days=rng.randrange(0, 10))
    version = app.handle(ctx(), ScheduleInterview(
        folder_id=folder_id, expected_version=version, interview_id=interview_id,
        trigger_date=trigger, urgent=rng.random() < 0.1)).version
    if rng.random() < 0.85:
        conducted_on = min(today, trigger + timedelta(days=rng.randrange(1, 15)))
        app.handle(ctx(), ConductInterview(
            folder_id=folder_id, expected_version=version, interview_id=interview_id,
            conducted_on=conducted_on,
            sections={
            "A": "Gospodarstwo domowe, dane członków rodziny.",
            "H": "Oczekuje wsparcia w prowadzeniu gospodarstwa domowego.",
            "I": "Trudna sytuacja materialna i zdrowotna.",
            "J": "Praca socjalna, rozważenie usług opiekuńczych.",
        }))
        if rng.random() < 0.6:
            _demo_proceeding(app, rng, ctx, folder_id, head_id, team, interview_id,
                             conducted_on, today, payments)


# How far back the demo's applications (and so its payment lists) go.
DEMO_HISTORY_DAYS = 330

# (form, weight): what the demo's applications ask for.
DEMO_FORMS = [("periodic_allowance", 4), ("purpose_allowance", 4), ("permanent_allowance", 1),
              ("care_services", 2)]


def _demo_proceeding(app: Teczka, rng: random.Random, ctx: Callable[[], CommandContext],
                     folder_id: UUID, person_id: UUID, team: str, interview_id: UUID,
                     interviewed: date, today: date, payments: Paying) -> None:
    """An application; most are decided (cash or care, a care grant placing an order with
    MCUS), some still wait for the decision maker."""
    form = rng.choices([f for f, _ in DEMO_FORMS], weights=[w for _, w in DEMO_FORMS])[0]
    # Most applications of the demo are recent, so this year's returns have figures.
    earliest = max(interviewed, today - timedelta(days=DEMO_HISTORY_DAYS))
    filed = earliest + timedelta(days=rng.randrange(0, max(1, (today - earliest).days)))
    proceeding_id = UUID(int=rng.getrandbits(128), version=4)
    number = rng.randrange(1, 9999)
    reference = f"{team.replace('-', '')}.8210.{number}.{filed.year}"
    p = app.handle(ctx(), FileApplication(
        proceeding_id=proceeding_id, folder_id=folder_id, person_id=person_id, form=form,
        applicant="person", filed_on=filed,
        case_reference=reference))
    issued = filed + timedelta(days=rng.randrange(2, 14))
    if issued > today or rng.random() < 0.25:
        return  # pending: the decision maker's worklist
    # The interview updated for this application (art. 106 ust. 4: each proceeding its own).
    app.handle(ctx(), UpdateInterview(
        folder_id=folder_id, expected_version=app.version_of(folder_id),
        interview_id=interview_id, updated_on=filed + timedelta(days=1),
        sections={"I": "Aktualizacja wywiadu do wniosku."}))
    grant = rng.random() < 0.85
    care = cash = None
    if grant and form == "care_services":
        weekdays = tuple(sorted(rng.sample(range(1, 6), 3)))
        care = CareTerms(
            tasks=("meals", "shopping", "cleaning"), hours_per_day=Decimal(2),
            hours_per_week=Decimal(6), weekdays=weekdays, period_from=issued + timedelta(days=3),
            period_to=issued + timedelta(days=183), place="mieszkanie klienta",
            provider_id="MCUS", hourly_cost=Decimal("31.50"), fee_share_percent=Decimal(10))
    granted = Granted(None)
    if grant and form != "care_services":
        # The household's income of the month before (art. 8), then the law's amount.
        declare_incomes(app, ctx, folder_id, app.version_of(folder_id), filed, rng)
        granted = granted_amount(app, folder_id, person_id, form, filed, rng)
        grant = granted.amount is not None
    if grant and granted.amount is not None:
        periodic = form == "periodic_allowance"
        cash = CashTerms(amount=granted.amount, period_from=issued,
                         period_to=issued + timedelta(days=89) if periodic else None,
                         installments=3 if periodic else 1)
    decision_maker = User.id_for("jan.decyzja")
    decision_id = UUID(int=rng.getrandbits(128), version=4)
    decide = _ctx(rng, decision_maker, Role.DECISION_MAKER.value, "MOPS")
    issued_decision = app.handle(decide, IssueDecision(
        proceeding_id=proceeding_id, expected_version=p.version,
        decision_id=decision_id,
        outcome="grant" if grant else "refuse",
        reasons=rng.choice([("1",), ("1", "4"), ("6",), ("5", "6"), ("9",)]),
        legal_basis="art. 106 ustawy o pomocy społecznej",
        signatory="z up. Prezydenta Wrocławia", issued_on=issued, care=care, cash=cash,
        notes=CareNotes(access_notes="Domofon nie działa, proszę dzwonić.",
                        health_notes="Porusza się o kuli.") if care else None,
        amount_justification=granted.justification))
    # Delivered a few days later (a cash benefit is paid once its decision is delivered).
    delivered = issued + timedelta(days=3)
    if not grant or delivered > today:
        return
    app.handle(_ctx(payments.rng, decision_maker, Role.DECISION_MAKER.value, "MOPS"),
               RecordDelivery(proceeding_id=proceeding_id,
                              expected_version=issued_decision.version,
                              delivered_on=delivered))
    if cash is not None:
        payments.city.granted(CashDecision(
            decision_id=decision_id, proceeding_id=proceeding_id, folder_id=folder_id,
            member_id=person_id, case_reference=reference,
            form=form, cash=cash, delivered_on=delivered, final_on=None))
