"""`teczka users`: the operator on the server creates the first accounts. It is recorded as
such (`UserRegisteredOnServer`) and needs nobody's confirmation, whatever the role; so are
the demo city's accounts."""

from __future__ import annotations

import subprocess
import sys

from domain.user import User
from services.synthetic.demo import load_demo_city
from services.system import TeczkaSystem
from tests.support.cli import cli_env as _env

PASSWORD = "haslo-operatora-1"


def test_the_operator_creates_a_manager_who_signs_in_at_once_recorded_as_on_the_server(
        settings):
    created = subprocess.run(
        [sys.executable, "-m", "api.cli", "users", "kierownik.pierwszy", "--role", "manager",
         "--unit", "ZTPS-1", "--display-name", "Maria Pierwsza"],
        env=_env(settings), input=f"{PASSWORD}\n", capture_output=True, text=True,
        timeout=120, check=False, start_new_session=True)  # no terminal: getpass reads stdin

    assert created.returncode == 0, created.stderr
    assert "created kierownik.pierwszy (manager, ZTPS-1)" in created.stdout
    with TeczkaSystem(settings, run_projectors=False) as system:
        [registered] = system.app.events.get(User.id_for("kierownik.pierwszy"))
        assert type(registered).__qualname__ == "User.UserRegisteredOnServer"
        assert system.app.sign_in("kierownik.pierwszy", PASSWORD).user.role == "manager"
        system.catch_up()
        [row] = [r for r in system.read_models.user_requests("ZTPS-1")
                 if r["username"] == "kierownik.pierwszy"]
        assert (row["status"], row["requested_by_name"]) == ("on_server", None)


def test_the_demo_citys_accounts_are_created_on_the_server_too(settings):
    with TeczkaSystem(settings, run_projectors=False) as system:
        users = load_demo_city(system.app, folders_per_worker=0)
        kinds = {type(next(iter(system.app.events.get(User.id_for(u.username))))).__qualname__
                 for u in users}
    assert kinds == {"User.UserRegisteredOnServer"}
