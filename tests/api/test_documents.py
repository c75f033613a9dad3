"""Decisions and notices as documents over HTTP, on both stores: issuing records each
document's SHA-256; the client view lists it; who may read the folder downloads the PDF/A,
rendered again byte for byte from the events and logged as an access; nobody else can."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from tests.api.care_givens import care_terms, filed_proceeding, post
from tests.support.builders import new_id
from tests.support.pdf import pdf_text

TODAY = date.today()


def documents_in_view(api, folder_id: str, after: int) -> list[dict]:
    with api.client("worker") as worker:
        view = worker.get(f"/api/folders/{folder_id}", params={"after": after})
    assert view.status_code == 200, view.text
    return [e | {"position": after} for e in view.json()["timeline"]
            if e["kind"] == "document_issued"]


def download(http, entry: dict):
    """The document an entry of the client view lists, once the read models hold it."""
    details = entry["details"]
    return http.get(f"/api/proceedings/{details['proceeding_id']}/documents/"
                    f"{details['document_id']}", params={"after": entry["position"]})


def pdf_of(http, entry: dict) -> str:
    answer = download(http, entry)
    assert answer.status_code == 200, answer.text
    return pdf_text(answer.content)


def issued(api, proceeding, **decision) -> dict:
    with api.client("decision_maker") as decider:
        return post(decider, f"/api/proceedings/{proceeding.proceeding_id}/decision", {
            "expected_version": proceeding.proceeding_version, "decision_id": new_id(),
            "outcome": "grant", "reasons": ["5"], "legal_basis": "art. 50 ust. 1",
            "signatory": "z up. Prezydenta Wrocławia, Jan Dec", "issued_on": TODAY.isoformat(),
            "care": care_terms(TODAY)} | decision)


def test_a_decision_issued_is_listed_and_downloaded_as_the_pdf_it_was_issued_as(api):
    care = filed_proceeding(api, TODAY)
    decided = issued(api, care)

    [entry] = documents_in_view(api, care.folder_id, decided["position"])
    assert entry["details"]["kind"] == "decision_grant"
    assert entry["on_date"] == TODAY.isoformat()
    stored = api.system.app.repository.get(UUID(care.proceeding_id)).documents
    recorded = stored[entry["details"]["document_id"]]
    assert entry["details"]["sha256"] == recorded.sha256
    for who in ("decision_maker", "worker", "manager"):
        with api.client(who) as http:
            since = datetime.now(UTC) - timedelta(seconds=1)
            answer = download(http, entry)
        assert answer.status_code == 200, (who, answer.text)
        assert answer.headers["content-type"] == "application/pdf"
        assert "attachment" in answer.headers["content-disposition"]
        # Rendered again from the events: the very bytes whose hash was recorded.
        assert hashlib.sha256(answer.content).hexdigest() == recorded.sha256
        assert answer.headers["etag"] == f'"{recorded.sha256}"'
        logged = api.system.read_models.access_entries(
            after=api.system.app.head_position(), viewer_id=UUID(api.user_ids[who]),
            since=since)
        assert any(e["view"] == "document" and str(e["folder_id"]) == care.folder_id
                   for e in logged), (who, logged)
    text = pdf_text(answer.content)
    folder = api.system.app.repository.get(UUID(care.folder_id))
    party = folder.members[UUID(care.person_id)]
    for part in ("DECYZJA", "orzekam", "usługi opiekuńcze", party.full_name,
                 "z up. Prezydenta Wrocławia, Jan Dec", "art. 50 ust. 1", "Pouczenie",
                 "Samorządowego Kolegium Odwoławczego", "Uzasadnienie faktyczne"):
        assert part in text, part


def test_who_may_not_read_the_folder_gets_no_document(api):
    care = filed_proceeding(api, TODAY)
    decided = issued(api, care, outcome="refuse", reasons=["1"], care=None)
    [entry] = documents_in_view(api, care.folder_id, decided["position"])
    assert entry["details"]["kind"] == "decision_refusal"

    with api.client("worker_other_team") as other:
        assert download(other, entry).status_code == 404
    for role in ("coordinator", "caregiver", "admin"):
        with api.client(role) as http:
            assert download(http, entry).status_code == 403, role
    with api.client("worker") as worker:
        unknown = worker.get(f"/api/proceedings/{care.proceeding_id}/documents/{new_id()}")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "document.not_found"


def test_amendment_revocation_and_delay_notice_are_documents_too(api):
    noticed_case = filed_proceeding(api, TODAY - timedelta(days=40))
    with api.client("decision_maker") as decider:
        noticed = post(decider, f"/api/proceedings/{noticed_case.proceeding_id}/delay-notice", {
            "expected_version": noticed_case.proceeding_version, "on": TODAY.isoformat(),
            "reason": "Czekamy na zaświadczenie z ZUS.",
            "new_date": (TODAY + timedelta(days=14)).isoformat()})
    [notice] = documents_in_view(api, noticed_case.folder_id, noticed["position"])
    with api.client("worker") as worker:
        text = pdf_of(worker, notice)
    assert "ZAWIADOMIENIE" in text and "Czekamy na zaświadczenie z ZUS." in text
    assert (TODAY + timedelta(days=14)).strftime("%d.%m.%Y") in text

    care = filed_proceeding(api, TODAY)
    decided = issued(api, care)
    with api.client("decision_maker") as decider:
        amended = post(decider, f"/api/proceedings/{care.proceeding_id}/amendment", {
            "expected_version": decided["version"], "amended_on": TODAY.isoformat(),
            "reason": "Stan zdrowia pogorszył się.",
            "care": care_terms(TODAY, hours_per_week="12.00", hours_per_day="3.00")})
        revoked = post(decider, f"/api/proceedings/{care.proceeding_id}/revocation", {
            "expected_version": amended["version"], "revoked_on": TODAY.isoformat(),
            "reason": "Strona zmarła."})
    kinds = {e["details"]["kind"]: e
             for e in documents_in_view(api, care.folder_id, revoked["position"])}
    assert set(kinds) == {"decision_grant", "decision_amendment", "decision_revocation"}
    # The folder's own team reads it; a decision maker reads only folders with a proceeding
    # still open (api/routes/views.py, `may_read_folder`), and this one is closed now.
    with api.client("worker") as worker:
        amendment = pdf_of(worker, kinds["decision_amendment"])
        revocation = pdf_of(worker, kinds["decision_revocation"])
        grant = pdf_of(worker, kinds["decision_grant"])
    assert "DECYZJA ZMIENIAJĄCA" in amendment and "Stan zdrowia pogorszył się." in amendment
    assert "3.00 godz. dziennie" in amendment
    assert "DECYZJA UCHYLAJĄCA" in revocation and "Strona zmarła." in revocation
    # The grant's document is still the grant as issued, not the amended terms.
    assert "2.00 godz. dziennie" in grant and "DECYZJA ZMIENIAJĄCA" not in grant


def test_a_text_the_document_cannot_print_is_refused_and_nothing_is_saved(api):
    # Found by the extreme-values fuzzer: a revocation's reason in Thai made the PDF/A fail
    # (the shipped font has no glyph for it) and the command answered 500.
    care = filed_proceeding(api, TODAY)
    decided = issued(api, care)
    with api.client("decision_maker") as decider:
        refused = decider.post(f"/api/proceedings/{care.proceeding_id}/revocation", json={
            "command_id": new_id(), "expected_version": decided["version"],
            "revoked_on": TODAY.isoformat(), "reason": "Strona zmarła ก."})
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert error["code"] == "document.unprintable_text"
        assert error["details"]["text"] == "ก"
        assert error["message"]["pl"].startswith("Tekst zawiera znak")
        # nothing was saved: the same version still takes a printable reason
        post(decider, f"/api/proceedings/{care.proceeding_id}/revocation", {
            "expected_version": decided["version"], "revoked_on": TODAY.isoformat(),
            "reason": "Strona zmarła."})
