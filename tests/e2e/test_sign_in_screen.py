"""The tablet's login screen after wrong passwords: the Polish message of the growing wait
and when to try again — no lockout, and the same screen for a username that does not exist."""

from __future__ import annotations

import pytest

from tests.support.stores import IN_CI

if not IN_CI:  # in CI a missing package must fail, not skip
    pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from playwright.sync_api import expect

from tests.e2e.conftest import WORKER_PERSON, Server

pytestmark = pytest.mark.postgres


def _try(page, username: str, password: str) -> None:
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()


@pytest.mark.parametrize("username", [WORKER_PERSON.username, "nikogo.takiego"])
def test_after_five_wrong_passwords_the_login_screen_says_to_wait_a_moment(
        server: Server, new_tablet, username: str):
    page = new_tablet()
    page.goto("/")
    error = page.get_by_test_id("login-error")
    for _ in range(5):
        _try(page, username, "to-nie-jest-haslo")
        expect(error).to_have_text("Nieprawidłowy login lub hasło.")
        expect(page.get_by_test_id("login-submit")).to_be_enabled()

    _try(page, username, "to-nie-jest-haslo")

    expect(error).to_have_text("Zbyt wiele nieudanych prób logowania na to konto. Odczekaj "
                               "chwilę i spróbuj ponownie. Kolejna próba możliwa za 1 s.")
