"""Two people for powerful changes: an admin asks, a manager of the unit confirms."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.staff_changes import (
    CONTENT_ROLES,
    NotConfirmedYetError,
    OwnRequestError,
    RequestNotForYouError,
    RequestPendingError,
    confirming_units,
)
from domain.user import InvalidRoleError, Role, User

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
ACCOUNT = {"username": "nowa.pracownica", "display_name": "Nowa Pracownica",
           "password_hash": "$argon2id$v=19$..."}


def requested(role="social_worker", unit="ZTPS-3"):
    return User.request_creation(user_id=uuid4(), role=role, unit=unit, **ACCOUNT)


def manager_of(unit):
    return {"by_user": uuid4(), "by_role": "manager", "by_unit": unit}


def test_the_roles_reading_case_content_are_all_but_the_analyst_and_admin():
    aggregates_only = {"voivodeship_analyst", "mops_management", "admin"}
    assert {r.value for r in Role} - aggregates_only == CONTENT_ROLES


def test_an_account_reading_case_content_is_only_requested_and_cannot_sign_in():
    user = requested()

    [event] = user.collect_events()
    assert type(event).__qualname__ == "User.UserCreationRequested"
    assert not user.may_sign_in
    assert user.pending == ("creation", "social_worker", "ZTPS-3")
    with pytest.raises(NotConfirmedYetError):
        user.log_in(uuid4(), NOW + timedelta(hours=12), NOW)


def test_an_admin_cannot_register_such_an_account_at_once_but_may_an_analyst():
    with pytest.raises(InvalidRoleError):
        User.register(user_id=uuid4(), role="caregiver", unit="MCUS", **ACCOUNT)
    analyst = User.register(user_id=uuid4(), role="voivodeship_analyst", unit="WPS-02",
                            **ACCOUNT)
    assert analyst.may_sign_in
    assert type(analyst.collect_events()[0]).__qualname__ == "User.UserRegistered"


def test_a_manager_of_the_unit_confirms_and_the_account_may_sign_in():
    user = requested()

    user.confirm_request(**manager_of("ZTPS-3"))

    confirmed = user.collect_events()[-1]
    assert type(confirmed).__qualname__ == "User.UserCreationConfirmed"
    assert (confirmed.display_name, confirmed.role, confirmed.unit) == (
        "Nowa Pracownica", "social_worker", "ZTPS-3")
    assert user.may_sign_in and user.pending is None


@pytest.mark.parametrize(("unit", "confirmers"), [
    ("ZTPS-3", {"ZTPS-3", "MOPS"}),  # a team: its manager, or the centre's
    ("MOPS", {"MOPS"}),  # decision makers: a manager of the centre
    ("MCUS", {"MCUS"}),  # the care centre: its manager
])
def test_who_confirms_is_a_manager_of_the_unit_or_of_its_centre(unit, confirmers):
    assert confirming_units(unit) == confirmers
    for other in {"ZTPS-3", "ZTPS-2", "MOPS", "MCUS"} - confirmers:
        user = requested(unit=unit)
        with pytest.raises(RequestNotForYouError):
            user.confirm_request(**manager_of(other))
    for confirmer in confirmers:
        user = requested(unit=unit)
        user.confirm_request(**manager_of(confirmer))
        assert user.may_sign_in


def test_only_a_manager_confirms_and_nobody_their_own_change():
    user = requested()
    with pytest.raises(RequestNotForYouError):
        user.confirm_request(by_user=uuid4(), by_role="admin", by_unit="ZTPS-3")
    with pytest.raises(RequestNotForYouError):
        user.confirm_request(by_user=uuid4(), by_role="social_worker", by_unit="ZTPS-3")
    with pytest.raises(OwnRequestError):
        user.confirm_request(by_user=user.id, by_role="manager", by_unit="ZTPS-3")


def test_a_refused_account_stays_closed():
    user = requested()

    user.reject_request(**manager_of("MOPS"))

    assert type(user.collect_events()[-1]).__qualname__ == "User.UserCreationRejected"
    assert not user.active and not user.may_sign_in and user.pending is None
    with pytest.raises(RequestNotForYouError):
        user.confirm_request(**manager_of("ZTPS-3"))


def test_a_role_reading_case_content_waits_for_the_manager_of_the_new_unit():
    user = User.register(user_id=uuid4(), role="admin", unit="IT", **ACCOUNT)
    session = uuid4()
    user.log_in(session, NOW + timedelta(hours=12), NOW)

    user.change_role("caregiver", "MCUS")

    assert type(user.collect_events()[-1]).__qualname__ == "User.RoleChangeRequested"
    assert (user.role, user.unit) == ("admin", "IT")  # nothing given yet
    assert user.holds_session(session)
    with pytest.raises(RequestPendingError):
        user.change_role("social_worker", "ZTPS-1")
    with pytest.raises(RequestNotForYouError):
        user.confirm_request(**manager_of("ZTPS-1"))

    user.confirm_request(**manager_of("MCUS"))

    assert type(user.collect_events()[-1]).__qualname__ == "User.RoleChangeConfirmed"
    assert (user.role, user.unit) == ("caregiver", "MCUS")
    assert not user.holds_session(session)  # sign in again, in the new role


def test_a_refused_role_change_leaves_the_role_as_it_was():
    user = User.register(user_id=uuid4(), role="social_worker", unit="ZTPS-1", on_server=True,
                         **ACCOUNT)

    user.change_role("social_worker", "ZTPS-2")
    user.reject_request(**manager_of("ZTPS-2"))

    assert type(user.collect_events()[-1]).__qualname__ == "User.RoleChangeRejected"
    assert (user.role, user.unit, user.pending) == ("social_worker", "ZTPS-1", None)


def test_an_unconfirmed_account_gets_no_other_role_meanwhile():
    user = requested()
    with pytest.raises(NotConfirmedYetError):
        user.change_role("admin", "IT")
