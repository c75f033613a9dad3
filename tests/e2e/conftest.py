"""Browser end-to-end fixtures: the built tablet app, served by a real API on PostgreSQL,
driven in Debian's headless Chromium through Playwright's sync API.

No browser is ever downloaded: Playwright launches `/usr/bin/chromium`. Without it (or without
the `playwright` package) the tests are skipped locally and fail when CI=true.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.commands import CommandContext
from services.users.commands import RegisterUser
from tests.api import given
from tests.support.builders import assignment_body, member_body
from tests.support.providers import register_providers
from tests.support.server import running_server
from tests.support.stores import IN_CI, fresh_postgres_database, postgres_settings

CHROMIUM = Path(os.environ.get("TECZKA_E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
UI_DIST = Path(__file__).resolve().parents[2] / "tablet_ui" / "dist" / "index.html"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
VIEWPORT = {"width": 1280, "height": 800}  # a 10" tablet in landscape
PASSWORD = "haslo-testowe-123"
WORKER = "e2e.worker"
TEAM = "ZTPS-1"
TIMEOUT_MS = 15_000


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason}; CI=true requires the browser tests to run")
    pytest.skip(f"{reason} (CI=true would fail here)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the `playwright` package is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    if not UI_DIST.exists():
        _unavailable(f"{UI_DIST} is missing (cd tablet_ui && npm ci && npm run build)")
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass(frozen=True)
class Person:
    """A user of the module's server, signed in on tablets by username."""

    username: str
    display_name: str
    role: str
    unit: str


WORKER_PERSON = Person(WORKER, "Anna Nowak", "social_worker", TEAM)
DECIDER = Person("e2e.decyzja", "Jan Decyzja", "decision_maker", "MOPS")
COORDINATOR = Person("e2e.koordynator", "Krystyna Koordynator", "mcus_coordinator", "MCUS")
CAREGIVER = Person("e2e.opiekunka", "Zofia Opiekuńcza", "caregiver", "MCUS")
FIRST_CONTACT = Person("e2e.przyjecia", "Jolanta Przyjęcia", "first_contact", "MOPS-PK")
PEOPLE = (WORKER_PERSON, DECIDER, COORDINATOR, CAREGIVER, FIRST_CONTACT)


@dataclass
class Server:
    base_url: str
    system: Any
    tokens: dict[str, str]
    ids: dict[str, str]

    @property
    def token(self) -> str:
        return self.tokens[WORKER]

    @property
    def worker_id(self) -> str:
        return self.ids[WORKER]

    def http(self, person: Person = WORKER_PERSON) -> httpx.Client:
        """A client signed in as `person` (over HTTP, as another tablet would be)."""
        return httpx.Client(base_url=self.base_url, timeout=15,
                            headers={"Authorization": f"Bearer {self.tokens[person.username]}"})


