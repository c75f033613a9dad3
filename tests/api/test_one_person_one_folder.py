"""One person, one open folder: a PESEL another open household holds answers 409
`person.has_open_folder` with that folder's team and reference only, logged as an access
(purpose: duplicate check), and nothing of the refused command is written."""

from __future__ import annotations

import threading
from uuid import UUID

from tests.api.given import command, open_folder
from tests.support.builders import (
    add_member_body,
    closure_body,
    correction_body,
    member_body,
    open_folder_body,
    valid_pesel,
)


def _duplicate_checks(api, who: str, folder_id: str) -> list[dict]:
    return [e for e in api.system.read_models.access_entries(
        after=api.system.app.head_position(), viewer_id=UUID(api.user_ids[who]),
        folder_id=UUID(folder_id)) if e["view"] == "duplicate_check"]


def _refused_with_the_folder_named(answer, folder) -> None:
    assert answer.status_code == 409, answer.text
    error = answer.json()["error"]
    assert error["code"] == "person.has_open_folder"
    assert error["details"] == {"team_id": folder.team_id, "folder_id": folder.id}
    assert error["message"]["pl"].startswith("Ta osoba ma już otwartą teczkę")


def test_opening_a_folder_for_a_person_in_another_teams_open_folder_is_refused(api):
    pesel = valid_pesel()
    with api.client("worker") as http:
        held = open_folder(http, head=member_body(pesel=pesel))
    body = open_folder_body(team_id="ZTPS-2", head=member_body(pesel=pesel))
    with api.client("worker_other_team") as http:
        answer = http.post("/api/folders", json=body)
        _refused_with_the_folder_named(answer, held)
        # Nothing was written: the folder does not exist, and the refusal left no receipt
        # (the same command, corrected, applies).
        assert http.get(f"/api/folders/{body['folder_id']}").status_code == 404
        corrected = body | {"head": member_body(pesel=valid_pesel())}
        assert http.post("/api/folders", json=corrected).status_code == 201
    entries = _duplicate_checks(api, "worker_other_team", held.id)
    assert [(e["purpose"], e["viewer_unit"]) for e in entries] == [("duplicate_check", "ZTPS-2")]


def test_a_second_open_household_of_the_same_team_is_refused_too(api):
    pesel = valid_pesel()
    with api.client("worker") as http:
        held = open_folder(http, head=member_body(pesel=pesel))
        answer = http.post("/api/folders", json=open_folder_body(head=member_body(pesel=pesel)))
    _refused_with_the_folder_named(answer, held)


def test_adding_a_member_another_open_household_holds_is_refused(api):
    pesel = valid_pesel()
    with api.client("worker") as http:
        held = open_folder(http, head=member_body(pesel=pesel))
    with api.client("worker_other_team") as http:
        other = open_folder(http, team_id="ZTPS-2")
        answer = http.post(f"{other.path}/members", json=add_member_body(
            other.version, member={"pesel": pesel}))
        _refused_with_the_folder_named(answer, held)
        assert http.get(other.path, params={"after": other.position}).json()["version"] \
            == other.version
    assert len(_duplicate_checks(api, "worker_other_team", held.id)) == 1


def test_a_corrected_pesel_is_claimed_and_the_mistyped_one_let_go(api):
    typed, held_pesel, right = valid_pesel(), valid_pesel(), valid_pesel()
    with api.client("worker") as http:
        held = open_folder(http, head=member_body(pesel=held_pesel))
        folder = open_folder(http, head=member_body(pesel=typed))
        answer = http.post(f"{folder.path}/members/{folder.head_id}/corrections",
                           json=correction_body(folder.version, pesel=held_pesel))
        _refused_with_the_folder_named(answer, held)
        command(http, folder, f"/members/{folder.head_id}/corrections",
                correction_body(folder.version, pesel=right))
        # The mistyped PESEL is free again; the corrected one is held.
        assert http.post("/api/folders", json=open_folder_body(
            head=member_body(pesel=typed))).status_code == 201
        again = http.post("/api/folders", json=open_folder_body(head=member_body(pesel=right)))
    _refused_with_the_folder_named(again, folder)


def test_closing_the_folder_frees_its_people_for_another(api):
    pesel, child = valid_pesel(), valid_pesel()
    with api.client("worker") as http:
        folder = open_folder(http, head=member_body(pesel=pesel))
        command(http, folder, "/members", add_member_body(folder.version,
                                                          member={"pesel": child}))
        command(http, folder, "/closure", closure_body(folder.version))
    with api.client("worker_other_team") as http:
        reopened = open_folder(http, team_id="ZTPS-2", head=member_body(pesel=pesel))
        command(http, reopened, "/members", add_member_body(reopened.version,
                                                            member={"pesel": child}))


def test_two_workers_opening_the_same_pesel_at_once_open_one_folder(api):
    pesel = valid_pesel()
    bodies = {"worker": open_folder_body(head=member_body(pesel=pesel)),
              "worker_other_team": open_folder_body(team_id="ZTPS-2",
                                                    head=member_body(pesel=pesel))}
    answers: dict[str, object] = {}
    start = threading.Barrier(2)

    def post(who: str) -> None:
        with api.client(who) as http:
            start.wait()
            answers[who] = http.post("/api/folders", json=bodies[who])

    threads = [threading.Thread(target=post, args=(who,)) for who in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(a.status_code for a in answers.values())  # type: ignore[attr-defined]
    assert codes == [201, 409], [a.text for a in answers.values()]  # type: ignore[attr-defined]
    refused = next(a for a in answers.values() if a.status_code == 409)  # type: ignore[attr-defined]
    assert refused.json()["error"]["code"] == "person.has_open_folder"
