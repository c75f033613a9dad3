"""Generated households — members joining, leaving and dying — with cash, care and meal
grants to their heads, payments (some reversed) and caregivers' visits (some months
settled): the returns projection equals the independent recount from the log, now and as of
a moment before the reversals, and the figures break no rule of the form (docs/returns.md,
"The form's consistency rules")."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.benefit_terms import DaysTerms
from domain.care import CareTerms, CashTerms
from domain.household import Address, Member
from domain.mrpips03 import ReturnPeriod
from domain.mrpips03_checks import check_figures
from domain.payments import CashDecision
from services.casework.commands import (
    AddMember,
    ConductInterview,
    MemberLeaves,
    OpenFolder,
    RecordMemberDeath,
    ScheduleInterview,
    UpdateInterview,
)
from services.proceedings.commands import CareNotes, FileApplication, IssueDecision
from services.returns.recount import recount
from services.synthetic.incomes import granted_amount
from tests.support.builders import valid_pesel
from tests.support.depth import examples
from tests.support.incomes import declare_income
from tests.support.municipality import ctx
from tests.support.provided import cash_decision, deliver, pay, reverse
from tests.support.providers import register_providers

PERIODS = (ReturnPeriod(2025, "Y"), ReturnPeriod(2026, "H1"), ReturnPeriod(2026, "Y"))
START = date(2025, 3, 1)
LAST_PAYMENT = date(2026, 11, 30)
URBAN, RURAL = "0264029", "0223022"

member = st.tuples(st.integers(-400, 500), st.sampled_from([None, "left", "died"]),
                   st.integers(0, 400))
grant = st.fixed_dictionaries({
    "form": st.sampled_from(["periodic_allowance", "purpose_allowance", "care_services",
                             "meal"]),
    "issued": st.integers(10, 560),
    "payments": st.lists(st.integers(0, 8), max_size=4, unique=True),  # months after issue
    "reversed": st.lists(st.booleans(), max_size=4),
    "visits": st.lists(st.integers(0, 120), max_size=8, unique=True),  # days after start
    "settle": st.booleans(),
})
household = st.fixed_dictionaries({"rural": st.booleans(),
                                   "members": st.lists(member, max_size=3),
                                   "grants": st.lists(grant, min_size=1, max_size=3)})


class Town:
    """One system's households across the examples; a payment list's date is used once."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.list_dates: set[date] = set()
        register_providers(app, "MCUS")

    def folder(self, rural: bool) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
        app, folder_id = self.app, uuid.uuid4()
        head = Member.create(member_id=uuid.uuid4(), first_name="Ala", last_name="Nowak",
                             relation="head", pesel=valid_pesel())
        v = app.handle(ctx(), OpenFolder(
            folder_id=folder_id, team_id="ZTPS-1", head=head, opened_on=START,
            address=Address.create(street="Polna", building="1", flat=None,
                                   postal_code="55-100", city="Wieś",
                                   teryt=RURAL if rural else URBAN))).version
        interview = uuid.uuid4()
        v = app.handle(ctx(), ScheduleInterview(
            folder_id=folder_id, expected_version=v, interview_id=interview,
            trigger_date=START, urgent=False)).version
        app.handle(ctx(), ConductInterview(
            folder_id=folder_id, expected_version=v, interview_id=interview,
            conducted_on=START + timedelta(days=3),
            sections={"A": "a", "H": "h", "I": "i", "J": "j"}))
        return folder_id, head.member_id, interview

    def member(self, folder_id: uuid.UUID, joined: int, gone: str | None,
               after: int) -> uuid.UUID:
        app = self.app
        joined_on = START + timedelta(days=joined)
        someone = Member.create(member_id=uuid.uuid4(), first_name="Ola", last_name="Nowak",
                                relation="child", pesel=valid_pesel())
        v = app.handle(ctx(), AddMember(
            folder_id=folder_id, expected_version=app.repository.get(folder_id).version,
            member=someone, joined_on=joined_on)).version
        on = min(joined_on + timedelta(days=after), LAST_PAYMENT)
        if gone == "left":
            app.handle(ctx(), MemberLeaves(folder_id=folder_id, expected_version=v,
                                           member_id=someone.member_id, left_on=on,
                                           reason="wyprowadzka"))
        elif gone == "died":
            app.handle(ctx(), RecordMemberDeath(folder_id=folder_id, expected_version=v,
                                                member_id=someone.member_id, died_on=on))
        return someone.member_id

    def grant(self, folder_id: uuid.UUID, members: list[uuid.UUID], interview: uuid.UUID,
              plan: dict[str, Any]) -> uuid.UUID:
        """A grant to the head (`members[0]`): the head is in the family from the folder's
        opening and never leaves, so every rule of the form must hold."""
        head = members[0]
        app, form = self.app, plan["form"]
        issued = START + timedelta(days=plan["issued"])
        proceeding_id = uuid.uuid4()
        p = app.handle(ctx(), FileApplication(
            proceeding_id=proceeding_id, folder_id=folder_id, person_id=head, form=form,
            applicant="person", filed_on=issued - timedelta(days=3),
            case_reference=f"ZTPS1.8210.{proceeding_id.int % 99999}.{issued.year}")).version
        app.handle(ctx(), UpdateInterview(
            folder_id=folder_id, expected_version=app.repository.get(folder_id).version,
            interview_id=interview, updated_on=issued - timedelta(days=3),
            sections={"I": "i"}))
        care = cash = days = None
        if form == "care_services":
            care = CareTerms(tasks=("meals",), hours_per_day=Decimal(2),
                             hours_per_week=Decimal(6), weekdays=(1, 3, 5),
                             period_from=issued + timedelta(days=7),
                             period_to=issued + timedelta(days=97), place="dom",
                             provider_id="MCUS", hourly_cost=Decimal("25.50"),
                             fee_share_percent=Decimal(0))
        elif form == "meal":
            days = DaysTerms(days=30, unit_cost=Decimal("12.50"), amount=Decimal("375.00"),
                             period_from=issued)
        else:  # an income below the criterion (art. 8) and an amount the rule allows
            declare_income(app, folder_id, members, issued - timedelta(days=3), Decimal(100))
            amount = granted_amount(app, folder_id, head, form, issued - timedelta(days=3),
                                    random.Random(proceeding_id.int)).amount
            periodic = form == "periodic_allowance"
            cash = CashTerms(amount=amount, period_from=issued,
                             period_to=issued + timedelta(days=200) if periodic else None,
                             installments=6 if periodic else 1)
        app.handle(ctx("decision_maker", "MOPS"), IssueDecision(
            proceeding_id=proceeding_id, expected_version=p, decision_id=uuid.uuid4(),
            outcome="grant", reasons=("1",) if form != "care_services" else ("5", "6"),
            legal_basis="art. 106", signatory="z up.", issued_on=issued, care=care,
            cash=cash, notes=CareNotes() if care else None,
            amount_justification="Potrzeba" if cash else "", days=days))
        return proceeding_id

    def pay(self, decision: CashDecision, months: list[int]) -> list[tuple[date, uuid.UUID]]:
        """Lists on days after the instalments fell due: each pays what is due by then."""
        paid, settled = [], set()
        for month in sorted(months):
            on = decision.cash.period_from + timedelta(days=31 * month + 3)
            while on in self.list_dates:
                on += timedelta(days=1)
            if on > LAST_PAYMENT:
                break
            self.list_dates.add(on)
            paid += [(on, i.instalment_id) for i in pay(self.app, on, [decision], settled)]
        return paid


