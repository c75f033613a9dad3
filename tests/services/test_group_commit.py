"""Group commit on both stores: commands that arrive together are saved in one transaction,
and one that conflicts fails alone while the others commit, each caller with its own answer.

The commands are made to arrive together by holding the store's write lock from outside (a
table lock on PostgreSQL, a reserved lock on the SQLite file): the first command's save waits
on it, the others queue behind it, and when the lock is let go they form one group.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import psycopg
import pytest

from domain.household import Address, Member
from domain.identifiers import Pesel
from domain.social_work import Visit
from services.casework.commands import OpenFolder, RecordVisit
from services.commands import CommandContext, CommandResult, StaleVersionError
from services.system import TeczkaSystem
from tests.support.recount import recount_folders

TEAM = "ZTPS-1"
WORKER = uuid.uuid4()


def ctx() -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=WORKER, role="social_worker",
                          unit=TEAM)


def open_folders(system: TeczkaSystem, count: int) -> list[tuple[uuid.UUID, int]]:
    opened = []
    for i in range(count):
        folder_id = uuid.uuid4()
        head = Member.create(member_id=uuid.uuid4(), first_name="Zofia", last_name=f"Mazur{i}",
                             relation="head", pesel=Pesel.make(date(1940, 5, 2), i, "F").value)
        address = Address.create(street="Ślężna", building=str(i + 1), flat=None,
                                 postal_code="53-302", city="Wrocław", teryt="0264039")
        result = system.app.handle(ctx(), OpenFolder(
            folder_id=folder_id, team_id=TEAM, address=address, head=head,
            opened_on=date(2026, 1, 5)))
        opened.append((folder_id, result.version))
    return opened


def record_visit(folder: tuple[uuid.UUID, int]) -> RecordVisit:
    return RecordVisit(folder_id=folder[0], expected_version=folder[1], visit=Visit(
        visit_id=uuid.uuid4(), visited_on=date(2026, 2, 1), minutes=40, activity="home_visit",
        place="dom", notes=""))


@contextmanager
def write_lock_held(system: TeczkaSystem) -> Iterator[Callable[[], None]]:
    """Hold the event store's write lock from another connection; yields its release."""
    settings = system.settings
    if settings.is_postgres:
        conn: Any = psycopg.connect(settings.libpq_url())
        conn.execute(f"LOCK TABLE {system.app.recorder.events_table_name} IN EXCLUSIVE MODE")
    else:
        conn = sqlite3.connect(settings.sqlite_path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
    released = False

    def release() -> None:
        nonlocal released
        if not released:
            conn.rollback() if settings.is_postgres else conn.execute("ROLLBACK")
            released = True

    try:
        yield release
    finally:
        release()
        conn.close()


def wait_until(condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def sent_together(system: TeczkaSystem, first: tuple[CommandContext, RecordVisit],
                  together: list[tuple[CommandContext, RecordVisit]]) -> list[Any]:
    """`first` is saved while the write lock is held; `together` queue behind it and are
    let go as one group. Each command's result or error, in the order of `together`."""
    group = system.app.group_commit
    assert group is not None
    answers: list[Any] = [None] * len(together)

    def send(i: int | None, command: tuple[CommandContext, RecordVisit]) -> None:
        try:
            result: Any = system.app.handle(*command)
        except Exception as error:  # the answer under test
            result = error
        if i is not None:
            answers[i] = result

    with write_lock_held(system) as release:
        blocker = threading.Thread(target=send, args=(None, first))
        blocker.start()
        wait_until(lambda: group.saving == 1)
        threads = [threading.Thread(target=send, args=(i, c)) for i, c in enumerate(together)]
        for thread in threads:
            thread.start()
        wait_until(lambda: group.queued() == len(together))
        release()
        for thread in (blocker, *threads):
            thread.join(timeout=30)
    return answers


def visits_in_log(system: TeczkaSystem, after: int) -> list[tuple[int, Any]]:
    app = system.app
    notifications = app.recorder.select_notifications(start=after + 1, limit=1000)
    return [(n.id, app.mapper.to_domain_event(n)) for n in notifications]


def test_commands_arriving_together_are_saved_in_one_transaction(system):
    folders = open_folders(system, 5)
    group = system.app.group_commit
    assert group is not None
    head = system.app.head_position()
    groups_before = group.groups
    commands = [(ctx(), record_visit(folder)) for folder in folders[1:]]
    answers = sent_together(system, (ctx(), record_visit(folders[0])), commands)

    assert all(isinstance(a, CommandResult) and not a.duplicate for a in answers), answers
    # the blocker's group, then one group of the four
    assert group.groups == groups_before + 2
    logged = visits_in_log(system, head)
    assert [type(e).__name__ for _, e in logged].count("VisitRecorded") == 5
    # One transaction: the four commands' events were recorded at one instant, each still
    # stamped with its own command.
    later = [(position, e) for position, e in logged
             if e.meta["command_id"] in {str(c.command_id) for c, _ in commands}]
    assert len(later) == 8  # a visit and a receipt each
    assert len({e.meta["recorded_at"] for _, e in later}) == 1
    for (context, _command), answer in zip(commands, answers, strict=True):
        own = [(position, e) for position, e in later
               if e.meta["command_id"] == str(context.command_id)]
        # each caller's answer: its own folder's version and its own last event's position
        assert answer.position == own[-1][0]
        assert answer.version == own[0][1].originator_version
    positions = [position for position, _ in logged]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)


def test_a_conflicting_command_in_a_group_fails_alone_and_the_others_commit(system):
    folders = open_folders(system, 5)
    head = system.app.head_position()
    retried = (ctx(), record_visit(folders[4]))
    commands = [
        (ctx(), record_visit(folders[1])),
        (ctx(), record_visit(folders[2])),
        # two people's changes of one folder from the same version: one of them is stale
        (ctx(), record_visit(folders[3])),
        (ctx(), record_visit(folders[3])),
        # a tablet sending the same command twice: applied once, both answered
        retried, retried,
    ]
    answers = sent_together(system, (ctx(), record_visit(folders[0])), commands)

    assert isinstance(answers[0], CommandResult) and isinstance(answers[1], CommandResult)
    rivals = answers[2:4]
    stale = [a for a in rivals if isinstance(a, StaleVersionError)]
    applied = [a for a in rivals if isinstance(a, CommandResult)]
    assert len(stale) == 1 and len(applied) == 1, rivals
    assert stale[0].params["current_version"] == folders[3][1] + 1
    first, again = answers[4:6]
    assert isinstance(first, CommandResult) and isinstance(again, CommandResult)
    assert {first.duplicate, again.duplicate} == {False, True}
    assert first.version == again.version == folders[4][1] + 1

    logged = visits_in_log(system, head)
    visits = [e for _, e in logged if type(e).__name__ == "VisitRecorded"]
    # every folder's visit exactly once: none lost, none doubled, the stale one not at all
    assert sorted(str(e.originator_id) for e in visits) == sorted(str(f[0]) for f in folders)
    receipts = [e for _, e in logged if type(e).__name__ == "Accepted"]
    assert len(receipts) == 5
    assert len({e.meta["command_id"] for e in receipts}) == 5
    positions = [position for position, _ in logged]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    # The projection runner saw every event once, in order: each folder's view as the log
    # has it (an independent recount), once it has read up to the head.
    expected = recount_folders(system.app)
    head = system.app.head_position()
    for folder_id, _version in folders:
        shown = system.read_models.client_view(folder_id, after=head)
        assert shown is not None
        counts = expected[str(folder_id)]
        assert shown["version"] == counts["version"]
        assert len(shown["timeline"]) == counts["timeline"]


def test_a_group_is_no_larger_than_its_bound(settings, tmp_path):
    bounded = settings.model_copy(update={"group_commit_max_commands": 2})
    with TeczkaSystem(bounded, run_projectors=False) as system:
        folders = open_folders(system, 5)
        group = system.app.group_commit
        assert group is not None
        groups_before = group.groups
        answers = sent_together(system, (ctx(), record_visit(folders[0])),
                                [(ctx(), record_visit(folder)) for folder in folders[1:]])
        assert all(isinstance(a, CommandResult) for a in answers), answers
        # the blocker, then the four queued commands two at a time
        assert group.groups == groups_before + 3


@pytest.mark.parametrize("wait_ms", [3, -1])
def test_the_wait_for_a_group_is_bounded(wait_ms):
    from pydantic import ValidationError

    from services.settings import Settings

    with pytest.raises(ValidationError):
        Settings(group_commit_wait_ms=wait_ms)
