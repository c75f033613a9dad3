"""Opening a folder and first contact (issue #17 items 3 and 6), on both stores: the opener
is the folder's worker; first contact's folder goes to the team of the address, whose
manager assigns a worker; an application carries the applicant's signature, sealed."""

from __future__ import annotations

import base64
import struct
import zlib
from datetime import date, timedelta
from uuid import UUID

import pytest

from domain.proceeding import Proceeding
from domain.signature import MAX_SIGNATURE_BYTES
from tests.api import expect, given
from tests.support.builders import address_body, member_body, new_id, open_folder_body

TODAY = date.today()


def png(extra: int = 0) -> bytes:
    """A real 1×1 PNG, padded with a text chunk of `extra` bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    body = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    if extra:
        body += chunk(b"tEXt", b"c\x00" + b"x" * extra)
    body += chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def webp() -> bytes:
    return b"RIFF" + struct.pack("<I", 30) + b"WEBPVP8L" + b"\x00" * 22


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def application_body(person_id: str, **overrides) -> dict:
    body = {"command_id": new_id(), "proceeding_id": new_id(), "person_id": person_id,
            "form": "care_services", "applicant": "person", "on": TODAY.isoformat(),
            "case_reference": f"PK.8210.{int(new_id()[:6], 16)}.2026"}
    return body | overrides


def first_contact_opens(api, **address) -> dict:
    body = open_folder_body(address=address_body(**address))
    del body["team_id"]
    with api.client("first_contact") as http:
        answer = http.post("/api/folders", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json() | {"head_id": body["head"]["member_id"]}


def test_a_folder_a_social_worker_opens_is_in_her_caseload_at_once(api):
    with api.client("worker") as http:
        folder = given.open_folder(http)
        caseload = http.get("/api/caseload", params={"after": folder.position}).json()
        view = given.view(http, folder)

    assert folder.version == 1
    assert folder.id in [row["folder_id"] for row in caseload]
    assert view["worker_id"] == api.user_ids["worker"]


def test_a_social_worker_must_name_her_team(api):
    body = open_folder_body()
    del body["team_id"]
    with api.client("worker") as http, expect.nothing_written(api):
        answer = http.post("/api/folders", json=body)

    expect.refused(answer, 422, "case_folder.invalid_team")


def test_first_contact_registers_a_person_the_team_of_the_address_assigns_a_worker(api):
    # Legnicka is ZTPS-1's street in the demo's division of Wrocław.
    opened = first_contact_opens(api, street="Legnicka", postal_code="54-203")
    folder_id = opened["folder_id"]
    with api.client("first_contact") as http:
        filed = http.post(f"/api/folders/{folder_id}/proceedings",
                          json=application_body(opened["head_id"], signature=b64(png())))
        assert filed.status_code == 201, filed.text
        mine = http.get("/api/intake/registrations",
                        params={"after": filed.json()["position"]}).json()
    row = next(r for r in mine if r["folder_id"] == folder_id)
    assert (row["team_id"], row["worker_assigned"], row["applications"]) == ("ZTPS-1", False, 1)

    with api.client("manager") as manager:
        arrivals = manager.get("/api/teams/ZTPS-1/new-arrivals",
                               params={"after": filed.json()["position"]}).json()
        assert folder_id in [r["folder_id"] for r in arrivals]
        workers = manager.get("/api/teams/ZTPS-1/workers").json()
        assert api.user_ids["worker"] in [w["user_id"] for w in workers]
        assigned = manager.post(f"/api/folders/{folder_id}/assignment", json={
            "command_id": new_id(), "expected_version": opened["version"],
            "worker_id": api.user_ids["worker"]})
        assert assigned.status_code == 201, assigned.text
        after = {"after": assigned.json()["position"]}
        arrivals = manager.get("/api/teams/ZTPS-1/new-arrivals", params=after).json()
    assert folder_id not in [r["folder_id"] for r in arrivals]

    with api.client("worker") as http:
        caseload = http.get("/api/caseload", params=after).json()
    assert folder_id in [r["folder_id"] for r in caseload]
    with api.client("first_contact") as http:
        mine = http.get("/api/intake/registrations", params=after).json()
    assert next(r for r in mine if r["folder_id"] == folder_id)["worker_assigned"] is True


def test_the_street_and_postal_code_decide_not_the_district(api):
    # Grabiszyńska runs through two districts; its 53-4… part is ZTPS-2's.
    opened = first_contact_opens(api, street="Grabiszyńska", postal_code="53-412")
    with api.client("worker_other_team") as http:
        view = http.get(f"/api/folders/{opened['folder_id']}",
                        params={"after": opened["position"]})
    assert view.status_code == 200, view.text
    assert view.json()["team_id"] == "ZTPS-2"
    assert view.json()["worker_id"] is None


def test_first_contact_sees_only_what_it_registered(api):
    with api.client("worker") as http:
        folder = given.open_folder(http)
    with api.client("first_contact") as http, expect.nothing_written(api):
        view = http.get(folder.path)
        filed = http.post(f"{folder.path}/proceedings", json=application_body(folder.head_id))
        member = http.post(f"{folder.path}/members", json={
            "command_id": new_id(), "expected_version": folder.version,
            "member": member_body("child")})
        mine = http.get("/api/intake/registrations", params={"after": folder.position}).json()

    expect.refused(view, 403, "auth.forbidden")
    expect.refused(filed, 404, "case_folder.not_found")
    expect.refused(member, 403, "auth.forbidden")
    assert folder.id not in [r["folder_id"] for r in mine]


@pytest.mark.parametrize(("body", "code"), [
    ({"address": address_body(street="Nieznana", postal_code="59-900")}, "team_area.not_found"),
    ({"team_id": "ZTPS-99"}, "team_area.unknown_team"),
])
def test_first_contact_cannot_send_a_folder_nowhere(api, body, code):
    sent = open_folder_body() | body
    if "team_id" not in body:
        del sent["team_id"]
    with api.client("first_contact") as http, expect.nothing_written(api):
        answer = http.post("/api/folders", json=sent)

    expect.refused(answer, 422, code)


def test_first_contact_may_name_a_known_team_itself(api):
    body = open_folder_body(team_id="ZTPS-2")
    with api.client("first_contact") as http:
        answer = http.post("/api/folders", json=body)
    assert answer.status_code == 201, answer.text
    with api.client("worker_other_team") as http:
        view = http.get(f"/api/folders/{body['folder_id']}",
                        params={"after": answer.json()["position"]})
    assert view.json()["team_id"] == "ZTPS-2"


@pytest.mark.parametrize("image", [
    pytest.param(png(), id="png"),
    pytest.param(webp(), id="webp"),
    pytest.param(png(MAX_SIGNATURE_BYTES - len(png()) - 14), id="png of exactly 100 kB"),
])
def test_an_application_keeps_the_applicants_signature_sealed(api, image):
    assert len(image) <= MAX_SIGNATURE_BYTES
    with api.client("worker") as http:
        folder = given.open_folder(http)
        body = application_body(folder.head_id, signature=f"data:image/png;base64,{b64(image)}")
        filed = http.post(f"{folder.path}/proceedings", json=body)
    assert filed.status_code == 201, filed.text

    events = list(api.system.app.events.get(UUID(body["proceeding_id"])))
    signed = events[-1]
    assert isinstance(signed, Proceeding.ApplicationSigned)
    assert base64.b64decode(signed.image) == image
    assert signed.member_id == UUID(folder.head_id)
    # Stored, the image is ciphertext under the person's key.
    stored = api.system.app.recorder.select_events(UUID(body["proceeding_id"]))
    assert b64(image)[:40].encode() not in b"".join(bytes(s.state) for s in stored)


@pytest.mark.parametrize(("signature", "code"), [
    pytest.param(b64(b"\xff\xd8\xff\xe0" + b"JFIF" * 10), "signature.not_png_or_webp", id="jpeg"),
    pytest.param("data:image/png;base64," + b64(b"GIF89a" + b"\x00" * 20),
                 "signature.not_png_or_webp", id="gif claimed to be png"),
    pytest.param("not base64 at all!", "signature.not_png_or_webp", id="not base64"),
    pytest.param(b64(png(MAX_SIGNATURE_BYTES - len(png()) - 13)), "signature.too_large",
                 id="one byte over 100 kB"),
])
def test_a_signature_that_is_not_a_small_png_or_webp_is_refused(api, signature, code):
    with api.client("worker") as http:
        folder = given.open_folder(http)
        with expect.nothing_written(api):
            answer = http.post(f"{folder.path}/proceedings",
                               json=application_body(folder.head_id, signature=signature))

    expect.refused(answer, 422, code)


def test_a_proceeding_opened_ex_officio_has_nobody_to_sign(api):
    with api.client("worker") as http:
        folder = given.open_folder(http)
        with expect.nothing_written(api):
            answer = http.post(f"{folder.path}/proceedings", json=application_body(
                folder.head_id, applicant=None, signature=b64(png())))

    expect.refused(answer, 422, "proceeding.signature_without_applicant")


def test_a_manager_sees_only_her_own_teams_new_arrivals(api):
    with api.client("manager") as http:
        answer = http.get("/api/teams/ZTPS-2/new-arrivals")
        workers = http.get("/api/teams/ZTPS-2/workers")

    expect.refused(answer, 403, "auth.forbidden")
    expect.refused(workers, 403, "auth.forbidden")


def test_opened_on_the_day_before_received_is_fine(api):
    # The date received may lie before today (a letter opened the next morning).
    opened = first_contact_opens(api)
    with api.client("first_contact") as http:
        filed = http.post(f"/api/folders/{opened['folder_id']}/proceedings",
                          json=application_body(opened["head_id"],
                                                on=(TODAY - timedelta(days=1)).isoformat()))
    assert filed.status_code == 201, filed.text
