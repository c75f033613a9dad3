"""A synthetic Wrocław: 10 ZTPS teams, their social workers, MCUS caregivers and a year of
work on ~9,568 families, written through the same use cases as real work.

Sizes follow the city (191 workers with 35–62 open folders each, ~300 caregivers) and scale
down for tests (`scale`). Deterministic for a seed and a `today`: the same commands in the
same order (stored ciphertext, the password salt and recording times differ; the read
models are equal but for recording times).
"""

from __future__ import annotations

import functools
import random
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from domain.benefit_terms import DaysTerms
from domain.benefits import days_cost
from domain.care import CARE_TASKS, CareTerms, CashTerms
from domain.care_visits import ScheduleSlot
from domain.help import DAYS_FORMS, form_info
from domain.household import Address, Member
from domain.identifiers import WROCLAW_DISTRICTS, Pesel
from domain.office_day import POLAND, today_in_poland
from domain.payments import CashDecision
from domain.social_work import Visit
from domain.user import Role, User
from services.care.commands import (
    AcceptOrder,
    AssignCaregiver,
    CloseMonth,
    CompleteCareVisit,
    RaiseObservation,
    SetSchedule,
    StartCareVisit,
)
from services.casework.commands import (
    AddMember,
    ConductInterview,
    MemberLeaves,
    OpenFolder,
    RecordMemberDeath,
    RecordVisit,
    ScheduleInterview,
    SignSocialContract,
    UpdateInterview,
)
from services.commands import CommandContext
from services.proceedings.commands import (
    CareNotes,
    FileApplication,
    IssueDecision,
    MarkFinal,
    RecordDelivery,
)
from services.proceedings.handoff import order_id_for
from services.synthetic.demo import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES
from services.synthetic.incomes import Granted, declare_incomes, granted_amount
from services.synthetic.payments import CityPayments
from services.synthetic.providers import register_city_providers
from services.system import TeczkaSystem
from services.teczka import Teczka
from services.users.commands import RegisterUser

CITY_PASSWORD = "teczka-miasto-2026"  # noqa: S105 -- synthetic users of a test city
SYSTEM_ACTOR = UUID(int=0)
FULL_FOLDERS = 9568
FULL_WORKERS = 191
FULL_CAREGIVERS = 300
# One save (transaction) per this many families' commands: see `generate_city`.
FAMILIES_PER_SAVE = 10
# A batch reads the receipts of its coming commands this many at a time (~540 a batch).
READ_AHEAD = 512
# Two teams per district: 10 ZTPS teams over the city's 5 districts.
TEAMS = [(f"ZTPS-{n + 1}", teryt) for n, teryt in enumerate(sorted(WROCLAW_DISTRICTS) * 2)]


@dataclass(frozen=True)
class CitySize:
    folders: int = FULL_FOLDERS
    workers: int = FULL_WORKERS
    caregivers: int = FULL_CAREGIVERS

    @classmethod
    def scaled(cls, scale: float, folders: int | None = None) -> CitySize:
        """The city at `scale`; an explicit folder count scales workers and caregivers too."""
        if folders is not None:
            scale = folders / FULL_FOLDERS
        return cls(folders=max(len(TEAMS), round(folders or FULL_FOLDERS * scale)),
                   workers=max(len(TEAMS), round(FULL_WORKERS * scale)),
                   caregivers=max(2, round(FULL_CAREGIVERS * scale)))


@dataclass
class CityReport:
    """What was generated, for the progress line, tests and the benchmark."""

    users: int = 0
    folders: int = 0
    members: int = 0
    commands: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    activities: dict[str, int] = field(default_factory=dict)
    decisions: dict[str, int] = field(default_factory=dict)
    loads: list[int] = field(default_factory=list)
    payments: dict[str, int] = field(default_factory=dict)

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n
        self.commands += n


Progress = Callable[[int, int], None]


@contextmanager
def progress_bar(label: str = "families") -> Iterator[Progress]:
    """A `rich` progress bar (typer brings rich along) or, without it, a line per 5%."""
    try:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bar
    except ImportError:
        step = [0]

        def lines(done: int, total: int) -> None:
            if done * 20 // total > step[0] or done == total:
                step[0] = done * 20 // total
                print(f"{label}: {done}/{total}", flush=True)

        yield lines
        return
    with Bar(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
             TimeRemainingColumn()) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


