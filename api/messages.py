"""User-facing error messages: Polish first, English second, keyed by stable error codes."""

from __future__ import annotations

from api.messages_benefits import BENEFIT_MESSAGES
from api.messages_care import CARE_MESSAGES
from api.messages_catalogue import CATALOGUE_MESSAGES
from api.messages_federation import FEDERATION_MESSAGES
from api.messages_household import HOUSEHOLD_MESSAGES
from api.messages_integrity import INTEGRITY_MESSAGES
from api.messages_payments import PAYMENT_MESSAGES
from api.messages_procedure import PROCEDURE_MESSAGES
from api.messages_receivables import RECLAIM_MESSAGES
from api.messages_reliability import RELIABILITY_MESSAGES
from api.messages_returns import RETURN_MESSAGES

MESSAGES: dict[str, tuple[str, str]] = {
    # request shape
    "request.malformed": ("Treść żądania nie jest poprawnym JSON-em.", "The request body is not valid JSON."),
    "request.invalid": ("Żądanie zawiera nieprawidłowe lub brakujące pola.", "The request has invalid or missing fields."),
    "request.too_large": ("Treść żądania jest zbyt duża.", "The request body is too large."),
    "request.nul_character": ("Żądanie zawiera niedozwolony znak NUL (\\u0000).", "The request contains a forbidden NUL character (\\u0000)."),
    "request.not_found": ("Nie ma takiego adresu.", "No such address."),
    "request.method_not_allowed": ("Ta metoda nie jest dozwolona.", "This method is not allowed."),
    # authentication and authorisation
    "auth.required": ("Zaloguj się, aby kontynuować.", "Sign in to continue."),
    "auth.invalid_token": ("Sesja wygasła lub jest nieprawidłowa. Zaloguj się ponownie.", "The session expired or is invalid. Sign in again."),
    "auth.invalid_credentials": ("Nieprawidłowy login lub hasło.", "Wrong username or password."),
    "auth.forbidden": ("Nie masz uprawnień do tej operacji.", "You are not allowed to do this."),
    "auth.session_ended": ("Sesja została zakończona. Zaloguj się ponownie.", "The session was ended. Sign in again."),
    "auth.invalid_refresh": ("Sesja wygasła lub została zakończona. Zaloguj się ponownie.", "The session expired or was ended. Sign in again."),
    "auth.sign_in_delayed": ("Zbyt wiele nieudanych prób logowania na to konto. Odczekaj chwilę i spróbuj ponownie.", "Too many failed sign-ins to this account. Wait a moment and try again."),
    "auth.too_many_attempts": ("Zbyt wiele prób z tego adresu. Odczekaj chwilę i spróbuj ponownie.", "Too many attempts from this address. Wait a moment and try again."),
    # store
    "store.unavailable": ("Baza danych jest chwilowo niedostępna. Spróbuj ponownie za chwilę.", "The database is unavailable for a moment. Try again shortly."),
    "store.busy": ("Serwer jest chwilowo przeciążony. Spróbuj ponownie za chwilę.", "The server is overloaded for a moment. Try again shortly."),
    "read_model.position_unknown": ("Nie ma jeszcze zapisu o tej pozycji.", "No write has reached this position yet."),
    # the access log's filters (issue #21)
    "audit.period_reversed": ("Data początkowa jest późniejsza niż końcowa.", "The start date is after the end date."),
    "audit.period_too_long": ("Okres może obejmować najwyżej dwa lata.", "The period can span two years at most."),
    # offline sync (POST /api/sync)
    "sync.not_a_command": ("Tego adresu nie można wysłać w synchronizacji: to nie jest polecenie.", "This path cannot be synced: it is not a command."),
    "sync.command_crashed": ("Serwer nie zdołał wykonać tego polecenia (błąd zapisany w dzienniku). Zostaje w kolejce.", "The server could not run this command (the error is logged). It stays queued."),
    "sync.held": ("Wstrzymane: wcześniejsze polecenie dla tej samej sprawy nie zostało przyjęte.", "Held: an earlier command for the same case was not applied."),
    "read_model.not_ready": ("Widok jest jeszcze aktualizowany. Spróbuj ponownie za chwilę.", "The view is still being updated. Try again shortly."),
    # commands
    "version.stale": ("Teczka została w międzyczasie zmieniona przez kogoś innego.", "Someone else changed the folder in the meantime."),
    "command.id_reused": ("Ten identyfikator polecenia użyto już dla innej treści.", "This command id was already used for a different body."),
    "aggregate.not_found": ("Nie znaleziono obiektu.", "Not found."),
    # commands: a new record under an id already taken (nothing said about that record)
    "aggregate.exists": ("Zapis o tym identyfikatorze już istnieje. Utwórz go z nowym identyfikatorem.", "A record with this id already exists. Create it with a new id."),
    "service.error": ("Operacja odrzucona przez serwer.", "The server refused the operation."),
    "domain.error": ("Operacja odrzucona.", "The operation was refused."),
    "domain.invalid_value": ("Nieprawidłowa wartość.", "Invalid value."),
    "domain.conflict": ("Operacja koliduje z bieżącym stanem.", "The operation conflicts with the current state."),
    "domain.not_found": ("Nie znaleziono.", "Not found."),
    # identifiers
    "pesel.invalid": ("Nieprawidłowy numer PESEL.", "Invalid PESEL number."),
    "pesel.invalid_format": ("PESEL musi składać się z 11 cyfr.", "A PESEL must have 11 digits."),
    "pesel.invalid_checksum": ("Nieprawidłowa cyfra kontrolna numeru PESEL.", "The PESEL check digit is wrong."),
    "pesel.invalid_date": ("PESEL zawiera nieistniejącą datę urodzenia.", "The PESEL holds a birth date that does not exist."),
    "pesel.invalid_serial": ("Nieprawidłowy numer serii PESEL.", "Invalid PESEL serial number."),
    "pesel.invalid_sex": ("Nieprawidłowe oznaczenie płci.", "Invalid sex marker."),
    "teryt.invalid": ("Nieprawidłowy kod TERYT.", "Invalid TERYT code."),
    "document.invalid": ("Nieprawidłowy dokument tożsamości.", "Invalid identity document."),
    "calendar.invalid_day_count": ("Nieprawidłowa liczba dni.", "Invalid number of days."),
    # household
    "address.invalid": ("Nieprawidłowy adres.", "Invalid address."),
    "address.invalid_postal_code": ("Kod pocztowy musi mieć postać NN-NNN.", "The postal code must look like NN-NNN."),
    "address.missing_field": ("Adres jest niepełny.", "The address is incomplete."),
    "member.invalid": ("Nieprawidłowe dane osoby.", "Invalid person details."),
    "member.invalid_name": ("Imię i nazwisko są wymagane (do 80 znaków).", "First and last name are required (up to 80 characters)."),
    "member.invalid_relation": ("Nieznany stopień pokrewieństwa.", "Unknown family relation."),
    "member.no_identifier": ("Podaj PESEL albo dokument tożsamości.", "Give a PESEL or an identity document."),
    "member.birth_date_mismatch": ("Data urodzenia nie zgadza się z numerem PESEL.", "The birth date does not match the PESEL."),
    # case folder
    "case_folder.error": ("Operacja na teczce odrzucona.", "The folder operation was refused."),
    "case_folder.not_found": ("Nie znaleziono teczki.", "Case folder not found."),
    "case_folder.outside_team": ("Teczkę można założyć tylko w swoim zespole.", "A folder can only be opened in your own team."),
    "case_folder.closed": ("Teczka jest zamknięta i nie przyjmuje zmian.", "The case folder is closed and accepts no changes."),
    "case_folder.head_required": ("Teczkę zakłada się dla osoby w roli głowy gospodarstwa.", "A folder is opened for the head of the household."),
    "case_folder.head_already_present": ("Gospodarstwo ma już głowę.", "The household already has a head."),
    "search.no_criteria": ("Podaj PESEL, imię i nazwisko, datę urodzenia lub adres.", "Give a PESEL, a name, a birth date or an address."),
    "person.has_open_folder": ("Ta osoba ma już otwartą teczkę w innym gospodarstwie (zespół i numer teczki w szczegółach). Przekaż teczkę albo zakończ członkostwo w tamtym gospodarstwie.", "This person already has an open folder in another household (its team and folder number are in the details). Transfer the folder or end the membership in that household."),
    "case_folder.duplicate_member": ("Ta osoba jest już w gospodarstwie.", "This person is already in the household."),
    "case_folder.member_not_found": ("Nie ma takiej osoby w gospodarstwie.", "No such household member."),
    "case_folder.nothing_to_correct": ("Nie podano żadnej zmiany.", "No change was given."),
    "case_folder.address_unchanged": ("Adres jest taki sam jak dotychczas.", "The address is the same as before."),
    "case_folder.already_assigned": ("Teczka jest już przydzielona temu pracownikowi.", "The folder is already assigned to this worker."),
    "case_folder.invalid_team": ("Nieprawidłowy zespół.", "Invalid team."),
    # which team an address belongs to (domain/team_areas.py), at first contact
    "team_area.error": ("Nie udało się ustalić zespołu dla adresu.", "The team for the address could not be found."),
    "team_area.not_found": ("Adres nie należy do rejonu żadnego zespołu. Wskaż zespół ręcznie.", "The address is in no team's area. Name the team yourself."),
    "team_area.unknown_team": ("Nie ma takiego zespołu w obowiązującym podziale na rejony.", "No such team in the division of areas in force."),
    "team_area.invalid_table": ("Nieprawidłowa tabela rejonów zespołów.", "Invalid table of team areas."),
    # the applicant's signature drawn on the screen (domain/signature.py)
    "signature.error": ("Nieprawidłowy podpis.", "Invalid signature."),
    "signature.not_png_or_webp": ("Podpis musi być obrazem PNG lub WebP.", "The signature must be a PNG or WebP image."),
    "signature.too_large": ("Obraz podpisu jest za duży (najwyżej 100 kB).", "The signature image is too large (at most 100 kB)."),
    "proceeding.signature_without_applicant": ("Postępowanie wszczęte z urzędu nie ma wnioskodawcy, który mógłby je podpisać.", "A proceeding opened ex officio has no applicant to sign it."),
    "proceeding.already_signed": ("Wniosek jest już podpisany.", "The application is already signed."),
    "case_folder.same_team": ("Teczka jest już w tym zespole.", "The folder is already in this team."),
    "case_folder.date_before_opened": ("Data jest wcześniejsza niż założenie teczki.", "The date is before the folder was opened."),
    "case_folder.invalid_close_date": ("Data zamknięcia jest wcześniejsza niż założenie teczki.", "The closing date is before the folder was opened."),
    "case_folder.close_reason_required": ("Podaj powód zamknięcia teczki.", "Give the reason for closing the folder."),
    "case_folder.not_closed": ("Dane można usunąć dopiero z zamkniętej teczki.", "Personal data can only be erased from a closed folder."),
    "case_folder.already_erased": ("Dane osobowe tej teczki zostały już usunięte.", "This folder's personal data was already erased."),
    "personal_data.erased": ("Dane osobowe tej osoby zostały trwale usunięte.", "This person's personal data was erased for good."),
    "case_folder.permanent_help_unchanged": ("Stan stałej pomocy się nie zmienił.", "The permanent-help state did not change."),
    # social work
    "visit.error": ("Nieprawidłowa wizyta.", "Invalid visit."),
    "visit.invalid_minutes": ("Czas wizyty musi wynosić od 1 do 720 minut.", "A visit must last 1 to 720 minutes."),
    "visit.invalid_activity": ("Nieznany rodzaj działania.", "Unknown kind of activity."),
    "visit.notes_too_long": ("Notatka jest zbyt długa.", "The notes are too long."),
    "visit.place_too_long": ("Opis miejsca jest zbyt długi.", "The place is too long."),
    "visit.before_folder_opened": ("Wizyta nie może być wcześniejsza niż założenie teczki.", "A visit cannot be before the folder was opened."),
    "visit.duplicate": ("Ta wizyta jest już zapisana.", "This visit is already recorded."),
    "interview.error": ("Operacja na wywiadzie odrzucona.", "The interview operation was refused."),
    "interview.invalid_sections": ("Nieprawidłowe części wywiadu.", "Invalid interview sections."),
    "interview.unknown_section": ("Nieznana część wywiadu (dozwolone A–J).", "Unknown interview section (A–J allowed)."),
    "interview.missing_mandatory_sections": ("Brakuje obowiązkowych części wywiadu (A, H, I, J).", "Mandatory interview sections are missing (A, H, I, J)."),
    "interview.empty_update": ("Aktualizacja wywiadu musi zawierać co najmniej jedną część.", "An interview update needs at least one section."),
    "interview.section_too_long": ("Część wywiadu jest zbyt długa.", "An interview section is too long."),
    "interview.duplicate": ("Ten wywiad jest już zaplanowany.", "This interview is already scheduled."),
    "interview.due_before_trigger": ("Termin wywiadu jest wcześniejszy niż jego przyczyna.", "The interview is due before its trigger."),
    "interview.already_conducted": ("Ten wywiad został już przeprowadzony.", "This interview was already conducted."),
    "interview.not_conducted": ("Wywiad nie został jeszcze przeprowadzony.", "The interview has not been conducted yet."),
    "interview.not_found": ("Nie znaleziono wywiadu.", "Interview not found."),
    "interview.update_before_conduct": ("Aktualizacja nie może być wcześniejsza niż wywiad.", "An update cannot be before the interview."),
    # proceedings and orders (service level)
    "proceeding.not_found": ("Nie znaleziono postępowania.", "Proceeding not found."),
    "order.not_found": ("Nie znaleziono zlecenia usług.", "Service order not found."),
    "order.not_a_caregiver": ("Ta osoba nie jest opiekunką tego świadczeniodawcy.", "This person is not a caregiver of this provider."),
    "care_visit.caregiver_busy": ("Opiekunka ma w tym czasie inną wizytę.", "The caregiver has another visit at this time."),
    "parameters.duplicate_valid_from": ("Dla tej daty jest już zapisany wiersz parametrów.", "Parameters valid from this date already exist."),
    # backups (command line)
    "backup.invalid": ("To nie jest plik kopii zapasowej Teczki.", "This is not a Teczka backup file."),
    "backup.corrupt": ("Kopia zapasowa jest uszkodzona lub niepełna.", "The backup is damaged or incomplete."),
    "backup.keys_missing": ("Brak kluczy danych osobowych: odtwórz najpierw kopię kluczy.", "The personal-data keys are missing: restore the key backup first."),
    "backup.store_not_empty": ("Kopię można odtworzyć tylko do pustej bazy.", "A backup can only be restored into an empty store."),
    # users
    "user.error": ("Operacja na koncie odrzucona.", "The account operation was refused."),
    "user.not_found": ("Nie znaleziono użytkownika.", "User not found."),
    "user.inactive": ("Konto jest nieaktywne.", "The account is inactive."),
    "user.invalid_username": ("Login: 3–40 znaków, małe litery, cyfry, . _ -.", "Username: 3–40 characters, lower-case letters, digits, . _ -."),
    "user.invalid_display_name": ("Nieprawidłowa nazwa wyświetlana.", "Invalid display name."),
    "user.invalid_role": ("Nieznana rola.", "Unknown role."),
    "user.invalid_unit": ("Nieprawidłowa jednostka.", "Invalid unit."),
    "user.missing_password_hash": ("Brak hasła.", "Missing password."),
    "user.role_unchanged": ("Rola się nie zmieniła.", "The role did not change."),
    "user.weak_password": ("Hasło musi mieć co najmniej 10 znaków.", "The password must have at least 10 characters."),
    "user.exists": ("Taki użytkownik już istnieje.", "This user already exists."),
    # two people for powerful changes (domain/staff_changes.py)
    "user_request.error": ("Prośba o konto lub rolę odrzucona.", "The account or role request was refused."),
    "user_request.pending": ("Na tego użytkownika czeka już prośba do kierownika; poczekaj na jej rozpatrzenie.", "A request for this user already waits for a manager; wait until it is decided."),
    "user_request.not_found": ("Nie ma oczekującej prośby o to konto w Twojej jednostce.", "No request for this account waits in your unit."),
    "user_request.own": ("Nie można potwierdzić zmiany własnego konta.", "You cannot confirm a change of your own account."),
    "user_request.not_confirmed": ("Konto czeka na potwierdzenie kierownika.", "The account waits for a manager's confirmation."),
    # sessions
    "session.error": ("Operacja na sesji odrzucona.", "The session operation was refused."),
    "session.not_found": ("Nie znaleziono sesji.", "Session not found."),
    "session.ended": ("Sesja została już zakończona.", "The session has already ended."),
    "session.expired": ("Sesja wygasła.", "The session expired."),
    "session.refresh_reused": ("Token odświeżania został już użyty.", "The refresh token was already used."),
    "session.refresh_mismatch": ("Nieprawidłowy token odświeżania.", "Invalid refresh token."),
    "session.invalid_refresh_hash": ("Nieprawidłowy skrót tokenu odświeżania.", "Invalid refresh token digest."),
    "session.invalid_expiry": ("Nieprawidłowy czas wygaśnięcia sesji.", "Invalid session expiry time."),
    "session.invalid_end_reason": ("Nieznany powód zakończenia sesji.", "Unknown reason for ending the session."),
}


MESSAGES.update(CARE_MESSAGES)
MESSAGES.update(BENEFIT_MESSAGES)
MESSAGES.update(PAYMENT_MESSAGES)
MESSAGES.update(RECLAIM_MESSAGES)
MESSAGES.update(FEDERATION_MESSAGES)
MESSAGES.update(RETURN_MESSAGES)
MESSAGES.update(INTEGRITY_MESSAGES)
MESSAGES.update(PROCEDURE_MESSAGES)
MESSAGES.update(HOUSEHOLD_MESSAGES)
MESSAGES.update(RELIABILITY_MESSAGES)
MESSAGES.update(CATALOGUE_MESSAGES)


def message(code: str) -> dict[str, str]:
    """The Polish and English text for an error code (a generic one if the code is new)."""
    pl, en = MESSAGES.get(code) or MESSAGES["domain.error"]
    return {"pl": pl, "en": en}
