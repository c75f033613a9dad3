"""Several commands, one transaction: each command answered, stamped and receipted as alone."""

from __future__ import annotations

import threading
import uuid
from datetime import date

import pytest
from sqlalchemy import select

from domain.case_folder import CaseFolder
from domain.household import Address, Member
from domain.identifiers import Pesel
from domain.social_work import Visit
from services.casework.commands import AddMember, OpenFolder, RecordVisit
from services.commands import (
    AggregateNotFoundError,
    CommandContext,
    CommandIdReusedError,
    CommandReceipt,
    StaleVersionError,
)
from services.store.personal_data import KeyStore, SubjectErasedError, personal_data_keys
from services.store.sealing import SealingMapper
from tests.support.builders import valid_pesel

TEAM = "ZTPS-1"
WORKER = uuid.uuid4()


def ctx(**overrides) -> CommandContext:
    values = dict(command_id=uuid.uuid4(), actor_id=WORKER, role="social_worker", unit=TEAM)
    return CommandContext(**(values | overrides))


def open_folder(app, context: CommandContext | None = None):
    folder_id = uuid.uuid4()
    # one person, one open folder: each folder's head is another person
    head = Member.create(member_id=uuid.uuid4(), first_name="Zofia", last_name="Mazur",
                         relation="head", pesel=valid_pesel(date(1940, 5, 2)))
    address = Address.create(street="Ślężna", building="4", flat=None, postal_code="53-302",
                             city="Wrocław", teryt="0264039")
    return app.handle(context or ctx(), OpenFolder(
        folder_id=folder_id, team_id=TEAM, address=address, head=head, opened_on=date(2026, 1, 5)))


def visit(minutes: int = 40) -> Visit:
    return Visit(visit_id=uuid.uuid4(), visited_on=date(2026, 2, 1), minutes=minutes,
                 activity="home_visit", place="dom", notes="")


def folder_with_a_visit(app):
    """A folder with one visit saved: (the folder, the visit's command, the visit, its result)."""
    opened = open_folder(app)
    command, its_visit = ctx(), visit()
    return opened, command, its_visit, app.handle(command, RecordVisit(
        folder_id=opened.aggregate_id, expected_version=opened.version, visit=its_visit))


def logged(app, start: int = 1):
    return [app.mapper.to_domain_event(n)
            for n in app.recorder.select_notifications(start=start, limit=1000)]


def test_a_batch_is_saved_at_its_end_with_each_event_stamped_by_its_own_command(system):
    app = system.app
    head = app.head_position()
    opening, visiting = ctx(), ctx(actor_id=uuid.uuid4())
    with app.batched() as batch:
        opened = open_folder(app, opening)
        visited = app.handle(visiting, RecordVisit(
            folder_id=opened.aggregate_id, expected_version=opened.version, visit=visit()))
        assert app.head_position() == head  # nothing is written before the end
    assert (opened.version, visited.version) == (1, 2)
    events = logged(app, head + 1)
    # opening a folder also claims its head's PESEL for it (one person, one open folder)
    assert [type(e).__name__ for e in events] == [
        "CaseFolderOpened", "PersonClaimed", "Accepted", "VisitRecorded", "Accepted"]
    by_command = {str(opening.command_id): opening, str(visiting.command_id): visiting}
    for domain_event in events:
        command = by_command[domain_event.meta["command_id"]]
        assert domain_event.meta["actor_id"] == str(command.actor_id)
    assert {e.meta["recorded_at"] for e in events} == {events[0].meta["recorded_at"]}
    receipts = [e for e in events if type(e).__name__ == "Accepted"]
    assert [r.originator_id for r in receipts] == [
        CommandReceipt.create_id(opening.command_id), CommandReceipt.create_id(visiting.command_id)]
    # Results inside the batch have no position yet; the saved ones point at their events.
    assert opened.position == 0
    assert [r.position for r in batch.results] == [head + 3, head + 5]


def test_a_retry_in_or_after_a_batch_answers_the_first_result_and_writes_nothing(system):
    app = system.app
    before, saved_before, earlier_visit, first = folder_with_a_visit(app)
    command, the_visit = ctx(), visit()
    with app.batched() as batch:
        opened = open_folder(app)
        once = app.handle(command, RecordVisit(
            folder_id=opened.aggregate_id, expected_version=1, visit=the_visit))
        twice = app.handle(command, RecordVisit(
            folder_id=opened.aggregate_id, expected_version=1, visit=the_visit))
        older = app.handle(saved_before, RecordVisit(
            folder_id=before.aggregate_id, expected_version=before.version, visit=earlier_visit))
    assert twice.duplicate and not once.duplicate and twice.version == once.version == 2
    assert older.duplicate and older.version == first.version
    assert app.version_of(opened.aggregate_id) == 2
    assert len(batch.results) == 4
    assert batch.results[2].position == batch.results[1].position
    head = app.head_position()
    again = app.handle(command, RecordVisit(
        folder_id=opened.aggregate_id, expected_version=1, visit=the_visit))
    assert again.duplicate and app.head_position() == head


