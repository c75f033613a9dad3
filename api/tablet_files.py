"""The tablet app's built files (tablet_ui/dist), served like a product: pre-compressed and cached.

- `/assets/…` are named by the hash of their content (Vite), so they never change under a name:
  cached for a year, `immutable`. Everything else (index.html, sw.js, the
  manifest, the icons, robots.txt) keeps its name across releases: `no-cache`, so the browser
  asks again each time (a 304 with the ETag costs a few bytes) and an update is seen at once.
- The build writes a Brotli (`.br`) and a gzip (`.gz`) copy beside each text file
  (vite-plugin-compression2); the copy the client accepts is sent as it is, with
  `Content-Encoding` and `Vary: Accept-Encoding`. Nothing is compressed at request time, and
  nothing under `/api` passes here: the command path and the event stream (SSE) stay as they are.
- Any other address without a file extension is the app's page (index.html: its routes live
  after `#`); a missing file with an extension is a 404, so `/favicon.ico` is not HTML.
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path, PurePosixPath

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Preferred first: Brotli is ~15% smaller than gzip on the app's JavaScript.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
COMPRESSED_SUFFIXES = {suffix for _, suffix in ENCODINGS}


class TabletFiles(StaticFiles):
    """tablet_ui/dist at `/`, after the API's routes."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory)

    async def get_response(self, path: str, scope: Scope) -> Response:
        if path == "api" or path.startswith("api/"):
            raise HTTPException(404)
        try:
            return await super().get_response(path, scope)
        except HTTPException as missing:
            if missing.status_code != 404 or PurePosixPath(path).suffix:
                raise
            return await super().get_response("index.html", scope)

    def file_response(self, full_path: str | os.PathLike[str], stat_result: os.stat_result,
                      scope: Scope, status_code: int = 200) -> Response:
        path = Path(full_path)
        if path.suffix in COMPRESSED_SUFFIXES:
            raise HTTPException(404)  # a compressed copy is served only in place of its file
        request_headers = Headers(scope=scope)
        headers = {"Cache-Control": IMMUTABLE if _is_hashed(scope) else REVALIDATE}
        served = path
        variants = [(name, Path(f"{path}{suffix}")) for name, suffix in ENCODINGS]
        if any(variant.is_file() for _, variant in variants):
            headers["Vary"] = "Accept-Encoding"
            accepted = _accepted_encodings(request_headers)
            for name, variant in variants:
                if name in accepted and variant.is_file():
                    served, headers["Content-Encoding"] = variant, name
                    break
        response = FileResponse(served, status_code=status_code, headers=headers,
                                stat_result=served.stat(), media_type=_media_type(path))
        if self.is_not_modified(response.headers, request_headers):
            return NotModifiedResponse(response.headers)
        return response


def _is_hashed(scope: Scope) -> bool:
    return str(scope["path"]).startswith("/assets/")


def _media_type(path: Path) -> str:
    """The type of the file itself, never of its compressed copy."""
    if path.suffix == ".webmanifest":
        return "application/manifest+json"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _accepted_encodings(headers: Headers) -> set[str]:
    """The encodings Accept-Encoding names, less those it refuses (`;q=0`)."""
    accepted = set()
    for part in headers.get("accept-encoding", "").split(","):
        name, _, params = part.partition(";")
        quality = params.strip().removeprefix("q=").strip() or "1"
        try:
            refused = float(quality) <= 0
        except ValueError:
            refused = False
        if name.strip() and not refused:
            accepted.add(name.strip().lower())
    return accepted
