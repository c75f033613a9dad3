"""Messages of undue benefits and summonses (domain/reclaim.py): Polish, English."""

from __future__ import annotations

RECLAIM_MESSAGES: dict[str, tuple[str, str]] = {
    "reclaim.error": ("Nieprawidłowa należność.", "Invalid receivable."),
    "reclaim.amount_invalid": (
        "Kwota musi być dodatnia, w złotych z groszami (najwyżej dwa miejsca po przecinku).",
        "The amount must be positive, in złoty and grosze (two places at most)."),
    "reclaim.amount_above_paid": (
        "Kwota nienależnie pobranego świadczenia nie może przekraczać kwoty wypłaconej na "
        "podstawie decyzji (pomniejszonej o wcześniej żądane zwroty).",
        "The undue amount cannot exceed what was paid under the decision (less earlier "
        "reclaims)."),
    "reclaim.basis_invalid": (
        "Wskaż podstawę: nieprawdziwe informacje albo niepoinformowanie o zmianie sytuacji.",
        "Give the basis: false information, or a change not reported."),
    "reclaim.period_invalid": (
        "Okres musi mieścić się w okresie świadczenia i zaczynać się przed dniem decyzji.",
        "The period must lie within the benefit's period and begin before the decision."),
    "reclaim.terms_invalid": (
        "Terminy zwrotu muszą następować po sobie, nie wcześniej niż w dniu decyzji, a raty "
        "sumować się do kwoty.",
        "The due dates must follow one another, none before the decision, and the "
        "instalments must add up to the amount."),
    "reclaim.reason_required": ("Podaj uzasadnienie (do 2000 znaków).",
                                "Give the justification (up to 2,000 characters)."),
    "reclaim.not_found": ("Nie ma takiej należności w tej sprawie.",
                          "There is no such receivable in this proceeding."),
    "reclaim.duplicate": ("Ta decyzja o zwrocie jest już zapisana.",
                          "This reclaim decision is already recorded."),
    "reclaim.repayment_above_outstanding": (
        "Wpłata przekracza kwotę pozostałą do zwrotu.",
        "The repayment exceeds what is still owed."),
    "reclaim.repayment_invalid": (
        "Nieprawidłowa wpłata: sprawdź datę (nie przed decyzją) i sposób (gotówka, przelew).",
        "Invalid repayment: check the date (not before the decision) and the method "
        "(cash, transfer)."),
    "reclaim.settled": ("Należność jest już w całości rozliczona.",
                        "The receivable is already settled in full."),
    "reclaim.write_off_above_outstanding": (
        "Nie można umorzyć więcej, niż pozostało do zwrotu.",
        "Cannot write off more than is still owed."),
    "summons.invalid": (
        "Uzupełnij wezwanie: cel (stawiennictwo lub dokument), czego dotyczy, a przy "
        "stawiennictwie także miejsce.",
        "Complete the summons: its purpose (to appear or a document), what it is about and, "
        "to appear, the place."),
    "summons.term_too_short": (
        "Termin w wezwaniu musi wynosić co najmniej 7 dni od jego daty (art. 64 § 2 KPA).",
        "The summons must give at least 7 days from its date (KPA art. 64 § 2)."),
}
