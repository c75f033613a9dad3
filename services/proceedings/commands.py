"""The commands of administrative proceedings, as a social worker or a decision maker would say
them: one frozen dataclass each.

Each is built by its request schema (`api/schemas/proceedings.py`, `to_command`) and handled
by one method of `ProceedingUseCases` (services/proceedings/procedure.py). Their receipts keep
the names the use cases had; where a use case digested its body under other keys (the dates
as "on"), `legacy_payload` rebuilds that body, so a retry sent before commands were data is
still answered as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.benefit_terms import DaysTerms, DpsFee
from domain.care import CareTerms, CashTerms
from domain.signature import Signature
from services.commands import ChangeCommand, Command


@dataclass(frozen=True)
class CareNotes:
    """What the social worker tells the provider beyond the decision (the handoff, sent
    with the service order a granting care decision places)."""

    contact_phone: str | None = None
    access_notes: str = ""
    health_notes: str = ""
    family_notes: str = ""
    social_worker_phone: str | None = None


@dataclass(frozen=True, kw_only=True)
class FileApplication(Command):
    """Register an application (art. 102), or, with no applicant, open a proceeding ex
    officio; `filed_on` is the day it came in (or was opened)."""

    proceeding_id: UUID
    folder_id: UUID
    person_id: UUID
    form: str
    applicant: str | None
    filed_on: date
    case_reference: str
    # The applicant's signature drawn on the screen (None: signed on paper, or ex officio).
    signature: Signature | None = None

    def _digested(self) -> dict[str, Any]:
        # Without a signature the digest is the one receipts had before signatures existed.
        digested = super()._digested()
        if digested["signature"] is None:
            del digested["signature"]
        return digested

    def legacy_payload(self) -> dict[str, Any]:
        return {"proceeding_id": self.proceeding_id, "folder_id": self.folder_id,
                "person_id": self.person_id, "form": self.form, "applicant": self.applicant,
                "on": self.filed_on, "case_reference": self.case_reference}


@dataclass(frozen=True, kw_only=True)
class ProceedingCommand(ChangeCommand):
    """A command on a proceeding that exists."""

    proceeding_id: UUID


@dataclass(frozen=True, kw_only=True)
class IssueDecision(ProceedingCommand):
    decision_id: UUID
    outcome: str
    reasons: tuple[str, ...]
    legal_basis: str
    signatory: str
    issued_on: date
    care: CareTerms | None = None
    cash: CashTerms | None = None
    notes: CareNotes | None = None
    # Art. 107 ust. 4a: a refusal because the person refused the interview needs none.
    interview_refused: bool = False
    # Why a cash amount the law bounds is what it is (services/proceedings/benefits.py).
    amount_justification: str = ""
    days: DaysTerms | None = None  # meals, shelter: days × unit cost (art. 48a–48b)
    dps_fee: DpsFee | None = None  # a residential care home's fee split (art. 61)

    def _digested(self) -> dict[str, Any]:
        # Receipts from before these fields existed digested the command without them: left
        # at their defaults, the digest is the one those receipts had.
        digested = super()._digested()
        if not self.interview_refused:
            digested.pop("interview_refused")
        if not digested["amount_justification"]:
            del digested["amount_justification"]
        for added in ("days", "dps_fee"):  # issue #18's forms
            if digested[added] is None:
                del digested[added]
        return digested


@dataclass(frozen=True, kw_only=True)
class AmendDecision(ProceedingCommand):
    amended_on: date
    reason: str
    care: CareTerms | None = None
    cash: CashTerms | None = None


@dataclass(frozen=True, kw_only=True)
class RevokeDecision(ProceedingCommand):
    revoked_on: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class RecordDelivery(ProceedingCommand):
    delivered_on: date

    def legacy_payload(self) -> dict[str, Any]:
        return {"proceeding_id": self.proceeding_id, "on": self.delivered_on}


@dataclass(frozen=True, kw_only=True)
class FileAppeal(ProceedingCommand):
    filed_on: date
    posted_on: date | None = None  # sent by post: counts from this day (KPA art. 57 § 5)

    def legacy_payload(self) -> dict[str, Any]:
        return {"proceeding_id": self.proceeding_id, "on": self.filed_on}

    def _digested(self) -> dict[str, Any]:
        # An appeal not posted digests as before the field came (issue #18), so a retry of
        # one sent earlier is still answered as a retry.
        digested = super()._digested()
        if self.posted_on is None:
            del digested["posted_on"]
        return digested


@dataclass(frozen=True, kw_only=True)
class ResolveAppeal(ProceedingCommand):
    resolved_on: date
    decision_upheld: bool

    def legacy_payload(self) -> dict[str, Any]:
        return {"proceeding_id": self.proceeding_id, "on": self.resolved_on,
                "upheld": self.decision_upheld}


@dataclass(frozen=True, kw_only=True)
class MarkFinal(ProceedingCommand):
    final_on: date

    def legacy_payload(self) -> dict[str, Any]:
        return {"proceeding_id": self.proceeding_id, "on": self.final_on}


# -- the course of the procedure (KPA) -----------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MarkComplicated(ProceedingCommand):
    """Particularly complicated: two months for the decision (KPA art. 35 § 3)."""

    marked_on: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class IssueDelayNotice(ProceedingCommand):
    """Tell the party why the case is late and when it will be settled (KPA art. 36)."""

    issued_on: date
    reason: str
    new_date: date


@dataclass(frozen=True, kw_only=True)
class SuspendProceeding(ProceedingCommand):
    suspended_on: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class ResumeProceeding(ProceedingCommand):
    resumed_on: date


@dataclass(frozen=True, kw_only=True)
class DiscontinueProceeding(ProceedingCommand):
    discontinued_on: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class WithdrawApplication(ProceedingCommand):
    withdrawn_on: date


@dataclass(frozen=True, kw_only=True)
class WaiveAppeal(ProceedingCommand):
    """The party waives the appeal (KPA art. 127a): the decision is final at once."""

    waived_on: date


@dataclass(frozen=True, kw_only=True)
class ChangeOnAppeal(ProceedingCommand):
    """The SKO set the decision aside in part and decided itself (KPA art. 138 § 1 pkt 2)."""

    resolved_on: date
    reason: str
    care: CareTerms | None = None
    cash: CashTerms | None = None
