"""Wrong input is refused with the right status, a stable code and a message; nothing changes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest

from domain.identifiers import Pesel
from tests.api import expect, given
from tests.support.builders import (
    MANDATORY_SECTIONS,
    add_member_body,
    closure_body,
    interview_body,
    member_body,
    new_id,
    open_folder_body,
    valid_pesel,
    visit_body,
)

MAX_BODY = 256 * 1024


def pesel_born_on_31_february() -> str:
    # 31 Feb 1985 with a correct check digit: only the date is wrong.
    first_ten = "8502310123"
    return first_ten + str(Pesel.check_digit(first_ten))


def pesel_with_wrong_check_digit() -> str:
    pesel = valid_pesel(date(1979, 6, 2))
    return pesel[:10] + str((int(pesel[10]) + 1) % 10)


@pytest.fixture(scope="module")
def folder(api) -> given.Folder:
    """One open folder every refused command below is aimed at."""
    with api.client("worker") as http:
        return given.open_folder(http)


@contextmanager
def nothing_written(api, folder: given.Folder | None = None) -> Iterator[None]:
    """No event is stored and the folder keeps the version its client view shows."""
    with expect.nothing_written(api):
        yield
    if folder is not None:
        with api.client("worker") as http:
            assert given.view(http, folder)["version"] == folder.version


@pytest.mark.parametrize(("pesel", "code"), [
    ("1234567890", "pesel.invalid_format"),
    ("12345678901a", "pesel.invalid_format"),
    (pesel_with_wrong_check_digit(), "pesel.invalid_checksum"),
    (pesel_born_on_31_february(), "pesel.invalid_date"),
], ids=["ten_digits", "a_letter", "check_digit", "31_february"])
def test_a_member_with_an_invalid_pesel_is_refused(api, folder, pesel, code):
    with api.client("worker") as http, nothing_written(api, folder):
        body = add_member_body(folder.version, member={"pesel": pesel})
        answer = http.post(f"{folder.path}/members", json=body)

        expect.refused(answer, 422, code)


def test_a_folder_whose_head_has_an_invalid_pesel_is_not_opened(api):
    with api.client("worker") as http, nothing_written(api):
        body = open_folder_body(head=member_body(pesel=pesel_born_on_31_february()))
        answer = http.post("/api/folders", json=body)

        expect.refused(answer, 422, "pesel.invalid_date")
        assert http.get(f"/api/folders/{body['folder_id']}").status_code == 404


def test_an_impossible_calendar_date_is_refused_as_an_invalid_request(api, folder):
    with api.client("worker") as http, nothing_written(api, folder):
        body = visit_body(folder.version, visit={"visited_on": "2026-02-30"})
        answer = http.post(f"{folder.path}/visits", json=body)

        error = expect.refused(answer, 422, "request.invalid")
        assert expect.names_field(error, "visited_on")


@pytest.mark.parametrize("minutes", [0, 1000, -5])
def test_a_visit_lasting_no_time_or_too_long_is_refused(api, folder, minutes):
    with api.client("worker") as http, nothing_written(api, folder):
        body = visit_body(folder.version, visit={"minutes": minutes})
        answer = http.post(f"{folder.path}/visits", json=body)

        error = expect.refused(answer, 422, "visit.invalid_minutes")
        assert error["details"]["maximum"] == 720


def test_a_visit_of_an_unknown_kind_of_activity_is_refused(api, folder):
    with api.client("worker") as http, nothing_written(api, folder):
        body = visit_body(folder.version, visit={"activity": "tea_party"})
        answer = http.post(f"{folder.path}/visits", json=body)

        expect.refused(answer, 422, "visit.invalid_activity")


def test_an_interview_without_its_mandatory_sections_is_refused_naming_them(api, folder):
    with api.client("worker") as http, nothing_written(api, folder):
        body = interview_body(folder.version, sections={"A": "Dane rodziny.", "B": "Mieszkanie."})
        answer = http.post(f"{folder.path}/interviews/{new_id()}/conducted", json=body)

        error = expect.refused(answer, 422, "interview.missing_mandatory_sections")
        assert error["details"]["sections"] == ["H", "I", "J"]


def test_an_interview_with_blank_mandatory_sections_is_refused(api, folder):
    with api.client("worker") as http, nothing_written(api, folder):
        sections = dict(MANDATORY_SECTIONS) | {"J": "   "}
        body = interview_body(folder.version, sections=sections)
        answer = http.post(f"{folder.path}/interviews/{new_id()}/conducted", json=body)

        error = expect.refused(answer, 422, "interview.missing_mandatory_sections")
        assert error["details"]["sections"] == ["J"]


def test_an_interview_with_a_section_k_is_refused(api, folder):
    with api.client("worker") as http, nothing_written(api, folder):
        sections = dict(MANDATORY_SECTIONS) | {"K": "Nie ma takiej części."}
        body = interview_body(folder.version, sections=sections)
        answer = http.post(f"{folder.path}/interviews/{new_id()}/conducted", json=body)

        error = expect.refused(answer, 422, "interview.unknown_section")
        assert error["details"]["sections"] == ["K"]


def test_a_visit_in_a_closed_folder_is_refused(api):
    with api.client("worker") as http:
        closed = given.open_folder(http)
        given.command(http, closed, "/closure", closure_body(closed.version))
        with nothing_written(api, closed):
            answer = http.post(f"{closed.path}/visits", json=visit_body(closed.version))

            expect.refused(answer, 409, "case_folder.closed")


def test_a_visit_in_a_folder_that_does_not_exist_is_refused(api):
    with api.client("worker") as http, nothing_written(api):
        answer = http.post(f"/api/folders/{new_id()}/visits", json=visit_body(1))

        error = expect.refused(answer, 404, "case_folder.not_found")
        assert "current_version" not in error["details"]


def test_a_body_that_is_not_json_is_refused_as_malformed(api, folder):
    with api.client("worker") as http, nothing_written(api, folder):
        answer = http.post(f"{folder.path}/visits", content=b'{"command_id": "x", ',
                           headers={"Content-Type": "application/json"})

        expect.refused(answer, 400, "request.malformed")


def test_a_field_the_api_does_not_know_is_refused(api, folder):
    with api.client("worker") as http, nothing_written(api, folder):
        body = visit_body(folder.version, visit={"mood": "dobry"})
        answer = http.post(f"{folder.path}/visits", json=body)

        error = expect.refused(answer, 422, "request.invalid")
        assert expect.names_field(error, "mood")


def test_a_command_without_a_command_id_is_refused(api, folder):
    with api.client("worker") as http, nothing_written(api, folder):
        body = visit_body(folder.version)
        del body["command_id"]
        answer = http.post(f"{folder.path}/visits", json=body)

        error = expect.refused(answer, 422, "request.invalid")
        assert expect.names_field(error, "command_id")


def test_a_command_without_an_expected_version_is_refused(api, folder):
    with api.client("worker") as http, nothing_written(api, folder):
        body = visit_body(folder.version)
        del body["expected_version"]
        answer = http.post(f"{folder.path}/visits", json=body)

        error = expect.refused(answer, 422, "request.invalid")
        assert expect.names_field(error, "expected_version")


def test_a_nul_character_in_a_body_is_refused_before_anything_is_stored(api, folder):
    """PostgreSQL's text columns cannot hold NUL: a visit note with one would fail the read
    models fed from it, so it never gets in (JSON escape or raw byte alike)."""
    escaped = json.dumps(visit_body(folder.version, visit={"notes": "przed\u0000po"}))
    assert "\\u0000" in escaped
    with api.client("worker") as http, nothing_written(api, folder):
        answer = http.post(f"{folder.path}/visits", content=escaped.encode(),
                           headers={"Content-Type": "application/json"})
        expect.refused(answer, 422, "request.nul_character")


@pytest.mark.parametrize("query", ["ab%00", "%00ab"])
def test_a_nul_character_in_a_search_is_refused(api, query):
    with api.client("worker") as http:
        answer = http.get(f"/api/persons?q={query}")
    expect.refused(answer, 422, "request.nul_character")


def too_large_visit(folder: given.Folder) -> bytes:
    body = visit_body(folder.version, visit={"notes": "x" * (MAX_BODY + 1024)})
    return json.dumps(body).encode()


def test_a_body_over_256_kib_with_its_length_declared_is_refused_unread(api, folder):
    with api.client("worker") as http, nothing_written(api, folder):
        answer = http.post(f"{folder.path}/visits", content=too_large_visit(folder),
                           headers={"Content-Type": "application/json"})

        expect.refused(answer, 413, "request.too_large")


def test_a_body_over_256_kib_sent_in_chunks_is_refused_and_not_recorded(api, folder):
    content = too_large_visit(folder)
    chunks = (content[i:i + 16 * 1024] for i in range(0, len(content), 16 * 1024))

    with api.client("worker") as http, nothing_written(api, folder):
        answer = http.post(f"{folder.path}/visits", content=chunks,
                           headers={"Content-Type": "application/json"})

        assert 400 <= answer.status_code < 500, answer.text
        assert answer.json()["error"]["code"].startswith("request.")


def test_a_body_over_256_kib_sent_in_chunks_without_a_length_is_refused(api, folder):
    content = too_large_visit(folder)

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(content), 16 * 1024):
            yield content[start:start + 16 * 1024]

    with api.client("worker") as http, nothing_written(api, folder):
        answer = http.post(f"{folder.path}/visits", content=chunks(),
                           headers={"Content-Type": "application/json"})

        assert "content-length" not in answer.request.headers
        expect.refused(answer, 413, "request.too_large")


def test_a_head_with_neither_pesel_nor_document_is_refused(api):
    with api.client("worker") as http, nothing_written(api):
        head = member_body()
        del head["pesel"]
        answer = http.post("/api/folders", json=open_folder_body(head=head))

        expect.refused(answer, 422, "member.no_identifier")


def test_a_member_with_a_document_instead_of_a_pesel_is_accepted(api):
    # The counterpart of the refusal above: a document is enough.
    with api.client("worker") as http:
        head = member_body()
        del head["pesel"]
        head["document"] = {"kind": "passport", "number": "fx 123 4567"}
        folder = given.open_folder(http, head=head)

        member = given.view(http, folder)["members"][0]
        assert member["document_number"] == "FX1234567"
        assert member["pesel"] is None


@pytest.mark.parametrize("postal_code", ["54203", "5-4203", "ab-cde", ""])
def test_an_address_with_a_bad_postal_code_is_refused(api, postal_code):
    with api.client("worker") as http, nothing_written(api):
        body = open_folder_body()
        body["address"]["postal_code"] = postal_code
        answer = http.post("/api/folders", json=body)

        expect.refused(answer, 422, "address.invalid_postal_code")