class CommandIds:
    """The city's command ids in order, from a seeded stream of their own, so that the ids
    of the commands to come are known before they run: a batch reads their receipts
    (`CommandApplication.expect_commands`) in one query per `READ_AHEAD` commands instead
    of one per command. The same seed gives the same ids, so a second run of a seed into
    the same store is answered as retries and writes nothing twice."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"teczka-city-commands-{seed}")  # noqa: S311 -- repeatable
        self._coming: deque[UUID] = deque()
        self._app: Teczka | None = None
        self._expected = 0

    @contextmanager
    def expected_by(self, app: Teczka) -> Iterator[None]:
        """While the app's batch is open, tell it of the commands to come."""
        self._app, self._expected = app, 0
        try:
            yield
        finally:
            self._app = None

    def next(self) -> UUID:
        if self._app is not None:
            if self._expected == 0:
                while len(self._coming) < READ_AHEAD:
                    self._coming.append(self._draw())
                self._app.expect_commands(self._coming)
                self._expected = READ_AHEAD
            self._expected -= 1
        return self._coming.popleft() if self._coming else self._draw()

    def _draw(self) -> UUID:
        return UUID(int=self._rng.getrandbits(128), version=4)


@dataclass(frozen=True)
class _Actor:
    id: UUID
    role: str
    unit: str

    def ctx(self, ids: CommandIds) -> CommandContext:
        return CommandContext(command_id=ids.next(), actor_id=self.id, role=self.role,
                              unit=self.unit)


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _caseloads(rng: random.Random, total: int, workers: int) -> list[int]:
    """Folders per worker: 35–62 each (the city's range), adding up to `total`."""
    low, high = (35, 62) if 35 * workers <= total <= 62 * workers else (0, total)
    loads = [rng.randint(low, high) if high < total else total // workers
             for _ in range(workers)]
    while (gap := total - sum(loads)) != 0:
        i = rng.randrange(workers)
        step = 1 if gap > 0 else -1
        if low <= loads[i] + step <= high:
            loads[i] += step
    return loads


def generate_city(system: TeczkaSystem, *, seed: int = 1, size: CitySize | None = None,
                  today: date | None = None, progress: Progress | None = None,
                  families_per_save: int = FAMILIES_PER_SAVE,
                  hasher: Callable[[str], str] | None = None) -> CityReport:
    """Register the city's users, then open and work each family's folder for a year.

    Every command goes through its use case; the commands of `families_per_save` families
    (0: each command on its own) are saved together in one transaction, as a batch
    (`CommandApplication.batched`): the same receipts and metadata, far fewer commits.
    `hasher` hashes the one city password (default: the app's, computed once).
    """
    app = system.app
    busy, hashing = app.caregiver_orders, app.password_hasher
    # The overlap rule finds a caregiver's orders in the read models, which are not built
    # while the city is written; the generator gives each of a caregiver's orders its own
    # hours.
    app.caregiver_orders = None
    # Likewise the folders opened before PESELs were claimed: there are none in a new city.
    holding, app.open_folders_holding = app.open_folders_holding, None
    # Every synthetic user has the same password: hash it once (argon2, full strength)
    # rather than once per user, ~0.2 s each.
    app.password_hasher = hasher or functools.lru_cache(maxsize=4)(hashing)
    try:
        return _generate(app, seed, size or CitySize(), today or today_in_poland(), progress,
                         families_per_save)
    finally:
        app.caregiver_orders = busy
        app.open_folders_holding = holding
        app.password_hasher = hashing


@contextmanager
def _together(app: Teczka, ids: CommandIds, batched: bool) -> Iterator[None]:
    """The block's commands saved as one batch that knows their ids ahead, or one by one."""
    if not batched:
        yield
        return
    with app.batched(), ids.expected_by(app):
        yield


