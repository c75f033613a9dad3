"""A payment list of ≈ 10,000 instalments, the real path: granting cash decisions written
through the commands into a fresh store (SQLite or PostgreSQL), then as a manager does it —
the list built from the payments read model (`PaymentsService.build`), approved
(`PaymentsService.approve`: one transaction saving a `BenefitPaid` per line), the
pain.001 XML and the CSV made by the service, twice (the same bytes), and the XML twice
over HTTP from `teczka serve`. Targets (issue #18): list ≤ 3 s, file ≤ 2 s.

    .venv/bin/python scripts/bench/payment_list_city.py --store sqlite [--decisions 3600]
    .venv/bin/python scripts/bench/payment_list_city.py --store postgres

Each decision is its own family's (a folder, the interview, the application with its
interview update, the household's income where the law computes the amount, the decision,
its delivery, and for 80 % an account): 45 % periodic, 45 % permanent and 10 % purpose
allowances. They start 2–3 months before the payment date and nothing was paid yet, so the
list holds three instalments of each periodic and permanent allowance (≈ 2.8 a decision;
3,600 decisions → ≈ 10,000 lines): the size of a month's list for ≈ 10,000 recipients,
written with a third of the commands (writing 10,000 families took too long on the shared
machine). The projection runner's catch-up after each step is timed apart (it runs beside
the API).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import xml.etree.ElementTree as ET
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from uuid import UUID

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from domain.care import CashTerms
from domain.household import Address, Member
from domain.identifiers import Pesel
from domain.user import Role, User
from scripts.bench._processes import free_port, started, teczka
from services.casework.commands import (
    ConductInterview,
    OpenFolder,
    ScheduleInterview,
    UpdateInterview,
)
from services.commands import CommandContext
from services.proceedings.commands import FileApplication, IssueDecision, RecordDelivery
from services.synthetic.city import SECTIONS, SYSTEM_ACTOR, CommandIds, _Actor
from services.synthetic.incomes import declare_incomes, granted_amount
from services.synthetic.payments import polish_iban
from services.system import TeczkaSystem
from services.users.commands import RegisterUser
from tests.support.stores import (
    ADMIN_URL,
    CHEAP_ARGON2,
    TEST_MASTER_KEY,
    TEST_SECRET,
    fresh_postgres_database,
    postgres_settings,
    sqlite_settings,
)

PAYMENT_DATE = date(2026, 11, 10)
TEAM = "ZTPS-1"
TERYT = "0264029"
# Periodic and permanent allowances pay a month's instalment each; one-off purpose ones.
FORMS = ("periodic_allowance",) * 9 + ("permanent_allowance",) * 9 + ("purpose_allowance",) * 2
PASSWORD = "bench-payments-2026"
PER_SAVE = 25


def timed(results: dict[str, float], name: str, fn):
    """Wall time and this process's CPU time of a step (`_cpu`: on a shared machine the wall
    time grows with the load; the CPU time much less, but PostgreSQL's own is not in it)."""
    started_at, cpu = time.perf_counter(), time.process_time()
    value = fn()
    results[name] = round(time.perf_counter() - started_at, 3)
    results[name.removesuffix("_s") + "_cpu_s"] = round(time.process_time() - cpu, 3)
    print(f"{name}: {results[name]} s", file=sys.stderr, flush=True)
    return value


def write_decisions(system: TeczkaSystem, count: int, seed: int) -> dict[str, int]:
    """`count` families, each with one granting cash decision delivered before the date."""
    app, rng, ids = system.app, random.Random(seed), CommandIds(seed)
    # As the city generator does: no folders opened before PESELs were claimed in a new store.
    holding, app.open_folders_holding = app.open_folders_holding, None
    try:
        return _write(app, count, rng, ids)
    finally:
        app.open_folders_holding = holding


