"""Sessions over HTTP: refresh tokens that work once, signing out, a new password, and the
limit on refreshes from one address (signing in: test_sign_in.py)."""

from __future__ import annotations

import itertools
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

import httpx
import jwt
import pytest

from api.security import ALGORITHM, ATTEMPTS_PER_MINUTE, AUDIENCE
from services.commands import CommandContext
from services.users.commands import RegisterUser
from tests.api import expect
from tests.api.conftest import PASSWORD
from tests.support.stores import TEST_SECRET

NEW_PASSWORD = "nowe-haslo-testowe-456"
_addresses = (f"198.51.100.{n}" for n in itertools.count(1))
_usernames = (f"sesja{n}" for n in itertools.count(1))


def client(api, token: str | None = None, address: str | None = None) -> httpx.Client:
    """A client from an address of its own, so each test has its own attempt limit."""
    headers = {"X-Forwarded-For": address or next(_addresses)}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.Client(base_url=api.base_url, headers=headers, timeout=15)


def new_user(api) -> str:
    username = f"{next(_usernames)}-{uuid.uuid4().hex[:6]}"
    ctx = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                         unit="IT")
    api.system.app.handle(ctx, RegisterUser(
        username=username, display_name="Ewa Sesja", role="social_worker", unit="ZTPS-1",
        password=PASSWORD))
    return username


def login(api, username: str, password: str = PASSWORD, **kw) -> httpx.Response:
    with client(api, **kw) as http:
        return http.post("/api/auth/login", json={"username": username, "password": password})


def signed_in(api, username: str, password: str = PASSWORD) -> dict:
    answer = login(api, username, password)
    assert answer.status_code == 200, answer.text
    return answer.json()


def refresh(api, refresh_token: str, **kw) -> httpx.Response:
    with client(api, **kw) as http:
        return http.post("/api/auth/refresh", json={"refresh_token": refresh_token})


def me(api, access_token: str) -> httpx.Response:
    with client(api, access_token) as http:
        return http.get("/api/me")


def session_events(api, tokens: dict) -> list:
    return list(api.system.app.events.get(UUID(tokens["refresh_token"].split(".")[0])))


def test_signing_in_answers_an_access_token_of_the_session_and_a_refresh_token(api):
    username = new_user(api)

    body = signed_in(api, username)

    assert set(body) == {"access_token", "token_type", "expires_in", "user", "refresh_token",
                         "refresh_expires_in"}
    assert (body["token_type"], body["expires_in"]) == ("bearer", 15 * 60)
    assert body["refresh_expires_in"] == 12 * 3600
    assert body["user"]["username"] == username and body["user"]["role"] == "social_worker"
    session_id, secret = body["refresh_token"].split(".")
    assert len(secret) == 43  # 32 random bytes, url-safe base64
    claims = jwt.decode(body["access_token"], TEST_SECRET.get_secret_value(),
                        algorithms=[ALGORITHM], audience=AUDIENCE)
    assert claims["sid"] == str(UUID(session_id))
    assert me(api, body["access_token"]).status_code == 200


def test_a_refresh_gives_new_tokens_and_the_old_refresh_token_used_again_ends_the_session(api):
    first = signed_in(api, new_user(api))

    rotated = refresh(api, first["refresh_token"])
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["refresh_token"].split(".")[0] == first["refresh_token"].split(".")[0]
    assert me(api, second["access_token"]).status_code == 200

    reused = refresh(api, first["refresh_token"])

    expect.refused(reused, 401, "auth.invalid_refresh")
    expect.refused(refresh(api, second["refresh_token"]), 401, "auth.invalid_refresh")
    expect.refused(me(api, second["access_token"]), 401, "auth.session_ended")
    expect.refused(me(api, first["access_token"]), 401, "auth.session_ended")
    ended = session_events(api, first)[-1]
    assert type(ended).__name__ == "SessionEnded" and ended.reason == "refresh_reuse"


