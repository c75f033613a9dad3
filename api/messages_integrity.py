"""Messages of backups' signatures and of typed identifiers and text: Polish first, English
second."""

from __future__ import annotations

INTEGRITY_MESSAGES: dict[str, tuple[str, str]] = {
    # backup signatures (command line: `teczka verify`, `teczka restore`)
    "backup.signature_invalid": ("Podpis kopii zapasowej jest nieprawidłowy.", "The backup's signature is not valid."),
    "backup.unsigned": ("Kopia zapasowa nie jest podpisana (stary format albo usunięty podpis). Wykonaj nową kopię.", "The backup is not signed (an old format or a removed signature). Take a new backup."),
    "backup.forged": ("Kopia zapasowa została zmieniona: łańcuch skrótów się zgadza, ale podpis nie.", "The backup was altered: its hash chain holds but its signature does not."),
    "backup.other_key": ("Kopię podpisano innym kluczem głównym niż klucz tej instalacji.", "The backup was signed with another master key than this installation's."),
    "backup.no_master_key": ("Brak klucza głównego (TECZKA_MASTER_KEY): nie można podpisać ani sprawdzić kopii.", "No master key (TECZKA_MASTER_KEY): a backup can be neither signed nor checked."),
    # identifiers and text typed by a person (domain/identifiers.py, domain/text.py)
    "identifier.invalid_characters": ("Numer może zawierać tylko cyfry 0–9 i litery A–Z (bez cyfr innych alfabetów).", "The number may hold only the digits 0–9 and the letters A–Z (no digits of other scripts)."),
    "text.too_long": ("Tekst jest dłuższy, niż pozwala to pole.", "The text is longer than this field allows."),
}
