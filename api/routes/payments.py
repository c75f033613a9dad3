"""Payments of cash benefits (issue #18): what falls due by a date, the payment list a manager
builds and approves (each line paid once: BenefitPaid), reversals, and the bank files
(pain.001.001.03 XML, CSV). Managers act and download; decision makers read.

Lines name case references, amounts and the people paid: every read of a list is logged
(`payment_list`), every file download too (`payment_file`: it holds names and accounts)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field, StringConstraints

from api.commanding import RESPONSES, command, command_out, context
from api.deps import AccessLogDep, Manager, SystemDep, allow
from api.routes.views import After
from api.schemas.bounds import RecordDate
from api.schemas.commands import CommandIn, CommandOut
from api.security import Principal
from api.subjects import persons_in
from domain.access import ViewKind
from domain.office_day import today_in_poland
from domain.payments import MAX_REVERSAL_REASON_LENGTH
from domain.user import Role
from services.payments.commands import ReversePayment

router = APIRouter(prefix="/api/payments", tags=["payments"])

PaymentReader = Annotated[Principal, Depends(allow(Role.MANAGER, Role.DECISION_MAKER))]
PaymentDate = Annotated[date, Path(description="The payment date the list is for")]


class LineOut(BaseModel):
    instalment_id: UUID
    decision_id: UUID
    folder_id: UUID
    person_id: UUID | None
    case_reference: str
    due_on: date
    period_from: date
    period_to: date
    amount: Decimal
    status: str = Field(description="due (not yet listed), listed, paid, dropped, reversed")
    method: str | None = None
    reason: str | None = Field(None, description="Why it dropped out, or was reversed")


class DueOut(BaseModel):
    payment_date: date
    count: int
    total: Decimal
    lines: list[LineOut]
    dropped: list[LineOut] = Field(description="Instalments whose decision was revoked or "
                                   "set aside: they drop out (shown, never paid)")


class ListSummaryOut(BaseModel):
    list_id: UUID
    payment_date: date
    version: int
    status: str = Field(description="built, approved")
    approved_on: date | None


class ListOut(ListSummaryOut):
    count: int
    total_paid: Decimal
    lines: list[LineOut]


class BuildIn(CommandIn):
    payment_date: RecordDate


class ApproveIn(CommandIn):
    expected_version: int = Field(ge=1, description="The list version the manager saw")


class ReverseIn(CommandIn):
    expected_version: int = Field(ge=1, description="The list version the manager saw")
    instalment_id: UUID
    reason: Annotated[str, StringConstraints(max_length=MAX_REVERSAL_REASON_LENGTH)]
    reversed_on: RecordDate

    def to_command(self, payment_date: date) -> ReversePayment:
        return ReversePayment(payment_date=payment_date, expected_version=self.expected_version,
                              instalment_id=self.instalment_id, reason=self.reason,
                              reversed_on=self.reversed_on)


def _line(row: dict, status: str | None = None, reason: str | None = None) -> LineOut:
    return LineOut(instalment_id=row["instalment_id"], decision_id=row["decision_id"],
                   folder_id=row["folder_id"], person_id=row.get("person_id",
                                                                row.get("member_id")),
                   case_reference=row["case_reference"], due_on=row["due_on"],
                   period_from=row["period_from"], period_to=row["period_to"],
                   amount=row["amount"], status=status or row["status"],
                   method=row.get("method"), reason=reason or row.get("reversal_reason"))


@router.get("/due")
def payments_due(payment_date: Annotated[date, Query()], user: PaymentReader, system: SystemDep,
                 access: AccessLogDep, after: After = None) -> DueOut:
    """What a list for this date would pay: instalments due by it and not yet paid, and
    those that dropped out because their decision was revoked (the read is logged)."""
    built = system.payments.draft(payment_date, after)
    lines = [_line(i.as_line(), "due") for i in built.due]
    dropped = [_line(i.as_line(), "dropped", why) for i, why in built.dropped]
    access.shown(ViewKind.PAYMENT_LIST, persons_in(
        [line.model_dump() for line in lines + dropped]))
    return DueOut(payment_date=payment_date, count=len(lines), total=built.total,
                  lines=lines, dropped=dropped)


@router.get("/lists")
def payment_lists(user: PaymentReader, system: SystemDep,
                  after: After = None) -> list[ListSummaryOut]:
    """The payment lists, newest date first (dates and states only: no one's data)."""
    return [ListSummaryOut(**row) for row in system.read_models.payment_lists(after)]


@router.post("/lists", status_code=201, responses=RESPONSES)
def build_list(body: BuildIn, user: Manager, system: SystemDep,
               response: Response) -> CommandOut:
    """Build the list for a payment date: every instalment due by it and not yet paid
    (409 `aggregate.exists` if the date has its list; 409 `payment.list_empty` if nothing
    is due)."""
    result = system.payments.build(context(user, body), body.payment_date)
    response.status_code = 200 if result.duplicate else 201
    return command_out(result, folder=False)


@router.get("/lists/{payment_date}")
def payment_list(payment_date: PaymentDate, user: PaymentReader, system: SystemDep,
                 access: AccessLogDep, after: After = None) -> ListOut:
    """The list with its lines: listed, paid (how), dropped, reversed (the read is logged)."""
    row = system.payments.payment_list(payment_date, after)
    lines = [_line(line) for line in row["lines"]]
    access.shown(ViewKind.PAYMENT_LIST, persons_in(row["lines"]))
    paid = sum((line.amount for line in lines if line.status == "paid"), Decimal("0.00"))
    return ListOut(list_id=row["list_id"], payment_date=row["payment_date"],
                   version=row["version"], status=row["status"],
                   approved_on=row["approved_on"], count=len(lines), total_paid=paid,
                   lines=lines)


@router.post("/lists/{payment_date}/approval", status_code=201, responses=RESPONSES)
def approve_list(payment_date: PaymentDate, body: ApproveIn, user: Manager,
                 system: SystemDep, response: Response) -> CommandOut:
    """Approve the list: each line whose decision still stands is paid once (BenefitPaid,
    by transfer where the person's account is recorded, else cash); a line whose decision
    was revoked meanwhile drops out. Approving again pays nothing more."""
    result = system.payments.approve(context(user, body), payment_date,
                                     body.expected_version, today_in_poland())
    response.status_code = 200 if result.duplicate else 201
    return command_out(result, folder=False)


@command(router, "/lists/{payment_date}/reversals")
def reverse_payment(payment_date: PaymentDate, body: ReverseIn, user: Manager) -> ReversePayment:
    """Reverse a payment that did not reach its recipient (an event with its reason; the
    payment is never edited, and the instalment may go on a later list)."""
    return body.to_command(payment_date)


@router.get(
    "/lists/{payment_date}/file.{kind}",
    response_class=Response,
    responses={200: {"content": {"application/xml": {}, "text/csv": {}},
                     "description": "The approved list's bank file: the same every time"}},
)
def bank_file(payment_date: PaymentDate, kind: Annotated[Literal["xml", "csv"], Path()],
              user: Manager, system: SystemDep, access: AccessLogDep,
              after: After = None) -> Response:
    """The approved list as ISO 20022 pain.001.001.03 XML (transfers) or CSV (every
    payment). Asked again it is the same file (200), and it pays nothing; each download is
    logged (it holds names and account numbers)."""
    made = system.payments.bank_file(payment_date, kind, after)
    access.shown(ViewKind.PAYMENT_FILE, persons_in(
        [{"folder_id": f, "person_id": p} for f, p in made.subjects]))
    return Response(made.content, media_type=made.media_type, headers={
        "Content-Disposition": f'attachment; filename="{made.name}"',
        "Cache-Control": "private, no-store",
    })
