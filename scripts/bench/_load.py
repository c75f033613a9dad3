"""A small HTTP/1.1 load generator for 127.0.0.1: N keep-alive connections, each sending its
next request as soon as the previous answer is read, for a bounded time and count.

Raw asyncio streams on uvloop rather than an HTTP client library: on two cores shared with the
server and PostgreSQL, the load generator must cost as little CPU as it can.
"""

from __future__ import annotations

import asyncio
import random
import socket
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

import orjson


class Client(Protocol):
    """One connection's requests: what to send next, and what came back."""

    def request(self) -> bytes: ...

    def answered(self, status: int, body: bytes) -> None: ...


def http_request(method: str, path: str, token: str | None = None,
                 body: object | None = None) -> bytes:
    payload = orjson.dumps(body) if body is not None else b""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


@dataclass
class LoadResult:
    connections: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    failures: dict[int, bytes] = field(default_factory=dict)
    # Every request sent, the warm-up's too (to divide CPU time measured around a run by).
    sent: int = 0

    def count(self, status: int, sent: float, answered: float, measure_from: float,
              budget: list[int]) -> None:
        """One answer: every one is sent; those sent after the warm-up are measured and
        spend the run's shared request budget."""
        self.sent += 1
        if sent >= measure_from:
            budget[0] -= 1
            self.latencies_ms.append((answered - sent) * 1000)
            self.statuses[status] += 1

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]

    def summary(self) -> dict[str, object]:
        return {"connections": self.connections, "requests": len(self.latencies_ms),
                "per_s": round(self.throughput, 1), "p50_ms": round(self.percentile(50), 2),
                "p99_ms": round(self.percentile(99), 2),
                "statuses": dict(sorted(self.statuses.items())),
                "failures": {k: v.decode(errors="replace") for k, v in self.failures.items()}}


async def _open(port: int):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return reader, writer


async def _reopen(port: int, stop_at: float):
    """A new connection as soon as the server takes one again; None if it does not before
    the run ends (a server that dropped its connections shows as status 0, not a crash)."""
    while True:
        try:
            return await _open(port)
        except ConnectionError:
            if time.perf_counter() >= stop_at:
                return None
            await asyncio.sleep(0.05)


async def _exchange(reader, writer, data: bytes) -> tuple[int, bytes]:
    writer.write(data)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    return status, (await reader.readexactly(length) if length else b"")


async def _connection(port: int, client: Client, measure_from: float, stop_at: float,
                      result: LoadResult, budget: list[int], interval_s: float,
                      gaps: random.Random | None) -> None:
    reader, writer = await _open(port)
    due = time.perf_counter()
    try:
        while time.perf_counter() < stop_at and budget[0] > 0:
            if interval_s:
                # Paced: the next request is due a gap after the previous was due (not
                # after its answer), so a slow answer does not thin out the load. The gap
                # is `interval_s` exactly (lockstep: every connection sends at the same
                # instants) or drawn at random around it (independent people).
                due += gaps.expovariate(1 / interval_s) if gaps else interval_s
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
            data = client.request()
            sent = time.perf_counter()
            try:
                status, body = await _exchange(reader, writer, data)
            except (ConnectionError, asyncio.IncompleteReadError) as error:
                # Counted as status 0 (the server dropped the connection); open another.
                status, body = 0, repr(error).encode()
                writer.close()
                reopened = await _reopen(port, stop_at)
                if reopened is None:  # the server never took connections again: count it
                    result.statuses[0] += 1
                    return
                reader, writer = reopened
            answered = time.perf_counter()
            client.answered(status, body)
            result.count(status, sent, answered, measure_from, budget)
    finally:
        writer.close()


