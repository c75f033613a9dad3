"""The bank files: pain.001.001.03 parsed back with xml.etree, and the CSV."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal
from uuid import uuid4

from services.payments.bank_files import PAIN_001, Payer, Payment, pain_001, payments_csv

NS = {"p": PAIN_001}
PAYER = Payer(name="Miejski Ośrodek Pomocy Społecznej", iban="PL27114020040000300201355387")


def payment(amount="400.00", method="transfer", name="Anna Nowak & <syn>",
            iban="PL61109010140000071219812874") -> Payment:
    return Payment(instalment_id=uuid4(), case_reference="OPS.8311.1.2026",
                   period_from=date(2026, 2, 1), period_to=date(2026, 2, 28),
                   amount=Decimal(amount), method=method, name=name, iban=iban)


def test_pain_001_carries_counts_sums_and_one_transaction_per_transfer():
    payments = [payment(), payment("123.45"), payment("50.00", method="cash", iban=None)]
    list_id = uuid4()

    xml = pain_001(list_id, date(2026, 2, 10), datetime(2026, 2, 10, 9, 30), PAYER, payments)

    root = ET.fromstring(xml)
    assert root.tag == f"{{{PAIN_001}}}Document"
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert header.findtext("p:MsgId", namespaces=NS) == list_id.hex
    assert header.findtext("p:CreDtTm", namespaces=NS) == "2026-02-10T09:30:00"
    assert header.findtext("p:NbOfTxs", namespaces=NS) == "2"
    assert header.findtext("p:CtrlSum", namespaces=NS) == "523.45"
    info = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    assert info.findtext("p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == PAYER.iban
    assert info.findtext("p:ReqdExctnDt", namespaces=NS) == "2026-02-10"
    transactions = info.findall("p:CdtTrfTxInf", NS)
    amounts = [Decimal(t.findtext("p:Amt/p:InstdAmt", namespaces=NS)) for t in transactions]
    assert sum(amounts) == Decimal(header.findtext("p:CtrlSum", namespaces=NS))
    first = transactions[0]
    assert first.find("p:Amt/p:InstdAmt", NS).get("Ccy") == "PLN"
    assert first.findtext("p:PmtId/p:EndToEndId", namespaces=NS) == payments[0].instalment_id.hex
    assert first.findtext("p:Cdtr/p:Nm", namespaces=NS) == "Anna Nowak & <syn>"
    assert first.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS) == payments[0].iban
    assert first.findtext("p:RmtInf/p:Ustrd", namespaces=NS) == (
        "OPS.8311.1.2026 świadczenie za okres 2026-02-01–2026-02-28")


def test_the_same_list_gives_the_same_bytes():
    payments = [payment(), payment("10.00")]
    list_id = uuid4()
    made = [pain_001(list_id, date(2026, 2, 10), datetime(2026, 2, 10, 9), PAYER, payments)
            for _ in range(2)]

    assert made[0] == made[1]


def test_the_csv_lists_transfers_and_cash():
    payments = [payment(), payment("50.00", method="cash", iban=None)]

    rows = list(csv.DictReader(io.StringIO(payments_csv(date(2026, 2, 10), payments).decode())))

    assert [(r["method"], r["amount"], r["iban"]) for r in rows] == [
        ("transfer", "400.00", payments[0].iban), ("cash", "50.00", "")]
    assert rows[0]["name"] == "Anna Nowak & <syn>"
