"""Server CPU per `record_visit` over HTTP: one uvicorn worker, one connection, commands sent
one after another on folders of a year's visits; the worker's user+system CPU time from
/proc/<pid>/stat before and after. Unlike throughput, this hardly moves when other processes
share the cores, so it shows what a change saves per command. The bare one-save endpoint of
`command_throughput.py` is measured the same way in the same run, for the ratio.

    .venv/bin/python scripts/bench/command_cpu.py [--folders 40] [--rounds 5] [--cache-size N]

Creates and drops its own PostgreSQL database; only 127.0.0.1 is touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _processes import REPO, free_port, started, teczka
from command_throughput import PASSWORD, VISITED_ON, create_bare_table, prepare

from services.system import TeczkaSystem
from tests.support.stores import ADMIN_URL, fresh_postgres_database, postgres_settings


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    total = 0
    for each in [pid, *map(int, children)]:
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folders", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cache-size", type=int, default=None,
                        help="TECZKA_AGGREGATE_CACHE_SIZE for the server (0: no cache)")
    args = parser.parse_args()
    with TemporaryDirectory() as tmp, fresh_postgres_database(ADMIN_URL) as url:
        settings = postgres_settings(url, Path(tmp), embedded_projector=False)
        with TeczkaSystem(settings, run_projectors=False) as system:
            folders = prepare(system, args.folders, 20)
        env = {"TECZKA_DATABASE_URL": url, "TECZKA_EMBEDDED_PROJECTOR": "false",
               "TECZKA_SECRET_KEY": settings.secret_key.get_secret_value(),
               "TECZKA_MASTER_KEY": settings.master_key.get_secret_value()}
        if args.cache_size is not None:
            env["TECZKA_AGGREGATE_CACHE_SIZE"] = str(args.cache_size)
        port = free_port()
        serve = teczka("serve", "--port", str(port), "--workers", "1")
        with started(serve, os.environ | env, ready_url=f"http://127.0.0.1:{port}/api/health"
                     ) as server, httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            token = http.post("/api/auth/login", json={"username": "worker",
                                                       "password": PASSWORD}).json()
            headers = {"Authorization": f"Bearer {token['access_token']}"}

            def record_visits(rounds: int) -> None:
                for _ in range(rounds):
                    for folder in folders:
                        answer = http.post(f"/api/folders/{folder[0]}/visits", headers=headers,
                                           json={"command_id": str(uuid.uuid4()),
                                                 "expected_version": folder[1],
                                                 "visit": {"visit_id": str(uuid.uuid4()),
                                                           "visited_on": VISITED_ON,
                                                           "minutes": 30,
                                                           "activity": "home_visit"}})
                        if answer.status_code != 201:
                            raise RuntimeError(answer.text)
                        folder[1] = answer.json()["version"]

            record_visits(1)  # each folder read once, as a worker does during the day
            cpu, wall = cpu_seconds(server.pid), time.perf_counter()
            record_visits(args.rounds)
            n = args.rounds * len(folders)
            teczka_ms = (cpu_seconds(server.pid) - cpu) * 1000 / n
            print(f"record_visit over HTTP, 1 worker, {n} commands: server CPU "
                  f"{teczka_ms:.2f} ms per command, wall "
                  f"{(time.perf_counter() - wall) * 1000 / n:.2f} ms; load average "
                  f"{os.getloadavg()[0]:.1f}")
        bare_env = os.environ | env | settings.eventsourcing_env()
        create_bare_table(bare_env)
        port = free_port()
        bare = [sys.executable, "-m", "uvicorn", "_bare_save:app", "--app-dir",
                str(REPO / "scripts" / "bench"), "--port", str(port), "--workers", "1",
                "--loop", "uvloop", "--http", "httptools", "--log-level", "warning"]
        with started(bare, bare_env, ready_url=f"http://127.0.0.1:{port}/health") as server, \
                httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            for _ in range(len(folders)):  # warm, as above
                http.post("/save", json={"text": "notatka"})
            cpu = cpu_seconds(server.pid)
            for _ in range(n):
                http.post("/save", json={"text": "notatka"}).raise_for_status()
            bare_ms = (cpu_seconds(server.pid) - cpu) * 1000 / n
        print(f"bare one-save endpoint, {n} saves: server CPU {bare_ms:.2f} ms per save; "
              f"Teczka / bare CPU per request = {teczka_ms / bare_ms:.2f} "
              f"(throughput ratio if CPU bound: {bare_ms / teczka_ms:.2f})")


if __name__ == "__main__":
    main()
