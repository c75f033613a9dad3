"""The bank files of an approved payment list: ISO 20022 pain.001.001.03 XML and CSV.

Both are built only from their inputs (the list's paid lines, the recipients' names and
accounts read from the folders, the authority's account and the approval time), so the same
list gives the same bytes every time it is requested: a repeated download is the same file,
never a second payment. The XML is built with ``xml.etree.ElementTree`` (no string
building), so names with ``&`` or ``<`` are escaped by the library.

Only transfers go into the bank file; cash payments are listed in the CSV (method "cash").
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

PAIN_001 = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
# ISO 20022 text fields: Nm max 70, Ustrd max 140, EndToEndId and MsgId max 35.
MAX_NAME = 70
MAX_REMITTANCE = 140


@dataclass(frozen=True)
class Payer:
    """The authority paying (the debtor): its name and account, BIC optional."""

    name: str
    iban: str
    bic: str | None = None


@dataclass(frozen=True)
class Payment:
    """One paid line with its recipient resolved (personal data: never stored in events)."""

    instalment_id: UUID
    case_reference: str
    period_from: date
    period_to: date
    amount: Decimal
    method: str
    name: str
    iban: str | None


def end_to_end_id(instalment_id: UUID) -> str:
    """35 characters at most: the instalment id without hyphens, cut to 32."""
    return instalment_id.hex[:32]


def remittance(payment: Payment) -> str:
    text = (f"{payment.case_reference} świadczenie za okres "
            f"{payment.period_from.isoformat()}–{payment.period_to.isoformat()}")
    return text[:MAX_REMITTANCE]


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def pain_001(list_id: UUID, payment_date: date, created_at: datetime, payer: Payer,
             payments: Iterable[Payment]) -> bytes:
    """A CustomerCreditTransferInitiation of the list's transfers, UTF-8 XML."""
    transfers = [p for p in payments if p.method == "transfer" and p.iban]
    total = sum((p.amount for p in transfers), Decimal("0.00"))
    ET.register_namespace("", PAIN_001)
    ns = "{" + PAIN_001 + "}"
    document = ET.Element(ns + "Document")
    initiation = _sub(document, ns + "CstmrCdtTrfInitn")
    header = _sub(initiation, ns + "GrpHdr")
    message_id = list_id.hex[:35]
    _sub(header, ns + "MsgId", message_id)
    _sub(header, ns + "CreDtTm", created_at.replace(microsecond=0, tzinfo=None).isoformat())
    _sub(header, ns + "NbOfTxs", str(len(transfers)))
    _sub(header, ns + "CtrlSum", f"{total:.2f}")
    _sub(_sub(header, ns + "InitgPty"), ns + "Nm", payer.name[:MAX_NAME])
    info = _sub(initiation, ns + "PmtInf")
    _sub(info, ns + "PmtInfId", message_id)
    _sub(info, ns + "PmtMtd", "TRF")
    _sub(info, ns + "NbOfTxs", str(len(transfers)))
    _sub(info, ns + "CtrlSum", f"{total:.2f}")
    _sub(_sub(_sub(info, ns + "PmtTpInf"), ns + "SvcLvl"), ns + "Cd", "NURG")
    _sub(info, ns + "ReqdExctnDt", payment_date.isoformat())
    _sub(_sub(info, ns + "Dbtr"), ns + "Nm", payer.name[:MAX_NAME])
    _sub(_sub(_sub(info, ns + "DbtrAcct"), ns + "Id"), ns + "IBAN", payer.iban)
    agent = _sub(_sub(info, ns + "DbtrAgt"), ns + "FinInstnId")
    if payer.bic:
        _sub(agent, ns + "BIC", payer.bic)
    else:
        _sub(_sub(agent, ns + "Othr"), ns + "Id", "NOTPROVIDED")
    _sub(info, ns + "ChrgBr", "SLEV")
    for payment in transfers:
        transaction = _sub(info, ns + "CdtTrfTxInf")
        _sub(_sub(transaction, ns + "PmtId"), ns + "EndToEndId",
             end_to_end_id(payment.instalment_id))
        _sub(_sub(transaction, ns + "Amt"), ns + "InstdAmt", f"{payment.amount:.2f}", Ccy="PLN")
        _sub(_sub(transaction, ns + "Cdtr"), ns + "Nm", payment.name[:MAX_NAME])
        _sub(_sub(_sub(transaction, ns + "CdtrAcct"), ns + "Id"), ns + "IBAN",
             payment.iban or "")
        _sub(_sub(transaction, ns + "RmtInf"), ns + "Ustrd", remittance(payment))
    return bytes(ET.tostring(document, encoding="utf-8", xml_declaration=True))


CSV_COLUMNS = ("end_to_end_id", "case_reference", "name", "iban", "amount", "currency",
               "method", "period_from", "period_to", "payment_date")


def payments_csv(payment_date: date, payments: Iterable[Payment]) -> bytes:
    """Every paid line (transfers and cash), one row each, UTF-8 with a header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in payments:
        writer.writerow((end_to_end_id(p.instalment_id), p.case_reference, p.name,
                         p.iban or "", f"{p.amount:.2f}", "PLN", p.method,
                         p.period_from.isoformat(), p.period_to.isoformat(),
                         payment_date.isoformat()))
    return out.getvalue().encode("utf-8")
