"""Verified tokens are remembered so a client's next request skips the JWT decoding; the
memory stays bounded by forgetting the least recently used token (not all of them), and a
token is never taken from it past its expiry."""

from __future__ import annotations

import uuid
from datetime import timedelta

import jwt
import pytest

from api import security
from api.errors import ApiError
from api.security import TokenIssuer


@pytest.fixture
def decodes(monkeypatch):
    """How many times a token was decoded (not taken from memory)."""
    counted = []
    real = jwt.decode

    def counting(*args, **kwargs):
        counted.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(security.jwt, "decode", counting)
    monkeypatch.setattr(security, "VERIFIED_TOKENS_MAX", 3)
    return counted


def issuer(**clock) -> TokenIssuer:
    return TokenIssuer("sekret-testowy-" * 4, timedelta(minutes=15), **clock)


def test_past_its_size_the_least_recently_used_token_is_forgotten_not_all(decodes):
    tokens = issuer()
    a, b, c, d = (tokens.issue(uuid.uuid4(), uuid.uuid4()) for _ in range(4))
    for token in (a, b, c):
        tokens.verify(token)
    tokens.verify(a)  # a used again: b is the least recently used
    tokens.verify(d)
    assert len(decodes) == 4

    for token in (a, c, d):
        tokens.verify(token)
    assert len(decodes) == 4
    tokens.verify(b)
    assert decodes[-1] == b and len(decodes) == 5


def test_a_token_is_not_taken_from_memory_past_its_expiry(decodes):
    now = [security.time.time()]
    tokens = issuer(timer=lambda: now[0])
    token = tokens.issue(uuid.uuid4(), uuid.uuid4())
    tokens.verify(token)
    tokens.verify(token)
    assert len(decodes) == 1

    # Past its expiry (on the cache's clock) it is decoded again: the decoder, which reads
    # the real clock, is what refuses an expired token.
    now[0] += timedelta(minutes=16).total_seconds()
    tokens.verify(token)
    assert len(decodes) == 2


def test_an_expired_token_is_refused_and_not_remembered(decodes):
    tokens = TokenIssuer("sekret-testowy-" * 4, timedelta(seconds=-1))
    token = tokens.issue(uuid.uuid4(), uuid.uuid4())
    for _ in range(2):
        with pytest.raises(ApiError):
            tokens.verify(token)
    assert len(decodes) == 2
