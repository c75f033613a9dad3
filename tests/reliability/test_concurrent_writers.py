"""Eight tablets write to the same few folders at once: every accepted command is in the
log and in the view; every refused one got 409 with the current version; none is lost."""

from __future__ import annotations

import random
import threading
import uuid

import httpx

from services.commands import CommandContext
from services.users.commands import RegisterUser
from tests.support.builders import open_folder_body, visit_body
from tests.support.server import running_server

PASSWORD = "haslo-pisarzy-1"
WRITERS, FOLDERS, ATTEMPTS = 8, 3, 25


def test_concurrent_writers_lose_no_accepted_command(settings):
    with running_server(settings) as (base, system):
        system.app.handle(CommandContext(
                command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin", unit="IT"),
            RegisterUser(
                username="writer.one", display_name="Writer", role="social_worker", unit="ZTPS-1",
                password=PASSWORD))
        token = httpx.post(f"{base}/api/auth/login", json={
            "username": "writer.one", "password": PASSWORD}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
            folders = [http.post("/api/folders", json=open_folder_body()).json()
                       for _ in range(FOLDERS)]
        opened_at = max(f["position"] for f in folders)
        accepted: list[tuple[str, str]] = []
        refused: list[int] = []
        lock = threading.Lock()

        def write(seed: int) -> None:
            rng = random.Random(seed)
            with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
                for _ in range(ATTEMPTS):
                    folder = rng.choice(folders)["folder_id"]
                    # Read our own writes: the folders exist in the view from `opened_at` on.
                    view = http.get(f"/api/folders/{folder}", params={"after": opened_at})
                    assert view.status_code == 200, view.text
                    seen = view.json()["version"]
                    body = visit_body(seen)
                    answer = http.post(f"/api/folders/{folder}/visits", json=body)
                    with lock:
                        if answer.status_code == 201:
                            accepted.append((folder, body["visit"]["visit_id"]))
                        else:
                            assert answer.status_code == 409, answer.text
                            error = answer.json()["error"]
                            assert error["code"] == "version.stale"
                            assert error["details"]["current_version"] > seen
                            refused.append(1)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert accepted and len(accepted) + len(refused) == WRITERS * ATTEMPTS
        head = system.app.head_position()
        with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
            for folder in folders:
                view = http.get(f"/api/folders/{folder['folder_id']}",
                                params={"after": head}).json()
                shown = {e["details"]["visit_id"] for e in view["timeline"] if e["kind"] == "visit"}
                assert shown == {v for f, v in accepted if f == folder["folder_id"]}