def run_load(port: int, clients: list[Client], *, seconds: float, warmup_s: float = 2.0,
             max_requests: int = 200_000, interval_s: float = 0.0,
             arrivals: str = "independent", seed: int = 1) -> LoadResult:
    """Drive one connection per client: warm up, then measure for `seconds` (or until
    `max_requests` answers are counted). With `interval_s` each connection sends a request
    every `interval_s` on average (an open load of connections / interval_s requests a
    second) instead of as soon as the previous answer is read (a closed loop: the server's
    saturation).

    Paced `arrivals`: "independent" — each connection a Poisson process (exponential gaps,
    seeded), as people working on their own click; "lockstep" — every connection exactly
    every `interval_s` from the same start, so all of them arrive in one burst each time
    (50 requests at once twice a second: what this generator did before)."""
    if arrivals not in ("independent", "lockstep"):
        raise ValueError(arrivals)

    async def main() -> LoadResult:
        started = time.perf_counter()
        measure_from = started + warmup_s
        stop_at = measure_from + seconds
        result = LoadResult(connections=len(clients), seconds=seconds)
        budget = [max_requests]
        await asyncio.gather(*(
            _connection(port, c, measure_from, stop_at, result, budget, interval_s,
                        random.Random(seed * 1_000_003 + i) if arrivals == "independent"
                        else None)
            for i, c in enumerate(clients)))
        result.seconds = min(seconds, time.perf_counter() - measure_from)
        return result

    try:
        import uvloop

        return uvloop.run(main())
    except ImportError:
        return asyncio.run(main())


@dataclass
class Reader:
    """GETs a rotating list of paths with one token."""

    token: str
    paths: list[str]
    n: int = 0
    # The first answer of each non-2xx status, to say why it failed.
    failures: dict[int, bytes] = field(default_factory=dict)

    def request(self) -> bytes:
        self.n += 1
        return http_request("GET", self.paths[self.n % len(self.paths)], self.token)

    def answered(self, status: int, body: bytes) -> None:
        if not 200 <= status < 300:
            self.failures.setdefault(status, body[:300])


async def _paired_connection(ports: list[int], clients: list[Client], first: int,
                             measure_from: float, stop_at: float, results: list[LoadResult],
                             budget: list[int]) -> None:
    streams = [await _open(port) for port in ports]
    turn = first
    try:
        while time.perf_counter() < stop_at and budget[0] > 0:
            (reader, writer), client, result = streams[turn], clients[turn], results[turn]
            data = client.request()
            sent = time.perf_counter()
            status, body = await _exchange(reader, writer, data)
            answered = time.perf_counter()
            client.answered(status, body)
            result.count(status, sent, answered, measure_from, budget)
            turn = (turn + 1) % len(ports)
    finally:
        for _, writer in streams:
            writer.close()


def run_paired_load(ports: list[int], clients: list[list[Client]], *, seconds: float,
                    warmup_s: float = 0.5, max_requests: int = 200_000,
                    first: int = 0) -> list[LoadResult]:
    """Several servers loaded at the same time by the same connections: each connection
    holds one keep-alive connection to every server and sends its requests to them in turn
    (a closed loop: the next request as soon as the previous answer is read), so every
    instant's noise — a checkpoint, a neighbour's job — falls on all of them alike.
    `clients[i][k]` is connection i's client for server k; connection i starts with server
    (first + i) mod len(ports). One LoadResult per server; every server answers the same
    number of requests (± one per connection), so they differ in latency, not throughput."""

    async def main() -> list[LoadResult]:
        started = time.perf_counter()
        measure_from = started + warmup_s
        stop_at = measure_from + seconds
        results = [LoadResult(connections=len(clients), seconds=seconds) for _ in ports]
        budget = [max_requests]
        await asyncio.gather(*(
            _paired_connection(ports, mine, (first + i) % len(ports), measure_from, stop_at,
                               results, budget)
            for i, mine in enumerate(clients)))
        took = min(seconds, time.perf_counter() - measure_from)
        for result in results:
            result.seconds = took
        return results

    try:
        import uvloop

        return uvloop.run(main())
    except ImportError:
        return asyncio.run(main())
