"""What someone who can edit a backup file, but lacks the master key, can do to it."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from services.commands import CommandContext
from services.store.backup import _chain
from services.users.commands import RegisterUser

ANALYST = "analityk.woj"


def rechain(path: Path, target: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    """What someone who can edit a backup but lacks the master key can do: change lines,
    then recompute the whole hash chain (it has no secret) and the trailer's final hash."""
    previous = ""
    out = []
    for raw in path.read_bytes().splitlines():
        fields = orjson.loads(raw)
        fields.pop("hash")
        if fields["kind"] == "trailer":
            fields["final_hash"] = previous
        edit(fields)
        previous = _chain(previous, fields)
        out.append(orjson.dumps(fields | {"hash": previous}))
    target.write_bytes(b"\n".join(out) + b"\n")
    return target


def make_analyst_an_admin(fields: dict[str, Any]) -> None:
    if fields["kind"] == "record" and fields["topic"].endswith(
            ("User.UserRegistered", "User.UserRegisteredOnServer")):
        state = base64.b64decode(fields["state"])
        if ANALYST.encode() in state:
            state = state.replace(b'"role":"voivodeship_analyst"', b'"role":"admin"')
            fields["state"] = base64.b64encode(state).decode()


def register_analyst(system) -> None:
    """A voivodeship analyst: the role a forger would turn into an admin."""
    admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                           unit="IT")
    system.app.handle(admin, RegisterUser(
        username=ANALYST, display_name="Analityk", role="voivodeship_analyst", unit="DUW",
        password="analityk-haslo-2026"))
