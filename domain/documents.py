"""The documents a proceeding issues (art. 107 KPA): which kinds there are, who issues them,
and the facts each one states — taken from the proceeding's events, nothing else.

Rendering those facts to a PDF is the services' (services/documents/); here they are plain
values, so that the same events always give the same facts, and so the same text.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from domain.decision import DecisionRecord
from domain.errors import (
    DomainConflictError,
    DomainError,
    InvalidValueError,
    NotFoundInAggregateError,
)


class DocumentError(DomainError):
    code = "document.error"


class DocumentNotFoundError(DocumentError, NotFoundInAggregateError):
    code = "document.not_found"


class UnprintableTextError(DocumentError, InvalidValueError):
    """A text the document would state holds a character its font cannot print (a PDF/A
    embeds every glyph it shows, and only the shipped font is used): refused, nothing saved."""

    code = "document.unprintable_text"


class DocumentKind(StrEnum):
    """One template each (services/documents/templates/<kind>.typ)."""

    DECISION_GRANT = "decision_grant"
    DECISION_REFUSAL = "decision_refusal"
    DECISION_AMENDMENT = "decision_amendment"
    DECISION_REVOCATION = "decision_revocation"
    DELAY_NOTICE = "delay_notice"  # zawiadomienie, art. 36 KPA
    RECLAIM = "reclaim"  # zwrot nienależnie pobranego świadczenia, art. 98 u.p.s.
    SUMMONS = "summons"  # wezwanie, art. 50 § 1 / art. 64 § 2 KPA


def decision_kind(decision: DecisionRecord) -> DocumentKind:
    """The kind of the document a newly issued decision is."""
    return DocumentKind.DECISION_GRANT if decision.is_grant else DocumentKind.DECISION_REFUSAL


@dataclass(frozen=True)
class Authority:
    """The authority issuing the documents (art. 107 § 1 pkt 1 KPA) and the place they are
    issued in: the municipality's settings, recorded with each document issued, so a later
    change of name or address never changes a document already issued."""

    name: str
    address: str
    place: str
    # Who signs what has no signatory of its own (a delay notice): the authorised person.
    signatory: str


@dataclass(frozen=True)
class IssuedDocument:
    """What a proceeding remembers of a document it issued: enough to render it again
    (from the proceeding at `source_version` and its folder at `folder_version`, with the
    template and renderer named) and to check the result (`sha256` of the PDF)."""

    document_id: str
    kind: str
    issued_on: date
    sha256: str
    source_version: int
    folder_version: int
    template_version: str
    renderer: str
    authority: Authority


class DuplicateDocumentError(DocumentError, DomainConflictError):
    code = "document.duplicate"


@dataclass(frozen=True)
class Party:
    """The party to the proceeding as the document names it (art. 107 § 1 pkt 3 KPA)."""

    name: str
    address: str


def _money(amount: Decimal) -> str:
    """1234.5 → "1 234,50" (Polish: a space between thousands, a comma before grosze)."""
    whole, _, cents = f"{amount:.2f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{' '.join(groups)},{cents}"


def _day(on: date | None) -> str:
    return on.strftime("%d.%m.%Y") if on is not None else ""


def _terms(decision: DecisionRecord) -> dict[str, Any]:
    """What the decision grants, as the template shows it."""
    terms: dict[str, Any] = {}
    if decision.cash is not None:
        cash = decision.cash
        terms["cash"] = {"amount": _money(cash.amount), "period_from": _day(cash.period_from),
                         "period_to": _day(cash.period_to), "installments": cash.installments}
    if decision.care is not None:
        care = decision.care
        terms["care"] = {
            "tasks": list(care.tasks), "hours_per_day": str(care.hours_per_day),
            "hours_per_week": str(care.hours_per_week), "weekdays": list(care.weekdays),
            "period_from": _day(care.period_from), "period_to": _day(care.period_to),
            "place": care.place, "provider_id": care.provider_id,
            "hourly_cost": _money(care.hourly_cost),
            "fee_share_percent": str(care.fee_share_percent),
        }
    if decision.days is not None:
        days = decision.days
        terms["days"] = {"days": days.days, "unit_cost": _money(days.unit_cost),
                         "amount": _money(days.amount), "period_from": _day(days.period_from),
                         "period_to": _day(days.period_to)}
    if decision.dps_fee is not None:
        fee = decision.dps_fee
        terms["dps_fee"] = {
            "resident_income": _money(fee.resident_income), "home_cost": _money(fee.home_cost),
            "resident": _money(fee.resident), "municipality": _money(fee.municipality),
            "family": [{"name": p.name, "relationship": p.relationship,
                        "amount": _money(p.amount), "basis": p.basis} for p in fee.family],
        }
    return terms


def reclaim_facts(*, amount: Decimal, basis: str, period_from: date, period_to: date,
                  instalments: Any, signatory: str, decision_date: date) -> dict[str, Any]:
    """What a reclaim decision (art. 98, art. 104 ust. 3 u.p.s.) states beyond the common
    parts: the amount, the period it was paid for, why it was undue, the terms."""
    return {"reclaim": {
        "amount": _money(amount), "basis": basis, "period_from": _day(period_from),
        "period_to": _day(period_to),
        "instalments": [{"due_on": _day(t["due_on"]), "amount": _money(t["amount"])}
                        for t in instalments],
    }, "signatory": signatory, "decision_date": _day(decision_date)}


def summons_facts(*, purpose: str, subject: str, due_on: date, place: str) -> dict[str, Any]:
    """What a summons (art. 50 § 1, art. 54 KPA) states: to appear or to supply what, by
    when, where."""
    return {"summons": {"purpose": purpose, "subject": subject, "due_on": _day(due_on),
                        "place": place}}


def document_facts(
    kind: DocumentKind, *, issued_on: date, case_reference: str, form: str, party: Party,
    authority: Authority, decision: DecisionRecord | None = None, reason: str = "",
    new_date: date | None = None, application_on: date | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything one document states (art. 107 § 1 KPA), as plain JSON values: the
    authority, place and date, the case reference, the party, the legal basis, the decision
    and its terms, the justification's facts and the signatory; the template adds the
    words, the legal justification and the appeal instruction of its kind."""
    facts: dict[str, Any] = {
        "kind": kind.value,
        "authority": {"name": authority.name, "address": authority.address},
        "place": authority.place,
        "date": _day(issued_on),
        "case_reference": case_reference,
        "form": form,
        "party": {"name": party.name, "address": party.address},
        "application_on": _day(application_on),
        "reason": reason,
        "new_date": _day(new_date),
        "signatory": authority.signatory,  # a decision names its own
    }
    if decision is not None:
        facts.update(
            outcome=decision.outcome,
            reasons=list(decision.reasons),
            legal_basis=decision.legal_basis,
            signatory=decision.signatory,
            interview_on=_day(decision.interview_conducted_on),
            decision_date=_day(decision.issued_on),
            terms=_terms(decision),
        )
    if extra:
        facts.update(extra)
    return facts
