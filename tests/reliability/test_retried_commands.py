"""Tablets retry: every command sent 1–3 times, in random order, from several threads.
Exactly one application of each, and every copy answered with the same result."""

from __future__ import annotations

import random
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from services.commands import CommandContext
from services.users.commands import RegisterUser
from tests.support.builders import open_folder_body
from tests.support.server import running_server
from tests.support.stores import settings_for

PASSWORD = "haslo-ponowien-1"


@pytest.mark.parametrize("commands", [
    pytest.param(300, id="300"),
    pytest.param(1000, id="1000", marks=pytest.mark.slow),
])
@pytest.mark.parametrize("store", [pytest.param("sqlite"),
                                   pytest.param("postgres", marks=pytest.mark.postgres)])
def test_each_retried_command_is_applied_exactly_once(store, commands, tmp_path, request):
    rng = random.Random(commands)
    bodies = [open_folder_body() for _ in range(commands)]
    sends = [body for body in bodies for _ in range(rng.randint(1, 3))]
    rng.shuffle(sends)
    with settings_for(store, tmp_path, request) as settings, \
            running_server(settings) as (base, system):
        system.app.handle(CommandContext(
                command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin", unit="IT"),
            RegisterUser(
                username="tablet.user", display_name="Tablet", role="social_worker", unit="ZTPS-1",
                password=PASSWORD))
        token = httpx.post(f"{base}/api/auth/login",
                           json={"username": "tablet.user", "password": PASSWORD}).json()
        head_before = system.app.head_position()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        with httpx.Client(base_url=base, headers=headers, timeout=30,
                          limits=httpx.Limits(max_connections=8)) as http, \
                ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda body: (body, http.post("/api/folders", json=body)),
                                    sends))
        statuses = sorted(a.status_code for _, a in answers)
        assert set(statuses) <= {200, 201}, [a.text for _, a in answers if a.status_code > 201][:3]
        assert statuses.count(201) == commands
        by_command: dict[str, set[str]] = {}
        for body, answer in answers:
            by_command.setdefault(body["command_id"], set()).add(answer.json()["folder_id"])
        assert all(len(ids) == 1 for ids in by_command.values())
        # Each command wrote its folder's event and its receipt; retries wrote nothing.
        # (Count the stored events: ids have gaps where a racing copy's insert was refused.)
        written = system.app.recorder.select_notifications(start=head_before + 1,
                                                           limit=10 * commands)
        topics = sorted(n.topic.rsplit(":", 1)[1] for n in written)
        assert topics.count("CaseFolder.CaseFolderOpened") == commands
        assert topics.count("CommandReceipt.Accepted") == commands
