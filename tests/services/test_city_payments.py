"""The synthetic city pays its cash decisions: a list on the 10th of each month, approved by
a manager, paid once (by transfer where the worker recorded an account), a few reversed and
paid again on the next list."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date

from domain.bank_account import check_iban
from services.synthetic.city import CitySize, generate_city
from services.synthetic.payments import polish_iban
from services.system import TeczkaSystem

TODAY = date(2026, 11, 1)
SMALL = CitySize(folders=30, workers=10, caregivers=2)
PAIN = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def test_generated_accounts_pass_the_iban_check():
    from random import Random

    rng = Random(4)
    for _ in range(200):
        iban = polish_iban(rng)
        assert check_iban(iban) == iban and len(iban) == 28


def test_the_city_pays_monthly_lists_once_with_reversals_paid_again(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        report = generate_city(system, seed=5, size=SMALL, today=TODAY)
        system.catch_up()
        read = system.read_models
        lists = read.payment_lists()
        dated = [(summary["payment_date"], line)
                 for summary in sorted(lists, key=lambda r: r["payment_date"])
                 for line in read.payment_list(summary["payment_date"])["lines"]]
        lines = [line for _day, line in dated]
        transfers_list = next(s["payment_date"] for s in lists
                              if any(line["method"] == "transfer" and line["status"] == "paid"
                                     for line in read.payment_list(s["payment_date"])["lines"]))
        xml = system.payments.bank_file(transfers_list, "xml")
        again = system.payments.bank_file(transfers_list, "xml")
        on_that_list = read.payment_list(transfers_list)["lines"]

    paid = report.payments
    assert paid["payment_lists"] == len(lists) >= 6
    assert all(s["status"] == "approved" and s["payment_date"].day == 10 for s in lists)
    assert paid["by_transfer"] > 0 and paid["in_cash"] > 0 and paid["accounts"] > 0
    assert paid["reversed"] >= 1
    statuses = Counter(line["status"] for line in lines)
    assert statuses["reversed"] == paid["reversed"]
    assert statuses["paid"] + statuses["reversed"] == paid["benefit_paid"]
    # Each instalment is paid once: a reversed one may be paid again, never twice standing.
    standing = Counter(line["instalment_id"] for line in lines if line["status"] == "paid")
    assert max(standing.values()) == 1
    # A reversed instalment is due again: the next list pays it.
    last = max(day for day, _line in dated)
    for day, line in dated:
        if line["status"] == "reversed" and day < last:
            assert any(later > day and again["instalment_id"] == line["instalment_id"]
                       for later, again in dated)
    # The month's bank file has one transaction per transfer paid on the list, every time.
    root = ET.fromstring(xml.content)
    transfers = [line for line in on_that_list
                 if line["status"] == "paid" and line["method"] == "transfer"]
    assert len(root.findall(".//p:CdtTrfTxInf", PAIN)) == len(transfers)
    assert again.content == xml.content
