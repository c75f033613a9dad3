"""Where a command's time goes: `record_visit` over HTTP on PostgreSQL, one uvicorn worker
under 16 connections, sampled by py-spy (issue #23). Each sample's stack is put in the first
part of the command's path it names, from the innermost frame out (PARTS), and the samples
are divided by the commands answered meanwhile:

- CPU: samples of the thread holding the GIL (`py-spy --gil`), all threads, in ms per command;
  the worker's whole CPU from /proc beside it (PostgreSQL's own is not in it).
- wall: samples of the command threads, busy or waiting (`--idle`), in ms per command; the
  rest of a command's latency is spent before it gets a command thread (queued on the event
  loop) and on the event loop itself.

    .venv/bin/python scripts/bench/command_profile.py [--group-commit] [--seconds 10]

Creates and drops its own database; only 127.0.0.1 is touched; needs py-spy (pip install
py-spy) and permission to attach to the worker (same user).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load import run_load
from _processes import free_port, started, teczka
from command_cpu import cpu_seconds
from command_throughput import PASSWORD, VisitRecorder, prepare

from services.system import TeczkaSystem
from tests.support.stores import ADMIN_URL, fresh_postgres_database, postgres_settings

RATE = 250
# (part, frame substrings naming it), looked for from the innermost frame outwards: the first
# part one of a stack's frames names takes the sample.
PARTS: list[tuple[str, tuple[str, ...]]] = [
    ("NOTIFY", ("_notify_channel",)),
    ("insert and commit", ("_insert_events ", "_insert_stored_events", "insert_events ",
                           "(eventsourcing/postgres.py", "_record (")),
    ("encoding and sealing", ("to_stored_event", "sealing.py", "transcoder.py", "encode (")),
    ("waiting for the group commit", ("submit (services/store/group_commit.py",)),
    ("group commit (committer thread)", ("group_commit.py",)),
    ("domain (the folder's rule and event)", ("(domain/",)),
    ("loading the aggregate (cache, copy)", ("aggregate_cache.py", "repository", " load (")),
    ("scope check", ("scope.py", "in_scope")),
    ("session and token checks", ("security.py", "sessions.py", "revocations.py", "jwt")),
    ("validation (body → command)", ("pydantic", "to_command", "schemas/")),
    ("receipt and metadata", ("receipts.py", "_earlier_result", "CommandReceipt",
                              "event_metadata", "commands.py")),
    ("answer (encoding the response)", ("answer (api/commanding.py", "command_out")),
    ("observability (logs, metrics)", ("observability",)),
    ("HTTP (uvicorn, starlette, FastAPI)", ("uvicorn", "starlette", "fastapi", "httptools",
                                             "anyio", "asyncio", "uvloop", "api/")),
]


def part_of(stack: str) -> str:
    frames = stack.split(";")
    for frame in reversed(frames):
        for part, marks in PARTS:
            if any(mark in frame for mark in marks):
                return part
    return "other"


def record(pid: int, seconds: float, out: Path, *flags: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid),
         "--subprocesses", "--rate", str(RATE), "--duration", str(int(seconds)), "--format",
         "raw", "--output", str(out), "--threads", "--nonblocking", *flags],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def samples(path: Path, threads: str | None = None) -> Counter:
    """Samples by part; with `threads`, only stacks passing through that frame text."""
    counts: Counter = Counter()
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if threads is not None and threads not in stack:
            continue
        counts[part_of(stack)] += int(count)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--group-commit", action="store_true")
    parser.add_argument("--folders-per-connection", type=int, default=8)
    parser.add_argument("--keep", type=Path, default=None,
                        help="a folder to keep py-spy's raw stacks in")
    args = parser.parse_args()
    n = args.connections
    with TemporaryDirectory() as tmp, fresh_postgres_database(ADMIN_URL) as url:
        settings = postgres_settings(url, Path(tmp), embedded_projector=False)
        with TeczkaSystem(settings, run_projectors=False) as system:
            folders = prepare(system, 2 * n * args.folders_per_connection, 20)
        env = os.environ | {
            "TECZKA_DATABASE_URL": url, "TECZKA_EMBEDDED_PROJECTOR": "false",
            "TECZKA_POSTGRES_POOL_SIZE": str(settings.postgres_pool_size),
            "TECZKA_SECRET_KEY": settings.secret_key.get_secret_value(),
            "TECZKA_MASTER_KEY": settings.master_key.get_secret_value(),
            "TECZKA_GROUP_COMMIT": "true" if args.group_commit else "false"}
        port = free_port()
        with started(teczka("serve", "--port", str(port), "--workers", "1"), env,
                     ready_url=f"http://127.0.0.1:{port}/api/health", timeout_s=240) as server:
            token = httpx.post(f"http://127.0.0.1:{port}/api/auth/login",
                               json={"username": "worker", "password": PASSWORD}
                               ).json()["access_token"]
            half = len(folders) // 2
            measured = {}
            for name, flags, mine in (("cpu", ("--gil",), folders[:half]),
                                      ("wall", ("--idle",), folders[half:])):
                mode = "gc" if args.group_commit else "alone"
                out = (args.keep or Path(tmp)) / f"{name}-{mode}.txt"
                clients = [VisitRecorder(token, mine[i::n]) for i in range(n)]
                # The warm-up (each folder read once) runs before py-spy starts.
                run_load(port, clients, seconds=3, warmup_s=0)
                cpu = cpu_seconds(server.pid)
                spy = record(server.pid, args.seconds, out, *flags)
                result = run_load(port, clients, seconds=args.seconds, warmup_s=0)
                spy.wait(timeout=60)
                measured[name] = (result, cpu_seconds(server.pid) - cpu, out)
        report(args, measured)


def report(args, measured) -> None:
    cpu_result, cpu_s, cpu_out = measured["cpu"]
    wall_result, _, wall_out = measured["wall"]
    cpu_commands = len(cpu_result.latencies_ms)
    wall_commands = len(wall_result.latencies_ms)
    cpu = samples(cpu_out)
    wall = samples(wall_out, threads="commanding.py")
    print(f"record_visit over HTTP, 1 worker, {args.connections} connections, "
          f"group commit {'on' if args.group_commit else 'off'}; load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"  CPU run: {cpu_result.throughput:.0f} req/s, worker CPU from /proc "
          f"{cpu_s * 1000 / cpu_commands:.2f} ms per command; wall run: "
          f"{wall_result.throughput:.0f} req/s, p50 {wall_result.percentile(50):.1f} ms")
    print(f"  {'part':42}{'CPU ms/cmd':>11}{'wall ms/cmd':>12}")
    per_cmd_cpu = {k: v / RATE * 1000 / cpu_commands for k, v in cpu.items()}
    per_cmd_wall = {k: v / RATE * 1000 / wall_commands for k, v in wall.items()}
    for part in [p for p, _ in PARTS] + ["other"]:
        if part in per_cmd_cpu or part in per_cmd_wall:
            print(f"  {part:42}{per_cmd_cpu.get(part, 0):>11.2f}"
                  f"{per_cmd_wall.get(part, 0):>12.2f}")
    in_threads = sum(per_cmd_wall.values())
    print(f"  {'total (sampled)':42}{sum(per_cmd_cpu.values()):>11.2f}{in_threads:>12.2f}")
    mean = sum(wall_result.latencies_ms) / max(wall_commands, 1)
    print(f"  mean latency {mean:.1f} ms, of which in a command thread {in_threads:.1f} ms, "
          f"before one / on the event loop {mean - in_threads:.1f} ms")


if __name__ == "__main__":
    main()