def test_signing_out_refuses_the_sessions_tokens_at_once_and_no_other_session(api):
    username = new_user(api)
    tablet, laptop = signed_in(api, username), signed_in(api, username)
    assert me(api, tablet["access_token"]).status_code == 200

    with client(api, tablet["access_token"]) as http:
        answer = http.post("/api/auth/logout")

    assert answer.status_code == 204, answer.text
    expect.refused(me(api, tablet["access_token"]), 401, "auth.session_ended")
    expect.refused(refresh(api, tablet["refresh_token"]), 401, "auth.invalid_refresh")
    assert me(api, laptop["access_token"]).status_code == 200
    ended = session_events(api, tablet)[-1]
    assert type(ended).__name__ == "SessionEnded" and ended.reason == "logout"


def test_a_new_password_ends_the_other_sessions_but_not_this_one(api):
    username = new_user(api)
    here, elsewhere = signed_in(api, username), signed_in(api, username)

    with client(api, here["access_token"]) as http:
        answer = http.post("/api/me/password", json={"current_password": PASSWORD,
                                                     "new_password": NEW_PASSWORD})

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"other_sessions_ended": 1}
    assert me(api, here["access_token"]).status_code == 200
    expect.refused(me(api, elsewhere["access_token"]), 401, "auth.session_ended")
    expect.refused(refresh(api, elsewhere["refresh_token"]), 401, "auth.invalid_refresh")
    assert refresh(api, here["refresh_token"]).status_code == 200
    expect.refused(login(api, username, PASSWORD), 401, "auth.invalid_credentials")
    assert login(api, username, NEW_PASSWORD).status_code == 200


@pytest.mark.parametrize(("current", "new", "status", "code"), [
    ("to-nie-jest-haslo", NEW_PASSWORD, 401, "auth.invalid_credentials"),
    (PASSWORD, "krotkie", 422, "user.weak_password"),
])
def test_a_password_change_with_a_wrong_current_or_a_weak_new_one_writes_nothing(
        api, current, new, status, code):
    username = new_user(api)
    here, elsewhere = signed_in(api, username), signed_in(api, username)

    with client(api, here["access_token"]) as http, expect.nothing_written(api):
        answer = http.post("/api/me/password",
                           json={"current_password": current, "new_password": new})

    expect.refused(answer, status, code)
    assert me(api, elsewhere["access_token"]).status_code == 200
    assert login(api, username, PASSWORD).status_code == 200


def test_too_many_refresh_attempts_from_one_address_are_refused_with_retry_after(api):
    address = next(_addresses)
    forged = f"{uuid.uuid4()}.forged-secret"
    limit = ATTEMPTS_PER_MINUTE["refresh"]
    with client(api, address=address) as http:
        answers = [http.post("/api/auth/refresh", json={"refresh_token": forged})
                   for _ in range(limit + 1)]

    assert {a.status_code for a in answers[:-1]} == {401}
    expect.refused(answers[-1], 429, "auth.too_many_attempts")
    assert 1 <= int(answers[-1].headers["retry-after"]) <= 60
    expect.refused(refresh(api, forged), 401, "auth.invalid_refresh")


@contextmanager
def every_log_record() -> Iterator[list[str]]:
    """Every record of every logger, uvicorn's access log included, at every level."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record) + repr(record.args))

    handler = Keep(logging.DEBUG)
    loggers = [logging.getLogger(name) for name in ("", "uvicorn", "uvicorn.access",
                                                    "uvicorn.error")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield lines
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


def test_tokens_appear_in_no_log_line_and_no_url(api):
    username = new_user(api)
    with every_log_record() as lines:
        first = signed_in(api, username)
        second = refresh(api, first["refresh_token"]).json()
        refresh(api, first["refresh_token"])  # reused: the session ends
        third = signed_in(api, username)
        with client(api, third["access_token"]) as http:
            urls = [str(http.get("/api/me").request.url),
                    str(http.post("/api/me/password", json={
                        "current_password": PASSWORD, "new_password": NEW_PASSWORD}).request.url),
                    str(http.post("/api/auth/logout").request.url)]

    assert any("/api/auth/refresh" in line for line in lines)  # the access log was seen
    secrets = [t[key] for t in (first, second, third)
               for key in ("access_token", "refresh_token")]
    secrets += [s.split(".")[-1] for s in secrets]  # signatures and refresh secrets alone
    for secret in secrets:
        assert not any(secret in line for line in lines)
        assert not any(secret in url for url in urls)