def _generate(app: Teczka, seed: int, size: CitySize, today: date,
              progress: Progress | None, families_per_save: int) -> CityReport:
    rng = random.Random(seed)  # noqa: S311 -- seeded for repeatability, not secrecy
    ids = CommandIds(seed)
    report = CityReport()
    admin = _Actor(SYSTEM_ACTOR, Role.ADMIN.value, "IT")

    def register(username: str, name: str, role: Role, unit: str) -> _Actor:
        app.handle(admin.ctx(ids), RegisterUser(
            username=username, display_name=name, role=role.value, unit=unit,
            password=CITY_PASSWORD))
        report.users += 1
        report.count("register_user")
        return _Actor(User.id_for(username), role.value, unit)

    workers: list[tuple[_Actor, str]] = []
    managers: list[_Actor] = []
    with _together(app, ids, families_per_save > 0):
        for (team, teryt), count in zip(TEAMS, _split(size.workers, len(TEAMS)), strict=True):
            managers.append(register(f"kierownik.{team.lower()}", f"Kierownik {team}",
                                     Role.MANAGER, team))
            for n in range(count):
                worker = register(f"pracownik.{team.lower()}.{n + 1}",
                                  f"Pracownik {team} {n + 1}", Role.SOCIAL_WORKER, team)
                workers.append((worker, teryt))
        decision_maker = register("decyzje.mops", "Dział Decyzji MOPS", Role.DECISION_MAKER,
                                  "MOPS")
        coordinator = register("koordynator.mcus", "Koordynator MCUS", Role.MCUS_COORDINATOR,
                               "MCUS")
        caregivers = [register(f"opiekun.mcus.{n + 1}", f"Opiekun MCUS {n + 1}",
                               Role.CAREGIVER, "MCUS") for n in range(size.caregivers)]
        register_city_providers(app, lambda: admin.ctx(ids))
    payments = CityPayments.for_seed(seed)
    activity = CityActivity(app, rng, ids, today, report, decision_maker, coordinator,
                            caregivers, payments)
    # Workers carry 35–62 open folders at full size; the split keeps every worker's load
    # within a few folders of the mean (9,568 / 191 ≈ 50).
    loads = report.loads = _caseloads(rng, size.folders, len(workers))
    families = [family for family, load in zip(workers, loads, strict=True)
                for _ in range(load)]
    step = families_per_save or len(families)
    for first in range(0, len(families), step):
        with _together(app, ids, families_per_save > 0):
            for done, (worker, teryt) in enumerate(families[first:first + step], first + 1):
                activity.family(worker, teryt)
                if progress is not None:
                    progress(done, size.folders)
    # The year's payment lists, city-wide, approved by the first team's manager: each list
    # is one transaction of its own (a month's BenefitPaid events), in either saving mode.
    payer = managers[0]
    payments.pay(app, lambda: payer.ctx(ids), activity.year_start, today)
    report.payments = payments.summary()
    report.count("build_payment_list", payments.lists)
    report.count("approve_payment_list", payments.lists)
    report.count("reverse_payment", payments.reversed)
    report.count("record_bank_account", len(payments.accounts))
    return report




# -- a year of one family's case ---------------------------------------------------------

STREETS = {
    "0264029": ["Legnicka", "Grabiszyńska", "Kosmonautów", "Strzegomska", "Niedźwiedzia"],
    "0264039": ["Powstańców Śląskich", "Borowska", "Ślężna", "Gajowicka", "Hallera"],
    "0264049": ["Kasprowicza", "Żmigrodzka", "Sołtysowicka", "Kiełczowska", "Bierutowska"],
    "0264059": ["Ruska", "Kazimierza Wielkiego", "Świdnicka", "Mikołaja", "Włodkowica"],
    "0264069": ["Jedności Narodowej", "Nowowiejska", "Traugutta", "Pomorska", "Kręta"],
}
# DOMAIN.md: home visits are the largest share of social work time (~44%).
ACTIVITIES = (["home_visit"] * 44 + ["office_meeting"] * 20 + ["phone_call"] * 20
              + ["institution_contact"] * 10 + ["other"] * 6)
# (form, weight); care forms place an MCUS order, cash forms carry cash terms.
FORMS = [("purpose_allowance", 36), ("periodic_allowance", 20), ("permanent_allowance", 8),
         ("care_services", 9), ("specialist_care_services", 2), ("meal", 16),
         ("shelter", 4), ("day_care_home", 2), ("natural_disaster_allowance", 2)]
CASH_FORMS = {"purpose_allowance", "periodic_allowance", "permanent_allowance",
              "natural_disaster_allowance"}
