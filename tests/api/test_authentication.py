"""Signing in, proving who you are on every call, and what the API never gives away."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from api.security import ALGORITHM, AUDIENCE
from tests.api import expect, given
from tests.api.conftest import PASSWORD, USERS
from tests.support.builders import open_folder_body
from tests.support.stores import TEST_SECRET


def claims_of(api, who: str, **overrides) -> dict:
    """The claims of the user's real token (its session included), with some changed."""
    claims = jwt.decode(api.tokens[who], TEST_SECRET.get_secret_value(),
                        algorithms=[ALGORITHM], audience=AUDIENCE)
    return claims | overrides


def as_bearer(base_url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"})


def login(api, username: str, password: str) -> httpx.Response:
    with api.client(None) as http:
        return http.post("/api/auth/login", json={"username": username, "password": password})


def test_a_call_without_a_token_asks_to_sign_in(api):
    with api.client(None) as http:
        answer = http.get("/api/me")

    expect.refused(answer, 401, "auth.required")
    assert answer.headers["www-authenticate"] == "Bearer"


def test_a_call_with_another_scheme_than_bearer_asks_to_sign_in(api):
    with httpx.Client(base_url=api.base_url, headers={"Authorization": "Basic d29ya2VyMTp4"}) as h:
        answer = h.get("/api/me")

    expect.refused(answer, 401, "auth.required")


def test_a_garbage_token_is_refused(api):
    with as_bearer(api.base_url, "not-a-token") as http:
        answer = http.get("/api/me")

    expect.refused(answer, 401, "auth.invalid_token")
    assert answer.headers["www-authenticate"] == "Bearer"


def test_a_token_signed_with_another_key_is_refused_even_for_the_same_person(api):
    forged = jwt.encode(claims_of(api, "worker", role="admin"),
                        "some-other-key-that-is-long-enough-0123456789", algorithm=ALGORITHM)
    with as_bearer(api.base_url, forged) as http:
        answer = http.get("/api/me")

    expect.refused(answer, 401, "auth.invalid_token")


def test_an_unsigned_token_is_refused(api):
    unsigned = jwt.encode(claims_of(api, "worker"), key=None, algorithm="none")
    with as_bearer(api.base_url, unsigned) as http:
        answer = http.get("/api/me")

    expect.refused(answer, 401, "auth.invalid_token")


def test_an_expired_token_is_refused(api):
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    expired = jwt.encode(
        claims_of(api, "worker", iat=an_hour_ago - timedelta(minutes=15), exp=an_hour_ago),
        TEST_SECRET.get_secret_value(), algorithm=ALGORITHM,
    )
    with as_bearer(api.base_url, expired) as http:
        answer = http.get("/api/me")

    expect.refused(answer, 401, "auth.invalid_token")


def test_a_token_accepted_a_moment_ago_is_refused_once_it_expires(api):
    # Verified tokens are remembered between requests: the expiry must still hold.
    soon = datetime.now(UTC) + timedelta(seconds=2)
    token = jwt.encode(
        claims_of(api, "worker", iat=datetime.now(UTC), exp=soon),
        TEST_SECRET.get_secret_value(), algorithm=ALGORITHM,
    )
    with as_bearer(api.base_url, token) as http:
        accepted = http.get("/api/me")
        time.sleep(max((soon - datetime.now(UTC)).total_seconds(), 0) + 0.1)
        later = http.get("/api/me")

    assert accepted.status_code == 200
    expect.refused(later, 401, "auth.invalid_token")


def test_a_token_for_another_audience_is_refused(api):
    elsewhere = jwt.encode(claims_of(api, "worker", aud="another-system"),
                           TEST_SECRET.get_secret_value(), algorithm=ALGORITHM)
    with as_bearer(api.base_url, elsewhere) as http:
        answer = http.get("/api/me")

    expect.refused(answer, 401, "auth.invalid_token")


def test_a_token_made_with_the_right_key_is_accepted(api):
    # The counterpart of the refusals above: they fail for the reason they name.
    token = jwt.encode(claims_of(api, "worker"), TEST_SECRET.get_secret_value(),
                       algorithm=ALGORITHM)
    with as_bearer(api.base_url, token) as http:
        answer = http.get("/api/me")

    assert answer.status_code == 200, answer.text
    assert answer.json()["username"] == "worker1"


def test_a_wrong_password_is_refused(api):
    answer = login(api, "worker1", "to-nie-jest-haslo")

    expect.refused(answer, 401, "auth.invalid_credentials")
    assert "access_token" not in answer.text


def test_an_unknown_user_is_refused_the_same_way_as_a_wrong_password(api):
    unknown = login(api, "nobody-here", PASSWORD)
    wrong = login(api, "worker1", "to-nie-jest-haslo")

    expect.refused(unknown, 401, "auth.invalid_credentials")
    assert unknown.json() == wrong.json()


def test_signing_in_gives_a_bearer_token_and_the_user(api):
    answer = login(api, "Worker1", PASSWORD)  # usernames are not case-sensitive

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 15 * 60
    assert body["user"]["username"] == "worker1"
    assert body["user"]["role"] == "social_worker"
    with as_bearer(api.base_url, body["access_token"]) as http:
        assert http.get("/api/me").status_code == 200


@pytest.mark.parametrize("who", sorted(USERS))
def test_me_tells_the_signed_in_person_their_role_and_unit(api, who):
    username, role, unit = USERS[who]
    with api.client(who) as http:
        answer = http.get("/api/me")

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"id": api.user_ids[who], "username": username,
                             "display_name": username.title(), "role": role.value,
                             "unit": unit}


@pytest.mark.parametrize(("method", "path", "who"), [
    ("GET", "/api/me", "worker"),
    ("GET", "/api/health", None),
    ("GET", "/api/me", None),
    ("GET", "/api/caseload", "admin"),
    ("GET", "/api/no-such-thing", "worker"),
    ("POST", "/api/folders", "worker"),
])
def test_api_answers_carry_the_security_headers(api, method, path, who):
    with api.client(who) as http:
        answer = http.request(method, path, json={} if method == "POST" else None)

    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["cache-control"] == "no-store"


def test_the_token_never_comes_back_in_an_answer_other_than_login(api):
    token = api.tokens["worker"]
    with api.client("worker") as http:
        folder = given.open_folder(http)
        answers = [
            http.get("/api/me"),
            http.get("/api/caseload"),
            http.get(folder.path, params={"after": folder.position}),
            http.get("/api/persons", params={"q": "Kowalczyk"}),
            http.get("/api/health"),
            http.get(f"/api/folders/{open_folder_body()['folder_id']}"),
            # A refused body must not echo what was sent, even a token pasted into it.
            http.post("/api/folders", json={"command_id": token}),
            http.post("/api/folders", json=open_folder_body(note=token)),
            http.post(f"{folder.path}/visits", content=f'{{"command_id": "{token}"',
                      headers={"Content-Type": "application/json"}),
        ]
    with api.client("manager") as http:
        answers.append(http.post("/api/folders", json=open_folder_body()))

    assert [a.status_code for a in answers] == [200, 200, 200, 200, 200, 404, 422, 422, 400,
                                                403]
    for answer in answers:
        assert token not in answer.text
        assert token.split(".")[2] not in answer.text  # not even the signature
