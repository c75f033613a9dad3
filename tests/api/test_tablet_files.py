"""The tablet app's files as a browser gets them: the pre-compressed copy it accepts, hashed
assets cached for a year, everything else revalidated, the app's page for its addresses."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from api.tablet_files import IMMUTABLE, TabletFiles

SCRIPT = b"console.log('Teczka');\n" * 50
PAGE = b'<!doctype html><div id="app"></div>'


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """A built app as vite writes it: a hashed script with its .br and .gz copies, the page
    with its copies, a service worker without any, robots.txt."""
    (tmp_path / "assets").mkdir()
    script = tmp_path / "assets" / "index-AbC123.js"
    script.write_bytes(SCRIPT)
    Path(f"{script}.gz").write_bytes(gzip.compress(SCRIPT))
    Path(f"{script}.br").write_bytes(b"brotli bytes of the script")
    (tmp_path / "index.html").write_bytes(PAGE)
    (tmp_path / "index.html.gz").write_bytes(gzip.compress(PAGE))
    (tmp_path / "sw.js").write_bytes(b"self.skipWaiting();")
    (tmp_path / "manifest.webmanifest").write_bytes(b'{"name": "Teczka"}')
    (tmp_path / "robots.txt").write_bytes(b"User-agent: *\nDisallow: /\n")
    app = Starlette(routes=[Mount("/", TabletFiles(tmp_path))])
    with TestClient(app) as test_client:
        yield test_client


def test_a_hashed_script_goes_out_as_brotli_when_accepted_and_is_cached_for_a_year(client):
    r = client.get("/assets/index-AbC123.js", headers={"Accept-Encoding": "gzip, br"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "br"
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["vary"] == "Accept-Encoding"
    assert r.headers["cache-control"] == IMMUTABLE == "public, max-age=31536000, immutable"
    assert r.headers["content-length"] == str(len(b"brotli bytes of the script"))


def test_a_browser_without_brotli_gets_the_gzip_copy_and_one_without_either_the_file(client):
    r = client.get("/assets/index-AbC123.js", headers={"Accept-Encoding": "gzip, br;q=0"})
    assert r.headers["content-encoding"] == "gzip"
    assert r.content == SCRIPT  # decoded by the client: the copy is the same script
    assert int(r.headers["content-length"]) < len(SCRIPT) / 5

    plain = client.get("/assets/index-AbC123.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.content == SCRIPT
    assert plain.headers["vary"] == "Accept-Encoding"


def test_the_page_the_service_worker_and_the_manifest_are_asked_for_again_each_time(client):
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["cache-control"] == "no-cache"
    assert page.headers["content-encoding"] == "gzip"
    assert page.content == PAGE
    for path in ("/sw.js", "/manifest.webmanifest"):
        r = client.get(path)
        assert r.status_code == 200
        assert r.headers["cache-control"] == "no-cache"
    manifest = client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"] == "application/manifest+json"


def test_a_revalidation_of_an_unchanged_file_is_a_304(client):
    first = client.get("/sw.js")
    again = client.get("/sw.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_robots_txt_is_a_real_file_refusing_crawlers(client):
    r = client.get("/robots.txt")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    assert r.text == "User-agent: *\nDisallow: /\n"


def test_an_address_without_a_file_is_the_app_but_a_missing_file_is_a_404(client):
    assert client.get("/caseload").content == PAGE
    assert client.get("/favicon.ico").status_code == 404
    assert client.get("/assets/missing-123.js").status_code == 404
    assert client.get("/api/unknown").status_code == 404


def test_a_compressed_copy_is_not_served_under_its_own_name(client):
    assert client.get("/assets/index-AbC123.js.gz").status_code == 404
    assert client.get("/assets/index-AbC123.js.br").status_code == 404
