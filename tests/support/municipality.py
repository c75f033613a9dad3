"""A small municipality with known decisions, and the MRPiPS-03 figures it must give.

Four households, written through the real use cases: cash and care decisions, a refusal, a
revoked permanent allowance, a rural household, social work and a social contract. The
expected figures below are worked out by hand from the rules in docs/returns.md.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from domain.benefit_terms import DaysTerms, DpsFee, days_cost
from domain.care import CareTerms, CashTerms
from domain.household import Address, Member
from domain.mrpips03 import ReturnPeriod
from domain.mrpips03_rows import SUBROWS
from domain.social_work import Visit
from services.casework.commands import (
    AddMember,
    ConductInterview,
    OpenFolder,
    RecordVisit,
    ScheduleInterview,
    SignSocialContract,
    UpdateInterview,
)
from services.commands import CommandContext
from services.proceedings.commands import CareNotes, FileApplication, IssueDecision, RevokeDecision
from tests.support.builders import valid_pesel
from tests.support.incomes import declare_income
from tests.support.provided import cash_decision, deliver, pay
from tests.support.providers import register_providers

TEAM = "ZTPS-1"
H1_2026 = ReturnPeriod(2026, "H1")
WORKER_ID = uuid.uuid4()


def ctx(role: str = "social_worker", unit: str = TEAM,
        occurred_at: datetime | None = None) -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=WORKER_ID, role=role, unit=unit,
                          occurred_at=occurred_at)


@dataclass
class Household:
    folder_id: uuid.UUID
    members: list[uuid.UUID] = field(default_factory=list)
    proceedings: dict[str, uuid.UUID] = field(default_factory=dict)
    interview_id: uuid.UUID | None = None


@dataclass
class Municipality:
    households: dict[str, Household] = field(default_factory=dict)


def _household(app: Any, name: str, teryt: str, extra_members: int) -> Household:
    folder_id = uuid.uuid4()
    head = Member.create(member_id=uuid.uuid4(), first_name=name, last_name="Kowalska",
                         relation="head", pesel=valid_pesel(date(1950, 1, 1)))
    address = Address.create(street="Ślężna", building="12", flat="3", postal_code="53-111",
                             city="Wrocław", teryt=teryt)
    v = app.handle(ctx(), OpenFolder(
        folder_id=folder_id, team_id=TEAM, address=address, head=head,
        opened_on=date(2025, 12, 1))).version
    household = Household(folder_id, [head.member_id])
    for n in range(extra_members):
        member = Member.create(member_id=uuid.uuid4(), first_name=f"Członek{n}",
                               last_name="Kowalski", relation="child" if n else "spouse",
                               pesel=valid_pesel(date(1960 + 30 * n, 2, 2), "M"))
        # Recorded on the tablet the day the folder was opened.
        opened = datetime(2025, 12, 1, 10, tzinfo=UTC)
        v = app.handle(ctx(occurred_at=opened), AddMember(
            folder_id=folder_id, expected_version=v, member=member)).version
        household.members.append(member.member_id)
    interview_id = household.interview_id = uuid.uuid4()
    v = app.handle(ctx(), ScheduleInterview(
        folder_id=folder_id, expected_version=v, interview_id=interview_id,
        trigger_date=date(2025, 12, 2), urgent=False)).version
    app.handle(ctx(), ConductInterview(
        folder_id=folder_id, expected_version=v, interview_id=interview_id,
        conducted_on=date(2025, 12, 10),
        sections={
        "A": "Rodzina", "H": "Potrzeby", "I": "Diagnoza", "J": "Plan pomocy"}))
    return household


def _visit(app: Any, household: Household, on: date) -> None:
    v = app.repository.get(household.folder_id).version
    app.handle(ctx(), RecordVisit(
        folder_id=household.folder_id, expected_version=v,
        visit=Visit(
        visit_id=uuid.uuid4(), visited_on=on, minutes=60, activity="home_visit",
        place="mieszkanie", notes="Rozmowa")))


def _decide(app: Any, household: Household, key: str, person: uuid.UUID, form: str, *,
            filed: date, issued: date, outcome: str = "grant", reasons: tuple[str, ...],
            care: CareTerms | None = None, cash: CashTerms | None = None,
            income: Decimal | None = None, legal_basis: str = "art. 106",
            days: DaysTerms | None = None, dps_fee: DpsFee | None = None) -> None:
    """`income`: the household's income of the month before the application (art. 8),
    declared on its head (the others: 0 zł), which a cash grant needs."""
    if income is not None:
        declare_income(app, household.folder_id, household.members, filed, income)
    proceeding_id = uuid.uuid4()
    number = len(household.proceedings) + 1
    filed_result = app.handle(ctx(), FileApplication(
        proceeding_id=proceeding_id, folder_id=household.folder_id, person_id=person, form=form,
        applicant="person", filed_on=filed,
        case_reference=f"ZTPS1.8210.{number}{abs(hash(key)) % 1000}.2026"))
    # Each proceeding needs an interview update made for its application (art. 106 ust. 4).
    app.handle(ctx(), UpdateInterview(
        folder_id=household.folder_id,
        expected_version=app.repository.get(household.folder_id).version,
        interview_id=household.interview_id, updated_on=filed, sections={"I": "Bez zmian."}))
    app.handle(ctx("decision_maker", "MOPS"), IssueDecision(
        proceeding_id=proceeding_id, expected_version=filed_result.version,
        decision_id=uuid.uuid4(), outcome=outcome, reasons=reasons, legal_basis=legal_basis,
        signatory="z up. Prezydenta Wrocławia", issued_on=issued, care=care, cash=cash,
        notes=CareNotes(health_notes="—") if care else None,
        amount_justification="Potrzeba ustalona w wywiadzie" if cash else "", days=days,
        dps_fee=dps_fee))
    household.proceedings[key] = proceeding_id


def build_municipality(app: Any, deliver_care: bool = True) -> Municipality:
    """Write the known municipality through the application's use cases. Without
    `deliver_care` B's caregiver makes no visits (a check-in reads the read models, which a
    system without running projections does not bring up): its care then counts nothing."""
    town = Municipality()
    register_providers(app)
    a = town.households["A"] = _household(app, "Anna", "0264029", 2)  # Fabryczna: 3 persons
    b = town.households["B"] = _household(app, "Barbara", "0223022", 1)  # rural: 2 persons
    c = town.households["C"] = _household(app, "Cecylia", "0264039", 0)  # Krzyki: 1 person
    d = town.households["D"] = _household(app, "Dorota", "0264059", 0)
    _decide(app, a, "periodic", a.members[0], "periodic_allowance", filed=date(2026, 2, 1),
            issued=date(2026, 2, 5), reasons=("1", "4"),
            cash=CashTerms(amount=Decimal("500.00"), period_from=date(2026, 2, 10),
                           period_to=date(2026, 5, 9), installments=3),
            income=Decimal(1500))  # family gap 2,469 − 1,500 = 969: 500 is within 484.50–969
    _decide(app, a, "purpose", a.members[1], "purpose_allowance", filed=date(2026, 2, 20),
            issued=date(2026, 2, 25), reasons=("1",),
            cash=CashTerms(amount=Decimal("300.00"), period_from=date(2026, 3, 1),
                           period_to=None, installments=1))
    _decide(app, b, "care", b.members[0], "care_services", filed=date(2026, 5, 10),
            issued=date(2026, 5, 20), reasons=("5", "6"),
            care=CareTerms(tasks=("meals", "shopping"), hours_per_day=Decimal(2),
                           hours_per_week=Decimal(4), weekdays=(1, 3),
                           period_from=date(2026, 6, 1), period_to=date(2026, 12, 31),
                           place="mieszkanie", provider_id="MCUS",
                           hourly_cost=Decimal("30.00"), fee_share_percent=Decimal(0)))
    _decide(app, b, "permanent", b.members[1], "permanent_allowance", filed=date(2026, 3, 20),
            issued=date(2026, 3, 25), reasons=("5",),
            cash=CashTerms(amount=Decimal("700.00"), period_from=date(2026, 4, 1),
                           period_to=None, installments=1),
            income=Decimal(246))  # art. 37: 823 − 246 / 2 = 700
    p = app.repository.get(b.proceedings["permanent"])
    app.handle(ctx("decision_maker", "MOPS"), RevokeDecision(
        proceeding_id=p.id, expected_version=p.version, revoked_on=date(2026, 6, 15),
        reason="Podjęcie pracy"))
    _decide(app, c, "refused", c.members[0], "periodic_allowance", filed=date(2026, 4, 1),
            issued=date(2026, 4, 8), outcome="refuse", reasons=("1",))
    _visit(app, a, date(2026, 1, 15))
    _visit(app, c, date(2026, 3, 3))
    _visit(app, c, date(2026, 3, 20))
    _visit(app, d, date(2026, 7, 2))
    app.handle(ctx(), SignSocialContract(
        contract_id=uuid.uuid4(), folder_id=c.folder_id, member_id=c.members[0],
        signed_on=date(2026, 3, 1), ends_on=date(2026, 8, 31), goals="Podjęcie zatrudnienia"))
    # What was provided: a payment list on the 10th of each month pays what fell due (the
    # permanent allowance's July instalment dropped by the revocation), and B's caregiver
    # comes on the ordered Mondays and Wednesdays of June for 2 hours; June is settled.
    cash = [cash_decision(app, h.proceedings[key])
            for h, key in ((a, "periodic"), (a, "purpose"), (b, "permanent"))]
    settled: set[uuid.UUID] = set()
    for month in range(2, 8):
        pay(app, date(2026, month, 10), cash, settled)
    decision_id = app.repository.get(b.proceedings["care"]).decision.decision_id
    if deliver_care:
        deliver(app, decision_id,
                [date(2026, 6, d) for d in (1, 3, 8, 10, 15, 17, 22, 24, 29)],
                close=[(2026, 6)])
    return town


def _cell(persons=0, benefits=0, amount="0.00", families=0, family_persons=0) -> dict:
    return {"persons": persons, "benefits": benefits, "amount": amount, "families": families,
            "family_persons": family_persons}


def _families(families=0, persons=0, rural_families=0, rural_persons=0) -> dict:
    return {"families": families, "family_persons": persons, "rural_families": rural_families,
            "rural_family_persons": rural_persons}


def expected_h1_2026(forms: tuple[str, ...], reasons: tuple[str, ...]) -> dict[str, Any]:
    """The first half of 2026, counted by hand.

    What was provided. Periodic allowance to A: paid 10 Feb, 10 Mar, 10 Apr → 3 × 500.00.
    Purpose allowance to A's spouse: paid 10 Mar, 1 × 300.00. Care to B: visits of 2 h on
    the Mondays and Wednesdays of June 2026 (1, 3, 8, 10, 15, 17, 22, 24, 29), settled → 18 h
    × 30.00. Permanent allowance to B's spouse, revoked from 15 June: paid 10 Apr, 10 May,
    10 Jun → 3 × 700.00. C's refusal counts nowhere. Social work: A (January), C (March);
    D's visit is in July.
    """
    benefits: dict[str, Any] = {f: {"commissioned": _cell(), "own": _cell()} for f in forms}
    benefits["periodic_allowance"]["own"] = _cell(1, 3, "1500.00", 1, 3)
    benefits["purpose_allowance"]["own"] = _cell(1, 1, "300.00", 1, 3)
    benefits["care_services"]["own"] = _cell(1, 18, "540.00", 1, 2)
    benefits["permanent_allowance"]["own"] = _cell(1, 3, "2100.00", 1, 2)
    # Layout "2026". B was two persons when the permanent allowance was decided (25 March):
    # in a family; 9% of each month's 700.00 paid is its health contribution. A's periodic
    # allowance cites point 4: unemployment. Cash: A's two allowances and B's permanent one.
    for row in SUBROWS:
        benefits[row] = {"commissioned": _cell(), "own": _cell()}
    benefits["permanent_allowance_in_family"]["own"] = _cell(1, 3, "2100.00", 1, 2)
    benefits["health_contributions"]["own"] = _cell(1, 3, "189.00", 1, 2)
    benefits["periodic_allowance_unemployment"]["own"] = _cell(1, 3, "1500.00", 1, 3)
    benefits["cash_total"]["own"] = _cell(3, 7, "3900.00", 2, 5)
    benefits["non_cash_total"]["own"] = _cell(1, 18, "540.00", 1, 2)
    benefits["total"] = {"persons": 4, "families": 2, "family_persons": 5}
    by_reason = {code: _families() for code in reasons}
    by_reason["1"] = _families(1, 3)
    by_reason["4"] = _families(1, 3)
    by_reason["5"] = _families(1, 2, 1, 2)
    by_reason["6"] = _families(1, 2, 1, 2)
    return {
        "benefits": benefits,
        "reasons": by_reason,
        "social_work": _families(2, 4),
        "social_contracts": {"contracts": 1, "persons": 1, "families": 1},
        # A: three persons, one of them recorded as the head's child; B: two persons.
        "family_types": {name: {"families": n, "family_persons": p} for name, (n, p) in {
            "all": (2, 5), "persons_1": (0, 0), "persons_2": (1, 2), "persons_3": (1, 3),
            "persons_4": (0, 0), "persons_5": (0, 0), "persons_6_plus": (0, 0),
            "with_children": (1, 3), "children_1": (1, 3), "children_2": (0, 0),
            "children_3": (0, 0), "children_4_plus": (0, 0)}.items()},
    }


def add_late_spouse(app: Any, town: Municipality, joined_on: date) -> uuid.UUID:
    """C's husband, typed with the day he was typed (`joined_on`, after June 2026) although
    he lived there all along, and granted a special purpose allowance in March 2026 like C:
    the return then counts 2 persons granted in a family of 1 (issue #19)."""
    c = town.households["C"]
    spouse = Member.create(member_id=uuid.uuid4(), first_name="Cezary", last_name="Kowalski",
                           relation="spouse", pesel=valid_pesel(date(1955, 3, 3), "M"))
    app.handle(ctx(), AddMember(folder_id=c.folder_id,
                                expected_version=app.repository.get(c.folder_id).version,
                                member=spouse, joined_on=joined_on))
    c.members.append(spouse.member_id)
    for key, person in (("c_special", c.members[0]), ("spouse_special", spouse.member_id)):
        _decide(app, c, key, person, "special_purpose_allowance", filed=date(2026, 3, 2),
                issued=date(2026, 3, 5), reasons=("1",),
                cash=CashTerms(amount=Decimal("200.00"), period_from=date(2026, 3, 10),
                               period_to=None, installments=1),
                income=Decimal(600))
    pay(app, date(2026, 3, 16), [cash_decision(app, c.proceedings[key])
                                 for key in ("c_special", "spouse_special")], set())
    return spouse.member_id


def add_flood_allowance(app: Any, town: Municipality) -> None:
    """D's purpose allowance after the May 2026 flood, filed as a purpose allowance and
    granted under art. 40 ust. 2: a commissioned task (art. 18 ust. 1 pkt 4)."""
    d = town.households["D"]
    _decide(app, d, "flood", d.members[0], "purpose_allowance", filed=date(2026, 5, 18),
            issued=date(2026, 5, 20), reasons=("15",), legal_basis="art. 40 ust. 2 i 3",
            cash=CashTerms(amount=Decimal("2000.00"), period_from=date(2026, 5, 25),
                           period_to=None, installments=1),
            income=Decimal(500))
    pay(app, date(2026, 5, 26), [cash_decision(app, d.proceedings["flood"])], set())


def add_meals_decided_before_the_year(app: Any, town: Municipality) -> None:
    """D's 30 dinners for January 2026 at 15.00 zł, decided on 20 December 2025: counted in
    2026 by their days (30 × 15.00), not dropped for being decided before the period."""
    d = town.households["D"]
    _decide(app, d, "meals", d.members[0], "meal", filed=date(2025, 12, 15),
            issued=date(2025, 12, 20), reasons=("2",), income=Decimal(500),
            days=DaysTerms(days=30, unit_cost=Decimal("15.00"),
                           amount=days_cost(30, Decimal("15.00")).total,
                           period_from=date(2026, 1, 1), period_to=date(2026, 1, 30)))
