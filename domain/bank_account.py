"""A bank account number (IBAN, ISO 13616), checked by its mod-97 checksum (ISO 7064).

The social worker records it on the folder for the person a cash benefit is paid to
(``CaseFolder.record_bank_account``); a person without one is paid in cash.
"""

from __future__ import annotations

import re

from domain.errors import DomainError, InvalidValueError

# Country code, two check digits, the basic account number (BBAN).
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
# Lengths by country where we know them; a Polish IBAN is "PL" + 2 + 24 digits (NRB).
_IBAN_LENGTHS = {"PL": 28, "DE": 22, "CZ": 24, "SK": 24, "LT": 20, "GB": 22}
MAX_IBAN_INPUT_LENGTH = 50


class BankAccountError(DomainError):
    code = "bank_account.error"


class InvalidIbanError(BankAccountError, InvalidValueError):
    code = "bank_account.invalid_iban"


def check_iban(value: object) -> str:
    """An IBAN without spaces, upper case, its mod-97 checksum right."""
    if not isinstance(value, str) or len(value) > MAX_IBAN_INPUT_LENGTH:
        raise InvalidIbanError()
    iban = re.sub(r"\s+", "", value).upper()
    if not _IBAN.fullmatch(iban) or _IBAN_LENGTHS.get(iban[:2], len(iban)) != len(iban):
        raise InvalidIbanError()
    digits = "".join(str(int(ch, 36)) for ch in iban[4:] + iban[:4])
    if int(digits) % 97 != 1:
        raise InvalidIbanError()
    return iban


def masked(iban: str | None) -> str | None:
    """What screens show of a recorded account: the country and the last four digits
    ("PL •••• 2874"); the whole number stays sealed on the folder."""
    if not iban:
        return None
    return f"{iban[:2]} •••• {iban[-4:]}"
