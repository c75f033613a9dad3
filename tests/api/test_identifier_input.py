"""A PESEL or postal code typed in full-width digits is stored in ASCII and found by search;
one in another script's digits is refused with `identifier.invalid_characters`, nothing
written."""

from __future__ import annotations

from datetime import date

import pytest

from tests.api import expect, given
from tests.support.builders import (
    add_member_body,
    address_body,
    member_body,
    open_folder_body,
    valid_pesel,
)

FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture(scope="module")
def folder(api) -> given.Folder:
    with api.client("worker") as http:
        return given.open_folder(http)


def test_a_head_whose_pesel_is_in_arabic_indic_digits_is_refused(api):
    with api.client("worker") as http, expect.nothing_written(api):
        body = {"head": member_body(pesel=valid_pesel().translate(ARABIC_INDIC))}
        answer = http.post("/api/folders", json=open_folder_body(**body))
        error = expect.refused(answer, 422, "identifier.invalid_characters")
        assert error["details"] == {"field": "pesel"}


@pytest.mark.parametrize("field", ["postal_code", "teryt"])
def test_an_address_in_arabic_indic_digits_is_refused(api, field):
    typed = {"postal_code": "54-203", "teryt": "0264029"}[field].translate(ARABIC_INDIC)
    with api.client("worker") as http, expect.nothing_written(api):
        answer = http.post("/api/folders", json=open_folder_body(
            address=address_body(**{field: typed})))
        error = expect.refused(answer, 422, "identifier.invalid_characters")
        assert error["details"] == {"field": field}


def test_a_member_typed_in_full_width_digits_is_stored_in_ascii_and_found(api, folder):
    pesel = valid_pesel(date(1988, 7, 21), "M")
    member = member_body("child", first_name="Ksawery", last_name="Szerokocyfrowy",
                         pesel=pesel.translate(FULL_WIDTH))
    with api.client("worker") as http:
        given.command(http, folder, "/members", add_member_body(folder.version, member=member))
        stored = [m for m in given.view(http, folder)["members"]
                  if m["member_id"] == member["member_id"]]
        assert stored[0]["pesel"] == pesel
        hits = http.get("/api/persons", params={"q": pesel[:6].translate(FULL_WIDTH),
                                                "after": folder.position}).json()
        assert "Ksawery Szerokocyfrowy" in [hit["name"] for hit in hits]


def test_a_postal_code_typed_in_full_width_is_stored_in_ascii(api):
    with api.client("worker") as http:
        folder = given.open_folder(http, address=address_body(
            postal_code="54-203".translate(FULL_WIDTH)))
        assert given.view(http, folder)["address"]["postal_code"] == "54-203"
