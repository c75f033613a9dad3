"""The server's log handler writes its lines in batches: an info line reaches the file within
the flush interval, a warning at once, and everything at `logging.shutdown` (a stopping
worker); no line is lost or written twice."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from pathlib import Path

import orjson

from services.observability.logs import BatchedStreamHandler, JsonFormatter


def _handler(path: Path, every: float) -> tuple[BatchedStreamHandler, logging.Logger]:
    stream = open(path, "w", buffering=1 << 16, encoding="utf-8")  # noqa: SIM115 - closed below
    handler = BatchedStreamHandler(stream, every=every)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger(f"teczka.test.batched.{path.name}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return handler, logger


def _lines(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_text().splitlines()]


def test_info_lines_wait_for_the_flush_and_a_warning_goes_at_once(tmp_path):
    path = tmp_path / "lines.log"
    handler, logger = _handler(path, every=3600)  # the flusher never comes in this test
    try:
        logger.info("first")
        logger.info("second")
        assert path.read_text() == ""  # buffered: no write per line
        logger.warning("trouble")
        assert [line["msg"] for line in _lines(path)] == ["first", "second", "trouble"]
    finally:
        logger.removeHandler(handler)
        handler.close()


def test_the_flusher_writes_info_lines_within_its_interval(tmp_path):
    path = tmp_path / "lines.log"
    handler, logger = _handler(path, every=0.05)
    try:
        for n in range(100):
            logger.info("request", extra={"fields": {"n": n}})
        deadline = time.monotonic() + 10
        while len(path.read_text().splitlines()) < 100 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [line["n"] for line in _lines(path)] == list(range(100))
    finally:
        logger.removeHandler(handler)
        handler.close()


def test_a_process_that_exits_writes_every_line(tmp_path):
    """uvicorn's own configuration (the server's): lines still in the buffer at exit reach
    standard error, once each."""
    script = (
        "import logging, logging.config\n"
        "from services.observability.logs import UVICORN_LOG_CONFIG\n"
        "logging.config.dictConfig(UVICORN_LOG_CONFIG)\n"
        "for n in range(500):\n"
        "    logging.getLogger('teczka.http').info('request', extra={'fields': {'n': n}})\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2], check=True)
    lines = [orjson.loads(line) for line in done.stderr.decode().splitlines()]
    assert [line["n"] for line in lines] == list(range(500))
