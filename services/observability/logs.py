"""JSON log lines: one object a line, carrying who acted and in which chain of requests,
never personal data.

What a line carries: time, level, logger, the message, and — where known — the request's
correlation id, the actor's user id and role, and the command id. Personal data stays out
by construction: our messages name ids, positions and codes only; request lines name the
route template (`/api/folders/{folder_id}`), never the path or query, which may hold a search
for a name or PESEL; and an exception is logged as its type and stack frames (file, line,
function), not its text, which may quote a value (a PESEL refused as invalid, say).
`tests/api/test_logs_without_personal_data.py` runs a whole chain and searches the lines.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import Any

import orjson


class Actor:
    """Who a request or command acts as, filled in as it becomes known (mutable, so a
    middleware that set it sees what the route learnt)."""

    __slots__ = ("actor_id", "command_id", "role")

    def __init__(self) -> None:
        self.actor_id: str | None = None
        self.role: str | None = None
        self.command_id: str | None = None


ACTOR: ContextVar[Actor | None] = ContextVar("teczka_actor", default=None)
_CORRELATION: ContextVar[str | None] | None = None


def note_actor(actor_id: object, role: str) -> None:
    """The request's signed-in person, for its log lines."""
    actor = ACTOR.get()
    if actor is not None:
        actor.actor_id = str(actor_id)
        actor.role = role


def note_command(command_id: object, actor_id: object, role: str) -> Token | None:
    """The command being handled (a request's, or the CLI's); outside a request it is
    noted until `forget_command` with the token returned."""
    actor = ACTOR.get()
    token = None
    if actor is None:
        actor = Actor()
        token = ACTOR.set(actor)
    actor.command_id = str(command_id)
    actor.actor_id = str(actor_id)
    actor.role = role
    return token


def forget_command(token: Token | None) -> None:
    if token is not None:
        ACTOR.reset(token)


def _correlation_var() -> ContextVar[str | None] | None:
    global _CORRELATION
    if _CORRELATION is None:
        try:
            from asgi_correlation_id import correlation_id
        except ImportError:  # pragma: no cover - a dependency of the API
            return None
        _CORRELATION = correlation_id
    return _CORRELATION


def _lighter_records() -> None:
    """Our lines name no source file, thread or process: the logging module need not look
    them up for each record (the caller's frame alone took half a record's cost)."""
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False


class JsonFormatter(logging.Formatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _lighter_records()  # built by configure_logging or uvicorn's dictConfig, per process
        self._second = -1
        self._second_text = ""

    def _timestamp(self, created: float) -> str:
        """ISO 8601 in UTC with milliseconds; the part up to the second made once a second."""
        second = int(created)
        if second != self._second:
            self._second = second
            self._second_text = datetime.fromtimestamp(second, UTC).strftime(
                "%Y-%m-%dT%H:%M:%S")
        return f"{self._second_text}.{int((created - second) * 1000):03d}Z"

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": self._timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        correlation = _correlation_var()
        if correlation is not None and (value := correlation.get()):
            line["correlation_id"] = value
        actor = ACTOR.get()
        if actor is not None:
            if actor.actor_id:
                line["actor_id"] = actor.actor_id
                line["role"] = actor.role
            if actor.command_id:
                line["command_id"] = actor.command_id
        fields = getattr(record, "fields", None)
        if fields:
            line.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            error_type, _, tb = record.exc_info
            line["error"] = error_type.__qualname__
            line["stack"] = [f"{f.filename}:{f.lineno} {f.name}"
                             for f in traceback.extract_tb(tb)]
        return orjson.dumps(line, default=str).decode()


class BatchedStreamHandler(logging.StreamHandler):
    """The server's handler: each line goes into the stream's buffer at once and reaches the
    file or pipe by a write every `every` seconds (a thread of its own), at once for a
    warning or worse, and at exit (`logging.shutdown` flushes every handler).

    A line-buffered stderr makes one `write` system call per line, on the event loop, for
    every request's line; batched, a busy worker makes a few a second. What a kill -9 can
    lose is the last fraction of a second of info lines, never a warning or an error."""

    def __init__(self, stream=None, every: float = 0.2) -> None:
        super().__init__(stream if stream is not None else _block_buffered_stderr())
        self.every = every
        self._pending = False
        self._flusher: threading.Thread | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.stream.write(self.format(record) + self.terminator)
            if record.levelno >= logging.WARNING:
                self.stream.flush()
                return
            self._pending = True
            if self._flusher is None:  # started in the process that writes (workers fork)
                self._flusher = threading.Thread(target=self._flush_now_and_then,
                                                 name="log-flusher", daemon=True)
                self._flusher.start()
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)

    def _flush_now_and_then(self) -> None:
        while True:
            time.sleep(self.every)
            if self._pending:
                self._pending = False
                self.flush()


def _block_buffered_stderr():
    """Standard error with a block buffer of its own (Python's is line-buffered); the same
    file descriptor, left open when this is closed."""
    try:
        return open(sys.stderr.fileno(), "w", buffering=1 << 16, encoding="utf-8",
                    errors="backslashreplace", closefd=False)
    except (AttributeError, OSError, ValueError):  # stderr replaced, e.g. by a test's capture
        return sys.stderr


def configure_logging(level: int = logging.INFO, stream=None) -> None:
    """Every logger of the process (ours, uvicorn's) writes JSON lines to stderr; uvicorn's
    own access log is off, as it prints the path and query (our request line replaces it:
    `api/observability.py`)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
    access = logging.getLogger("uvicorn.access")
    access.handlers = []
    access.propagate = False
    access.disabled = True


# uvicorn's logging configuration (the server's): JSON lines through the root logger, written
# in batches, no access log.
UVICORN_LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "services.observability.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "services.observability.logs.BatchedStreamHandler",
                            "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "uvicorn": {"handlers": [], "propagate": True, "level": "INFO"},
        "uvicorn.error": {"handlers": [], "propagate": True, "level": "INFO"},
        "uvicorn.access": {"handlers": [], "propagate": False, "level": "CRITICAL"},
    },
}
