"""Messages of payments (domain/payments.py): Polish, English."""

from __future__ import annotations

PAYMENT_MESSAGES: dict[str, tuple[str, str]] = {
    "payment.error": ("Nieprawidłowa wypłata.", "Invalid payment."),
    "bank_account.error": ("Nieprawidłowy numer rachunku.", "Invalid account number."),
    "bank_account.invalid_iban": (
        "Nieprawidłowy numer rachunku (IBAN): sprawdź cyfry — suma kontrolna się nie zgadza.",
        "Invalid account number (IBAN): check the digits — the checksum does not match."),
    "payment.list_not_found": ("Nie ma listy wypłat na ten dzień.",
                               "There is no payment list for this date."),
    "payment.file_before_approval": (
        "Plik do banku powstaje dopiero po zatwierdzeniu listy wypłat.",
        "The bank file is made only once the payment list is approved."),
    "payment.invalid_date": ("Nieprawidłowa data wypłaty.", "Invalid payment date."),
    "payment.list_empty": (
        "Na ten dzień nie przypada żadna rata do wypłaty.",
        "No instalment falls due by this date."),
    "payment.list_not_approved": (
        "Lista wypłat nie została jeszcze zatwierdzona.",
        "The payment list has not been approved yet."),
    "payment.not_in_list": (
        "Tej wypłaty nie ma na liście (lub nie została wypłacona).",
        "This payment is not on the list (or was not paid)."),
    "payment.already_reversed": ("Ta wypłata została już cofnięta.",
                                 "This payment has already been reversed."),
    "payment.reversal_reason_required": (
        "Podaj powód cofnięcia wypłaty (do 500 znaków).",
        "Give the reason for reversing the payment (up to 500 characters)."),
}
