"""The social worker downloads a decision's PDF from the client's folder on the tablet: the
decision maker issued it over HTTP, the folder's timeline lists the document, and the file
the browser saves is the PDF/A whose SHA-256 was recorded, naming the client."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from tests.api.care_givens import care_terms, post
from tests.e2e.conftest import DECIDER, Client, Server, sign_in
from tests.e2e.test_tablet import open_client
from tests.support.builders import interview_body, new_id
from tests.support.pdf import pdf_text

pytestmark = pytest.mark.postgres


def test_the_social_worker_downloads_the_decision_pdf_from_the_folder(
    server: Server, client_folder: Client, new_tablet, shot
):
    today = date.today()
    folder = client_folder.folder
    with server.http() as worker:
        v = post(worker, f"/api/folders/{folder.id}/interviews/{new_id()}/conducted",
                 interview_body(folder.version))
        proceeding_id = new_id()
        filed = post(worker, f"/api/folders/{folder.id}/proceedings", {
            "proceeding_id": proceeding_id, "person_id": folder.head_id,
            "form": "care_services", "applicant": "person", "on": today.isoformat(),
            "case_reference": "ZTPS1.8210.77.2026"})
    assert v["version"]
    with server.http(DECIDER) as decider:
        decided = post(decider, f"/api/proceedings/{proceeding_id}/decision", {
            "expected_version": filed["version"], "decision_id": new_id(), "outcome": "grant",
            "reasons": ["5"], "legal_basis": "art. 50 ust. 1",
            "signatory": "z up. Prezydenta Wrocławia, Jan Decyzja",
            "issued_on": today.isoformat(), "care": care_terms(today)})
    with server.http() as worker:  # the app reads without ?after=: wait for the timeline
        worker.get(f"/api/folders/{folder.id}", params={"after": decided["position"]}
                   ).raise_for_status()
    [recorded] = server.system.app.repository.get(UUID(proceeding_id)).documents.values()

    page = new_tablet()
    sign_in(page)
    open_client(page, client_folder)
    item = page.get_by_test_id("timeline-item").filter(has_text="Wydanie dokumentu")
    expect(item).to_contain_text("Decyzja przyznająca")
    item.scroll_into_view_if_needed()
    shot(page, "i18-folder-document")
    with page.expect_download() as downloading:
        item.get_by_test_id("document-download").click()
    download = downloading.value
    pdf = Path(download.path()).read_bytes()

    assert download.suggested_filename == "decision_grant-ZTPS1.8210.77.2026.pdf"
    assert hashlib.sha256(pdf).hexdigest() == recorded.sha256
    text = pdf_text(pdf)
    assert "DECYZJA" in text and client_folder.head_name in text and "Pouczenie" in text
