"""Golden tests of each document kind, read through its text (`pdftotext`): the parts art. 107
KPA makes mandatory are there, in Polish letters; the PDF is PDF/A with its font embedded;
the same facts give the same bytes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.care import CashTerms
from domain.decision import DecisionRecord
from domain.documents import (
    Authority,
    DocumentKind,
    Party,
    document_facts,
    reclaim_facts,
    summons_facts,
)
from services.documents.rendering import render_pdf, sha256
from tests.support.pdf import pdf_info, pdf_text

ON = date(2026, 3, 10)
AUTHORITY = Authority(name="Prezydent Miasta Wrocławia",
                      address="ul. Strzegomska 6, 53-611 Wrocław", place="Wrocław",
                      signatory="z up. Prezydenta — Dyrektor MOPS")
PARTY = Party(name="Łucja Ćwiąkała-Żółć", address="ul. Źródlana 1/3, 50-001 Wrocław")


def decision(outcome: str) -> DecisionRecord:
    cash = CashTerms(amount=Decimal("1234.5"), period_from=date(2026, 3, 1),
                     period_to=date(2026, 5, 31), installments=3)
    return DecisionRecord(
        decision_id=uuid4(), outcome=outcome, reasons=("1", "5"),
        legal_basis="art. 38 ust. 1 ustawy o pomocy społecznej",
        signatory="z up. Prezydenta, Zofia Łęcka, kierownik działu", issued_on=date(2026, 3, 2),
        interview_conducted_on=date(2026, 2, 25), cash=cash if outcome == "grant" else None)


# Kinds that are not the proceeding's decision itself: a reclaim states its own terms.
NOT_THE_DECISION = {DocumentKind.DELAY_NOTICE, DocumentKind.SUMMONS, DocumentKind.RECLAIM}
EXTRA = {
    DocumentKind.RECLAIM: reclaim_facts(
        amount=Decimal("1234.5"), basis="change_not_reported", period_from=date(2026, 3, 1),
        period_to=date(2026, 3, 31),
        instalments=[{"due_on": date(2026, 4, 10), "amount": Decimal("600")},
                     {"due_on": date(2026, 5, 10), "amount": Decimal("634.5")}],
        signatory="z up. Prezydenta, Zofia Łęcka, kierownik działu",
        decision_date=date(2026, 3, 2)),
    DocumentKind.SUMMONS: summons_facts(
        purpose="supply_document", subject="zaświadczenie o dochodach za luty",
        due_on=date(2026, 3, 17), place=""),
}


def facts(kind: DocumentKind, outcome: str = "grant") -> dict:
    return document_facts(
        kind, issued_on=ON, case_reference="ZTPS1.5111.42.2026", form="periodic_allowance",
        party=PARTY, authority=AUTHORITY,
        decision=None if kind in NOT_THE_DECISION else decision(outcome),
        reason="Zmiana dochodu rodziny od marca.", new_date=date(2026, 4, 30),
        application_on=date(2026, 2, 20), extra=EXTRA.get(kind))


# What every document states (art. 107 § 1 KPA): the authority, place and date, the case
# reference and the party.
COMMON = ["Prezydent Miasta Wrocławia", "ul. Strzegomska 6, 53-611 Wrocław",
          "Wrocław, dnia 10.03.2026", "Znak sprawy: ZTPS1.5111.42.2026",
          "Łucja Ćwiąkała-Żółć", "ul. Źródlana 1/3, 50-001 Wrocław"]
APPEAL = ["Pouczenie", "odwołanie do Samorządowego Kolegium Odwoławczego",
          "w terminie 14 dni od dnia jej doręczenia", "art. 127a KPA"]
DECIDED_BY = ["z up. Prezydenta, Zofia Łęcka, kierownik działu", "(podpis osoby upoważnionej)"]

GOLDEN = {
    (DocumentKind.DECISION_GRANT, "grant"): [
        "DECYZJA", "art. 38 ust. 1 ustawy o pomocy społecznej", "orzekam",
        "przyznać stronie świadczenie: zasiłek okresowy",
        "Kwota: 1 234,50 zł, od dnia 01.03.2026 do dnia 31.05.2026, płatna w 3 ratach",
        "Uzasadnienie faktyczne.", "wywiad środowiskowy przeprowadzono w dniu 25.02.2026",
        "ubóstwo (art. 7 pkt 1), niepełnosprawność (art. 7 pkt 5)",
        "Uzasadnienie prawne.", *APPEAL, *DECIDED_BY],
    (DocumentKind.DECISION_REFUSAL, "refuse"): [
        "DECYZJA", "art. 38 ust. 1 ustawy o pomocy społecznej", "orzekam",
        "odmówić stronie przyznania świadczenia: zasiłek okresowy",
        "Uzasadnienie faktyczne.", "Uzasadnienie prawne.", *APPEAL, *DECIDED_BY],
    (DocumentKind.DECISION_AMENDMENT, "grant"): [
        "DECYZJA ZMIENIAJĄCA", "art. 155", "art. 106 ust. 5", "orzekam",
        "zmienić decyzję z dnia 02.03.2026", "kwota 1 234,50 zł",
        "Uzasadnienie faktyczne. Zmiana dochodu rodziny od marca.", "Uzasadnienie prawne.",
        *APPEAL, *DECIDED_BY],
    (DocumentKind.DECISION_REVOCATION, "grant"): [
        "DECYZJA UCHYLAJĄCA", "art. 106 ust. 5", "orzekam",
        "uchylić z dniem 10.03.2026 decyzję z dnia 02.03.2026",
        "Uzasadnienie faktyczne. Zmiana dochodu rodziny od marca.", "Uzasadnienie prawne.",
        *APPEAL, *DECIDED_BY],
    (DocumentKind.DELAY_NOTICE, "grant"): [
        "ZAWIADOMIENIE", "art. 36 § 1 Kodeksu postępowania administracyjnego",
        "nie zostanie załatwiona w terminie", "Przyczyna zwłoki: Zmiana dochodu rodziny od marca.",
        "Nowy termin załatwienia sprawy: 30.04.2026", "ponaglenia", "art. 37 § 1 i 3 KPA",
        "z up. Prezydenta — Dyrektor MOPS"],
    (DocumentKind.RECLAIM, "grant"): [
        "DECYZJA", "art. 104 Kodeksu postępowania administracyjnego",
        "art. 6 pkt 16, art. 98 ust. 1 i art. 104 ust. 1 i 3 ustawy", "orzekam",
        "przyznane decyzją z dnia 02.03.2026",
        "za okres od dnia 01.03.2026 do dnia 31.03.2026",
        "za nienależnie pobrane w kwocie 1 234,50 zł", "w 2 ratach",
        "rata 1: 600,00 zł — do dnia 10.04.2026", "rata 2: 634,50 zł — do dnia 10.05.2026",
        "Uzasadnienie faktyczne.", "nie poinformowała organu o zmianie",
        "Zmiana dochodu rodziny od marca.", "Uzasadnienie prawne.", "art. 104 ust. 4",
        *APPEAL, *DECIDED_BY],
    (DocumentKind.SUMMONS, "grant"): [
        "WEZWANIE", "art. 50 § 1 i art. 64 § 2 Kodeksu postępowania administracyjnego",
        "świadczenia: zasiłek okresowy", "w terminie do dnia 17.03.2026",
        "zaświadczenie o dochodach za luty", "Pouczenie", "pozostawienie wniosku bez rozpoznania",
        "z up. Prezydenta — Dyrektor MOPS"],
}


def test_every_kind_has_a_golden_test():
    assert {kind for kind, _ in GOLDEN} == set(DocumentKind)


@pytest.mark.parametrize(("kind", "outcome"), list(GOLDEN), ids=lambda v: str(v))
def test_each_document_states_the_mandatory_parts(kind, outcome):
    text = pdf_text(render_pdf(kind, facts(kind, outcome), ON))

    missing = [part for part in COMMON + GOLDEN[kind, outcome] if part not in text]
    assert not missing, text


def test_a_refusal_grants_no_amount():
    text = pdf_text(render_pdf(DocumentKind.DECISION_REFUSAL,
                               facts(DocumentKind.DECISION_REFUSAL, "refuse"), ON))

    assert "Kwota" not in text and "przyznać stronie" not in text


def test_the_same_facts_give_the_same_bytes_and_other_facts_another_hash():
    kind = DocumentKind.DECISION_GRANT
    first = render_pdf(kind, facts(kind), ON)
    again = render_pdf(kind, facts(kind), ON)
    other = render_pdf(kind, facts(kind) | {"case_reference": "ZTPS1.5111.43.2026"}, ON)

    assert first == again
    assert sha256(first) != sha256(other)


def test_the_document_is_pdf_a_with_its_polish_font_embedded():
    pdf = render_pdf(DocumentKind.DECISION_GRANT, facts(DocumentKind.DECISION_GRANT), ON)

    assert b"<pdfaid:part>2</pdfaid:part>" in pdf  # PDF/A-2
    assert b"<pdfaid:conformance>B</pdfaid:conformance>" in pdf  # level B
    assert b"DejaVuSans" in pdf
    info = pdf_info(pdf)
    assert "DECYZJA ZTPS1.5111.42.2026" in info
    assert "Mar 10" in info and "2026" in info  # the document's own date, not the clock's
