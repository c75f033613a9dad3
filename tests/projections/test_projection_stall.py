"""A handler that raises on one event stalls its own projection at that event, never the
others: the failure is recorded durably, health names it, reads waiting past it answer at
once, an admin's audited skip moves it on, and a fixed handler resumes it by itself.

The handler is a real projection's (the workers' activity), made to raise on visits of 13
minutes while `POISON` is set; everything else is the real runner on a real store.
"""

from __future__ import annotations

import time
import uuid
from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import func, select

from domain.household import Address, Member
from domain.projection_skip import ProjectionEventSkip, SkipReasonRequiredError
from domain.social_work import Visit
from domain.user import Role
from projections import tracking
from projections.worker_activity import WorkerActivity
from services.casework.commands import OpenFolder, RecordVisit
from services.commands import CommandContext
from services.errors import ReadModelStalledError
from services.projecting.admin import ProjectionNotStalledError
from services.projecting.commands import SkipProjectionEvent
from services.system import TeczkaSystem
from tests.api import expect
from tests.api import given as steps
from tests.support.builders import valid_pesel
from tests.support.cli import run_teczka as _teczka
from tests.support.server import running_server

POISONED_MINUTES = 13
POISON = {"on": True}
STALLING = "worker_activity"
WORKER = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.uuid4(), role="social_worker",
                        unit="ZTPS-1")
ADMIN = CommandContext(command_id=uuid.uuid4(), actor_id=uuid.UUID(int=7), role="admin",
                       unit="IT")


@pytest.fixture
def poisoned_system(settings, monkeypatch):
    """The whole system, its runner in-process, with the workers' activity handler raising
    on visits of 13 minutes (tried again every 0.3 s once stalled)."""
    original = WorkerActivity.on_VisitRecorded

    def on_visit(self, batch, tables, event):
        if POISON["on"] and event.visit.minutes == POISONED_MINUTES:
            raise RuntimeError("handler bug: cannot count a 13-minute visit")
        original(self, batch, tables, event)

    monkeypatch.setattr(WorkerActivity, "on_VisitRecorded", on_visit)
    monkeypatch.setitem(POISON, "on", True)
    settings = settings.model_copy(update={"projection_stall_retry_s": 0.3})
    with running_server(settings) as (base_url, system):
        system.base_url = base_url
        yield system


def _ctx() -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=WORKER.actor_id,
                          role=WORKER.role, unit=WORKER.unit)


def _folder_with_visits(system: TeczkaSystem, *minutes: int) -> tuple[uuid.UUID, list[int]]:
    """A folder and a visit of each length: the log position of each visit (a command's
    answer names its last event, the receipt saved right after the visit)."""
    folder_id = uuid.uuid4()
    head = Member.create(member_id=uuid.uuid4(), first_name="Halina", last_name="Kowalczyk",
                         relation="head", pesel=valid_pesel())
    address = Address.create(street="Legnicka", building="12", flat="3", postal_code="54-203",
                             city="Wrocław", teryt="0264029")
    result = system.app.handle(_ctx(), OpenFolder(
        folder_id=folder_id, team_id="ZTPS-1", address=address, head=head,
        opened_on=date.today() - timedelta(days=10)))
    version, positions = result.version, []
    for length in minutes:
        visit = Visit(visit_id=uuid.uuid4(), visited_on=date.today(), minutes=length,
                      activity="home_visit", place="mieszkanie", notes="Rozmowa.")
        result = system.app.handle(_ctx(), RecordVisit(
            folder_id=folder_id, expected_version=version, visit=visit))
        version = result.version
        positions.append(result.position - 1)
    return folder_id, positions


def _positions(system: TeczkaSystem) -> dict[str, int | None]:
    return system.read_models.positions()


