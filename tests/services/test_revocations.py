"""Every process learns at once that a session ended or its user changed (both stores).

Two systems on one store stand for two API processes: each has its own session cache and
its own revocation watcher (on PostgreSQL its own listening connection). A session one of
them has read is refused there within a moment of the other ending it; the tests wait for
that with a deadline well under the old 5-second memory, never sleeping a fixed time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from services.commands import CommandContext
from services.system import TeczkaSystem
from services.users.commands import ChangeRole, ConfirmUserRequest, DeactivateUser, RegisterUser
from tests.support.waiting import until

PASSWORD = "bardzo-tajne-haslo-42"
DEADLINE_S = 3.0
ADMIN_ID = uuid.UUID(int=1)


def ctx(actor: uuid.UUID, role: str, unit: str) -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=actor, role=role, unit=unit)


def _deactivated(app, user_id, session_id) -> None:
    app.handle(ctx(ADMIN_ID, "admin", "IT"), DeactivateUser(
        user_id=user_id, expected_version=app.user(user_id).version))


def _signed_out(app, user_id, session_id) -> None:
    app.sign_out(ctx(user_id, "social_worker", "ZTPS-1"), session_id)


def _password_changed_elsewhere(app, user_id, session_id) -> None:
    other = app.sign_in("ola.nowak", PASSWORD)
    app.change_own_password(ctx(user_id, "social_worker", "ZTPS-1"), other.session_id,
                            PASSWORD, "jeszcze-bardziej-tajne-43")


def _moved_to_another_team(app, user_id, session_id) -> None:
    app.handle(ctx(ADMIN_ID, "admin", "IT"), ChangeRole(
        user_id=user_id, expected_version=app.user(user_id).version, role="social_worker",
        unit="ZTPS-2"))
    manager = uuid.uuid4()
    app.handle(ctx(manager, "manager", "ZTPS-2"), ConfirmUserRequest(
        user_id=user_id, expected_version=app.user(user_id).version))


CHANGES: dict[str, Callable] = {
    "deactivated": _deactivated,
    "signed out": _signed_out,
    "password changed on another device": _password_changed_elsewhere,
    "moved to another team": _moved_to_another_team,
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_session_read_in_one_process_is_refused_there_soon_after_another_ends_it(
        settings, change):
    with TeczkaSystem(settings, run_projectors=False) as one, \
            TeczkaSystem(settings, run_projectors=False) as other:
        one.app.handle(ctx(ADMIN_ID, "admin", "IT"), RegisterUser(
            username="ola.nowak", display_name="Ola Nowak", role="social_worker", unit="ZTPS-1",
            password=PASSWORD))
        signed_in = one.app.sign_in("ola.nowak", PASSWORD)
        user_id, session_id = signed_in.user.id, signed_in.session_id
        holder = other.app.session_holder(session_id, user_id)
        assert (holder.role, holder.unit) == ("social_worker", "ZTPS-1")
        assert other.app.known_session_holder(session_id, user_id) == holder  # remembered

        CHANGES[change](one.app, user_id, session_id)

        assert one.app.known_session_holder(session_id, user_id) is None  # here: at once
        until(lambda: other.app.known_session_holder(session_id, user_id) is None,
              DEADLINE_S, f"the other process forgets the session ({change})")
        assert other.app.session_holder(session_id, user_id) is None


def test_news_that_concerns_other_people_leaves_a_session_remembered(settings):
    with TeczkaSystem(settings, run_projectors=False) as one, \
            TeczkaSystem(settings, run_projectors=False) as other:
        for name in ("ola.nowak", "ewa.nowak"):
            one.app.handle(ctx(ADMIN_ID, "admin", "IT"), RegisterUser(
                username=name, display_name=name, role="social_worker", unit="ZTPS-1",
                password=PASSWORD))
        ola = one.app.sign_in("ola.nowak", PASSWORD)
        ewa = one.app.sign_in("ewa.nowak", PASSWORD)
        for person in (ola, ewa):
            assert other.app.session_holder(person.session_id, person.user.id)

        _deactivated(one.app, ewa.user.id, ewa.session_id)

        until(lambda: other.app.known_session_holder(ewa.session_id, ewa.user.id) is None,
              DEADLINE_S, "the other process forgets Ewa's session")
        assert other.app.known_session_holder(ola.session_id, ola.user.id) is not None
