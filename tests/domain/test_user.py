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
