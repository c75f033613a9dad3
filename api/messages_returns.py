"""Messages of statistical returns and social contracts: Polish first, English second."""

from __future__ import annotations

RETURN_MESSAGES: dict[str, tuple[str, str]] = {
    "return_period.error": ("Nieprawidłowy okres sprawozdawczy.", "Invalid reporting period."),
    "return_period.invalid": ("Okres sprawozdania to rok (2000–2100) i część: H1 (półrocze) lub Y (rok).", "A return period is a year (2000–2100) and a part: H1 (half-year) or Y (year)."),
    "return.error": ("Nie można wykonać operacji na sprawozdaniu.", "The return cannot be changed this way."),
    "return.not_found": ("Sprawozdanie za ten okres nie zostało jeszcze sporządzone.", "No return has been compiled for this period yet."),
    "return.nothing_compiled": ("Najpierw sporządź sprawozdanie, potem je złóż.", "Compile the return before submitting it."),
    "return.reviewed_figures_changed": ("Dane sprawozdania zmieniły się po przejrzeniu. Przejrzyj je ponownie przed złożeniem.", "The return was compiled again after you reviewed it. Review it again before submitting."),
    "return.already_submitted": ("To sprawozdanie zostało już złożone z tymi samymi danymi.", "This return was already submitted with the same figures."),
    "return.period_not_ended": ("Okres sprawozdawczy jeszcze się nie zakończył.", "The reporting period has not ended yet."),
    "return.not_submitted": ("Sprawozdanie za ten okres nie zostało jeszcze złożone.", "The return for this period has not been submitted yet."),
    "return.unit_not_configured": ("Nie skonfigurowano kodu TERYT i nazwy jednostki (TECZKA_UNIT_TERYT, TECZKA_UNIT_NAME).", "The unit's TERYT code and name are not configured (TECZKA_UNIT_TERYT, TECZKA_UNIT_NAME)."),
    "return.checks_failed": ("Sprawozdanie nie spełnia reguł spójności formularza. Popraw dane, sporządź je ponownie i dopiero wtedy złóż.", "The return breaks the form's consistency rules. Correct the data, compile it again, then submit."),
    "social_contract.error": ("Nie można wykonać operacji na kontrakcie socjalnym.", "The social contract cannot be changed this way."),
    "social_contract.not_found": ("Nie znaleziono kontraktu socjalnego.", "Social contract not found."),
    "social_contract.invalid_period": ("Kontrakt kończy się przed podpisaniem albo trwa dłużej niż 5 lat.", "The contract ends before it is signed or lasts more than 5 years."),
    "social_contract.goals_required": ("Wpisz cele kontraktu.", "Enter the contract's goals."),
    "social_contract.closed": ("Kontrakt został już zamknięty.", "The contract is already closed."),
    "social_contract.closed_before_signing": ("Kontrakt nie może zostać zamknięty przed podpisaniem.", "A contract cannot be closed before it was signed."),
    "social_contract.invalid_outcome": ("Nieznany wynik kontraktu (achieved, partly_achieved, broken).", "Unknown contract outcome (achieved, partly_achieved, broken)."),
}
