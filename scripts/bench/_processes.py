"""Teczka's own processes (`teczka serve`, `teczka project`) and other servers started for a
benchmark on 127.0.0.1: started, waited for, measured (peak RSS from /proc) and stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from _pg_stats import connect

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def started(args: list[str], env: dict[str, str], *, ready_url: str | None = None,
            timeout_s: float = 60.0) -> Iterator[subprocess.Popen]:
    """Run a process (stopped with SIGTERM, then SIGKILL, on the way out); its output goes
    to a file under BENCH_LOG_DIR if that is set."""
    log_dir = os.environ.get("BENCH_LOG_DIR")
    output = subprocess.DEVNULL
    if log_dir:
        output = open(Path(log_dir) / f"{Path(args[0]).name}-{time.time_ns()}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(args, env=env, cwd=REPO, stdout=output, stderr=output)
    try:
        if ready_url is not None:
            wait_for_http(ready_url, process, timeout_s)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def teczka(*args: str) -> list[str]:
    return [sys.executable, "-m", "api.cli", *args]


def wait_for_http(url: str, process: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            httpx.get(url, timeout=2)  # any answer: the server is up
            return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout_s} s")


def _status(pid: int) -> dict[str, str]:
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = value.strip()
    return fields


def children(pid: int) -> list[int]:
    """Every descendant of a process (uvicorn's workers and their helpers)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids = (task / "children").read_text().split()
        for kid in map(int, kids):
            found.append(kid)
            found.extend(children(kid))
    return found


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB."""
    return int(_status(pid)["VmHWM"].split()[0]) / 1024


def rss_mb(pid: int) -> float:
    return int(_status(pid)["VmRSS"].split()[0]) / 1024


def process_tree_peaks(pid: int) -> dict[int, float]:
    """Peak RSS of a process and of each of its descendants, by pid."""
    peaks = {}
    for each in [pid, *children(pid)]:
        try:
            peaks[each] = peak_rss_mb(each)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return peaks


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except FileNotFoundError:
        return ""


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU time each of the processes has used so far (those gone: left out)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return used


def tree(pid: int) -> list[int]:
    return [pid, *children(pid)]


class ConnectionWatch:
    """Counts the PostgreSQL backends connected to one database, every `every_s` seconds,
    from a thread of its own, on a connection of its own (not counted): the peak at once and
    how many distinct backends were seen (each one beyond the peak was opened and closed
    again during the run: a connection pool's overflow, a sign of churn)."""

    def __init__(self, libpq_url: str, every_s: float = 0.05) -> None:
        self._url, self._every_s = libpq_url, every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="connection-watch", daemon=True)
        self.peak = 0
        self.seen: set[int] = set()

    def __enter__(self) -> ConnectionWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        with connect(self._url) as conn:
            while not self._stop.is_set():
                pids = [row[0] for row in conn.execute(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()")]
                self.peak = max(self.peak, len(pids))
                self.seen.update(pids)
                self._stop.wait(self._every_s)
