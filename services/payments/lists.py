"""Use cases of payment lists: build, approve (pay), reverse. One handler per command
(services/payments/commands.py), each load → act; only a manager may."""

from __future__ import annotations

from domain.payments import Draft, Instalment, PaymentList, payment_list_id
from services.application import CommandApplication
from services.commands import AggregateNotFoundError, CommandContext
from services.payments.commands import ApprovePaymentList, BuildPaymentList, ReversePayment
from services.scope import NotPermittedError, may_pay_benefits
from services.work import Work, handles


class PaymentListNotFoundError(AggregateNotFoundError):
    code = "payment.list_not_found"


def _a_manager(ctx: CommandContext, payment_list: PaymentList) -> bool:
    return may_pay_benefits(ctx)


def _list_to_change(work: Work, command: ApprovePaymentList | ReversePayment) -> PaymentList:
    if not may_pay_benefits(work.ctx):
        raise NotPermittedError()
    return work.change(PaymentList, payment_list_id(command.payment_date),
                       command.expected_version, in_scope=_a_manager,
                       not_found=PaymentListNotFoundError)


class PaymentUseCases(CommandApplication):
    @handles
    def build_payment_list(self, command: BuildPaymentList, work: Work) -> None:
        """Put on a list the instalments due by the payment date and not yet paid."""
        if not may_pay_benefits(work.ctx):
            raise NotPermittedError()
        due = tuple(Instalment(**line) for line in command.lines)
        work.create(PaymentList.build(Draft(command.payment_date, due, ()),
                                      built_by=str(work.ctx.actor_id)))

    @handles
    def approve_payment_list(self, command: ApprovePaymentList, work: Work) -> None:
        """Approve the list and pay each line whose decision still stands, once."""
        payment_list = _list_to_change(work, command)
        payable = set(command.still_payable)
        payment_list.approve(
            approved_on=command.approved_on, approved_by=str(work.ctx.actor_id),
            approved_at=command.approved_at,
            still_payable={key: key in payable for key in payment_list.lines},
            accounts=set(command.with_account))

    @handles
    def reverse_payment(self, command: ReversePayment, work: Work) -> None:
        """Reverse a payment that did not reach its recipient."""
        _list_to_change(work, command).reverse(
            instalment_id=command.instalment_id, reason=command.reason,
            reversed_on=command.reversed_on)
