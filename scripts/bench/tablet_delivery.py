"""Tablet delivery: the JavaScript each of the tablet app's pages loads on a first visit (gzip and
Brotli, as the API serves them), and Lighthouse's mobile profile on the sign-in page, a social
worker's caseload and one folder (median of 3 cold loads), against a real server on PostgreSQL
serving tablet_ui/dist.

    (cd tablet_ui && npm run build)
    .venv/bin/python scripts/bench/tablet_delivery.py [--runs 3] [--no-lighthouse] [--dist DIR]

`--dist` serves another build instead (an earlier commit's, built into DIR, for a before/after).

Needs PostgreSQL (TECZKA_TEST_POSTGRES_URL, default postgres@127.0.0.1:5432; creates and drops
its own database), Chromium (CHROME_PATH, default /usr/bin/chromium), the Python `playwright`
package and tablet_ui's node_modules (lighthouse 12.2.3). Only 127.0.0.1 is touched.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from tempfile import TemporaryDirectory
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import api.app as app_module  # noqa: E402
from services.commands import CommandContext  # noqa: E402
from services.users.commands import RegisterUser  # noqa: E402
from tests.support.builders import open_folder_body  # noqa: E402
from tests.support.server import running_server  # noqa: E402
from tests.support.stores import ADMIN_URL, fresh_postgres_database, postgres_settings  # noqa: E402

UI = ROOT / "tablet_ui"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
PASSWORD = "benchmark-haslo-1"
USERNAME = "delivery.bench"


def scripts_loaded(base: str, session: str, hash_: str) -> list[str]:
    """The paths of the scripts a cold first visit of `base/hash_` fetches until the page is
    quiet (the service worker's precaching left out: it starts after the page has loaded)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROME, args=["--no-sandbox"])
        try:
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            if session:
                page.add_init_script(
                    f"sessionStorage.setItem('teczka.session', {json.dumps(session)})")
            seen: list[str] = []
            page.on("request", lambda r: seen.append(urlparse(r.url).path)
                    if r.resource_type == "script" else None)
            page.goto(f"{base}/{hash_}", wait_until="networkidle")
            time.sleep(0.5)
            return list(dict.fromkeys(seen))
        finally:
            browser.close()


def sizes(dist: Path, paths: list[str]) -> dict[str, int]:
    """Raw, gzip and Brotli bytes of the built files at `paths`, summed."""
    total = {"files": len(paths), "raw": 0, "gzip": 0, "brotli": 0}
    for path in paths:
        file = dist / path.lstrip("/")
        total["raw"] += file.stat().st_size
        for key, suffix in (("gzip", ".gz"), ("brotli", ".br")):
            copy = Path(f"{file}{suffix}")
            total[key] += (copy if copy.is_file() else file).stat().st_size
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--dist", type=Path, default=app_module.TABLET_DIST)
    args = parser.parse_args()
    if not (args.dist / "index.html").exists():
        raise SystemExit(f"{args.dist} is missing: cd tablet_ui && npm run build")
    app_module.TABLET_DIST = args.dist.resolve()
    with TemporaryDirectory() as tmp, fresh_postgres_database(ADMIN_URL) as url, \
            running_server(postgres_settings(url, Path(tmp))) as (base, system):
        system.app.handle(CommandContext(
                command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin", unit="IT"),
            RegisterUser(username=USERNAME, display_name="Anna Pomiarowa", role="social_worker",
                         unit="ZTPS-1", password=PASSWORD))
        login = httpx.post(f"{base}/api/auth/login",
                           json={"username": USERNAME, "password": PASSWORD}).json()
        session = json.dumps({"token": login["access_token"], "user": login["user"],
                              "refresh_token": login.get("refresh_token"),
                              "expires_at": int((time.time() + 3600) * 1000)})
        headers = {"Authorization": f"Bearer {login['access_token']}"}
        with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
            folders = []
            for _ in range(12):  # a caseload of a dozen households
                answer = http.post("/api/folders", json=open_folder_body())
                answer.raise_for_status()
                folders.append(answer.json())
            http.get("/api/caseload", params={"after": folders[-1]["position"]}).raise_for_status()
        folder_id = folders[0]["folder_id"]

        print("first visit's JavaScript (cold, as served; the service worker's precaching after "
              "the load not counted)")
        for name, signed_in, hash_ in (("login", False, ""), ("caseload", True, "#/"),
                                       ("folder", True, f"#/folder/{folder_id}")):
            loaded = sizes(args.dist, scripts_loaded(base, session if signed_in else "", hash_))
            print(f"  {name:9} {loaded['files']:2} files  raw {loaded['raw'] / 1000:6.1f} kB  "
                  f"gzip {loaded['gzip'] / 1000:5.1f} kB  brotli {loaded['brotli'] / 1000:5.1f} kB")
        if args.no_lighthouse:
            return
        print(f"Lighthouse 12.2.3, mobile profile, median of {args.runs} cold loads")
        result = subprocess.run(
            ["node", "scripts/lighthouse.mjs", base, session, folder_id, str(args.runs)],
            cwd=UI, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True, text=True,
            timeout=900, check=False)
        if result.returncode != 0:
            raise SystemExit(result.stderr[-3000:])
        for line in result.stdout.splitlines():
            row = json.loads(line)
            print(f"  {row['page']:9} performance {row['performance']:3} (runs {row['each']})  "
                  f"accessibility {row['accessibility']:3}  LCP {row['lcp_ms'] / 1000:.2f} s  "
                  f"FCP {row['fcp_ms'] / 1000:.2f} s  TBT {row['tbt_ms']} ms  CLS {row['cls']:.3f}"
                  + (f"  failing: {row['failing_accessibility']}"
                     if row["failing_accessibility"] else ""))


if __name__ == "__main__":
    main()
