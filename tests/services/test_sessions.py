"""Signing in and out on both stores: sessions, rotation, theft, failures, a new password."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from domain.session import Session
from domain.user import User
from services.commands import CommandContext
from services.errors import InvalidCredentialsError
from services.users.accounts import WeakPasswordError
from services.users.commands import RegisterUser
from services.users.sessions import REFRESH_LIFETIME, InvalidRefreshTokenError

PASSWORD = "bardzo-tajne-haslo-42"
NEW_PASSWORD = "jeszcze-bardziej-tajne-43"
MONDAY_MORNING = datetime(2026, 3, 2, 7, 45, tzinfo=UTC)


class Clock:
    """The application's clock, moved by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(system) -> Clock:
    clock = Clock(MONDAY_MORNING)
    system.app.clock = clock
    return clock


def register(system, username: str = "ola.nowak") -> uuid.UUID:
    ctx = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=1), role="admin",
                         unit="IT")
    system.app.handle(ctx, RegisterUser(
        username=username, display_name="Ola Nowak", role="social_worker", unit="ZTPS-1",
        password=PASSWORD))
    return User.id_for(username)


def own(user_id: uuid.UUID) -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=user_id, role="social_worker",
                          unit="ZTPS-1")


def stored_events(system, aggregate_id: uuid.UUID) -> list:
    return list(system.app.events.get(aggregate_id))


