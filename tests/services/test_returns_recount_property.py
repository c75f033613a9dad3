"""Random histories of a municipality — grants, refusals, amendments, revocations, decisions
set aside on appeal, members joining, leaving, dying and their dates corrected, moves to the
countryside, visits, contracts — and after every
few steps the returns projection equals the independent recount from the log, for several
periods and for every recorded time seen so far; and whatever rule of the form the figures
break because of particular families, the drill-down names one of them."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from domain.benefit_terms import DaysTerms
from domain.benefits import CALCULATED_FORMS
from domain.care import CareTerms, CashTerms
from domain.errors import DomainError
from domain.household import Address, Member
from domain.mrpips03 import ReturnPeriod, differences
from domain.mrpips03_checks import FOLDER_RULES, check_figures, folders_failing
from domain.social_work import Visit
from services.casework.commands import (
    AddMember,
    ChangeAddress,
    CloseSocialContract,
    ConductInterview,
    CorrectMembership,
    MemberLeaves,
    OpenFolder,
    RecordMemberDeath,
    RecordVisit,
    ScheduleInterview,
    SignSocialContract,
    UpdateInterview,
)
from services.proceedings.benefits import calculate, fee_parameters
from services.proceedings.commands import (
    AmendDecision,
    CareNotes,
    FileAppeal,
    FileApplication,
    IssueDecision,
    RecordDelivery,
    ResolveAppeal,
    RevokeDecision,
)
from services.returns.recount import recount
from services.synthetic.incomes import granted_amount
from tests.support.builders import valid_pesel
from tests.support.incomes import declare_income
from tests.support.municipality import ctx
from tests.support.provided import cash_decision, pay, reverse
from tests.support.providers import register_providers

PERIODS = (ReturnPeriod(2025, "Y"), ReturnPeriod(2026, "H1"), ReturnPeriod(2026, "Y"))
URBAN, RURAL = "0264029", "0223022"
FORMS = ("periodic_allowance", "purpose_allowance", "permanent_allowance", "care_services",
         "meal")
START = date(2025, 3, 1)


def _day(rng: random.Random, after: date, span: int = 500) -> date:
    return after + timedelta(days=rng.randrange(0, span))


class History:
    def __init__(self, app, rng: random.Random) -> None:
        self.app, self.rng = app, rng
        register_providers(app)
        self.folders: list[tuple[uuid.UUID, list[uuid.UUID]]] = []
        self.interviews: dict[uuid.UUID, uuid.UUID] = {}
        self.gone: list[tuple[uuid.UUID, uuid.UUID]] = []
        self.granted: list[uuid.UUID] = []
        self.contracts: list[uuid.UUID] = []
        # Payment lists (one a date) and what they paid, so some can be reversed.
        self.list_days: set[date] = set()
        self.payment_rng = random.Random(7)  # apart: the steps draw as they did before
        self.settled: set[uuid.UUID] = set()
        self.paid: list[tuple[date, uuid.UUID]] = []

    def version(self, aggregate_id: uuid.UUID) -> int:
        return self.app.repository.get(aggregate_id).version

    def family(self) -> None:
        folder_id, head = uuid.uuid4(), Member.create(
            member_id=uuid.uuid4(), first_name="Ala", last_name="Nowak", relation="head",
            pesel=valid_pesel(date(1970, 5, 5)))
        address = Address.create(street="Polna", building="1", flat=None,
                                 postal_code="55-100", city="Wieś",
                                 teryt=self.rng.choice([URBAN, RURAL]))
        v = self.app.handle(ctx(), OpenFolder(
            folder_id=folder_id, team_id="ZTPS-1", address=address, head=head,
            opened_on=START)).version
        interview = uuid.uuid4()
        v = self.app.handle(ctx(), ScheduleInterview(
            folder_id=folder_id, expected_version=v, interview_id=interview, trigger_date=START,
            urgent=False)).version
        self.app.handle(ctx(), ConductInterview(
            folder_id=folder_id, expected_version=v, interview_id=interview,
            conducted_on=START + timedelta(days=3),
            sections={"A": "a", "H": "h", "I": "i", "J": "j"}))
        self.folders.append((folder_id, [head.member_id]))
        self.interviews[folder_id] = interview

    def member(self) -> None:
        folder_id, members = self.rng.choice(self.folders)
        joined = datetime.combine(_day(self.rng, START), time(9), UTC)
        member = Member.create(member_id=uuid.uuid4(), first_name="Ola", last_name="Nowak",
                               relation="child", pesel=valid_pesel(date(2010, 1, 1)))
        self.app.handle(ctx(occurred_at=joined), AddMember(
            folder_id=folder_id, expected_version=self.version(folder_id), member=member))
        members.append(member.member_id)

    def leave(self) -> None:
        """A member other than the head leaves or dies, on a day maybe before a return's
        period and recorded after earlier "as of" moments."""
        folder_id, members = self.rng.choice(self.folders)
        if len(members) < 2:
            return
        member_id = self.rng.choice(members[1:])
        on = _day(self.rng, START)
        if self.rng.random() < 0.7:
            command = MemberLeaves(folder_id=folder_id, expected_version=self.version(folder_id),
                                   member_id=member_id, left_on=on, reason="wyprowadzka")
        else:
            command = RecordMemberDeath(folder_id=folder_id,
                                        expected_version=self.version(folder_id),
                                        member_id=member_id, died_on=on)
        self.app.handle(ctx(), command)
        members.remove(member_id)
        self.gone.append((folder_id, member_id))

    def correct(self) -> None:
        """The day a member left (or died) was typed wrongly: corrected later."""
        if not self.gone:
            return
        folder_id, member_id = self.rng.choice(self.gone)
        self.app.handle(ctx(), CorrectMembership(
            folder_id=folder_id, expected_version=self.version(folder_id), member_id=member_id,
            ended_on=_day(self.rng, START)))

    def move(self) -> None:
        folder_id, _ = self.rng.choice(self.folders)
        address = Address.create(street="Leśna", building="2", flat=None, postal_code="55-100",
                                 city="Wieś", teryt=self.rng.choice([URBAN, RURAL]))
        self.app.handle(ctx(), ChangeAddress(
            folder_id=folder_id, expected_version=self.version(folder_id), address=address,
            changed_on=_day(self.rng, START)))

    def visit(self) -> None:
        folder_id, _ = self.rng.choice(self.folders)
        self.app.handle(ctx(), RecordVisit(
            folder_id=folder_id, expected_version=self.version(folder_id),
            visit=Visit(
            visit_id=uuid.uuid4(), visited_on=_day(self.rng, START), minutes=30,
            activity="home_visit", place="dom", notes="n")))

    def decision(self) -> None:
        rng = self.rng
        folder_id, members = rng.choice(self.folders)
        form = rng.choice(FORMS)
        proceeding_id = uuid.uuid4()
        filed = _day(rng, START + timedelta(days=5), 450)
        issued = filed + timedelta(days=rng.randrange(1, 10))
        proceeding_person = rng.choice(members)
        p = self.app.handle(ctx(), FileApplication(
            proceeding_id=proceeding_id, folder_id=folder_id, person_id=proceeding_person,
            form=form, applicant="person", filed_on=filed,
            case_reference=f"ZTPS1.8210.{rng.randrange(1, 99999)}.{filed.year}")).version
        # Each proceeding needs an interview update made for its application (art. 106 ust. 4).
        self.app.handle(ctx(), UpdateInterview(
            folder_id=folder_id, expected_version=self.version(folder_id),
            interview_id=self.interviews[folder_id], updated_on=filed, sections={"I": "i"}))
        person_id = proceeding_person
        grant = rng.random() < 0.8
        care = cash = None
        if grant and form == "care_services":
            per_day = rng.choice([1, 2, 3])
            care = CareTerms(tasks=("meals",), hours_per_day=Decimal(per_day),
                             hours_per_week=Decimal(min(5, 3 * per_day)), weekdays=(1, 3, 5),
                             period_from=issued, period_to=issued + timedelta(
                                 days=rng.randrange(20, 300)), place="dom", provider_id="MCUS",
                             hourly_cost=Decimal("25.50"), fee_share_percent=Decimal(0))
        justification = ""
        if grant and form not in ("care_services", "meal"):
            # Income below every criterion (art. 8), then an amount the calculator allows,
            # drawn apart so that the history's own draws stay as they were.
            own = random.Random(proceeding_id.int)
            declare_income(self.app, folder_id, members, filed, Decimal(own.randrange(0, 400)))
            granted = granted_amount(self.app, folder_id, person_id, form, filed, own)
            assert granted.amount is not None
            justification = granted.justification
            cash = CashTerms(amount=granted.amount, period_from=issued,
                             period_to=None if form != "periodic_allowance"
                             else issued + timedelta(days=120),
                             installments=rng.randrange(1, 5))
        self.app.handle(ctx("decision_maker", "MOPS"), IssueDecision(
            proceeding_id=proceeding_id, expected_version=p, decision_id=uuid.uuid4(),
            outcome="grant" if grant else "refuse",
            reasons=tuple(sorted(rng.sample(["1", "4", "5", "6", "9"], rng.randrange(1, 3)))),
            legal_basis="art. 106", signatory="z up.", issued_on=issued, care=care, cash=cash,
            notes=CareNotes() if care else None, amount_justification=justification,
            # A meal's grant counts its days at a unit cost (art. 48b); fixed, not drawn.
            days=DaysTerms(days=30, unit_cost=Decimal("12.50"), amount=Decimal("375.00"),
                           period_from=issued) if grant and form == "meal" else None))
        if grant:
            self.granted.append(proceeding_id)

    def amend(self) -> None:
        proceeding = self.app.repository.get(self.rng.choice(self.granted))
        decision = proceeding.decision
        if not decision.stands or proceeding.form == "meal":
            return
        on = decision.issued_on + timedelta(days=self.rng.randrange(10, 90))
        care = cash = None
        if decision.care is not None:
            care = CareTerms(**{**vars(decision.care), "hours_per_day": Decimal(1),
                                "hours_per_week": Decimal(3)})
        else:
            cash = CashTerms(amount=self.amended_amount(proceeding), period_from=on,
                             period_to=decision.cash.period_to and max(
                                 on, decision.cash.period_to), installments=2)
        self.app.handle(ctx("decision_maker", "MOPS"), AmendDecision(
            proceeding_id=proceeding.id, expected_version=proceeding.version, amended_on=on,
            reason="zmiana", care=care, cash=cash))

    def amended_amount(self, proceeding) -> Decimal:
        """Another amount the law's rule allows (an amendment is checked as the decision is),
        drawn from nothing, so that the history's own draws stay as they were: the formula's,
        else the other bound, else 100 zł more where the act sets no cap."""
        amount = proceeding.decision.cash.amount
        if proceeding.form not in CALCULATED_FORMS:
            return amount + 100
        folder = self.app.repository.get(proceeding.folder_id)
        rule = calculate(folder, proceeding, fee_parameters(self.app)).rule
        if rule.computed is not None:
            return rule.computed
        if rule.maximum is None:
            return amount + 100
        return rule.minimum if amount == rule.maximum else rule.maximum

    def revoke(self) -> None:
        proceeding = self.app.repository.get(self.rng.choice(self.granted))
        decision = proceeding.decision
        if decision.revoked_on is not None:
            return
        self.app.handle(ctx("decision_maker", "MOPS"), RevokeDecision(
            proceeding_id=proceeding.id, expected_version=proceeding.version, reason="koniec",
            revoked_on=decision.issued_on + timedelta(days=self.rng.randrange(0, 200))))

    def set_aside(self) -> None:
        proceeding = self.app.repository.get(self.rng.choice(self.granted))
        decision = proceeding.decision
        if decision.delivered_on is not None or decision.revoked_on is not None:
            return
        def dm():
            return ctx("decision_maker", "MOPS")

        delivered = decision.issued_on + timedelta(days=2)
        v = self.app.handle(dm(), RecordDelivery(
            proceeding_id=proceeding.id, expected_version=proceeding.version,
            delivered_on=delivered)).version
        v = self.app.handle(dm(), FileAppeal(
            proceeding_id=proceeding.id, expected_version=v,
            filed_on=delivered + timedelta(days=3))).version
        self.app.handle(dm(), ResolveAppeal(
            proceeding_id=proceeding.id, expected_version=v,
            resolved_on=delivered + timedelta(days=30), decision_upheld=False))

    def pay(self) -> None:
        """A payment list on a day not used before pays what fell due by then."""
        day = _day(self.payment_rng, START + timedelta(days=30), 600)
        if day in self.list_days or day > date(2026, 11, 30):
            return
        self.list_days.add(day)
        cash = [cash_decision(self.app, p) for p in self.granted
                if self.app.repository.get(p).decision.cash is not None]
        self.paid += [(day, i.instalment_id) for i in pay(self.app, day, cash, self.settled)]

    def reverse(self) -> None:
        if self.paid:
            on, instalment_id = self.paid.pop(self.payment_rng.randrange(len(self.paid)))
            reverse(self.app, on, instalment_id, self.settled)

    def contract(self) -> None:
        if self.contracts and self.rng.random() < 0.4:
            contract_id = self.contracts.pop()
            signed_on = self.app.repository.get(contract_id).signed_on
            self.app.handle(ctx(), CloseSocialContract(
                contract_id=contract_id, expected_version=1,
                closed_on=signed_on + timedelta(days=40), outcome="achieved"))
            return
        folder_id, members = self.rng.choice(self.folders)
        contract_id = uuid.uuid4()
        signed = _day(self.rng, START)
        self.app.handle(ctx(), SignSocialContract(
            contract_id=contract_id, folder_id=folder_id, member_id=members[0], signed_on=signed,
            ends_on=signed + timedelta(days=120), goals="cel"))
        self.contracts.append(contract_id)

    def step(self) -> None:
        if len(self.folders) < 3:
            return self.family()
        actions = [self.family, self.member, self.member, self.leave, self.correct, self.move,
                   self.visit, self.decision, self.decision, self.contract]
        if self.granted:
            actions += [self.amend, self.amend, self.revoke, self.set_aside]
        try:
            return self.rng.choice(actions)()
        except DomainError:
            return None  # refused (e.g. revoking a decision set aside): changes nothing


# Seeds whose 60 steps exercise every correction the last assertion names.
@pytest.mark.parametrize("seed", [1, 10])
def test_the_projection_equals_the_recount_for_any_history_and_any_recorded_time(
        system, seed):
    rng = random.Random(seed)
    history = History(system.app, rng)
    moments: list[datetime] = []
    for round_ in range(5):
        for _ in range(12):
            history.step()
        # The round's payment lists, and a payment that came back.
        for step in (history.pay, history.pay, history.pay, history.reverse):
            step()
        moments.append(datetime.now(UTC))
        head = system.app.head_position()
        for period in PERIODS:
            for as_of in [*moments[:-1], None]:
                live = system.returns.live(period, as_of, after=head)
                again = recount(system.app, period, live.position, live.as_of)
                # The projection sums in SQL, the recount counts in Python: name what differs.
                assert again.figures == live.figures, (
                    seed, round_, period, as_of, differences(again.figures, live.figures))
            # Whatever breaks a rule of the form that families cause, the manager's
            # drill-down names at least one family that causes it.
            facts, _ = system.read_models.return_facts(period, live.as_of, head)
            for failure in check_figures(live.figures):
                if failure.rule in FOLDER_RULES:
                    assert folders_failing(failure.rule, failure.row, period, facts), failure
    total = system.returns.live(ReturnPeriod(2026, "Y")).figures["benefits"]["total"]
    assert total["persons"] > 0
    # The history did exercise the corrections the projection must keep by recorded time.
    kinds = {n.topic.rsplit(".", 1)[-1] for n in system.app.recorder.select_notifications(
        start=1, limit=100_000)}
    assert {"DecisionAmended", "DecisionRevoked", "AppealResolved", "AddressChanged",
            "SocialContractSigned", "MemberLeft", "MembershipCorrected", "BenefitPaid",
            "PaymentReversed"} <= kinds