def _wait(condition, timeout: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def _stall(system: TeczkaSystem) -> tracking.Stall | None:
    with system.engine.connect() as conn:
        found = [s for s in tracking.all_stalls(conn) if s.projection == STALLING]
    return found[0] if found else None


def _visits_counted(system: TeczkaSystem) -> int:
    """The visits the workers' activity read model holds."""
    projection = system.projection(STALLING)
    with system.engine.connect() as conn:
        tables, _ = projection.active_tables(conn)
        return conn.execute(select(func.count()).select_from(tables.visits)).scalar()


def _others_at_head(system: TeczkaSystem) -> bool:
    head = system.app.head_position()
    return all(position == head for name, position in _positions(system).items()
               if name != STALLING)


def test_a_raising_handler_stalls_its_projection_alone_and_an_admin_skip_moves_it_on(
        poisoned_system):
    system = poisoned_system
    _, (first, poisoned, third) = _folder_with_visits(system, 30, POISONED_MINUTES, 45)

    # The others reach the head; the workers' activity stands just before the bad event.
    _wait(lambda: _others_at_head(system) and _stall(system) is not None, what="stall")
    stall = _stall(system)
    assert stall.event_position == poisoned
    assert stall.position == poisoned - 1 == _positions(system)[STALLING]
    assert stall.topic.endswith("CaseFolder.VisitRecorded")
    assert stall.originator_version == 3 and "13-minute visit" in stall.error
    assert _visits_counted(system) == 1  # the visit before it, in the same batch, is applied

    # Recorded durably, tried again (and failed again) at the slow interval.
    _wait(lambda: _stall(system).attempts >= 2, what="retried")
    assert _stall(system).event_position == poisoned

    # Reads: at once 503-worthy for a position past the event, served up to it.
    started = time.monotonic()
    with pytest.raises(ReadModelStalledError):
        system.read_models.team_activity("ZTPS-1", date.today(), date.today(), after=third)
    assert time.monotonic() - started < 1.0
    system.read_models.team_activity("ZTPS-1", date.today(), date.today(), after=first)

    # Over HTTP: the manager's read past it is 503 read_model.stalled at once; health says
    # "degraded" (still 200: the process serves) and names the stall.
    manager = steps.signed_up(system, system.base_url, "manager1", Role.MANAGER, "ZTPS-1",
                              "haslo-testowe-123")
    with httpx.Client(base_url=system.base_url, timeout=15, headers={
            "Authorization": f"Bearer {manager['access_token']}"}) as http:
        started = time.monotonic()
        answer = http.get("/api/teams/ZTPS-1/activity", params={"after": third})
        assert time.monotonic() - started < 1.0
        health = http.get("/api/health")
    error = expect.refused(answer, 503, "read_model.stalled")
    assert error["details"] == {"projection": STALLING, "position": third,
                                "stalled_at": poisoned}
    assert answer.headers["retry-after"]
    assert health.status_code == 200 and health.json()["status"] == "degraded"
    [named] = health.json()["stalled"]
    assert (named["projection"], named["event_position"], named["error"]) == (
        STALLING, poisoned, "RuntimeError")

    # A skip at another position is refused; the right one is audited and moves it on.
    with pytest.raises(ProjectionNotStalledError):
        system.app.handle(ADMIN, SkipProjectionEvent(
            projection=STALLING, event_position=third, reason="wrong event"))
    with pytest.raises(SkipReasonRequiredError):
        system.app.handle(ADMIN, SkipProjectionEvent(
            projection=STALLING, event_position=poisoned, reason="   "))
    skip = system.app.handle(ADMIN, SkipProjectionEvent(
        projection=STALLING, event_position=poisoned, reason="Błąd obsługi #15"))
    _wait(lambda: _positions(system)[STALLING] == system.app.head_position(), what="skipped")
    assert _stall(system) is None
    assert _visits_counted(system) == 2  # the skipped visit is not counted, the next one is
    recorded = system.app.repository.get(skip.aggregate_id)
    assert isinstance(recorded, ProjectionEventSkip)
    assert (recorded.projection, recorded.event_position) == (STALLING, poisoned)
    skipped = next(e for e in system.app.events.get(skip.aggregate_id))
    assert type(skipped).__name__ == "ProjectionEventSkipped"
    assert skipped.meta["actor_id"] == str(ADMIN.actor_id) and skipped.reason.startswith("Błąd")


def test_a_fixed_handler_resumes_the_stalled_projection_from_that_event(poisoned_system):
    system = poisoned_system
    _, (_, poisoned, _) = _folder_with_visits(system, 20, POISONED_MINUTES, 25)
    _wait(lambda: _stall(system) is not None and _others_at_head(system), what="stall")
    assert _stall(system).event_position == poisoned

    POISON["on"] = False  # the fix is deployed

    _wait(lambda: _positions(system)[STALLING] == system.app.head_position(), what="resumed")
    assert _stall(system) is None
    assert _visits_counted(system) == 3  # nothing skipped: the 13-minute visit counts too
    assert system.projection_admin.stalls() == []


def test_the_cli_names_the_stalled_projection_and_skips_its_event(poisoned_system):
    system = poisoned_system
    _, (_, poisoned) = _folder_with_visits(system, 10, POISONED_MINUTES)
    _wait(lambda: _stall(system) is not None, what="stall")

    shown = _teczka(system.settings, "projections")
    assert shown.returncode == 1, shown.stdout + shown.stderr  # stalled: a check fails
    assert f"worker_activity (generation 1) stalled at event {poisoned}" in shown.stdout
    assert "cannot count a 13-minute visit" in shown.stdout

    refused = _teczka(system.settings, "projections", "skip", STALLING, str(poisoned + 1),
                      "--reason", "nie to zdarzenie")
    assert refused.returncode == 1 and "projection.not_stalled" in refused.stderr
    skipped = _teczka(system.settings, "projections", "skip", STALLING, str(poisoned),
                      "--reason", "Błąd obsługi, zgłoszenie #15")
    assert skipped.returncode == 0, skipped.stderr

    _wait(lambda: _positions(system)[STALLING] == system.app.head_position(), what="skipped")
    assert _teczka(system.settings, "projections").returncode == 0