def test_a_command_id_reused_for_another_body_in_a_batch_is_refused(system):
    app = system.app
    command = ctx()
    with app.batched():
        opened = open_folder(app)
        app.handle(command, RecordVisit(
            folder_id=opened.aggregate_id, expected_version=1, visit=visit(40)))
        with pytest.raises(CommandIdReusedError):
            app.handle(command, RecordVisit(
                folder_id=opened.aggregate_id, expected_version=2, visit=visit(90)))
    assert app.version_of(opened.aggregate_id) == 2


def test_a_stale_command_in_a_batch_is_refused_and_the_others_are_saved(system):
    app = system.app
    with app.batched():
        opened = open_folder(app)
        app.handle(ctx(), RecordVisit(
            folder_id=opened.aggregate_id, expected_version=1, visit=visit()))
        with pytest.raises(StaleVersionError):
            app.handle(ctx(), RecordVisit(
                folder_id=opened.aggregate_id, expected_version=1, visit=visit()))
    assert app.version_of(opened.aggregate_id) == 2


def test_an_error_leaving_the_block_saves_nothing(system):
    app = system.app
    head = app.head_position()
    with pytest.raises(ZeroDivisionError), app.batched():
        open_folder(app)
        _ = 1 / 0
    assert app.head_position() == head


def test_a_command_that_fails_half_way_spoils_the_batch(system, monkeypatch):
    app = system.app
    head = app.head_position()
    record_visit = CaseFolder.record_visit

    def half_way(folder: CaseFolder, *args, **kwargs) -> None:
        record_visit(folder, *args, **kwargs)
        raise ValueError("after an event")

    with pytest.raises(RuntimeError, match="half-changed"), app.batched():
        opened = open_folder(app)
        monkeypatch.setattr(CaseFolder, "record_visit", half_way)
        with pytest.raises(ValueError):
            app.handle(ctx(), RecordVisit(
                folder_id=opened.aggregate_id, expected_version=1, visit=visit()))
    assert app.head_position() == head


def test_another_writer_moving_an_aggregate_first_refuses_the_whole_batch(system):
    app = system.app
    opened = open_folder(app)
    head = app.head_position()
    with pytest.raises(StaleVersionError) as refused, app.batched():
        app.handle(ctx(), RecordVisit(
            folder_id=opened.aggregate_id, expected_version=1, visit=visit()))
        # Batches are per thread: this command is saved at once, before the batch.
        other = threading.Thread(
            target=app.handle, args=(ctx(), RecordVisit(
                folder_id=opened.aggregate_id, expected_version=1, visit=visit())))
        other.start()
        other.join()
    assert refused.value.params["aggregate_id"] == str(opened.aggregate_id)
    assert refused.value.params["current_version"] == 2
    assert app.head_position() == head + 2  # only the other writer's visit and receipt


def test_batches_do_not_nest(system):
    with system.app.batched(), pytest.raises(RuntimeError), system.app.batched():
        pass


# -- personal-data keys of a batch ----------------------------------------------------------


def keys_of(system, subjects):
    """subject → (wrapped key present, created_at) as stored."""
    table = personal_data_keys
    with system.engine.connect() as conn:
        rows = conn.execute(select(table.c.subject_id, table.c.wrapped_key, table.c.created_at)
                            .where(table.c.subject_id.in_(list(subjects))))
        return {row.subject_id: (row.wrapped_key is not None, row.created_at) for row in rows}


def sealed_subjects(app, start: int):
    return {subject for n in app.recorder.select_notifications(start=start, limit=1000)
            for subject in app.mapper.subjects_to_seal([app.mapper.to_domain_event(n)])}


def test_the_keys_of_a_batch_are_written_together_before_its_events(system):
    app = system.app
    head = app.head_position()
    with app.batched():
        first = open_folder(app)
        second = open_folder(app)
        app.handle(ctx(), AddMember(
            folder_id=second.aggregate_id, expected_version=1,
            member=Member.create(
            member_id=uuid.uuid4(), first_name="Jan", last_name="Mazur", relation="child",
            pesel=Pesel.make(date(2015, 3, 1), 5, "M").value)))
    subjects = sealed_subjects(app, head + 1)
    # two folders, two heads and a child, each sealed with a key of its own
    assert len(subjects) == 5 and {first.aggregate_id, second.aggregate_id} <= subjects
    stored = keys_of(system, subjects)
    assert set(stored) == subjects and all(live for live, _created in stored.values())
    # one transaction for all of them, not a commit per person
    assert len({created for _live, created in stored.values()}) == 1
    # the stored keys (not only this process's cached ones) open every sealed field
    fresh = SealingMapper(transcoder=app.mapper.transcoder,
                          keys=KeyStore(system.engine, system.settings.personal_data_master_key()))
    names = [fresh.to_domain_event(n).head.first_name
             for n in app.recorder.select_notifications(start=head + 1, limit=1000)
             if n.topic.endswith("CaseFolderOpened")]
    assert names == ["Zofia", "Zofia"]