CARE_FORMS = {"care_services", "specialist_care_services", "day_care_home"}
REASONS = ["1", "4", "5", "6", "8", "9", "13", "14"]
# MRPiPS-03 layout "2026" counts these apart: a decision citing point 13 or 14 cites, by its
# id (no draw of its own, so the city stays the same otherwise), the point itself or one of
# the refinements; a purpose allowance's legal basis says what it is for (a random event,
# health care, or any other need).
REFINEMENTS = {"13": ("13", "13_alcoholism", "13_drugs"),
               "14": ("14", "14_random_event", "14_crisis")}
PURPOSE_BASES = ("art. 39 ust. 1 ustawy o pomocy społecznej",
                 "art. 40 ust. 1 ustawy o pomocy społecznej (zdarzenie losowe)",
                 "art. 39 ust. 2 ustawy o pomocy społecznej (leczenie)")


# A periodic allowance is granted "in particular" for long-term illness, disability or
# unemployment (art. 38 ust. 1): most cite one of them, again by the decision's id.
PERIODIC_REASONS = ("4", "5", "6", "4", "5", "6", None)


def refined(reasons: tuple[str, ...], decision_id: UUID, form: str) -> tuple[str, ...]:
    pick = decision_id.int % 3
    found = tuple(REFINEMENTS[r][pick] if r in REFINEMENTS else r for r in reasons)
    periodic = PERIODIC_REASONS[decision_id.int % len(PERIODIC_REASONS)]
    if form == "periodic_allowance" and periodic is not None and periodic not in found:
        found += (periodic,)
    return found


def legal_basis_of(form: str, decision_id: UUID) -> str:
    if form == "purpose_allowance":
        return PURPOSE_BASES[decision_id.int % len(PURPOSE_BASES)]
    return "art. 106 ustawy o pomocy społecznej"
SECTIONS = {
    "A": "Gospodarstwo domowe, dane członków rodziny.",
    "H": "Oczekuje wsparcia w prowadzeniu gospodarstwa domowego.",
    "I": "Trudna sytuacja materialna i zdrowotna.",
    "J": "Praca socjalna, rozważenie świadczeń i usług.",
}
WARSAW = POLAND  # the office's zone (domain/office_day.py)


