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
}