def _write(app, count: int, rng: random.Random, ids: CommandIds) -> dict[str, int]:
    admin = _Actor(SYSTEM_ACTOR, Role.ADMIN.value, "IT")
    actors = {}
    with app.batched(), ids.expected_by(app):
        for username, role, unit in (("kierownik.bench", Role.MANAGER, TEAM),
                                     ("pracownik.bench", Role.SOCIAL_WORKER, TEAM),
                                     ("decyzje.bench", Role.DECISION_MAKER, "MOPS")):
            app.handle(admin.ctx(ids), RegisterUser(
                username=username, display_name=username, role=role.value, unit=unit,
                password=PASSWORD))
            actors[role] = _Actor(User.id_for(username), role.value, unit)
    worker, decider = actors[Role.SOCIAL_WORKER], actors[Role.DECISION_MAKER]
    granted: dict[str, int] = {}
    pesels: set[str] = set()
    for first in range(0, count, PER_SAVE):
        with app.batched(), ids.expected_by(app):
            for n in range(first, min(count, first + PER_SAVE)):
                form = FORMS[n % len(FORMS)]
                issued = PAYMENT_DATE - timedelta(days=rng.randrange(62, 88))
                filed = issued - timedelta(days=rng.randrange(3, 10))
                born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 20000))
                pesel = Pesel.make(born, rng.randrange(1000), "F").value
                while pesel in pesels:
                    pesel = Pesel.make(born, rng.randrange(1000), "F").value
                pesels.add(pesel)
                head = Member.create(member_id=UUID(int=rng.getrandbits(128), version=4),
                                     relation="head", last_name="Nowak",
                                     first_name="Anna", pesel=pesel)
                folder_id = UUID(int=rng.getrandbits(128), version=4)
                v = app.handle(worker.ctx(ids), OpenFolder(
                    folder_id=folder_id, team_id=TEAM, head=head, opened_on=date(2026, 6, 1),
                    address=Address.create(street="Legnicka", building=str(n % 140 + 1),
                                           flat=None, postal_code="54-203",
                                           city="Wrocław", teryt=TERYT))).version
                interview_id = UUID(int=rng.getrandbits(128), version=4)
                v = app.handle(worker.ctx(ids), ScheduleInterview(
                    folder_id=folder_id, expected_version=v, interview_id=interview_id,
                    trigger_date=date(2026, 6, 2), urgent=False)).version
                v = app.handle(worker.ctx(ids), ConductInterview(
                    folder_id=folder_id, expected_version=v, interview_id=interview_id,
                    conducted_on=date(2026, 6, 8), sections=SECTIONS)).version
                proceeding_id = UUID(int=rng.getrandbits(128), version=4)
                p = app.handle(worker.ctx(ids), FileApplication(
                    proceeding_id=proceeding_id, folder_id=folder_id,
                    person_id=head.member_id, form=form, applicant="person", filed_on=filed,
                    case_reference=f"{TEAM}.8210.{n + 1}.2026")).version
                v = app.handle(worker.ctx(ids), UpdateInterview(
                    folder_id=folder_id, expected_version=v, interview_id=interview_id,
                    updated_on=filed, sections={"I": "Aktualizacja wywiadu do wniosku."})
                ).version
                v = declare_incomes(app, lambda: worker.ctx(ids), folder_id, v, filed, rng)
                amount = granted_amount(app, folder_id, head.member_id, form, filed, rng)
                if amount.amount is None:
                    continue
                if rng.random() < 0.8:
                    app.handle(worker.ctx(ids), _account(folder_id, v, head.member_id, rng))
                periodic = form == "periodic_allowance"
                cash = CashTerms(amount=amount.amount, period_from=issued,
                                 period_to=issued + timedelta(days=89) if periodic else None,
                                 installments=3 if periodic else 1)
                p = app.handle(decider.ctx(ids), IssueDecision(
                    proceeding_id=proceeding_id, expected_version=p,
                    decision_id=UUID(int=rng.getrandbits(128), version=4), outcome="grant",
                    reasons=("1",), legal_basis="art. 106 ustawy o pomocy społecznej",
                    signatory="z up. Prezydenta Wrocławia", issued_on=issued, cash=cash,
                    amount_justification=amount.justification)).version
                app.handle(decider.ctx(ids), RecordDelivery(
                    proceeding_id=proceeding_id, expected_version=p,
                    delivered_on=issued + timedelta(days=2)))
                granted[form] = granted.get(form, 0) + 1
        if (first // PER_SAVE) % 40 == 0:
            print(f"decisions: {first}/{count}", file=sys.stderr, flush=True)
    return granted


def _account(folder_id: UUID, version: int, member_id: UUID, rng: random.Random):
    from services.casework.commands import RecordBankAccount

    return RecordBankAccount(folder_id=folder_id, expected_version=version,
                             member_id=member_id, iban=polish_iban(rng))


def manager_ctx() -> CommandContext:
    return CommandContext(command_id=UUID(int=random.getrandbits(128), version=4),
                          actor_id=User.id_for("kierownik.bench"), role=Role.MANAGER.value,
                          unit=TEAM)


def over_http(settings, data_dir: Path) -> dict[str, float | bool]:
    """The XML downloaded twice from `teczka serve` on the same store."""
    port = free_port()
    env = dict(os.environ, TECZKA_DATA_DIR=str(data_dir),
               TECZKA_SECRET_KEY=TEST_SECRET.get_secret_value(),
               TECZKA_MASTER_KEY=TEST_MASTER_KEY.get_secret_value(),
               **{f"TECZKA_{k.upper()}": str(v) for k, v in CHEAP_ARGON2.items()})
    if settings.is_postgres:
        env["TECZKA_DATABASE_URL"] = settings.database_url
    base = f"http://127.0.0.1:{port}"
    with started(teczka("serve", "--port", str(port)), env, ready_url=f"{base}/api/health"), \
            httpx.Client(base_url=base, timeout=60) as client:
        token = client.post("/api/auth/login", json={
            "username": "kierownik.bench", "password": PASSWORD}).raise_for_status().json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        path = f"/api/payments/lists/{PAYMENT_DATE.isoformat()}/file.xml"
        found: dict[str, float | bool] = {}
        bodies = []
        for n in (1, 2):
            started_at = time.perf_counter()
            answer = client.get(path, headers=headers)
            found[f"http_xml_{n}_s"] = round(time.perf_counter() - started_at, 3)
            found[f"http_xml_{n}_status"] = answer.status_code
            bodies.append(answer.content)
        found["http_same_bytes"] = bodies[0] == bodies[1]
        found["http_bytes"] = len(bodies[0])
        return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--decisions", type=int, default=3_600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args()
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(TemporaryDirectory()))
        if args.store == "postgres":
            settings = postgres_settings(stack.enter_context(fresh_postgres_database(ADMIN_URL)),
                                         data_dir, embedded_projector=False)
        else:
            settings = sqlite_settings(data_dir, embedded_projector=False)
        t: dict[str, float] = {}
        with TeczkaSystem(settings, run_projectors=False) as system:
            granted = timed(t, "write_decisions_s",
                            lambda: write_decisions(system, args.decisions, args.seed))
            timed(t, "project_decisions_s", lambda: system.catch_up(timeout_s=3600))
            service = system.payments
            built = timed(t, "build_list_s", lambda: service.build(manager_ctx(), PAYMENT_DATE))
            timed(t, "project_list_s", lambda: system.catch_up(timeout_s=600))
            timed(t, "approve_s", lambda: service.approve(
                manager_ctx(), PAYMENT_DATE, built.version, PAYMENT_DATE))
            timed(t, "project_payments_s", lambda: system.catch_up(timeout_s=600))
            xml = timed(t, "pain001_xml_s", lambda: service.bank_file(PAYMENT_DATE, "xml"))
            again = timed(t, "pain001_xml_again_s",
                          lambda: service.bank_file(PAYMENT_DATE, "xml"))
            csv = timed(t, "csv_s", lambda: service.bank_file(PAYMENT_DATE, "csv"))
            row = service.payment_list(PAYMENT_DATE)
            events = system.app.head_position()
        ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
        root = ET.fromstring(xml.content)
        result: dict[str, object] = {
            "store": args.store, "granted": granted, "events": events,
            "lines": len(row["lines"]),
            "paid": sum(line["status"] == "paid" for line in row["lines"]),
            "transfers_in_file": len(root.findall(".//p:CdtTrfTxInf", ns)),
            "xml_bytes": len(xml.content), "csv_bytes": len(csv.content),
            "service_same_bytes": xml.content == again.content, **t,
            "targets": {"list_s": 3.0, "file_s": 2.0},
        }
        if not args.no_http:
            result.update(over_http(settings, data_dir))
            result["http_equals_service"] = result.get("http_bytes") == len(xml.content)
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
