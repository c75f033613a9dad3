"""Messages of cash benefits' amounts and income (domain/benefits.py): Polish, English."""

from __future__ import annotations

BENEFIT_MESSAGES: dict[str, tuple[str, str]] = {
    "benefit.error": ("Nieprawidłowa kwota świadczenia.", "Invalid benefit amount."),
    "benefit.income_missing": (
        "Brak dochodu za miesiąc przed złożeniem wniosku: wpisz dochód każdego członka "
        "gospodarstwa (także 0 zł).",
        "Income for the month before the application is missing: enter each household "
        "member's income (0 zł too)."),
    "benefit.invalid_income": (
        "Dochód: kwota w złotych i groszach, od 0 do 1 000 000 zł.",
        "Income: an amount in złoty and grosze, from 0 to 1,000,000 zł."),
    "benefit.income_above_criterion": (
        "Dochód przekracza kryterium dochodowe: tego świadczenia nie można przyznać "
        "(rozważ specjalny zasiłek celowy, art. 41).",
        "The income exceeds the income criterion: this benefit cannot be granted "
        "(consider a special purpose allowance, art. 41)."),
    "benefit.amount_above_maximum": (
        "Kwota przekracza najwyższą kwotę, na jaką pozwala ustawa.",
        "The amount exceeds the highest the act allows."),
    "benefit.amount_below_minimum": (
        "Kwota jest niższa niż najniższa kwota, na jaką pozwala ustawa.",
        "The amount is below the lowest the act allows."),
    "benefit.amount_not_as_computed": (
        "Kwotę tego świadczenia wylicza ustawa: przyznaj kwotę wyliczoną.",
        "The act computes this benefit's amount: grant the computed amount."),
    "benefit.justification_required": (
        "Uzasadnij kwotę (potrzeba, a przy kwocie niższej niż najwyższa — dlaczego).",
        "Justify the amount (the need, and for less than the maximum, why)."),
    "benefit.no_amounts": (
        "Brak kwot świadczeń obowiązujących w dniu złożenia wniosku.",
        "No benefit amounts are in force on the application date."),
    "benefit.invalid_input": (
        "Nieprawidłowe dane do wyliczenia kwoty.", "Invalid data for computing the amount."),
    "benefit.invalid_days": (
        "Liczba dni (lub posiłków): od 1 do 1098.",
        "Number of days (or meals): from 1 to 1,098."),
    "benefit.invalid_unit_cost": (
        "Koszt jednostkowy (dnia lub posiłku): więcej niż 0 zł, najwyżej 500 zł, w groszach.",
        "Unit cost (of a day or a meal): above 0 zł, at most 500 zł, in grosze."),
    "benefit.invalid_days_period": (
        "Okres: data końcowa nie może być wcześniejsza niż początkowa.",
        "Period: the end date cannot be before the start date."),
    "benefit.invalid_dps_fee": (
        "Opłata za DPS: dochód mieszkańca od 0 zł, średni koszt utrzymania powyżej 0 zł i "
        "najwyżej 50 000 zł, części opłaty w złotych i groszach.",
        "DPS fee: the resident's income from 0 zł, the home's average cost above 0 zł and at "
        "most 50,000 zł, the parts in złoty and grosze."),
    "benefit.invalid_family_payer": (
        "Członek rodziny wnoszący opłatę: imię i nazwisko, pokrewieństwo, kwota powyżej 0 zł "
        "oraz podstawa (umowa lub decyzja).",
        "Family payer: name, relationship, an amount above 0 zł and the basis (agreement or "
        "decision)."),
    "benefit.dps_family_above_remainder": (
        "Opłaty rodziny przekraczają część kosztu pozostałą po opłacie mieszkańca (70% jego "
        "dochodu, art. 61).",
        "The family's payments exceed what the resident's fee (70% of income, art. 61) leaves "
        "of the cost."),
    "benefit.fee_share_not_as_computed": (
        "Odpłatność za specjalistyczne usługi dla osób z zaburzeniami psychicznymi wynika z "
        "tabeli rozporządzenia: przyjmij wyliczony procent.",
        "The fee share of specialist care for mental disorders follows the regulation's "
        "table: use the computed percentage."),
}
