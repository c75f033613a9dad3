"""Issuing a cash decision with the calculator's check against issuing it without (the check
switched off in the same process, the same run): the issue asks for at most 1.2 ×.

Each round issues one permanent allowance on each of N prepared households (income declared,
interview conducted, application filed) with the check, and N without, alternating which goes
first; the medians of the per-decision wall times are printed with their ratio.

    .venv/bin/python scripts/bench/decision_calculator.py [--households 60] [--rounds 5]
        [--store sqlite]

Creates and drops its own PostgreSQL database (or a SQLite file in a temporary directory);
only 127.0.0.1 is touched.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import services.proceedings.procedure as procedure
from domain.care import CashTerms
from domain.household import Address, Member
from services.casework.commands import ConductInterview, OpenFolder
from services.commands import CommandContext
from services.proceedings.commands import FileApplication, IssueDecision
from services.system import TeczkaSystem
from tests.support.builders import valid_pesel
from tests.support.incomes import declare_income
from tests.support.stores import (
    ADMIN_URL,
    fresh_postgres_database,
    postgres_settings,
    sqlite_settings,
)

FILED = date.today() - timedelta(days=3)
WORKER = uuid.uuid4()


def ctx(role: str = "social_worker", unit: str = "ZTPS-1") -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=WORKER, role=role, unit=unit)


def prepare(app, n: int) -> list[tuple[uuid.UUID, int]]:
    """N households, each with its income (640 zł, single: 370 zł computed) and a filed
    application for a permanent allowance: (proceeding id, version)."""
    proceedings = []
    for i in range(n):
        folder_id = uuid.uuid4()
        head = Member.create(member_id=uuid.uuid4(), first_name="Anna", last_name=f"Bench{i}",
                             relation="head", pesel=valid_pesel(date(1950, 1, 1)))
        address = Address.create(street="Ślężna", building="1", flat=None,
                                 postal_code="53-111", city="Wrocław", teryt="0264039")
        v = app.handle(ctx(), OpenFolder(folder_id=folder_id, team_id="ZTPS-1", address=address,
                                         head=head, opened_on=FILED - timedelta(days=30))).version
        app.handle(ctx(), ConductInterview(
            folder_id=folder_id, expected_version=v, interview_id=uuid.uuid4(),
            conducted_on=FILED, sections={"A": "a", "H": "h", "I": "i", "J": "j"}))
        declare_income(app, folder_id, [head.member_id], FILED, Decimal(640))
        proceeding_id = uuid.uuid4()
        filed = app.handle(ctx(), FileApplication(
            proceeding_id=proceeding_id, folder_id=folder_id, person_id=head.member_id,
            form="permanent_allowance", applicant="person", filed_on=FILED,
            case_reference=f"ZTPS1.8210.{i + 1}.{FILED.year}"))
        proceedings.append((proceeding_id, filed.version))
    return proceedings


@contextmanager
def check_switched_off():
    """Issuing as before the calculator: the amount not checked."""
    original = procedure.check_granted_amount
    procedure.check_granted_amount = lambda *args, **kwargs: None
    try:
        yield
    finally:
        procedure.check_granted_amount = original


def issue(app, proceedings) -> list[float]:
    times = []
    for proceeding_id, version in proceedings:
        started = time.perf_counter()
        app.handle(ctx("decision_maker", "MOPS"), IssueDecision(
            proceeding_id=proceeding_id, expected_version=version, decision_id=uuid.uuid4(),
            outcome="grant", reasons=("1",), legal_basis="art. 37",
            signatory="z up. Prezydenta Wrocławia", issued_on=FILED + timedelta(days=1),
            cash=CashTerms(amount=Decimal("370.00"), period_from=FILED + timedelta(days=2),
                           period_to=None, installments=1)))
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--store", choices=("postgres", "sqlite"), default="postgres")
    args = parser.parse_args()
    with TemporaryDirectory() as tmp:
        if args.store == "sqlite":
            run(sqlite_settings(Path(tmp)), args)
        else:
            with fresh_postgres_database(ADMIN_URL) as url:
                run(postgres_settings(url, Path(tmp), embedded_projector=False), args)


def run(settings, args) -> None:
    with TeczkaSystem(settings, run_projectors=False) as system:
        app = system.app
        checked: list[float] = []
        unchecked: list[float] = []
        for round_ in range(args.rounds):
            with_check = prepare(app, args.households)
            without = prepare(app, args.households)
            if round_ % 2:
                with check_switched_off():
                    unchecked += issue(app, without)
                checked += issue(app, with_check)
            else:
                checked += issue(app, with_check)
                with check_switched_off():
                    unchecked += issue(app, without)
    before, after = statistics.median(unchecked), statistics.median(checked)
    print(f"store {args.store}, {len(checked)} decisions each")
    print(f"issuing without the check (as before): median {before * 1000:.2f} ms")
    print(f"issuing with the calculator's check:   median {after * 1000:.2f} ms")
    print(f"ratio {after / before:.2f} (the issue asks for <= 1.20)")


if __name__ == "__main__":
    main()
