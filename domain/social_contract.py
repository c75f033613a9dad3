"""A social contract (kontrakt socjalny, art. 108): a written agreement between a social
worker and a person on what each will do to overcome the person's difficult situation."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.bounds import check_date
from domain.errors import DomainConflictError, DomainError, InvalidValueError
from domain.text import within


class SocialContractError(DomainError):
    code = "social_contract.error"


class InvalidContractPeriodError(SocialContractError, InvalidValueError):
    code = "social_contract.invalid_period"


class GoalsRequiredError(SocialContractError, InvalidValueError):
    code = "social_contract.goals_required"


class ContractClosedError(SocialContractError, DomainConflictError):
    code = "social_contract.closed"


class ClosedBeforeSigningError(SocialContractError, InvalidValueError):
    code = "social_contract.closed_before_signing"


class ContractOutcome:
    ACHIEVED = "achieved"
    PARTLY_ACHIEVED = "partly_achieved"
    BROKEN = "broken"  # the person did not keep the contract (art. 11 ust. 2 may follow)
    ALL = (ACHIEVED, PARTLY_ACHIEVED, BROKEN)


class InvalidOutcomeError(SocialContractError, InvalidValueError):
    code = "social_contract.invalid_outcome"


# art. 108: a contract is concluded for a fixed time; five years is a generous upper bound.
MAX_CONTRACT_DAYS = 5 * 366
MAX_GOALS_LENGTH = 20_000


class SocialContract(Aggregate):
    """One contract with one person of a household (a case folder)."""

    class SocialContractSigned(Aggregate.Created):
        folder_id: UUID
        member_id: UUID
        signed_on: date
        ends_on: date
        goals: str

    @classmethod
    def sign(cls, *, contract_id: UUID, folder_id: UUID, member_id: UUID, signed_on: date,
             ends_on: date, goals: str) -> SocialContract:
        """Sign a contract until ``ends_on`` with the goals both sides agreed."""
        check_date(signed_on, "signed_on")
        check_date(ends_on, "ends_on")
        if ends_on < signed_on or (ends_on - signed_on).days > MAX_CONTRACT_DAYS:
            raise InvalidContractPeriodError(signed_on=signed_on, ends_on=ends_on)
        if not isinstance(goals, str) or not goals.strip():
            raise GoalsRequiredError()
        within(goals, "goals", MAX_GOALS_LENGTH)
        return cls._create(cls.SocialContractSigned, id=contract_id, folder_id=folder_id,
                           member_id=member_id, signed_on=signed_on, ends_on=ends_on,
                           goals=goals.strip())

    def __init__(self, *, folder_id: UUID, member_id: UUID, signed_on: date, ends_on: date,
                 goals: str) -> None:
        self.folder_id = folder_id
        self.member_id = member_id
        self.signed_on = signed_on
        self.ends_on = ends_on
        self.goals = goals
        self.closed_on: date | None = None
        self.outcome: str | None = None

    def close(self, *, closed_on: date, outcome: str) -> None:
        """Close the contract: its goals achieved, partly achieved, or the contract broken."""
        check_date(closed_on, "closed_on")
        if self.closed_on is not None:
            raise ContractClosedError(closed_on=self.closed_on)
        if closed_on < self.signed_on:
            raise ClosedBeforeSigningError(signed_on=self.signed_on)
        if outcome not in ContractOutcome.ALL:
            raise InvalidOutcomeError(outcome=outcome)
        self._social_contract_closed(closed_on=closed_on, outcome=outcome)

    class SocialContractClosed(Aggregate.Event):
        closed_on: date
        outcome: str

    @event(SocialContractClosed)
    def _social_contract_closed(self, closed_on: date, outcome: str) -> None:
        self.closed_on = closed_on
        self.outcome = outcome
