"""Messages of the administrative procedure's course (KPA): Polish first, English second."""

from __future__ import annotations

PROCEDURE_MESSAGES: dict[str, tuple[str, str]] = {
    "procedure.error": ("Czynność w postępowaniu odrzucona.", "The step of the proceeding was refused."),
    "procedure.closed": ("Postępowanie zostało umorzone lub wniosek wycofano.", "The proceeding was discontinued or the application withdrawn."),
    "procedure.suspended": ("Postępowanie jest zawieszone; najpierw je podejmij.", "The proceeding is suspended; resume it first."),
    "procedure.not_suspended": ("Postępowanie nie jest zawieszone.", "The proceeding is not suspended."),
    "procedure.already_decided": ("W sprawie wydano już decyzję.", "A decision has already been issued in this case."),
    "procedure.already_complicated": ("Sprawa jest już oznaczona jako szczególnie skomplikowana.", "The case is already marked particularly complicated."),
    "procedure.reason_required": ("Podaj przyczynę.", "Give the reason."),
    "procedure.date_before_opening": ("Data jest wcześniejsza niż wszczęcie postępowania.", "The date is before the proceeding began."),
    "procedure.new_date_not_later": ("Nowy termin załatwienia sprawy musi być późniejszy niż dzień zawiadomienia (art. 36 KPA).", "The new date must be after the day of the notice (KPA art. 36)."),
    "procedure.resumed_before_suspended": ("Podjęcie nie może poprzedzać zawieszenia.", "The proceeding cannot be resumed before it was suspended."),
    "procedure.no_application": ("Postępowanie wszczęto z urzędu: nie ma wniosku do wycofania.", "The proceeding was opened ex officio: there is no application to withdraw."),
    "procedure.posted_after_filing": ("Data nadania nie może być późniejsza niż data wpływu odwołania.", "The posting date cannot be after the day the appeal came in."),
    "procedure.waiver_after_appeal": ("Odwołanie zostało już wniesione; nie można zrzec się prawa do niego.", "An appeal was already filed; it can no longer be waived."),
    # Documents (art. 107 KPA): services/documents/.
    "document.error": ("Dokument niedostępny.", "The document is not available."),
    "document.not_found": ("Nie ma takiego dokumentu w tym postępowaniu.", "No such document in this proceeding."),
    "document.unprintable_text": ("Tekst zawiera znak, którego nie da się wydrukować w dokumencie (`details.text`). Użyj liter alfabetu łacińskiego.", "The text holds a character the document cannot print (`details.text`). Use letters of the Latin alphabet."),
    "document.duplicate": ("Ten dokument został już wydany.", "This document was already issued."),
    "document.not_reproducible": ("Dokumentu nie można odtworzyć w wydanej postaci (inny szablon lub wersja programu); skontaktuj się z administratorem.", "The document cannot be rendered as it was issued (another template or program version); contact the administrator."),
}
