from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.user import (
    USER_ID_NAMESPACE,
    AccountLockedError,
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
    }
    values.update(overrides)
    return User.register(**values)


def test_registering_a_user_records_who_they_are_and_their_role():
    user = register(username=" A.Nowak ")

    [registered] = user.collect_events()
    assert isinstance(registered, User.UserRegistered)
    assert type(registered).__qualname__ == "User.UserRegistered"
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


def test_changing_the_role_moves_the_user_to_another_unit():
    user = register()

    user.change_role("manager", "ZTPS-1")

    assert isinstance(user.collect_events()[-1], User.RoleChanged)
    assert (user.role, user.unit) == ("manager", "ZTPS-1")
    with pytest.raises(RoleUnchangedError):
        user.change_role("manager", "ZTPS-1")
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


# -- signing in: failed attempts, the lockout, and the user's sessions -----------------------

SIGN_IN_AT = datetime(2026, 3, 2, 7, 45, tzinfo=UTC)


def fail(user, times, start=SIGN_IN_AT, every=timedelta(minutes=1)):
    for n in range(times):
        user.record_failed_login(start + n * every)


def test_five_wrong_passwords_within_15_minutes_lock_the_account_for_15_minutes():
    user = register()

    fail(user, 4)
    assert not user.is_locked(SIGN_IN_AT + timedelta(minutes=4))
    user.record_failed_login(SIGN_IN_AT + timedelta(minutes=4))

    *failed, locked = user.collect_events()[1:]
    assert [type(e) for e in failed] == [User.LoginFailed] * 5
    assert isinstance(locked, User.AccountLocked)
    assert locked.until == SIGN_IN_AT + timedelta(minutes=19)
    assert user.is_locked(SIGN_IN_AT + timedelta(minutes=18, seconds=59))
    assert not user.is_locked(SIGN_IN_AT + timedelta(minutes=19))


def test_a_locked_account_refuses_even_the_right_password_and_says_how_long():
    user = register()
    fail(user, 5)
    user.collect_events()

    with pytest.raises(AccountLockedError) as raised:
        user.log_in(uuid4(), SIGN_IN_AT + timedelta(hours=12), SIGN_IN_AT + timedelta(minutes=5))
    with pytest.raises(AccountLockedError):
        user.record_failed_login(SIGN_IN_AT + timedelta(minutes=5))
    assert raised.value.code == "auth.locked"
    assert raised.value.params["retry_after_s"] == 14 * 60
    assert user.collect_events() == []


def test_the_lock_ends_by_itself_and_the_count_starts_again():
    user = register()
    fail(user, 5)
    after_lock = SIGN_IN_AT + timedelta(minutes=19)

    fail(user, 4, start=after_lock)
    user.log_in(uuid4(), after_lock + timedelta(hours=12), after_lock + timedelta(minutes=4))

    assert isinstance(user.collect_events()[-1], User.LoggedIn)


def test_wrong_passwords_spread_over_more_than_15_minutes_do_not_lock():
    user = register()

    fail(user, 10, every=timedelta(minutes=4))

    assert not any(isinstance(e, User.AccountLocked) for e in user.collect_events())
    assert not user.is_locked(SIGN_IN_AT + timedelta(minutes=37))


def test_signing_in_resets_the_count_of_wrong_passwords():
    user = register()

    fail(user, 4)
    user.log_in(uuid4(), SIGN_IN_AT + timedelta(hours=12), SIGN_IN_AT + timedelta(minutes=4))
    fail(user, 4, start=SIGN_IN_AT + timedelta(minutes=5))

    assert not any(isinstance(e, User.AccountLocked) for e in user.collect_events())
    assert user.failed_logins and len(user.failed_logins) == 4


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
