"""A real uvicorn server on a free loopback port, serving the real app, for HTTP tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from api.app import create_app
from services.settings import Settings
from services.system import TeczkaSystem


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(
    settings: Settings, run_projectors: bool = True
) -> Iterator[tuple[str, TeczkaSystem]]:
    """Yield (base URL, system) of a server on 127.0.0.1 (projections in-process by default)."""
    system = TeczkaSystem(settings, run_projectors=run_projectors).start()
    app = create_app(settings, system=system)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on",
                       loop="uvloop", http="httptools")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", system
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        system.close()
