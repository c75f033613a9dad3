"""A session: started at sign-in, renewed by one-time refresh tokens, ended for a reason."""

import hashlib
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.session import (
    InvalidEndReasonError,
    InvalidExpiryError,
    InvalidRefreshHashError,
    RefreshTokenMismatchError,
    RefreshTokenReusedError,
    Session,
    SessionEndedError,
    SessionExpiredError,
)

SIGNED_IN_AT = datetime(2026, 3, 2, 7, 45, tzinfo=UTC)
EXPIRES_AT = SIGNED_IN_AT + timedelta(hours=12)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(**overrides) -> Session:
    values = {
        "session_id": uuid4(),
        "user_id": uuid4(),
        "refresh_hash": digest("first"),
        "expires_at": EXPIRES_AT,
        "user_agent": "Mozilla/5.0 (Linux; Android 14; Tab S9)",
    }
    values.update(overrides)
    return Session.start(**values)


def rebuilt(events) -> Session:
    """The session as the store gives it back: its events applied one by one."""
    session = None
    for stored in events:
        session = stored.mutate(session)
    return session


def test_starting_a_session_records_whose_it_is_and_only_a_digest_of_its_token():
    user_id = uuid4()
    session = start(user_id=user_id)

    [started] = session.collect_events()
    assert isinstance(started, Session.SessionStarted)
    assert (started.user_id, started.refresh_hash, started.expires_at) == (
        user_id, digest("first"), EXPIRES_AT)
    assert started.user_agent.startswith("Mozilla/5.0")
    assert session.is_active(SIGNED_IN_AT)


@pytest.mark.parametrize("refresh_hash", ["first", "", digest("x").upper(), digest("x")[:-1]])
def test_a_session_records_a_sha256_digest_never_a_token(refresh_hash):
    with pytest.raises(InvalidRefreshHashError):
        start(refresh_hash=refresh_hash)


def test_a_session_expires_at_a_moment_with_a_time_zone():
    with pytest.raises(InvalidExpiryError):
        start(expires_at=EXPIRES_AT.replace(tzinfo=None))


def test_a_long_user_agent_is_cut_short():
    session = start(user_agent="x" * 5000)

    assert len(session.user_agent) == 200


def test_refreshing_spends_the_token_and_keeps_the_session_end():
    session = start()

    session.refresh(presented_hash=digest("first"), new_hash=digest("second"),
                    now=SIGNED_IN_AT + timedelta(minutes=15))

    refreshed = session.collect_events()[-1]
    assert isinstance(refreshed, Session.SessionRefreshed)
    assert (refreshed.refresh_hash, refreshed.expires_at) == (digest("second"), EXPIRES_AT)
    assert session.refresh_hash == digest("second")


def test_a_spent_token_coming_back_is_told_apart_from_a_token_never_issued():
    session = start()
    session.refresh(presented_hash=digest("first"), new_hash=digest("second"), now=SIGNED_IN_AT)
    session = rebuilt(session.collect_events())

    with pytest.raises(RefreshTokenReusedError):
        session.refresh(presented_hash=digest("first"), new_hash=digest("third"),
                        now=SIGNED_IN_AT)
    with pytest.raises(RefreshTokenMismatchError):
        session.refresh(presented_hash=digest("forged"), new_hash=digest("third"),
                        now=SIGNED_IN_AT)
    assert session.collect_events() == []


def test_a_session_cannot_be_refreshed_after_it_expires():
    session = start()

    with pytest.raises(SessionExpiredError):
        session.refresh(presented_hash=digest("first"), new_hash=digest("second"),
                        now=EXPIRES_AT)
    assert not session.is_active(EXPIRES_AT)
    assert session.is_active(EXPIRES_AT - timedelta(seconds=1))


@pytest.mark.parametrize("reason", ["logout", "refresh_reuse", "password_changed", "expired"])
def test_ending_a_session_records_why_and_refuses_its_tokens(reason):
    session = start()

    session.end(reason)

    ended = session.collect_events()[-1]
    assert isinstance(ended, Session.SessionEnded)
    assert ended.reason == reason
    assert not session.is_active(SIGNED_IN_AT)
    with pytest.raises(SessionEndedError):
        session.refresh(presented_hash=digest("first"), new_hash=digest("second"),
                        now=SIGNED_IN_AT)
    with pytest.raises(SessionEndedError):
        session.end("logout")


def test_a_session_ends_only_for_a_known_reason():
    session = start()

    with pytest.raises(InvalidEndReasonError):
        session.end("bored")
    assert session.is_active(SIGNED_IN_AT)


def test_a_rebuilt_session_remembers_every_spent_token_and_its_end():
    session = start()
    for old, new in [("first", "second"), ("second", "third")]:
        session.refresh(presented_hash=digest(old), new_hash=digest(new), now=SIGNED_IN_AT)
    session.end("logout")

    again = rebuilt(session.collect_events())

    assert again.spent_hashes == {digest("first"), digest("second")}
    assert again.refresh_hash == digest("third")
    assert again.ended_reason == "logout"
