"""Proposals for one household against a 200-entry catalogue (issue #20: ≤ 20 ms on the
server). Wrocław's seed (45 entries) and 155 variants of its entries (other codes, ages and
income thresholds shifted) are published on a fresh SQLite store; one household (a woman of
70 living alone, income declared, interview conducted) is asked for proposals.

Printed, from the same run:
- `propose`: the pure proposal (every condition and every conjunct evaluated) on the facts;
- `server`: the use case the endpoint calls (`propose_services`: the folder and the catalogue
  loaded from the store's cache, the facts built, then `propose`);
- `baseline`: the same number of CEL evaluations of `true` on the bound facts — the
  evaluator's floor.

It also writes the catalogue and the household's facts to tests/catalogue/catalogue_200.json
for the tablet's Vitest bench (tablet_ui/tests/catalogue.bench.ts).

    .venv/bin/python scripts/bench/catalogue_proposals.py [--rounds 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from api.schemas.catalogue import CatalogueOut, EntryOut, FactOut
from domain.catalogue_facts import FACTS, REASON_CODES, Disability, Finding, StatedFindings
from domain.household import Address, Member
from domain.proposals import propose, split_conjuncts
from services.casework.commands import ConductInterview, OpenFolder
from services.catalogue.commands import PublishCatalogueEntries
from services.catalogue.rules import bind
from services.catalogue.seed import seed_entries
from services.commands import CommandContext
from services.synthetic.providers import CITY_PROVIDERS
from services.system import TeczkaSystem
from tests.support.builders import valid_pesel
from tests.support.incomes import declare_income
from tests.support.stores import sqlite_settings

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "catalogue" / "catalogue_200.json"
INTERVIEWED = date.today() - timedelta(days=2)
STATED = StatedFindings(reasons=("5", "6"), disability="moderate",
                        findings=("needs_daily_help", "after_hospital", "no_hot_meal"))


def ctx(role: str, unit: str) -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=uuid.uuid4(), role=role, unit=unit)


def two_hundred() -> list:
    """The seed's services and packages, and variants of its services up to 200 entries."""
    seed = list(seed_entries())
    services = [e for e in seed if e.kind == "service"]
    variants = []
    n = 0
    while len(seed) + len(variants) < 200:
        base = services[n % len(services)]
        shift = 1 + n // len(services)
        condition = base.condition.replace("65", str(65 + shift)).replace(
            "criterion", f"criterion * {1 + shift / 10}")
        variants.append(replace(base, code=f"{base.code}.v{shift}", condition=condition))
        n += 1
    services_first = [e for e in seed if e.kind == "service"] + variants
    return services_first + [e for e in seed if e.kind == "package"]


def timed(fn, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"{name:>9}: median {statistics.median(times):7.3f} ms   p99 {p99:7.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    entries = two_hundred()
    with TemporaryDirectory() as tmp:
        system = TeczkaSystem(sqlite_settings(Path(tmp)))
        try:
            app = system.app
            for provider in CITY_PROVIDERS:
                app.handle(ctx("admin", "IT"), provider)
            app.handle(ctx("admin", "IT"), PublishCatalogueEntries(entries=tuple(entries)))
            folder_id, interview_id = uuid.uuid4(), uuid.uuid4()
            head = Member.create(member_id=uuid.uuid4(), first_name="Anna", last_name="Bench",
                                 relation="head", pesel=valid_pesel(date(1956, 3, 14)))
            address = Address.create(street="Ślężna", building="1", flat=None,
                                     postal_code="53-111", city="Wrocław", teryt="0264039")
            v = app.handle(ctx("social_worker", "ZTPS-1"), OpenFolder(
                folder_id=folder_id, team_id="ZTPS-1", address=address, head=head,
                opened_on=INTERVIEWED - timedelta(days=40))).version
            app.handle(ctx("social_worker", "ZTPS-1"), ConductInterview(
                folder_id=folder_id, expected_version=v, interview_id=interview_id,
                conducted_on=INTERVIEWED, sections={"A": "a", "H": "h", "I": "i", "J": "j"}))
            declare_income(app, folder_id, [head.member_id], INTERVIEWED, Decimal("1050.00"))

            made = app.propose_services(folder_id, head.member_id, interview_id, STATED)
            facts, valid = made.facts, list(made.entries)
            conjuncts = sum(len(split_conjuncts(e.condition)) for e in valid)
            print(f"entries valid: {len(valid)}, conditions + conjuncts evaluated: "
                  f"{len(valid) + conjuncts}; matched {len(made.proposal.matches)}, "
                  f"near misses {len(made.proposal.near_misses)}")
            version = made.proposal.catalogue_version
            evaluations = len(valid) + conjuncts
            for _ in range(20):  # warm
                propose(facts, valid, version, bind)
            report("propose", timed(lambda: propose(facts, valid, version, bind),
                                    args.rounds))
            report("server", timed(lambda: app.propose_services(
                folder_id, head.member_id, interview_id, STATED), args.rounds))
            def baseline() -> None:
                bound = bind(facts)
                for _ in range(evaluations):
                    bound("true")
            report("baseline", timed(baseline, args.rounds))
            catalogue = app.service_catalogue()
            FIXTURE.write_text(json.dumps({
                "day": made.day.isoformat(), "facts": facts,
                "catalogue": CatalogueOut(
                    version=catalogue.version,
                    facts=[FactOut(name=f.name, type=f.type.value, nullable=f.nullable,
                                   meaning=f.meaning) for f in FACTS],
                    reasons=list(REASON_CODES), disabilities=[d.value for d in Disability],
                    findings=[f.value for f in Finding],
                    entries=[EntryOut.of(e) for e in catalogue.all_versions()],
                ).model_dump(mode="json"),
                "matched": [m.code for m in made.proposal.matches],
            }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        finally:
            system.close()


if __name__ == "__main__":
    main()
