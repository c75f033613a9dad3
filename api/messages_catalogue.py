"""Messages of the service catalogue and its proposals (issue #20): Polish first, English
second."""

from __future__ import annotations

CATALOGUE_MESSAGES: dict[str, tuple[str, str]] = {
    "catalogue.error": ("Operacja na katalogu usług odrzucona.", "The catalogue operation was refused."),
    "catalogue.invalid_code": ("Kod pozycji katalogu: małe litery, cyfry, kropki, myślniki (np. care.home).", "Catalogue entry code: lower-case letters, digits, dots, hyphens (e.g. care.home)."),
    "catalogue.invalid_entry": ("Pozycja katalogu ma brakujące lub nieprawidłowe pole.", "The catalogue entry has a missing or invalid field."),
    "catalogue.unknown_service": ("Pakiet wskazuje usługę, której nie ma w katalogu w dniu jego początku.", "The package names a service the catalogue does not hold on its first day."),
    "catalogue.invalid_validity": ("Okres obowiązywania kończy się przed początkiem.", "The validity ends before it starts."),
    "catalogue.overlapping_validity": ("Ta pozycja katalogu obowiązuje już w tym okresie.", "This catalogue entry is already valid in that period."),
    "catalogue.entry_not_found": ("Nie ma takiej pozycji w katalogu.", "No such catalogue entry."),
    "catalogue.entry_withdrawn": ("Pozycja katalogu jest już wycofana od tego dnia lub wcześniej.", "The catalogue entry is already withdrawn by that day."),
    "catalogue.not_published": ("Katalog usług nie został jeszcze opublikowany.", "The service catalogue has not been published yet."),
    "catalogue.version_superseded": ("Katalog na tablecie jest nieaktualny dla dnia wywiadu: pozycje zmieniono. Pobierz katalog i wybierz ponownie.", "The tablet's catalogue is out of date for the interview's day: entries were changed. Fetch the catalogue and choose again."),
    "catalogue.version_not_found": ("Nie ma takiej wersji katalogu.", "No such catalogue version."),
    "catalogue.rule_error": ("Nieprawidłowy warunek.", "Invalid condition."),
    "catalogue.rule_syntax": ("Warunek nie jest poprawnym wyrażeniem CEL.", "The condition is not a valid CEL expression."),
    "catalogue.rule_unknown_fact": ("Warunek używa nazwy, której nie ma wśród faktów.", "The condition names something that is not a fact."),
    "catalogue.rule_not_boolean": ("Warunek musi dawać prawdę albo fałsz, a daje liczbę, tekst lub listę.", "The condition must give true or false, not a number, text or list."),
    "catalogue.invalid_facts": ("Nieznany powód pomocy, stopień niepełnosprawności lub ustalenie.", "Unknown reason for help, disability degree or finding."),
    "catalogue.choice_error": ("Wybór usług odrzucony.", "The choice of services was refused."),
    "catalogue.entry_not_valid": ("Wybrana pozycja nie obowiązuje w dniu wywiadu w tej wersji katalogu.", "A chosen entry is not valid on the interview's day in this catalogue version."),
    "catalogue.choice_before_interview": ("Wybór usług nie może być wcześniejszy niż wywiad, na którym się opiera.", "The choice cannot be dated before the interview it rests on."),
    "catalogue.justification_required": ("Wybrana usługa nie spełnia warunków: podaj uzasadnienie.", "A chosen service's conditions are not met: give a justification."),
}