def test_a_batch_writing_for_an_erased_person_is_refused_whole(system):
    app = system.app
    erased = open_folder(app)
    system.keys.erase([erased.aggregate_id])
    head = app.head_position()
    with pytest.raises(SubjectErasedError), app.batched():
        opened = open_folder(app)
        app.handle(ctx(), RecordVisit(
            folder_id=erased.aggregate_id, expected_version=erased.version, visit=visit()))
    assert app.head_position() == head
    with pytest.raises(AggregateNotFoundError):
        app.version_of(opened.aggregate_id)


# -- receipts read ahead ----------------------------------------------------------------------


def in_another_thread(call, *args, **kwargs):
    """Another writer (batches are per thread): saved at once, whatever this thread does."""
    results = []
    other = threading.Thread(target=lambda: results.append(call(*args, **kwargs)))
    other.start()
    other.join()
    return results[0]


def test_a_command_saved_before_and_expected_in_a_batch_answers_its_first_result(system):
    app = system.app
    opened, saved, its_visit, first = folder_with_a_visit(app)
    new, reused = ctx(), ctx()
    app.handle(reused, RecordVisit(
        folder_id=opened.aggregate_id, expected_version=first.version, visit=visit(30)))
    head = app.head_position()
    with app.batched() as batch:
        app.expect_commands([saved.command_id, new.command_id, reused.command_id])
        again = app.handle(saved, RecordVisit(
            folder_id=opened.aggregate_id, expected_version=opened.version, visit=its_visit))
        with pytest.raises(CommandIdReusedError):
            app.handle(reused, RecordVisit(
                folder_id=opened.aggregate_id, expected_version=3, visit=visit(90)))
        later = app.handle(new, RecordVisit(
            folder_id=opened.aggregate_id, expected_version=3, visit=visit()))
    assert again.duplicate and again.version == first.version == 2
    assert not later.duplicate and later.version == 4
    # only the new command wrote: its visit and its receipt
    assert app.head_position() == head + 2
    assert [r.duplicate for r in batch.results] == [True, False]


def test_a_retry_saved_by_another_writer_after_the_read_ahead_is_still_a_retry(system):
    app = system.app
    opened = open_folder(app)
    command, its_visit = ctx(), visit()
    with app.batched():
        app.expect_commands([command.command_id])
        first = in_another_thread(app.handle, command, RecordVisit(
            folder_id=opened.aggregate_id, expected_version=1, visit=its_visit))
        # The folder moved on: before refusing a stale version, the store is asked again.
        again = app.handle(command, RecordVisit(
            folder_id=opened.aggregate_id, expected_version=1, visit=its_visit))
    assert again.duplicate and again.version == first.version == 2
    assert app.version_of(opened.aggregate_id) == 2


def test_a_batch_racing_another_writer_of_an_expected_command_is_refused_whole(system):
    app = system.app
    command = ctx()
    head = app.head_position()
    folder_id, head_member, pesel = uuid.uuid4(), uuid.uuid4(), valid_pesel(date(1940, 5, 2))

    def open_the_folder():
        head_of = Member.create(member_id=head_member, first_name="Zofia", last_name="Mazur",
                                relation="head", pesel=pesel)
        address = Address.create(street="Ślężna", building="4", flat=None,
                                 postal_code="53-302", city="Wrocław", teryt="0264039")
        return app.handle(command, OpenFolder(
            folder_id=folder_id, team_id=TEAM, address=address, head=head_of,
            opened_on=date(2026, 1, 5)))

    with pytest.raises(StaleVersionError), app.batched():
        app.expect_commands([command.command_id])
        other = open_folder(app)
        # Read ahead as not saved, then saved by another writer: this copy cannot know.
        in_another_thread(open_the_folder)
        assert not open_the_folder().duplicate
    # Only the other writer's folder, its head's claim and receipt: nothing of the refused batch.
    assert app.head_position() == head + 3
    with pytest.raises(AggregateNotFoundError):
        app.version_of(other.aggregate_id)


def test_commands_are_expected_only_in_a_batch(system):
    with pytest.raises(RuntimeError):
        system.app.expect_commands([uuid.uuid4()])