@pytest.fixture(scope="module")
def server(postgres_admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real API on a fresh PostgreSQL database, serving tablet_ui/dist, with a social worker,
    a decision maker, an MCUS coordinator, a caregiver of MCUS and first contact."""
    data_dir = tmp_path_factory.mktemp("e2e")
    with fresh_postgres_database(postgres_admin_url) as url, \
            running_server(postgres_settings(url, data_dir)) as (base, system):
        tokens, ids = {}, {}
        for person in PEOPLE:
            admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1),
                                   role="admin", unit="IT")
            system.app.handle(admin, RegisterUser(
                username=person.username, display_name=person.display_name, role=person.role,
                unit=person.unit, password=PASSWORD))
            r = httpx.post(f"{base}/api/auth/login",
                           json={"username": person.username, "password": PASSWORD})
            r.raise_for_status()
            tokens[person.username], ids[person.username] = (r.json()["access_token"],
                                                             r.json()["user"]["id"])
        register_providers(system.app)  # the ones the care decisions name
        index = httpx.get(f"{base}/")
        assert index.status_code == 200 and 'id="app"' in index.text, "the API does not serve dist/"
        yield Server(base, system, tokens, ids)


def sign_in(page: Any, person: Person = WORKER_PERSON) -> None:
    """Sign in on the tablet's login screen; done when the top bar shows the person."""
    from playwright.sync_api import expect

    page.goto("/")
    page.get_by_test_id("login-username").fill(person.username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("user-name")).to_have_text(person.display_name)


def is_sync_of(path_end: str) -> Callable[[Any], bool]:
    """Matches the outbox's POST /api/sync when it carries a command whose path ends so."""
    def match(response: Any) -> bool:
        if response.request.method != "POST" or not response.url.endswith("/api/sync"):
            return False
        commands = (response.request.post_data_json or {}).get("commands", [])
        return any(c["path"].endswith(path_end) for c in commands)
    return match


def synced(response: Any, path_end: str, status: int) -> tuple[dict, dict]:
    """The command of a sync request whose path ends so (as the server ran it), and the body
    of its answer, which must have the given status."""
    assert response.status == 200, response.text()
    commands = response.request.post_data_json["commands"]
    results = {r["command_id"]: r for r in response.json()["results"]}
    command = next(c for c in commands if c["path"].endswith(path_end))
    result = results[command["command_id"]]
    assert result["status"] == status, result
    return command["body"], result["body"]


@dataclass
class Client:
    """A household folder of the worker's, as the server last answered."""

    folder: given.Folder
    head_name: str


HEADS = itertools.cycle([("Halina", "Kowalczyk"), ("Zofia", "Wiśniewska"),
                         ("Stanisław", "Mazur"), ("Krystyna", "Wójcik")])


@pytest.fixture
def client_folder(server: Server) -> Client:
    """A new folder of the worker's team, opened by her and so hers (over HTTP, as another
    tablet would).
    Names may repeat; the tests find a folder by its id (`data-folder-id`)."""
    first, last = next(HEADS)
    with server.http() as http:
        # The opener is the folder's worker (issue #17): no assignment needed.
        folder = given.open_folder(http, team_id=TEAM,
                                   head=member_body(first_name=first, last_name=last))
        # The app reads without `?after=`: wait until the projections show the folder.
        http.get("/api/caseload", params={"after": folder.position}).raise_for_status()
    return Client(folder, f"{first} {last}")


@pytest.fixture
def assigned_folder(server: Server) -> Client:
    """A new folder registered at first contact for the worker's team (nobody's yet), which
    the worker then takes: assigned to her, so its timeline has the assignment (over HTTP, as
    other tablets would)."""
    first, last = next(HEADS)
    with server.http(FIRST_CONTACT) as http:
        folder = given.open_folder(http, team_id=TEAM,
                                   head=member_body(first_name=first, last_name=last))
    with server.http() as http:
        given.command(http, folder, "/assignment",
                      assignment_body(folder.version, server.worker_id))
        # The app reads without `?after=`: wait until the projections show the assignment.
        http.get("/api/caseload", params={"after": folder.position}).raise_for_status()
    return Client(folder, f"{first} {last}")


@pytest.fixture
def new_tablet(browser: Any, server: Server) -> Iterator[Callable[[], Any]]:
    """Open a fresh tablet (its own browser context: storage, service worker, network)."""
    contexts: list[Any] = []

    def open_tablet() -> Any:
        context = browser.new_context(base_url=server.base_url, viewport=VIEWPORT, locale="pl-PL",
                                      timezone_id="Europe/Warsaw")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_tablet
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def shot() -> Callable[[Any, str], Path]:
    """Save a screenshot of what the tablet shows into tests/e2e/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path))
        return path

    return take


def wait_until_pending(server: Server, proceeding_id: str, after: int) -> None:
    """Until the decision maker's pending list holds the proceeding: her screen reads it once
    when it opens. (The tests asked it as the social worker before: a 403 that waited for
    nothing, and under load the row was not there.)"""
    from tests.support.waiting import until

    def pending() -> list[dict]:
        with server.http(DECIDER) as decider:
            answer = decider.get("/api/proceedings/pending", params={"after": after})
        return answer.json() if answer.status_code == 200 else []

    until(lambda: any(p["proceeding_id"] == proceeding_id for p in pending()), 60,
          "the application among the pending proceedings", every_s=0.2)
