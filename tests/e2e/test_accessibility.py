"""axe-core on every role's main screens, in Chromium against the real server: any violation
fails the test, with the rule, its impact and the elements named. At 200% zoom the sticky top bar
stays one line and never hides the field that has the focus (WCAG 2.4.11). And the app is
delivered as the browser gets it: pre-compressed, hashed files cached for good, robots.txt.

axe-core is the npm package in tablet_ui/node_modules (a dev dependency), injected into the page.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.commands import CommandContext
from services.users.commands import RegisterUser
from tests.e2e.conftest import (
    CAREGIVER,
    COORDINATOR,
    DECIDER,
    FIRST_CONTACT,
    PASSWORD,
    TEAM,
    WORKER_PERSON,
    Client,
    Person,
    Server,
    sign_in,
)

pytestmark = pytest.mark.postgres

AXE = Path(__file__).resolve().parents[2] / "tablet_ui" / "node_modules" / "axe-core" / "axe.min.js"
MANAGER = Person("e2e.kierownik.axe", "Maria Kierownik", "manager", TEAM)
ADMIN = Person("e2e.admin.axe", "Adam Informatyk", "admin", "IT")
MANAGEMENT = Person("e2e.zarzad.axe", "Zofia Zarząd", "mops_management", "MOPS")
ZOOMED = {"width": 640, "height": 400}  # the 1280×800 tablet at 200% zoom


@pytest.fixture(scope="module")
def more_people(server: Server) -> Iterator[None]:
    """The manager, the admin and the MOPS management, whom the shared server does not have."""
    for person in (MANAGER, ADMIN, MANAGEMENT):
        admin = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1),
                               role="admin", unit="IT")
        server.system.app.handle(admin, RegisterUser(
            username=person.username, display_name=person.display_name, role=person.role,
            unit=person.unit, password=PASSWORD))
    yield


def violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now (every rule axe runs by default: WCAG 2.x
    A and AA, and its best practices)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({
            id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
        }));
    }""")
    return [f"{v['id']} ({v['impact']}): {', '.join(v['nodes'])}" for v in found]


def screen(page: Any, hash_: str, ready: str = "main h1") -> list[str]:
    """Go to a screen of the app and wait until `ready` (a test id, or a CSS selector with a
    space) is shown and the page is quiet, then run axe."""
    from playwright.sync_api import expect

    page.goto(f"/{hash_}")
    shown = page.locator(ready) if " " in ready else page.get_by_test_id(ready)
    expect(shown.first).to_be_visible()
    expect(page.get_by_text("Wczytywanie…")).to_have_count(0)
    page.wait_for_timeout(300)  # the screen's other reads (no network idle: the event stream)
    return violations(page)


def check(found: dict[str, list[str]]) -> None:
    failing = {name: rules for name, rules in found.items() if rules}
    assert failing == {}, "\n".join(f"{name}: {rules}" for name, rules in failing.items())


def test_the_sign_in_screen_has_no_axe_violations_in_either_language(new_tablet):
    page = new_tablet()
    found = {"login pl": screen(page, "", "login-submit")}
    page.get_by_test_id("lang-switch").click()
    from playwright.sync_api import expect

    expect(page.get_by_test_id("login-submit")).to_have_text("Sign in")
    found["login en"] = violations(page)
    check(found)


def test_the_language_button_is_named_by_the_words_it_shows(new_tablet):
    """WCAG 2.5.3 (label in name): a voice user says what she sees, "English"."""
    from playwright.sync_api import expect

    page = new_tablet()
    page.goto("/")
    shown = page.get_by_test_id("lang-switch").locator("span[lang]")
    expect(shown).to_have_text("English")
    # the name begins with the words shown; what follows (hidden) says what the button does
    expect(page.get_by_role("button", name=re.compile(r"^English\b.*zmień język na angielski"))) \
        .to_be_visible()


def test_the_social_workers_screens_have_no_axe_violations(new_tablet, client_folder: Client):
    page = new_tablet()
    sign_in(page, WORKER_PERSON)
    folder = client_folder.folder.id
    check({
        "caseload": screen(page, "#/", "caseload-row"),
        "folder": screen(page, f"#/folder/{folder}", "timeline"),
        "visit": screen(page, f"#/folder/{folder}/visit", "visit-submit"),
        "interview": screen(page, f"#/folder/{folder}/interview", "interview-submit"),
        "search": screen(page, "#/search"),
        "new folder": screen(page, "#/folders/new", "new-folder-submit"),
    })


def test_the_other_roles_main_screens_have_no_axe_violations(new_tablet, more_people):
    found = {}
    for person, screens in (
        (FIRST_CONTACT, [("#/", "register-person-button")]),
        (DECIDER, [("#/", "main h1")]),
        (COORDINATOR, [("#/", "stream-status")]),
        (CAREGIVER, [("#/", "main h1")]),
        (MANAGER, [("#/", "team-activity"), ("#/returns", "return-status"),
                   ("#/payments", "payments-pick"),
                   ("#/staff-requests", "staff-requests-history")]),
        (ADMIN, [("#/", "admin-home")]),
        (MANAGEMENT, [("#/", "mgmt-table")]),
    ):
        page = new_tablet()
        sign_in(page, person)
        for hash_, ready in screens:
            found[f"{person.role} {hash_}"] = screen(page, hash_, ready)
    check(found)


def test_at_200_percent_zoom_the_top_bar_is_one_line_and_never_hides_the_focused_field(
        new_tablet, client_folder: Client):
    page = new_tablet()
    page.set_viewport_size(ZOOMED)
    sign_in(page, WORKER_PERSON)
    page.goto(f"/#/folder/{client_folder.folder.id}/visit")
    page.get_by_test_id("visit-submit").wait_for()
    head = page.get_by_test_id("sticky-head")
    # One line: the name, the role, the status and the buttons all cross one horizontal line.
    boxes = [page.get_by_test_id(part).bounding_box() for part in
             ("user-name", "user-role", "online-status", "lang-switch", "logout-button")]
    assert max(b["y"] for b in boxes) \
        < min(b["y"] + b["height"] for b in boxes), boxes
    hidden = []
    for _ in range(25):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const r = el.getBoundingClientRect();
            return { top: r.top, bottom: r.bottom, sticky: !!el.closest('.sticky-head'),
                     what: el.getAttribute('data-testid') || el.tagName };
        }""")
        if focused is None or focused["sticky"]:
            continue
        bottom = head.bounding_box()["height"]
        if focused["top"] < bottom - 1:
            hidden.append(focused)
    assert hidden == []


def test_the_app_goes_out_compressed_with_hashed_files_cached_for_good(server: Server):
    with httpx.Client(base_url=server.base_url, headers={"Accept-Encoding": "gzip"}) as http:
        page = http.get("/")
        assert page.headers["content-encoding"] == "gzip"
        assert page.headers["cache-control"] == "no-cache"
        script = page.text.split('src="', 1)[1].split('"', 1)[0]
        assert script.startswith("/assets/")
        asset = http.get(script, headers={"Accept-Encoding": "br, gzip"})
        assert asset.headers["content-encoding"] == "br"
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        robots = http.get("/robots.txt")
        assert robots.headers["content-type"].startswith("text/plain")
        assert "Disallow: /" in robots.text
        # The API answers are not compressed here: the command path and the event stream stay
        # as they were.
        api = http.get("/api/health")
        assert "content-encoding" not in api.headers
