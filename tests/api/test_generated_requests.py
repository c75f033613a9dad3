"""Thousands of requests generated from our own OpenAPI document: never a 5xx, never an
answer its operation does not declare (its status, content type and schema); Schemathesis,
run as its CLI against a real server.

On PostgreSQL every phase runs (coverage, fuzzing, stateful); on SQLite the coverage phase
(each operation's boundary and invalid values), which costs a fraction of fuzzing per request.
A social worker's and a coordinator's runs go side by side against one server.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest

from services.commands import CommandContext
from services.users.commands import RegisterUser
from tests.support.server import running_server
from tests.support.stores import STORES, settings_for

# The endless event stream and the calls that end the caller's own session are left out.
EXCLUDED = r"stream|logout|/auth/refresh|retention|/me/password"
PASSWORD = "haslo-generowane-1"
ROLES = [("social_worker", "ZTPS-1"), ("mcus_coordinator", "MCUS")]
# store: (phases, generated requests each role's run must reach)
# Every answer must be one its operation declares, with the declared content type and schema.
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_schema_conformance")
RUNS = {"postgres": ("examples,coverage,fuzzing,stateful", 2000), "sqlite": ("coverage", 2000)}


def _schemathesis() -> str:
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("schemathesis is a dev dependency: pip install -e '.[dev]'")
    return found


def _start(base: str, system, role: str, unit: str, phases: str) -> subprocess.Popen:
    username = f"gen.{role.split('_')[0]}"
    system.app.handle(CommandContext(
            command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin", unit="IT"),
        RegisterUser(
            username=username, display_name="Generated", role=role, unit=unit, password=PASSWORD))
    # The document is built on its first request, which on a busy machine can take longer
    # than Schemathesis waits for it.
    httpx.get(f"{base}/openapi.json", timeout=120).raise_for_status()
    token = httpx.post(f"{base}/api/auth/login",
                       json={"username": username, "password": PASSWORD}).json()
    return subprocess.Popen(
        [_schemathesis(), "run", f"{base}/openapi.json",
         "--header", f"Authorization: Bearer {token['access_token']}",
         "--phases", phases, "--max-examples", "5", "--workers", "1",
         "--request-timeout", "10",
         "--checks", CHECKS,
         "--exclude-path-regex", EXCLUDED, "--seed", "2026"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _failures(output: str) -> str:
    """The run's FAILURES section (each with its request and answer), else its end."""
    found = re.search(r"^=+ FAILURES =+$(.*?)^=+ [A-Z]+ =+$", output, re.M | re.S)
    return found.group(1)[-12000:] if found else output[-4000:]


@pytest.mark.parametrize("store", STORES)
def test_generated_requests_get_no_server_error_and_match_their_schema(store, tmp_path, request):
    phases, at_least = RUNS[store]
    with settings_for(store, tmp_path, request) as settings, \
            running_server(settings) as (base, system):
        runs = [_start(base, system, role, unit, phases) for role, unit in ROLES]
        outputs = [run.communicate(timeout=600)[0] for run in runs]
    for run, output in zip(runs, outputs, strict=True):
        summary = re.search(r"(\d+) generated, (\d+) passed", output)
        assert run.returncode == 0, _failures(output)
        assert summary is not None, output[-2000:]
        assert int(summary.group(1)) >= at_least
