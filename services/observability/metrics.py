"""The process's Prometheus metrics, in one place.

Several API workers (`teczka serve --workers N`) each count in files of their own under
`PROMETHEUS_MULTIPROC_DIR` (prometheus_client's multiprocess mode, set by `teczka serve`
before the workers start), and `/metrics` sums them. Gauges of a process's own state (pools,
the access log's queue, the breaker, SSE connections) are summed over live processes, the
breaker's taken as the maximum. The projections' lag is read from the database when scraped
(`services/observability/lag.py`), the same for every process.

`TECZKA_OBSERVABILITY=false` turns counting (and the request log lines) off: `ENABLED` is
read at each place that counts, so switching costs one attribute read there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.registry import REGISTRY, Collector

CONTENT_TYPE = CONTENT_TYPE_LATEST


class _Switch:
    enabled = True


SWITCH = _Switch()

REQUEST_SECONDS = Histogram(
    "teczka_http_request_duration_seconds",
    "HTTP requests by route template, method and status (a stream counts its whole life)",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
COMMANDS = Counter(
    "teczka_commands",
    "Commands handled: applied, duplicate (a retry answered with its first result), stale "
    "(version.stale), refused (by the error's code) or failed (the store or a bug)",
    ["command", "outcome", "code"],
)
SSE_CONNECTIONS = Gauge("teczka_sse_connections", "Open server-sent event streams",
                        multiprocess_mode="livesum")
ACCESS_LOG_QUEUE = Gauge("teczka_access_log_queue_depth",
                         "Access-log entries waiting for their group commit",
                         multiprocess_mode="livesum")
POOL_IN_USE = Gauge("teczka_pool_in_use", "Pooled connections in use, by pool", ["pool"],
                    multiprocess_mode="livesum")
POOL_WAITING = Gauge("teczka_pool_waiting", "Requests waiting for a pooled connection, by pool",
                     ["pool"], multiprocess_mode="livesum")
BREAKER_OPEN = Gauge("teczka_store_breaker_open",
                     "1 while the store breaker is open (the store known down), else 0",
                     multiprocess_mode="max")
DOCUMENTS = Counter("teczka_documents_issued", "Documents issued (DocumentIssued), by kind",
                    ["kind"])
PAYMENTS = Counter("teczka_benefit_payments",
                   "Payments recorded on approved payment lists (BenefitPaid)")
PAYMENT_LISTS = Counter("teczka_payment_lists_approved", "Payment lists approved")


_COMMAND_CHILDREN: dict[tuple[str, str, str], Any] = {}


def count_command(command: str, outcome: str, code: str = "") -> None:
    """One command's outcome (the labelled child looked up once per combination)."""
    key = (command, outcome, code)
    child = _COMMAND_CHILDREN.get(key)
    if child is None:
        child = _COMMAND_CHILDREN[key] = COMMANDS.labels(command, outcome, code)
    child.inc()


def enabled() -> bool:
    return SWITCH.enabled


def configure(enabled: bool) -> None:
    """Turn counting on or off for this process (Settings.observability)."""
    SWITCH.enabled = enabled


def exposition(*collectors: Collector) -> bytes:
    """The text `/metrics` answers: every process's counts (multiprocess mode) or this
    one's, and what the given collectors read when asked."""
    return generate_latest(registry_of(*collectors))


def registry_of(*collectors: Collector) -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Everything())
    for collector in collectors:
        registry.register(collector)
    return registry


def prepare_multiprocess_dir(directory: Path) -> None:
    """Before the API's workers start: an empty directory for their counts, named in the
    environment the workers inherit (a restart starts counting from zero, as Prometheus
    expects of a restarted target)."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)


def serve_on_port(port: int, host: str, *collectors: Collector) -> None:
    """Serve the metrics on a port of their own, from a thread of this process."""
    start_http_server(port, addr=host, registry=registry_of(*collectors))


class _Everything(Collector):
    """The default registry's metrics (this process's), inside a registry of a scrape."""

    def collect(self):
        return REGISTRY.collect()
