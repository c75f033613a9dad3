"""A proceeding remembers the documents it issued: what rendered them and their hash, from
which version of its events; the facts a document states come from those events only."""

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from domain.care import CashTerms
from domain.decision import DecisionRecord
from domain.documents import (
    Authority,
    DocumentKind,
    DuplicateDocumentError,
    Party,
    decision_kind,
    document_facts,
)
from domain.proceeding import Proceeding

AUTHORITY = Authority(name="Prezydent Miasta Wrocławia", address="ul. Strzegomska 6",
                      place="Wrocław", signatory="z up. Prezydenta — Dyrektor MOPS")


def filed() -> Proceeding:
    return Proceeding.file_application(
        proceeding_id=UUID(int=1), folder_id=UUID(int=2), person_id=UUID(int=3),
        form="periodic_allowance", applicant="person", filed_on=date(2026, 3, 1),
        case_reference="ZTPS1.5111.42.2026")


def record(proceeding: Proceeding, document_id: str = "d1") -> None:
    proceeding.record_document(
        document_id=document_id, kind=DocumentKind.DELAY_NOTICE, issued_on=date(2026, 3, 20),
        sha256="ab" * 32, source_version=proceeding.version, folder_version=4,
        template_version="t1", renderer="typst 0.15.0", authority=AUTHORITY)


def test_a_document_issued_is_recorded_with_its_hash_and_what_rendered_it():
    proceeding = filed()
    proceeding.issue_delay_notice(issued_on=date(2026, 3, 20), reason="Opinia.",
                                  new_date=date(2026, 4, 30))
    record(proceeding)

    issued = proceeding.documents["d1"]
    assert (issued.kind, issued.sha256, issued.source_version, issued.folder_version) == (
        "delay_notice", "ab" * 32, 2, 4)
    assert issued.authority == AUTHORITY
    events = proceeding.collect_events()
    assert isinstance(events[-1], Proceeding.DocumentIssued)
    replayed = None
    for event in events:
        replayed = event.mutate(replayed)
    assert replayed is not None and replayed.documents == proceeding.documents


def test_the_same_document_is_never_recorded_twice():
    proceeding = filed()
    record(proceeding)

    with pytest.raises(DuplicateDocumentError):
        record(proceeding)


def test_a_decision_is_a_grant_or_a_refusal_document():
    def issued(outcome: str) -> DecisionRecord:
        return DecisionRecord(decision_id=UUID(int=9), outcome=outcome, reasons=("1",),
                              legal_basis="art. 38", signatory="Jan Dec",
                              issued_on=date(2026, 3, 10),
                              interview_conducted_on=date(2026, 3, 2))

    assert decision_kind(issued("grant")) is DocumentKind.DECISION_GRANT
    assert decision_kind(issued("refuse")) is DocumentKind.DECISION_REFUSAL


def test_facts_write_money_and_dates_the_polish_way_and_name_the_signatory():
    decision = DecisionRecord(
        decision_id=UUID(int=9), outcome="grant", reasons=("1",), legal_basis="art. 38",
        signatory="Jan Dec", issued_on=date(2026, 3, 10), interview_conducted_on=date(2026, 3, 2),
        cash=CashTerms(amount=Decimal("12345.6"), period_from=date(2026, 3, 1), period_to=None,
                       installments=1))
    facts = document_facts(DocumentKind.DECISION_GRANT, issued_on=date(2026, 3, 10),
                           case_reference="ZTPS1.5111.42.2026", form="periodic_allowance",
                           party=Party(name="Anna Nowak", address="ul. Długa 1"),
                           authority=AUTHORITY, decision=decision)
    notice = document_facts(DocumentKind.DELAY_NOTICE, issued_on=date(2026, 3, 10),
                            case_reference="ZTPS1.5111.42.2026", form="periodic_allowance",
                            party=Party(name="Anna Nowak", address="ul. Długa 1"),
                            authority=AUTHORITY, new_date=date(2026, 4, 1))

    assert facts["terms"]["cash"]["amount"] == "12 345,60"
    assert facts["date"] == "10.03.2026" and facts["signatory"] == "Jan Dec"
    assert notice["signatory"] == AUTHORITY.signatory and notice["new_date"] == "01.04.2026"
