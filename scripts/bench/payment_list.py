"""Payment list for a month of a city's cash benefits: the time to build the list (the
instalments due by the payment date, not yet paid) and to make its bank files (pain.001 XML
and CSV). Targets (issue #18): list ≤ 3 s, file ≤ 2 s for ≈ 10,000 instalments.

    .venv/bin/python scripts/bench/payment_list.py [--decisions 10000] [--repeat 5]

What it measures: the domain's work on in-memory decisions shaped like a city's (periodic
allowances of 3 months, permanent allowances without end, one-off purpose allowances, a few
revoked or under appeal), as the service does it after reading the payments read model:
`draft` → `PaymentList.build` → `approve` (one BenefitPaid per line) → `pain_001` and
`payments_csv`. It does not include reading the read model (one SELECT of the decisions
and one of the settled instalments) nor saving the events, and it was not run on the
generated synthetic city (not generated at scale 1.0 in this slice): see docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from domain.care import CashTerms
from domain.payments import CashDecision, PaymentList, draft
from services.payments.bank_files import Payer, Payment, pain_001, payments_csv

PAYMENT_DATE = date(2026, 11, 10)
PAYER = Payer("Miejski Ośrodek Pomocy Społecznej", "PL27114020040000300201355387")
FORMS = ("periodic_allowance", "permanent_allowance", "purpose_allowance")


def city_decisions(count: int, seed: int) -> list[CashDecision]:
    rng = random.Random(seed)
    found = []
    for n in range(count):
        form = FORMS[n % 3]
        start = PAYMENT_DATE.replace(day=1) - timedelta(days=rng.randrange(0, 60))
        if form == "periodic_allowance":
            terms = CashTerms(amount=Decimal(rng.randrange(10000, 100000)) / 100,
                              period_from=start, period_to=start + timedelta(days=89),
                              installments=3)
        elif form == "permanent_allowance":
            terms = CashTerms(amount=Decimal("719.00"), period_from=start, period_to=None,
                              installments=1)
        else:
            start = PAYMENT_DATE - timedelta(days=rng.randrange(0, 25))
            terms = CashTerms(amount=Decimal(rng.randrange(5000, 150000)) / 100,
                              period_from=start, period_to=None, installments=1)
        found.append(CashDecision(
            decision_id=UUID(int=rng.getrandbits(128), version=4),
            proceeding_id=UUID(int=rng.getrandbits(128), version=4),
            folder_id=UUID(int=rng.getrandbits(128), version=4),
            member_id=UUID(int=rng.getrandbits(128), version=4),
            case_reference=f"ZTPS{n % 6 + 1}.8210.{n}.2026", form=form, cash=terms,
            delivered_on=start, final_on=start + timedelta(days=21),
            appeal_pending=rng.random() < 0.01,
            revoked_on=PAYMENT_DATE - timedelta(days=3) if rng.random() < 0.01 else None))
    return found


def saved(decisions: list[CashDecision]) -> dict[str, float | int]:
    """`BuildPaymentList` and `ApprovePaymentList` handled by the application as a manager
    into a fresh SQLite store: the events' encoding and insert, without the read model."""
    from tempfile import TemporaryDirectory

    from services.commands import CommandContext
    from services.payments.commands import ApprovePaymentList, BuildPaymentList
    from services.system import TeczkaSystem
    from tests.support.stores import sqlite_settings

    built = draft(PAYMENT_DATE, decisions, set())
    ids = tuple(i.instalment_id for i in built.due)
    found: dict[str, float | int] = {"lines": len(ids)}

    def ctx() -> CommandContext:
        return CommandContext(command_id=UUID(int=random.getrandbits(128), version=4),
                              actor_id=UUID(int=5), role="manager", unit="ZTPS-1")

    with TemporaryDirectory() as tmp, TeczkaSystem(
            sqlite_settings(Path(tmp), embedded_projector=False),
            run_projectors=False) as system:
        for name, command in (
            ("build", lambda: BuildPaymentList(payment_date=PAYMENT_DATE,
                                               lines=tuple(i.as_line() for i in built.due))),
            ("approve", lambda: ApprovePaymentList(
                payment_date=PAYMENT_DATE, expected_version=1, approved_on=PAYMENT_DATE,
                approved_at=datetime(2026, 11, 10, 9), still_payable=ids, with_account=ids)),
        ):
            wall, cpu = time.perf_counter(), time.process_time()
            system.app.handle(ctx(), command())
            found[f"{name}_save_s"] = round(time.perf_counter() - wall, 3)
            found[f"{name}_save_cpu_s"] = round(time.process_time() - cpu, 3)
        found["events"] = system.app.head_position()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", action="store_true",
                        help="also save the list and its approval through the commands into "
                             "a fresh SQLite store (wall and CPU time of each save)")
    args = parser.parse_args()
    decisions = city_decisions(args.decisions, args.seed)
    if args.save:
        print(json.dumps(saved(decisions), indent=2))
        return
    build_s, file_s, csv_s = [], [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        built = draft(PAYMENT_DATE, decisions, set())
        payment_list = PaymentList.build(built, built_by="bench")
        lines = set(payment_list.lines)
        payment_list.approve(approved_on=PAYMENT_DATE, approved_by="bench",
                             approved_at=datetime(2026, 11, 10, 9), still_payable=dict.fromkeys(
                                 lines, True), accounts=lines)
        events = payment_list.collect_events()
        build_s.append(time.perf_counter() - started)
        payments = [Payment(instalment_id=line["instalment_id"],
                            case_reference=line["case_reference"],
                            period_from=line["period_from"], period_to=line["period_to"],
                            amount=line["amount"], method=line["method"],
                            name="Jan Kowalski", iban="PL61109010140000071219812874")
                    for line in payment_list.paid_lines]
        started = time.perf_counter()
        xml = pain_001(payment_list.id, PAYMENT_DATE, datetime(2026, 11, 10, 9), PAYER, payments)
        file_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        payments_csv(PAYMENT_DATE, payments)
        csv_s.append(time.perf_counter() - started)
    root = ET.fromstring(xml)
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
    print(json.dumps({
        "decisions": len(decisions), "instalments_on_list": len(built.due),
        "dropped": len(built.dropped),
        "benefit_paid_events": sum(type(e).__name__ == "BenefitPaid" for e in events),
        "transactions_in_file": len(root.findall(".//p:CdtTrfTxInf", ns)),
        "file_bytes": len(xml),
        "build_and_approve_s_median": round(statistics.median(build_s), 3),
        "build_and_approve_s_max": round(max(build_s), 3),
        "pain001_s_median": round(statistics.median(file_s), 3),
        "pain001_s_max": round(max(file_s), 3),
        "csv_s_median": round(statistics.median(csv_s), 3),
        "targets": {"list_s": 3.0, "file_s": 2.0},
    }, indent=2))


if __name__ == "__main__":
    main()
