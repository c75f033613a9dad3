from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.user import (
    USER_ID_NAMESPACE,
    InvalidDisplayNameError,
    InvalidRoleError,
    InvalidUnitError,
    InvalidUsernameError,
    MissingPasswordHashError,
    Role,
    RoleUnchangedError,
    User,
    UserInactiveError,
)


def register(**overrides):
    values = {
        "user_id": User.id_for("a.nowak"),
        "username": "a.nowak",
        "display_name": "Anna Nowak",
        "role": "social_worker",
        "unit": "ZTPS-3",
        "password_hash": "$argon2id$v=19$...",
        "on_server": True,
    }
    values.update(overrides)
    return User.register(**values)


def test_registering_a_user_records_who_they_are_and_their_role():
    user = register(username=" A.Nowak ")

    [registered] = user.collect_events()
    assert type(registered).__qualname__ == "User.UserRegisteredOnServer"
    assert (user.username, user.role, user.unit, user.active) == (
        "a.nowak",
        "social_worker",
        "ZTPS-3",
        True,
    )
    assert user.id == User.id_for("a.nowak")


def test_a_user_id_follows_from_the_username_whatever_its_case():
    assert User.id_for("A.Nowak") == User.id_for("a.nowak")
    assert User.id_for("a.nowak") != User.id_for("b.nowak")
    assert User.id_for("a.nowak").version == 5
    assert str(USER_ID_NAMESPACE) == "6f1f6c2e-2b7a-5d6e-9c1a-7e4b2f0c9d31"


@pytest.mark.parametrize("username", ["ab", "x" * 41, "anna nowak", "anna@mops", "żaneta"])
def test_a_username_is_3_to_40_plain_characters(username):
    with pytest.raises(InvalidUsernameError) as raised:
        register(username=username)
    assert raised.value.code == "user.invalid_username"


def test_a_role_must_be_one_of_teczkas_roles():
    assert {role.value for role in Role} >= {"caregiver", "voivodeship_analyst", "admin"}
    with pytest.raises(InvalidRoleError) as raised:
        register(role="superuser")
    assert raised.value.code == "user.invalid_role"


@pytest.mark.parametrize(
    ("field", "error"),
    [
        ("display_name", InvalidDisplayNameError),
        ("unit", InvalidUnitError),
        ("password_hash", MissingPasswordHashError),
    ],
)
def test_a_user_needs_a_name_a_unit_and_a_password_hash(field, error):
    with pytest.raises(error):
        register(**{field: "  "})


def test_changing_the_password_replaces_its_hash():
    user = register()

    user.change_password("$argon2id$new")

    assert isinstance(user.collect_events()[-1], User.PasswordChanged)
    assert user.password_hash == "$argon2id$new"


def test_changing_the_role_to_one_reading_no_case_content_moves_the_user_at_once():
    user = register()

    user.change_role("voivodeship_analyst", "WPS-02")

    assert isinstance(user.collect_events()[-1], User.RoleChanged)
    assert (user.role, user.unit) == ("voivodeship_analyst", "WPS-02")
    with pytest.raises(RoleUnchangedError):
        user.change_role("voivodeship_analyst", "WPS-02")
    with pytest.raises(InvalidRoleError):
        user.change_role("boss", "ZTPS-1")


def test_a_deactivated_user_is_inactive_and_cannot_be_deactivated_again():
    user = register(user_id=uuid4())

    user.deactivate()

    assert isinstance(user.collect_events()[-1], User.UserDeactivated)
    assert user.active is False
    with pytest.raises(UserInactiveError) as raised:
        user.deactivate()
    assert raised.value.code == "user.inactive"
    assert raised.value.params == {"user_id": user.id}


def test_a_deactivated_user_cannot_change_password_or_role():
    user = register()
    user.deactivate()

    with pytest.raises(UserInactiveError):
        user.change_password("$argon2id$new")
    with pytest.raises(UserInactiveError):
        user.change_role("manager", "ZTPS-1")


# -- signing in: failed attempts and the user's sessions ---------------------------------------

SIGN_IN_AT = datetime(2026, 3, 2, 7, 45, tzinfo=UTC)


def fail(user, times, start=SIGN_IN_AT, every=timedelta(minutes=1)):
    for n in range(times):
        user.record_failed_login(start + n * every)


def test_wrong_passwords_are_recorded_but_never_lock_the_account():
    user = register()

    fail(user, 10, every=timedelta(seconds=1))
    user.log_in(uuid4(), SIGN_IN_AT + timedelta(hours=12), SIGN_IN_AT + timedelta(seconds=10))

    kinds = [type(e).__name__ for e in user.collect_events()[1:]]
    assert kinds == ["LoginFailed"] * 10 + ["LoggedIn"]
    assert user.failed_logins == 0


def test_an_account_locked_by_the_old_lockout_replays_and_may_sign_in():
    user = register()
    fail(user, 1)
    user._account_locked(until=SIGN_IN_AT + timedelta(minutes=15))  # as recorded before 2026-12
    replayed = None
    for event in user.collect_events():
        replayed = event.mutate(replayed)

    replayed.log_in(uuid4(), SIGN_IN_AT + timedelta(hours=12), SIGN_IN_AT + timedelta(minutes=1))
    assert isinstance(replayed.collect_events()[-1], User.LoggedIn)


def test_signing_in_records_the_session_so_a_new_password_can_end_it():
    user = register()
    morning, yesterday = uuid4(), uuid4()

    user.log_in(yesterday, SIGN_IN_AT - timedelta(hours=12), SIGN_IN_AT - timedelta(hours=24))
    user.log_in(morning, SIGN_IN_AT + timedelta(hours=12), SIGN_IN_AT)

    logged_in = user.collect_events()[-1]
    assert isinstance(logged_in, User.LoggedIn)
    assert (logged_in.session_id, logged_in.expires_at) == (
        morning, SIGN_IN_AT + timedelta(hours=12))
    assert user.sessions_unexpired_at(SIGN_IN_AT) == [morning]


def test_a_deactivated_user_cannot_sign_in_nor_count_failures():
    user = register()
    user.deactivate()

    with pytest.raises(UserInactiveError):
        user.log_in(uuid4(), SIGN_IN_AT + timedelta(hours=12), SIGN_IN_AT)
    with pytest.raises(UserInactiveError):
        user.record_failed_login(SIGN_IN_AT)


def test_a_new_role_or_unit_or_a_closed_account_ends_every_session():
    for change in (lambda u: u.change_role("admin", "IT"), lambda u: u.deactivate()):
        user = register()
        session = uuid4()
        user.log_in(session, SIGN_IN_AT + timedelta(hours=12), SIGN_IN_AT)
        assert user.holds_session(session)

        change(user)

        assert not user.holds_session(session)
