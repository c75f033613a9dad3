"""Request and answer shapes of undue benefits (art. 98 u.p.s.), summonses (art. 50 KPA) and
the month's health contributions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from api.schemas.bounds import RecordDate
from api.schemas.limits import longest
from api.schemas.proceedings import VersionedIn
from domain.reclaim import (
    MAX_AMOUNT,
    MAX_INSTALMENTS,
    MAX_REASON_LENGTH,
    MAX_SIGNATORY,
    MAX_SUMMONS_PLACE,
    MAX_SUMMONS_TEXT,
    ReclaimBasis,
    RepaymentMethod,
    SummonsPurpose,
    WriteOffKind,
)
from services.receivables.commands import (
    DecideReclaim,
    IssueSummons,
    RecordRepayment,
    Term,
    WriteOffReclaim,
)

Amount = Annotated[Decimal, Field(gt=0, le=MAX_AMOUNT, max_digits=10, decimal_places=2,
                                  description="zł, two places at most")]
Reason = Annotated[str, StringConstraints(max_length=MAX_REASON_LENGTH)]


class TermIn(BaseModel):
    due_on: RecordDate
    amount: Amount

    def to_term(self) -> Term:
        return Term(due_on=self.due_on, amount=self.amount)


class ReclaimIn(VersionedIn):
    reclaim_id: UUID = Field(description="Made by the client, as a command id")
    on: RecordDate = Field(description="The day of the reclaim decision")
    amount: Amount
    basis: Annotated[str, StringConstraints(max_length=longest(ReclaimBasis))] = Field(
        description="Why it was undue (art. 6 pkt 16 u.p.s.): false_information, "
                    "change_not_reported")
    period_from: RecordDate
    period_to: RecordDate
    instalments: list[TermIn] = Field(max_length=MAX_INSTALMENTS,
                                      description="One (a lump sum) or more due dates")
    reason: Reason = Field(description="The factual justification")
    signatory: Annotated[str, StringConstraints(max_length=MAX_SIGNATORY)]

    def to_command(self, proceeding_id: UUID) -> DecideReclaim:
        return DecideReclaim(
            proceeding_id=proceeding_id, expected_version=self.expected_version,
            reclaim_id=self.reclaim_id, issued_on=self.on, amount=self.amount,
            basis=self.basis, period_from=self.period_from, period_to=self.period_to,
            instalments=tuple(t.to_term() for t in self.instalments), reason=self.reason,
            signatory=self.signatory)


class RepaymentIn(VersionedIn):
    on: RecordDate = Field(description="The day the money came in")
    amount: Amount
    method: Annotated[str, StringConstraints(max_length=longest(RepaymentMethod))]

    def to_command(self, proceeding_id: UUID, reclaim_id: UUID) -> RecordRepayment:
        return RecordRepayment(proceeding_id=proceeding_id,
                               expected_version=self.expected_version, reclaim_id=reclaim_id,
                               paid_on=self.on, amount=self.amount, method=self.method)


class WriteOffIn(VersionedIn):
    on: RecordDate
    kind: Annotated[str, StringConstraints(max_length=longest(WriteOffKind))]
    amount: Amount | None = Field(None, description="Written off (kind write_off)")
    instalments: list[TermIn] = Field(default_factory=list, max_length=MAX_INSTALMENTS,
                                      description="The new terms (kinds defer, spread)")
    reason: Reason

    def to_command(self, proceeding_id: UUID, reclaim_id: UUID) -> WriteOffReclaim:
        return WriteOffReclaim(
            proceeding_id=proceeding_id, expected_version=self.expected_version,
            reclaim_id=reclaim_id, decided_on=self.on, kind=self.kind, amount=self.amount,
            instalments=tuple(t.to_term() for t in self.instalments), reason=self.reason)


class SummonsIn(VersionedIn):
    on: RecordDate
    purpose: Annotated[str, StringConstraints(max_length=longest(SummonsPurpose))]
    subject: Annotated[str, StringConstraints(max_length=MAX_SUMMONS_TEXT)] = Field(
        description="To appear for what, or which document to supply")
    due_on: RecordDate = Field(description="At least 7 days after `on` (KPA art. 64 § 2)")
    place: Annotated[str, StringConstraints(max_length=MAX_SUMMONS_PLACE)] = ""

    def to_command(self, proceeding_id: UUID) -> IssueSummons:
        return IssueSummons(proceeding_id=proceeding_id,
                            expected_version=self.expected_version, issued_on=self.on,
                            purpose=self.purpose, subject=self.subject, due_on=self.due_on,
                            place=self.place)


class InstalmentOut(BaseModel):
    due_on: date
    amount: Decimal


class ReclaimEntryOut(BaseModel):
    on_date: date
    kind: Literal["repayment", "write_off", "defer", "spread"]
    amount: Decimal
    method: str | None = None
    reason: str | None = None


class ReceivableOut(BaseModel):
    reclaim_id: UUID
    proceeding_id: UUID
    proceeding_version: int | None
    folder_id: UUID
    person_id: UUID
    name: str
    form: str
    case_reference: str
    issued_on: date
    basis: str
    period_from: date
    period_to: date
    amount: Decimal
    repaid: Decimal
    written_off: Decimal
    outstanding: Decimal
    instalments: list[InstalmentOut]
    entries: list[ReclaimEntryOut]


class ContributionLineOut(BaseModel):
    folder_id: UUID
    person_id: UUID
    name: str
    payments: int
    basis: Decimal
    contribution: Decimal


class ContributionsOut(BaseModel):
    month: str
    rate: Decimal
    total_basis: Decimal
    total: Decimal
    lines: list[ContributionLineOut]