class CityActivity:
    """Opens one family's folder and works it for up to a year, command by command."""

    def __init__(self, app: Teczka, rng: random.Random, ids: CommandIds, today: date,
                 report: CityReport, decision_maker: _Actor, coordinator: _Actor,
                 caregivers: list[_Actor], payments: CityPayments) -> None:
        self.app, self.rng, self.ids, self.today, self.report = app, rng, ids, today, report
        self.year_start = today - timedelta(days=365)
        self.decision_maker, self.coordinator = decision_maker, coordinator
        self.caregivers = caregivers
        self.payments = payments
        self.orders = 0
        self.case_numbers: dict[str, int] = {}
        # One person, one open folder: a PESEL drawn twice is drawn again.
        self.pesels: set[str] = set()

    def _id(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def _day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange(max(1, (end - start).days + 1)))

    def _person(self, relation: str, born: date) -> Member:
        rng = self.rng
        female = rng.random() < 0.55
        stem = rng.choice(LAST_NAMES)
        last = stem + ("a" if female else "i") if stem.endswith("sk") else stem
        member_id = self._id()
        first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
        pesel = Pesel.make(born, rng.randrange(1000), "F" if female else "M").value
        while pesel in self.pesels:
            pesel = Pesel.make(born, rng.randrange(1000), "F" if female else "M").value
        self.pesels.add(pesel)
        return Member.create(member_id=member_id, relation=relation, last_name=last,
                             first_name=first, pesel=pesel)

    def family(self, worker: _Actor, teryt: str) -> None:
        rng, ids, today, report = self.rng, self.ids, self.today, self.report
        app = self.app
        folder_id = self._id()
        # Most open folders predate the year generated; their work in it is what is written.
        opened_on = today - timedelta(days=rng.randrange(14, 365 * 4))
        start = max(opened_on, self.year_start)
        address = Address.create(
            street=rng.choice(STREETS[teryt]), building=str(rng.randrange(1, 140)),
            flat=str(rng.randrange(1, 40)) if rng.random() < 0.8 else None,
            postal_code=f"5{rng.randrange(0, 4)}-{rng.randrange(100, 999)}",
            city="Wrocław", teryt=teryt)
        head = self._person("head", today - timedelta(days=rng.randrange(19 * 365, 92 * 365)))
        v = app.handle(worker.ctx(ids), OpenFolder(
            folder_id=folder_id, team_id=worker.unit, address=address, head=head,
            opened_on=opened_on)).version  # the opener is the folder's worker
        report.folders += 1
        report.members += 1
        report.count("open_folder")
        report.count("assign_folder")
        for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 3, 4])):
            relation = rng.choice(["spouse", "child", "child", "parent", "grandchild"])
            born = today - timedelta(days=rng.randrange(365, 70 * 365))
            # The day they joined, as the worker states it: most lived there before the
            # folder was opened, some moved in during the year (never the day of typing,
            # which left persons in families equal to families; issue #19).
            joined_on = max(born, self._day(opened_on - timedelta(days=3650), opened_on)
                            if rng.random() < 0.85 else self._day(start, today))
            member = self._person(relation, born)
            v = app.handle(worker.ctx(ids), AddMember(
                folder_id=folder_id, expected_version=v, member=member,
                joined_on=joined_on)).version
            report.members += 1
            report.count("add_member")
            # A few leave or die during the year: the return counts them as members up to
            # that day (docs/household.md).
            if rng.random() < 0.08:
                gone = self._day(max(joined_on, start), today)
                if rng.random() < 0.7:
                    v = app.handle(worker.ctx(ids), MemberLeaves(
                        folder_id=folder_id, expected_version=v, member_id=member.member_id,
                        left_on=gone, reason="Wyprowadzka")).version
                    report.count("member_leaves")
                else:
                    v = app.handle(worker.ctx(ids), RecordMemberDeath(
                        folder_id=folder_id, expected_version=v, member_id=member.member_id,
                        died_on=gone)).version
                    report.count("member_died")
        interview_id = self._id()
        trigger = self._day(start, min(today, start + timedelta(days=20)))
        v = app.handle(worker.ctx(ids), ScheduleInterview(
            folder_id=folder_id, expected_version=v, interview_id=interview_id,
            trigger_date=trigger, urgent=rng.random() < 0.1)).version
        conducted = min(today, trigger + timedelta(days=rng.randrange(1, 14)))
        v = app.handle(worker.ctx(ids), ConductInterview(
            folder_id=folder_id, expected_version=v, interview_id=interview_id,
            conducted_on=conducted, sections=SECTIONS)).version
        report.count("schedule_interview")
        report.count("conduct_interview")
        for _ in range(rng.randrange(8, 30)):
            visit = Visit(visit_id=self._id(), visited_on=self._day(start, today),
                          minutes=rng.choice([15, 30, 45, 60, 60, 90, 120]),
                          activity=rng.choice(ACTIVITIES), place="mieszkanie klienta",
                          notes="Rozmowa o sytuacji rodziny, ustalenia dalszych kroków.")
            v = app.handle(worker.ctx(ids), RecordVisit(
                folder_id=folder_id, expected_version=v, visit=visit)).version
            report.count("record_visit")
            report.activities[visit.activity] = report.activities.get(visit.activity, 0) + 1
        for _ in range(rng.choice([0, 1, 1, 1, 2, 2, 3])):
            filed = self._day(conducted, min(today, conducted + timedelta(days=200)))
            if (today - filed).days < 10:
                continue
            v = self._proceeding(worker, folder_id, v, head.member_id, filed, interview_id)
        # art. 108: a social contract with some heads, for a few months of the year.
        if rng.random() < 0.12 and (today - conducted).days > 30:
            signed = self._day(conducted, today - timedelta(days=30))
            app.handle(worker.ctx(ids), SignSocialContract(
                contract_id=self._id(), folder_id=folder_id, member_id=head.member_id,
                signed_on=signed, ends_on=signed + timedelta(days=rng.choice([90, 120, 180])),
                goals="Podjęcie zatrudnienia i uregulowanie zadłużenia czynszowego."))
            report.count("sign_social_contract")
        # art. 107 ust. 4: with permanent help the interview is updated every 6 months.
        updated = conducted + timedelta(days=rng.randrange(150, 182))
        while updated <= today and rng.random() < 0.7:
            v = app.handle(worker.ctx(ids), UpdateInterview(
                folder_id=folder_id, expected_version=v, interview_id=interview_id,
                updated_on=updated,
                sections=SECTIONS | {"I": "Sytuacja bez istotnych zmian."})).version
            report.count("update_interview")
            updated += timedelta(days=rng.randrange(150, 182))

    def _proceeding(self, worker: _Actor, folder_id: UUID, folder_version: int,
                    person_id: UUID, filed: date, interview_id: UUID) -> int:
        rng, ids, app, report = self.rng, self.ids, self.app, self.report
        form = rng.choices([f for f, _ in FORMS], weights=[w for _, w in FORMS])[0]
        number = self.case_numbers[worker.unit] = self.case_numbers.get(worker.unit, 0) + 1
        proceeding_id = self._id()
        reference = f"{worker.unit}.8210.{number}.{filed.year}"
        p = app.handle(worker.ctx(ids), FileApplication(
            proceeding_id=proceeding_id, folder_id=folder_id, person_id=person_id, form=form,
            applicant="person", filed_on=filed,
            case_reference=reference)).version
        report.count("file_application")
        issued = min(self.today, filed + timedelta(days=rng.randrange(3, 21)))
        # Each proceeding needs an interview update made for its application (art. 106
        # ust. 4): on a day between filing and the decision.
        folder_version = app.handle(worker.ctx(ids), UpdateInterview(
            folder_id=folder_id, expected_version=folder_version, interview_id=interview_id,
            updated_on=filed + timedelta(days=rng.randrange(0, (issued - filed).days + 1)),
            sections={"I": "Aktualizacja wywiadu do wniosku."})).version
        report.count("update_interview")
        grant = rng.random() < 0.88
        care = cash = None
        granted = Granted(None)
        if grant and form in CASH_FORMS:
            # The household's income of the month before, as the worker enters it (art. 8).
            folder_version = declare_incomes(app, lambda: worker.ctx(ids), folder_id,
                                             folder_version, filed, rng)
            granted = granted_amount(app, folder_id, person_id, form, filed, rng)
            if form == "natural_disaster_allowance":  # typed, always with the losses stated
                granted = Granted(granted.amount, "Straty po powodzi: zalane mieszkanie.")
            grant = granted.amount is not None
        if grant and form in CASH_FORMS and granted.amount is not None:
            # The account the benefit is to be paid to, given with the application.
            folder_version = self.payments.record_account(
                app, lambda: worker.ctx(ids), folder_id, folder_version, person_id)
            cash = CashTerms(
                amount=granted.amount, period_from=issued,
                period_to=(issued + timedelta(days=89)) if form == "periodic_allowance" else None,
                installments=3 if form == "periodic_allowance" else 1)
        if grant and form in CARE_FORMS:
            weekdays = tuple(sorted(rng.sample(range(1, 6), rng.choice([2, 3, 3, 5]))))
            care = CareTerms(
                tasks=tuple(rng.sample(CARE_TASKS[:8], rng.randrange(2, 5))),
                hours_per_day=Decimal(2), hours_per_week=Decimal(2 * len(weekdays)),
                weekdays=weekdays, period_from=issued + timedelta(days=7),
                period_to=issued + timedelta(days=7 + rng.choice([90, 180, 180, 364])),
                place="mieszkanie klienta", provider_id="MCUS",
                hourly_cost=Decimal("31.50"), fee_share_percent=Decimal(rng.choice([0, 10, 20])))
        days = None
        if grant and form in DAYS_FORMS:  # meals, shelter: days × unit cost (art. 48a–48b)
            count, unit = rng.choice([30, 60, 90]), Decimal(rng.choice(["12.50", "15.00", "60.00"]))
            days = DaysTerms(days=count, unit_cost=unit, amount=days_cost(count, unit).total,
                             period_from=issued, period_to=issued + timedelta(days=count - 1))
        decision_id = self._id()
        p = app.handle(self.decision_maker.ctx(ids), IssueDecision(
            proceeding_id=proceeding_id, expected_version=p, decision_id=decision_id,
            outcome="grant" if grant else "refuse",
            reasons=refined(tuple(sorted(rng.sample(REASONS, rng.choice([1, 1, 2])))),
                            decision_id, form),
            legal_basis=legal_basis_of(form, decision_id),
            signatory="z up. Prezydenta Wrocławia", issued_on=issued, care=care, cash=cash,
            notes=CareNotes(health_notes="Porusza się o kuli.") if care else None,
            amount_justification=granted.justification, days=days)).version
        report.count("issue_decision")
        key = f"{form}:{'grant' if grant else 'refuse'}"
        report.decisions[key] = report.decisions.get(key, 0) + 1
        if grant and form_info(form).permanent:
            # A permanent grant notes the folder too (art. 107 ust. 4): its version moved.
            folder_version = app.version_of(folder_id)
        delivered = issued + timedelta(days=rng.randrange(2, 10))
        final: date | None = None
        if delivered <= self.today:
            p = app.handle(self.decision_maker.ctx(ids), RecordDelivery(
                proceeding_id=proceeding_id, expected_version=p, delivered_on=delivered)).version
            report.count("record_delivery")
            if delivered + timedelta(days=30) <= self.today:
                final = delivered + timedelta(days=30)
                app.handle(self.decision_maker.ctx(ids), MarkFinal(
                    proceeding_id=proceeding_id, expected_version=p, final_on=final))
                report.count("mark_final")
        if cash is not None:
            self.payments.granted(CashDecision(
                decision_id=decision_id, proceeding_id=proceeding_id, folder_id=folder_id,
                member_id=person_id, case_reference=reference,
                form=form, cash=cash, delivered_on=delivered if delivered <= self.today else None,
                final_on=final))
        if care is not None:
            self._care(order_id_for(decision_id), care, issued)
        return folder_version

    def _care(self, order_id: UUID, terms: CareTerms, issued: date) -> None:
        rng, ids, app, report = self.rng, self.ids, self.app, self.report
        coord = self.coordinator
        # Orders go round the caregivers; each of a caregiver's orders gets its own time of
        # day (up to six), so one caregiver's visits never overlap.
        self.orders += 1
        caregiver = self.caregivers[self.orders % len(self.caregivers)]
        slot_start = time(7 + (self.orders // len(self.caregivers) % 6) * 2, 0)
        o = app.handle(coord.ctx(ids), AcceptOrder(
            order_id=order_id, expected_version=1,
            accepted_on=issued + timedelta(days=1))).version
        o = app.handle(coord.ctx(ids), AssignCaregiver(
            order_id=order_id, expected_version=o, caregiver_id=caregiver.id)).version
        slots = tuple(ScheduleSlot(weekday=d, start=slot_start, minutes=120)
                      for d in terms.weekdays)
        o = app.handle(coord.ctx(ids), SetSchedule(
            order_id=order_id, expected_version=o, slots=slots)).version
        report.count("accept_order")
        report.count("assign_caregiver")
        report.count("set_schedule")
        day, last = terms.period_from, min(terms.period_to, self.today - timedelta(days=1))
        while day <= last:
            if day.isoweekday() in terms.weekdays and rng.random() < 0.93:
                visit_id = self._id()
                started = datetime.combine(day, slot_start, WARSAW)
                o = app.handle(caregiver.ctx(ids), StartCareVisit(
                    order_id=order_id, expected_version=o, visit_id=visit_id,
                    started_at=started)).version
                if rng.random() < 0.04:
                    o = app.handle(caregiver.ctx(ids), RaiseObservation(
                        order_id=order_id, expected_version=o, observation_id=self._id(),
                        kind=rng.choice(["health_worsening", "no_food", "fall", "hygiene"]),
                        note="Klientka gorzej się czuje, prosi o kontakt.",
                        raised_at=started)).version
                    report.count("raise_observation")
                ended = started + timedelta(minutes=rng.choice([105, 115, 120, 120, 125]))
                o = app.handle(caregiver.ctx(ids), CompleteCareVisit(
                    order_id=order_id, expected_version=o, visit_id=visit_id, ended_at=ended,
                    tasks_done=terms.tasks)).version
                report.count("care_visit", 2)
            following = day + timedelta(days=1)
            if following.month != day.month and following <= self.today:
                o = app.handle(coord.ctx(ids), CloseMonth(
                    order_id=order_id, expected_version=o, year=day.year, month=day.month,
                    closed_on=following)).version
                report.count("close_month")
            day = following
