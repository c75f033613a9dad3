"""The ceiling of command throughput: a bare FastAPI endpoint doing one `eventsourcing` save
per request (a new aggregate with one event), with nothing of Teczka around it.

Served by `command_throughput.py` as `uvicorn _bare_save:app --app-dir scripts/bench`, with
the library's PostgreSQL settings (PERSISTENCE_MODULE, POSTGRES_*) from the environment.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from fastapi import FastAPI


class Note(Aggregate):
    @event("Written")
    def __init__(self, text: str) -> None:
        self.text = text


class Bare(Application):
    name = "Bare"


stores: list[Bare] = []


@asynccontextmanager
async def lifespan(_app: FastAPI):
    stores.append(Bare())
    yield
    stores.pop().close()


app = FastAPI(lifespan=lifespan)


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.post("/save", status_code=201)
def save(body: dict) -> dict:
    note = Note(text=str(body.get("text", "")))
    recordings = stores[0].save(note)
    return {"id": str(note.id), "position": recordings[-1].notification.id}
