"""Messages of bounded dates and times and of stalled read models: Polish first, English second."""

from __future__ import annotations

RELIABILITY_MESSAGES: dict[str, tuple[str, str]] = {
    # dates and times out of their bounds (domain/bounds.py)
    "date.out_of_range": ("Data spoza dopuszczalnego zakresu (lata 2000–2100, data urodzenia od 1890).", "The date is outside the accepted range (years 2000–2100, birth dates from 1890)."),
    "time.in_future": ("Czas jest późniejszy niż teraz: sprawdź zegar i datę na tablecie.", "The time is later than now: check the tablet's clock and date."),
    # read models (projections) that stopped on an event
    "read_model.stalled": ("Ten widok jest wstrzymany przez błąd przetwarzania zdarzenia; administrator został powiadomiony. Zapis jest bezpieczny.", "This view is halted by an error applying an event; the administrator can see it. Your write is safe."),
    "read_model.rebuilding": ("Ten widok jest odbudowywany po aktualizacji systemu; spróbuj za chwilę. Zapis jest bezpieczny.", "This view is being rebuilt after a system upgrade; try again in a moment. Your write is safe."),
    "projection.skip_error": ("Nie można pominąć tego zdarzenia.", "This event cannot be skipped."),
    "projection.not_found": ("Nie ma takiego widoku (projekcji).", "No such read model (projection)."),
    "projection.not_stalled": ("Ten widok nie jest wstrzymany na tej pozycji.", "This read model is not halted at this position."),
    "projection.skip_reason_required": ("Podaj powód pominięcia zdarzenia.", "Give the reason for skipping the event."),
    # operations: /metrics read from an address not allowed (TECZKA_METRICS_ALLOWED_NETWORKS)
    "metrics.address_not_allowed": ("Metryki są dostępne tylko z dozwolonych adresów.", "Metrics are served only to allowed addresses."),
}
