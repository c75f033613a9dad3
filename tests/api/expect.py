"""What a client can tell from the outside: a refusal's shape, and that nothing changed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from projections import tracking

# Reading someone's data is itself recorded (the access log), a moment after the read. Such
# entries change no folder, so "nothing written" means: no event of any other kind.
ACCESS_LOG_TOPICS = ("domain.access:",)


def refused(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Assert the one error shape of the contract; return the error for further checks."""
    # (Helpers are not rewritten by pytest: each assert says what it saw.)
    seen = f"{response.status_code} {response.text}"
    assert response.status_code == status, f"expected {status} {code}, got {seen}"
    error = response.json()["error"]
    assert error["code"] == code, f"expected {status} {code}, got {seen}"
    assert error["message"]["pl"].strip(), seen
    assert error["message"]["en"].strip(), seen
    assert error["message"]["pl"] != error["message"]["en"], seen
    return error


def names_field(error: dict[str, Any], field: str) -> bool:
    """Whether a 422 of request validation points at the given field."""
    return any(field in problem["loc"] for problem in error["details"]["errors"])


def changes_since(api: Any, head: int) -> list[str]:
    """Topics of the events stored after `head`, leaving out access-log entries."""
    stored = api.system.app.recorder.select_notifications(start=head + 1, limit=1000)
    return [n.topic for n in stored if not n.topic.startswith(ACCESS_LOG_TOPICS)]


@contextmanager
def nothing_written(api: Any) -> Iterator[None]:
    """The block stores no event (reads may still be logged)."""
    head = api.system.app.head_position()
    yield
    written = changes_since(api, head)
    assert written == [], f"expected nothing written, but stored {written}"


def rebuilds_the_same(api: Any, name: str, timeout: float = 30) -> None:
    """Rebuilding the read model from the log gives exactly the rows the live one holds."""
    system = api.system
    projection = system.projection(name)
    head = system.app.head_position()
    deadline = time.monotonic() + timeout
    while (system.read_models.positions().get(name) or 0) < head:
        assert time.monotonic() < deadline, f"{name} did not reach the log's head"
        time.sleep(0.02)

    def digest() -> tuple[int, str]:
        with system.engine.connect() as conn:
            active = tracking.active_generation(conn, name)
            assert active is not None
            return active.generation, projection.digest(conn, projection.tables(
                active.generation))

    before_generation, before = digest()
    generation = system.rebuild(name)
    while digest()[0] != generation:
        assert time.monotonic() < deadline, f"{name}: the rebuilt generation never became active"
        time.sleep(0.05)
    assert generation != before_generation
    assert digest()[1] == before, f"{name}: the rebuilt rows differ from the live ones"
