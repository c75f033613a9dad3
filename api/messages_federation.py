"""Messages of returns travelling upward (federation): Polish first, English second."""

from __future__ import annotations

FEDERATION_MESSAGES: dict[str, tuple[str, str]] = {
    "federation.error": ("Sprawozdanie odrzucone.", "The return was refused."),
    "federation.invalid_document": ("Sprawozdanie ma nieprawidłową postać.", "The return document is malformed."),
    "federation.unexpected_fields": ("Sprawozdanie zawiera pola spoza uzgodnionego wzoru albo brakuje w nim pól.", "The return has fields outside the agreed form, or lacks some."),
    "federation.figure_not_allowed": ("Sprawozdanie może zawierać tylko liczby i kwoty w złotych — nic, co mogłoby być daną osobową.", "A return may hold only counts and amounts in złoty — nothing that could be personal data."),
    "federation.content_hash_mismatch": ("Dane sprawozdania nie zgadzają się z jego skrótem.", "The return's figures do not match its content hash."),
    "federation.invalid_envelope": ("Przesyłka musi zawierać dokładnie: dokument, podpis i identyfikator klucza.", "The envelope must hold exactly the document, the signature and the key id."),
    "federation.bad_signature": ("Podpis sprawozdania jest nieprawidłowy.", "The return's signature is not valid."),
    "federation.untrusted_unit": ("Ta jednostka albo jej klucz nie są zarejestrowane jako zaufane.", "This unit or its key is not registered as trusted."),
    "federation.wrong_level": ("Ta instancja nie przyjmuje sprawozdań jednostek tego szczebla.", "This instance does not receive returns of units of this level."),
    "federation.outside_region": ("Gmina spoza województwa tej instancji.", "A municipality outside this instance's voivodeship."),
    "federation.structure_mismatch": ("Sprawozdania mają różny układ pól i nie można ich zsumować.", "The returns have different fields and cannot be summed."),
    "federation.nothing_to_aggregate": ("Nie otrzymano jeszcze żadnego sprawozdania za ten okres.", "No return has been received for this period yet."),
    "federation.not_configured": ("Brakuje ustawienia potrzebnego do przekazania sprawozdania.", "A setting needed to send returns is missing."),
    "federation.invalid_public_key": ("Nieprawidłowy klucz publiczny (oczekiwano 32 bajtów Ed25519 w base64).", "Invalid public key (expected 32 Ed25519 bytes in base64)."),
    "federation.delivery_failed": ("Nie udało się połączyć z instancją nadrzędną. Spróbuj ponownie później.", "The upstream instance could not be reached. Try again later."),
    "federation.delivery_refused": ("Instancja nadrzędna odrzuciła sprawozdanie.", "The upstream instance refused the return."),
}
