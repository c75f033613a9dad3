"""The course of an administrative proceeding (KPA) as the decision maker records it: the
term, delay notices, suspension, discontinuation, withdrawal, the appeal's waiver and the
SKO's change. Each command route a docstring and the command its body builds."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.commanding import command
from api.deps import DecisionMaker, SystemDep
from api.schemas.procedure import AppealChangeIn, DelayNoticeIn, ProcedureDatedIn, ReasonedIn
from services.proceedings.commands import (
    ChangeOnAppeal,
    DiscontinueProceeding,
    IssueDelayNotice,
    MarkComplicated,
    ResumeProceeding,
    SuspendProceeding,
    WaiveAppeal,
    WithdrawApplication,
)

router = APIRouter(prefix="/api", tags=["proceedings"])


@command(router, "/proceedings/{proceeding_id}/complicated")
def mark_complicated(proceeding_id: UUID, body: ReasonedIn,
                     user: DecisionMaker) -> MarkComplicated:
    """Mark the case particularly complicated: two months for the decision (KPA art. 35 § 3)."""
    return body.to_complicated(proceeding_id)


@command(router, "/proceedings/{proceeding_id}/delay-notice")
def issue_delay_notice(proceeding_id: UUID, body: DelayNoticeIn,
                       user: DecisionMaker) -> IssueDelayNotice:
    """Notify the party of a delay, with its reason and the new date (KPA art. 36)."""
    return body.to_command(proceeding_id)


@command(router, "/proceedings/{proceeding_id}/suspension")
def suspend_proceeding(proceeding_id: UUID, body: ReasonedIn,
                       user: DecisionMaker) -> SuspendProceeding:
    """Suspend the proceeding; its term stops while suspended (KPA art. 35 § 5)."""
    return body.to_suspension(proceeding_id)


@command(router, "/proceedings/{proceeding_id}/resumption")
def resume_proceeding(proceeding_id: UUID, body: ProcedureDatedIn,
                      user: DecisionMaker) -> ResumeProceeding:
    """Resume the suspended proceeding; its term runs on."""
    return body.to_resumption_of(proceeding_id)


@command(router, "/proceedings/{proceeding_id}/discontinuation")
def discontinue_proceeding(proceeding_id: UUID, body: ReasonedIn,
                           user: DecisionMaker) -> DiscontinueProceeding:
    """Discontinue the proceeding as groundless (KPA art. 105 § 1)."""
    return body.to_discontinuation(proceeding_id)


@command(router, "/proceedings/{proceeding_id}/withdrawal")
def withdraw_application(proceeding_id: UUID, body: ProcedureDatedIn,
                         user: DecisionMaker) -> WithdrawApplication:
    """Record that the party withdrew the application (KPA art. 105 § 2)."""
    return body.to_withdrawal(proceeding_id)


@command(router, "/proceedings/{proceeding_id}/appeal-waiver")
def waive_appeal(proceeding_id: UUID, body: ProcedureDatedIn,
                 user: DecisionMaker) -> WaiveAppeal:
    """Record the party's waiver of the appeal: the decision is final that day (art. 127a)."""
    return body.to_waiver(proceeding_id)


@command(router, "/proceedings/{proceeding_id}/appeal-change")
def change_on_appeal(proceeding_id: UUID, body: AppealChangeIn, user: DecisionMaker,
                     system: SystemDep) -> ChangeOnAppeal:
    """Record the SKO's ruling changing the decision (KPA art. 138 § 1 pkt 2); a running care
    order changes with it."""
    return body.to_command(proceeding_id, system.app.fee_share_for)