def usable(system, session_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    return system.app.session_holder(session_id, user_id) is not None


def raw_log(system) -> bytes:
    return b"".join(n.state for n in system.app.recorder.select_notifications(start=1, limit=500))


def test_signing_in_starts_a_session_and_stores_only_the_digest_of_its_token(system, clock):
    user_id = register(system)

    signed_in = system.app.sign_in("ola.nowak", PASSWORD, user_agent="Tablet/1.0")

    assert signed_in.refresh_expires_in == REFRESH_LIFETIME.total_seconds() == 12 * 3600
    [started] = stored_events(system, signed_in.session_id)
    assert isinstance(started, Session.SessionStarted)
    assert (started.user_id, started.user_agent) == (user_id, "Tablet/1.0")
    assert started.expires_at == MONDAY_MORNING + REFRESH_LIFETIME
    logged_in = stored_events(system, user_id)[-1]
    assert isinstance(logged_in, User.LoggedIn) and logged_in.session_id == signed_in.session_id
    assert started.meta["actor_id"] == str(user_id)
    secret = signed_in.refresh_token.split(".")[1]
    assert secret.encode() not in raw_log(system)
    assert usable(system, signed_in.session_id, user_id)


def test_a_refresh_token_works_once_and_a_second_use_ends_the_session(system, clock):
    register(system)
    first = system.app.sign_in("ola.nowak", PASSWORD)

    second = system.app.refresh_session(first.refresh_token)
    with pytest.raises(InvalidRefreshTokenError):
        system.app.refresh_session(first.refresh_token)

    assert second.session_id == first.session_id
    assert second.refresh_token != first.refresh_token
    ended = stored_events(system, first.session_id)[-1]
    assert isinstance(ended, Session.SessionEnded) and ended.reason == "refresh_reuse"
    with pytest.raises(InvalidRefreshTokenError):
        system.app.refresh_session(second.refresh_token)
    assert not usable(system, first.session_id, second.user.id)


def test_a_session_lasts_a_working_day_from_sign_in_however_often_it_is_refreshed(
        system, clock):
    register(system)
    signed_in = system.app.sign_in("ola.nowak", PASSWORD)
    clock.advance(hours=11)
    signed_in = system.app.refresh_session(signed_in.refresh_token)
    assert signed_in.refresh_expires_in == 3600
    clock.advance(hours=1)

    with pytest.raises(InvalidRefreshTokenError):
        system.app.refresh_session(signed_in.refresh_token)

    ended = stored_events(system, signed_in.session_id)[-1]
    assert isinstance(ended, Session.SessionEnded) and ended.reason == "expired"
    assert not usable(system, signed_in.session_id, signed_in.user.id)


# Named ids: a random uuid in a test's id would differ between pytest-xdist's workers.
@pytest.mark.parametrize("token", [
    pytest.param("", id="empty"), pytest.param("no-dot", id="no-dot"),
    pytest.param("not-a-uuid.secret", id="not-a-uuid"),
    pytest.param(f"{uuid.uuid4()}.secret", id="unknown-session")])
def test_a_malformed_or_unknown_refresh_token_is_refused_and_writes_nothing(system, token):
    head = system.app.head_position()

    with pytest.raises(InvalidRefreshTokenError):
        system.app.refresh_session(token)

    assert system.app.head_position() == head


def test_a_forged_secret_for_a_real_session_is_refused_but_ends_nothing(system, clock):
    register(system)
    signed_in = system.app.sign_in("ola.nowak", PASSWORD)
    head = system.app.head_position()

    with pytest.raises(InvalidRefreshTokenError):
        system.app.refresh_session(f"{signed_in.session_id}.guessed-secret")

    assert system.app.head_position() == head
    assert system.app.refresh_session(signed_in.refresh_token).session_id == signed_in.session_id


def test_wrong_passwords_are_recorded_but_the_right_one_still_signs_in(system, clock):
    user_id = register(system)
    for _ in range(10):
        with pytest.raises(InvalidCredentialsError):
            system.app.sign_in("ola.nowak", "zle-haslo-1234")

    signed_in = system.app.sign_in("ola.nowak", PASSWORD)

    kinds = [type(e).__name__ for e in stored_events(system, user_id)]
    assert kinds == ["UserRegisteredOnServer", *["LoginFailed"] * 10, "LoggedIn"]
    assert signed_in.user.id == user_id


def test_a_successful_sign_in_resets_the_count(system, clock):
    register(system)
    for _ in range(4):
        with pytest.raises(InvalidCredentialsError):
            system.app.sign_in("ola.nowak", "zle-haslo-1234")
    system.app.sign_in("ola.nowak", PASSWORD)
    for _ in range(4):
        with pytest.raises(InvalidCredentialsError):
            system.app.sign_in("ola.nowak", "zle-haslo-1234")

    assert system.app.sign_in("ola.nowak", PASSWORD).session_id


def test_wrong_passwords_for_an_unknown_username_write_nothing(system, clock):
    head = system.app.head_position()

    for _ in range(6):
        with pytest.raises(InvalidCredentialsError):
            system.app.sign_in("nikt.taki", PASSWORD)

    assert system.app.head_position() == head


def test_a_new_password_ends_the_other_sessions_but_not_this_one(system, clock):
    user_id = register(system)
    here = system.app.sign_in("ola.nowak", PASSWORD)
    elsewhere = system.app.sign_in("ola.nowak", PASSWORD)
    logged_out = system.app.sign_in("ola.nowak", PASSWORD)
    system.app.sign_out(own(user_id), logged_out.session_id)

    ended = system.app.change_own_password(own(user_id), here.session_id, PASSWORD,
                                           NEW_PASSWORD)

    assert ended == 1
    assert isinstance(stored_events(system, user_id)[-1], User.PasswordChanged)
    last = stored_events(system, elsewhere.session_id)[-1]
    assert isinstance(last, Session.SessionEnded) and last.reason == "password_changed"
    assert usable(system, here.session_id, user_id)
    assert not usable(system, elsewhere.session_id, user_id)
    with pytest.raises(InvalidCredentialsError):
        system.app.sign_in("ola.nowak", PASSWORD)
    assert system.app.sign_in("ola.nowak", NEW_PASSWORD).user.id == user_id


def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(system, clock):
    user_id = register(system)
    here = system.app.sign_in("ola.nowak", PASSWORD)
    head = system.app.head_position()

    with pytest.raises(InvalidCredentialsError):
        system.app.change_own_password(own(user_id), here.session_id, "zle-haslo-1234",
                                       NEW_PASSWORD)
    with pytest.raises(WeakPasswordError):
        system.app.change_own_password(own(user_id), here.session_id, PASSWORD, "krotkie")

    assert system.app.head_position() == head


def test_signing_out_is_seen_at_once_here_and_twice_is_the_same_as_once(system, clock):
    user_id = register(system)
    signed_in = system.app.sign_in("ola.nowak", PASSWORD)
    assert usable(system, signed_in.session_id, user_id)

    system.app.sign_out(own(user_id), signed_in.session_id)
    head = system.app.head_position()
    system.app.sign_out(own(user_id), signed_in.session_id)

    assert system.app.head_position() == head
    assert not usable(system, signed_in.session_id, user_id)
    with pytest.raises(InvalidRefreshTokenError):
        system.app.refresh_session(signed_in.refresh_token)