def _check(system: Any, moments: list[datetime | None]) -> None:
    head = system.app.head_position()
    for period in PERIODS:
        for as_of in moments:
            live = system.returns.live(period, as_of, after=head)
            again = recount(system.app, period, live.position, live.as_of)
            assert again.figures == live.figures, (period, as_of)
            assert check_figures(live.figures) == [], (period, as_of)


@settings(max_examples=examples(4, 60), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(households=st.lists(household, min_size=1, max_size=3))
def test_provided_benefits_counted_by_the_projection_equal_the_recount_and_keep_the_rules(
        system, households):
    town = getattr(system, "_provided_town", None) or Town(system.app)
    system._provided_town = town
    app, reversals = system.app, []
    for plan in households:
        folder_id, head, interview = town.folder(plan["rural"])
        members = [head] + [town.member(folder_id, joined, gone, after)
                            for joined, gone, after in plan["members"]]
        for grant_plan in plan["grants"]:
            proceeding_id = town.grant(folder_id, members, interview, grant_plan)
            decision = app.repository.get(proceeding_id).decision
            if decision.cash is not None:
                paid = town.pay(cash_decision(app, proceeding_id), grant_plan["payments"])
                reversals += [p for p, back in zip(paid, grant_plan["reversed"], strict=False)
                              if back]
            if decision.care is not None and grant_plan["visits"]:
                start = decision.care.period_from
                # Visits are checked in at the time they happen: none after the last day the
                # town records (a day after today would be refused as in the future).
                days = [day for d in sorted(grant_plan["visits"])
                        if (day := start + timedelta(days=d)) <= LAST_PAYMENT]
                if not days:
                    continue
                months = sorted({(d.year, d.month) for d in days})
                deliver(app, decision.decision_id, days, minutes=110,
                        close=months[:1] if grant_plan["settle"] else [])
    before_reversals = datetime.now(UTC)
    for on, instalment_id in reversals:
        reverse(app, on, instalment_id)
    _check(system, [before_reversals, None])
