"""Request shapes of the administrative procedure's course (KPA): the term, delays,
suspension, the end of a case without a decision, the appeal's waiver, post and the SKO."""

from __future__ import annotations

from uuid import UUID

from api.schemas.bounds import RecordDate
from api.schemas.proceedings import (
    CareTermsIn,
    CashTermsIn,
    ChangeReason,
    DatedIn,
    FeeShare,
    VersionedIn,
)
from services.proceedings.commands import (
    ChangeOnAppeal,
    DiscontinueProceeding,
    FileAppeal,
    IssueDelayNotice,
    MarkComplicated,
    ResumeProceeding,
    SuspendProceeding,
    WaiveAppeal,
    WithdrawApplication,
)


class ReasonedIn(VersionedIn):
    on: RecordDate
    reason: ChangeReason

    # One body, three commands, each naming what happened on the day and why.
    def to_complicated(self, proceeding_id: UUID) -> MarkComplicated:
        return MarkComplicated(proceeding_id=proceeding_id,
                               expected_version=self.expected_version,
                               marked_on=self.on, reason=self.reason)

    def to_suspension(self, proceeding_id: UUID) -> SuspendProceeding:
        return SuspendProceeding(proceeding_id=proceeding_id,
                                 expected_version=self.expected_version,
                                 suspended_on=self.on, reason=self.reason)

    def to_discontinuation(self, proceeding_id: UUID) -> DiscontinueProceeding:
        return DiscontinueProceeding(proceeding_id=proceeding_id,
                                     expected_version=self.expected_version,
                                     discontinued_on=self.on, reason=self.reason)


class DelayNoticeIn(VersionedIn):
    on: RecordDate
    reason: ChangeReason
    new_date: RecordDate

    def to_command(self, proceeding_id: UUID) -> IssueDelayNotice:
        return IssueDelayNotice(proceeding_id=proceeding_id,
                                expected_version=self.expected_version, issued_on=self.on,
                                reason=self.reason, new_date=self.new_date)


class ProcedureDatedIn(DatedIn):
    """A day's step of the procedure: resumed, withdrawn by the party, appeal waived."""

    def to_resumption_of(self, proceeding_id: UUID) -> ResumeProceeding:
        return ResumeProceeding(proceeding_id=proceeding_id,
                                expected_version=self.expected_version, resumed_on=self.on)

    def to_withdrawal(self, proceeding_id: UUID) -> WithdrawApplication:
        return WithdrawApplication(proceeding_id=proceeding_id,
                                   expected_version=self.expected_version,
                                   withdrawn_on=self.on)

    def to_waiver(self, proceeding_id: UUID) -> WaiveAppeal:
        return WaiveAppeal(proceeding_id=proceeding_id, expected_version=self.expected_version,
                           waived_on=self.on)


class AppealIn(DatedIn):
    posted_on: RecordDate | None = None

    def to_command(self, proceeding_id: UUID) -> FileAppeal:
        return FileAppeal(proceeding_id=proceeding_id, expected_version=self.expected_version,
                          filed_on=self.on, posted_on=self.posted_on)


class AppealChangeIn(VersionedIn):
    on: RecordDate
    reason: ChangeReason
    care: CareTermsIn | None = None
    cash: CashTermsIn | None = None

    def to_command(self, proceeding_id: UUID, fee_share: FeeShare) -> ChangeOnAppeal:
        return ChangeOnAppeal(
            proceeding_id=proceeding_id, expected_version=self.expected_version,
            resolved_on=self.on, reason=self.reason,
            care=self.care.to_domain(fee_share) if self.care else None,
            cash=self.cash.to_domain() if self.cash else None)
