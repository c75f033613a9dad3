"""Handoff latency: from a care decision's HTTP response to the order's arrival on an open
coordinator SSE stream, while ~100 commands/s of background load run; against the floor of a
raw PostgreSQL commit → LISTEN/NOTIFY delivery measured in the same run.

Then (issue #20) a folder change reaching the provider's open screen: the worker changes the
address of each decided order's household, and the time from that command's HTTP response to
the order carrying the new address on the same open stream, under the same load.

    .venv/bin/python scripts/bench/handoff_latency.py [--decisions 60] [--load-rps 100]

Needs PostgreSQL (TECZKA_TEST_POSTGRES_URL, default postgres@127.0.0.1:5432); creates and drops
its own database. Only 127.0.0.1 is touched; the run is bounded in count and time.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from domain.household import Address, Member
from domain.identifiers import Pesel
from domain.social_work import Visit
from domain.user import User
from services.casework.commands import ConductInterview, OpenFolder
from services.commands import CommandContext
from services.proceedings.commands import FileApplication
from services.proceedings.handoff import order_id_for
from services.users.commands import RegisterUser
from tests.support.providers import register_providers
from tests.support.server import running_server
from tests.support.stores import ADMIN_URL, fresh_postgres_database, postgres_settings

PASSWORD = "benchmark-haslo-1"
LOAD_CLIENTS = 6
START = date.today() - timedelta(days=5)


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return f"p50 {q[49]:6.2f} ms  p95 {q[94]:6.2f} ms  p99 {q[98]:6.2f} ms  (n={len(ms)})"


def raw_notify_floor(url: str, samples: int) -> list[float]:
    """Commit of a one-row insert with NOTIFY → the listener wakes: the floor of any push."""
    listener = psycopg.connect(url, autocommit=True)
    listener.execute("LISTEN bench_floor")
    writer = psycopg.connect(url)
    writer.execute("CREATE TABLE IF NOT EXISTS bench_floor (id serial primary key, at float8)")
    writer.commit()
    out = []
    for _ in range(samples):
        writer.execute("INSERT INTO bench_floor (at) VALUES (0)")
        writer.execute("NOTIFY bench_floor")
        writer.commit()
        committed = time.perf_counter()
        for _note in listener.notifies(timeout=5, stop_after=1):
            out.append(time.perf_counter() - committed)
        time.sleep(0.005)
    listener.close()
    writer.close()
    return out


def ctx(actor: uuid.UUID, role: str, unit: str) -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=actor, role=role, unit=unit)


def prepare(system, count: int
            ) -> tuple[list[tuple[str, int, uuid.UUID]], list[tuple[uuid.UUID, int]]]:
    """Users; `count` folders with an interview and a filed care application; load folders."""
    app = system.app
    for name, role, unit in (("worker", "social_worker", "ZTPS-1"),
                             ("decider", "decision_maker", "MOPS"),
                             ("coordinator", "mcus_coordinator", "MCUS")):
        app.handle(ctx(uuid.UUID(int=1), "admin", "IT"), RegisterUser(
            username=name, display_name=name.title(), role=role, unit=unit, password=PASSWORD))
    register_providers(app)  # the decisions name MCUS, which must be in the directory
    worker = User.id_for("worker")
    proceedings, folders = [], []
    for i in range(count * 2):
        folder_id = uuid.uuid4()
        pesel = Pesel.make(date(1950, 1, 1), i % 1000, "F").value
        head = Member.create(member_id=uuid.uuid4(), first_name="Anna", last_name=f"Test{i}",
                             relation="head", pesel=pesel)
        address = Address.create(street="Legnicka", building=str(i + 1), flat=None,
                                 postal_code="54-203", city="Wrocław", teryt="0264029")
        w = ctx(worker, "social_worker", "ZTPS-1")
        v = app.handle(w, OpenFolder(
            folder_id=folder_id, team_id="ZTPS-1", address=address, head=head,
            opened_on=START - timedelta(days=30))).version
        if i >= count:
            folders.append((folder_id, v))
            continue
        v = app.handle(ctx(worker, "social_worker", "ZTPS-1"), ConductInterview(
            folder_id=folder_id, expected_version=v, interview_id=uuid.uuid4(),
            conducted_on=START - timedelta(days=3),
            sections={"A": "a", "H": "h", "I": "i", "J": "j"})).version
        proceeding_id = uuid.uuid4()
        filed = app.handle(ctx(worker, "social_worker", "ZTPS-1"), FileApplication(
            proceeding_id=proceeding_id, folder_id=folder_id, person_id=head.member_id,
            form="care_services", applicant="person", filed_on=START - timedelta(days=4),
            case_reference=f"ZTPS1.8210.{i + 1}.2026"))
        proceedings.append((str(proceeding_id), filed.version, folder_id))
    return proceedings, folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=60)
    parser.add_argument("--load-rps", type=int, default=100)
    parser.add_argument("--group-commit", choices=["on", "off"], default="on",
                        help="the API's group commit of commands (issue #23)")
    args = parser.parse_args()

    with TemporaryDirectory() as tmp, fresh_postgres_database(ADMIN_URL) as url:
        floor = raw_notify_floor(url, 200)
        settings = postgres_settings(url, Path(tmp), embedded_projector=False,
                                     group_commit=args.group_commit == "on")
        # As in production: the projections run in a process of their own.
        env = dict(os.environ, TECZKA_DATABASE_URL=url,
                   TECZKA_SECRET_KEY=settings.secret_key.get_secret_value(),
                   TECZKA_MASTER_KEY=settings.master_key.get_secret_value())
        projector = subprocess.Popen([sys.executable, "-m", "api.cli", "project"], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            run(args, settings, floor)
        finally:
            projector.send_signal(signal.SIGTERM)
            projector.wait(timeout=15)


def run(args, settings, floor) -> None:
    with running_server(settings, run_projectors=False) as (base, system):
        proceedings, load_folders = prepare(system, args.decisions)
        tokens = {}
        for name in ("worker", "decider", "coordinator"):
            r = httpx.post(f"{base}/api/auth/login",
                           json={"username": name, "password": PASSWORD})
            tokens[name] = r.json()["access_token"]
        arrivals: dict[str, float] = {}
        # (order, address line) → when the stream first showed the order with that address
        addressed: dict[tuple[str, str], float] = {}
        arrived = threading.Condition()
        stop = threading.Event()

        def read_stream() -> None:
            headers = {"Authorization": f"Bearer {tokens['coordinator']}"}
            with httpx.Client(base_url=base, timeout=None, headers=headers) as c, \
                    c.stream("GET", "/api/handoff/stream") as response:
                for line in response.iter_lines():
                    if stop.is_set():
                        return
                    if line.startswith("data: "):
                        order = json.loads(line[6:])
                        now = time.perf_counter()
                        with arrived:
                            arrivals.setdefault(order["order_id"], now)
                            addressed.setdefault((order["order_id"], order["address_line"]), now)
                            arrived.notify_all()

        def background_load(share: list[tuple[uuid.UUID, int]], rps: float) -> None:
            headers = {"Authorization": f"Bearer {tokens['worker']}"}
            versions = dict(share)
            sent = 0
            with httpx.Client(base_url=base, headers=headers, timeout=10) as c:
                began = time.perf_counter()
                while not stop.is_set() and sent < rps * 120:
                    folder_id = share[sent % len(share)][0]
                    visit = Visit(visit_id=uuid.uuid4(), visited_on=START, minutes=30,
                                  activity="phone_call", place="", notes="")
                    r = c.post(f"/api/folders/{folder_id}/visits", json={
                        "command_id": str(uuid.uuid4()),
                        "expected_version": versions[folder_id],
                        "visit": {"visit_id": str(visit.visit_id),
                                  "visited_on": START.isoformat(), "minutes": 30,
                                  "activity": "phone_call"}})
                    if r.status_code == 201:
                        versions[folder_id] = r.json()["version"]
                    sent += 1
                    pause = began + sent / rps - time.perf_counter()
                    if pause > 0:
                        time.sleep(pause)
            load_rate.append(sent / (time.perf_counter() - began))

        load_rate: list[float] = []  # one figure per load client
        reader = threading.Thread(target=read_stream, daemon=True)
        reader.start()
        time.sleep(0.5)
        # Several clients, each on its own folders, together at --load-rps.
        loaders = [threading.Thread(target=background_load, daemon=True,
                                    args=(load_folders[i::LOAD_CLIENTS],
                                          args.load_rps / LOAD_CLIENTS))
                   for i in range(LOAD_CLIENTS)]
        for loader in loaders:
            loader.start()
        time.sleep(1.0)

        latencies: list[float] = []
        decided: list[tuple[uuid.UUID, str, int]] = []
        terms = {"tasks": ["meals"], "hours_per_day": "2.00", "hours_per_week": "10.00",
                 "weekdays": [1, 2, 3, 4, 5], "period_from": START.isoformat(),
                 "period_to": (START + timedelta(days=90)).isoformat(),
                 "place": "dom", "provider_id": "MCUS", "hourly_cost": "40.00",
                 "fee_share_percent": "0.00"}
        headers = {"Authorization": f"Bearer {tokens['decider']}"}
        with httpx.Client(base_url=base, headers=headers, timeout=10) as decider:
            for proceeding_id, version, folder_id in proceedings:
                decision_id = uuid.uuid4()
                r = decider.post(f"/api/proceedings/{proceeding_id}/decision", json={
                    "command_id": str(uuid.uuid4()), "expected_version": version,
                    "decision_id": str(decision_id), "outcome": "grant", "reasons": ["5"],
                    "legal_basis": "art. 50", "signatory": "z up. Prezydenta",
                    "issued_on": START.isoformat(), "care": terms})
                answered = time.perf_counter()
                assert r.status_code == 201, r.text
                order_id = str(order_id_for(decision_id))
                decided.append((folder_id, order_id, r.json()["position"]))
                with arrived:
                    arrived.wait_for(lambda o=order_id: o in arrivals, timeout=10)
                    latencies.append(max(0.0, arrivals[order_id] - answered))
                time.sleep(0.05)

        # A folder change reaching the provider's open screen (issue #20).
        followed: list[float] = []
        headers = {"Authorization": f"Bearer {tokens['worker']}"}
        with httpx.Client(base_url=base, headers=headers, timeout=10) as worker:
            for n, (folder_id, order_id, position) in enumerate(decided):
                folder = worker.get(f"/api/folders/{folder_id}", params={"after": position})
                street = f"Kasprowicza {n + 1}"
                r = worker.post(f"/api/folders/{folder_id}/address", json={
                    "command_id": str(uuid.uuid4()), "expected_version": folder.json()["version"],
                    "changed_on": date.today().isoformat(),
                    "address": {"street": "Kasprowicza", "building": str(n + 1),
                                "postal_code": "51-137", "city": "Wrocław",
                                "teryt": "0264049"}})
                answered = time.perf_counter()
                assert r.status_code == 201, r.text
                key = (order_id, f"{street}, 51-137 Wrocław")
                with arrived:
                    arrived.wait_for(lambda k=key: k in addressed, timeout=10)
                    followed.append(max(0.0, addressed[key] - answered))
                time.sleep(0.05)
        stop.set()
        for loader in loaders:
            loader.join(timeout=15)

    print("Handoff latency: care decision response → order on an open SSE stream")
    print(f"  background load:  {sum(load_rate):.0f} commands/s over HTTP "
      f"({LOAD_CLIENTS} clients)")
    print(f"  handoff:          {percentiles(latencies)}")
    print(f"  folder change → provider's open screen: {percentiles(followed)}")
    print(f"  floor (raw commit → LISTEN/NOTIFY): {percentiles(floor)}")
    print("  targets: handoff p50 ≤ 20 ms, p99 ≤ 100 ms; folder change p99 ≤ 100 ms")


if __name__ == "__main__":
    main()
