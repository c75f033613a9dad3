"""Commands on both stores: stamped with metadata, applied once, refused when stale."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime

import pytest

from domain.household import Address, Member
from domain.identifiers import Pesel
from domain.social_work import Visit
from services.casework.commands import OpenFolder, RecordVisit
from services.commands import (
    CommandContext,
    CommandIdReusedError,
    CommandReceipt,
    StaleVersionError,
)
from services.errors import InvalidCredentialsError
from services.teczka import Teczka
from services.users.commands import RegisterUser

TEAM = "ZTPS-1"
WORKER = uuid.uuid4()


def ctx(**overrides) -> CommandContext:
    values = dict(command_id=uuid.uuid4(), actor_id=WORKER, role="social_worker", unit=TEAM)
    return CommandContext(**(values | overrides))


def open_folder(app: Teczka, context: CommandContext | None = None) -> tuple[uuid.UUID, int]:
    folder_id = uuid.uuid4()
    head = Member.create(member_id=uuid.uuid4(), first_name="Zofia", last_name="Mazur",
                         relation="head", pesel=Pesel.make(date(1940, 5, 2), 17, "F").value)
    address = Address.create(street="Ślężna", building="4", flat=None, postal_code="53-302",
                             city="Wrocław", teryt="0264039")
    result = app.handle(context or ctx(), OpenFolder(
        folder_id=folder_id, team_id=TEAM, address=address, head=head, opened_on=date(2026, 1, 5)))
    return folder_id, result.version


def visit() -> Visit:
    return Visit(visit_id=uuid.uuid4(), visited_on=date(2026, 2, 1), minutes=40,
                 activity="home_visit", place="dom", notes="")


def test_every_event_carries_who_when_and_which_command(system):
    occurred = datetime(2026, 2, 1, 9, 30, tzinfo=UTC)
    correlation = uuid.uuid4()
    opening = ctx(occurred_at=occurred, correlation_id=correlation)
    folder_id, _ = open_folder(system.app, opening)
    stored = [system.app.mapper.to_domain_event(n)
              for n in system.app.recorder.select_notifications(start=1, limit=100)]
    # opening a folder also claims its head's PESEL (the claim aggregate), in the same command
    assert {type(e).__name__ for e in stored} == {"CaseFolderOpened", "PersonClaimed", "Accepted"}
    for domain_event in stored:
        meta = domain_event.meta
        assert meta["actor_id"] == str(WORKER)
        assert meta["role"] == "social_worker" and meta["unit"] == TEAM
        assert meta["command_id"] == str(opening.command_id)
        assert meta["occurred_at"] == occurred.isoformat()
        assert datetime.fromisoformat(meta["recorded_at"]) > occurred
        assert meta["correlation_id"] == str(correlation)
    assert stored[0].originator_id == folder_id


def test_a_retried_command_answers_its_first_result_and_writes_nothing(system):
    folder_id, version = open_folder(system.app)
    command = ctx()
    the_visit = visit()
    first = system.app.handle(command, RecordVisit(
        folder_id=folder_id, expected_version=version, visit=the_visit))
    head = system.app.head_position()
    again = system.app.handle(command, RecordVisit(
        folder_id=folder_id, expected_version=version, visit=the_visit))
    assert again.duplicate and not first.duplicate
    assert again.version == first.version
    assert system.app.head_position() == head


def test_a_command_id_reused_for_another_body_is_refused(system):
    folder_id, version = open_folder(system.app)
    command = ctx()
    system.app.handle(command, RecordVisit(
        folder_id=folder_id, expected_version=version, visit=visit()))
    with pytest.raises(CommandIdReusedError):
        system.app.handle(command, RecordVisit(
            folder_id=folder_id, expected_version=version + 1, visit=visit()))


def test_a_refused_command_leaves_no_receipt_so_its_corrected_retry_applies(system):
    folder_id, version = open_folder(system.app)
    system.app.handle(ctx(), RecordVisit(
        folder_id=folder_id, expected_version=version, visit=visit()))
    command, the_visit = ctx(), visit()
    with pytest.raises(StaleVersionError) as refused:
        system.app.handle(command, RecordVisit(
            folder_id=folder_id, expected_version=version, visit=the_visit))
    assert refused.value.params["current_version"] == version + 1
    assert not list(system.app.events.get(CommandReceipt.create_id(command.command_id)))
    applied = system.app.handle(command, RecordVisit(
        folder_id=folder_id, expected_version=version + 1, visit=the_visit))
    assert not applied.duplicate and applied.version == version + 2


def test_eight_writers_racing_on_one_folder_lose_no_accepted_command(system):
    folder_id, version = open_folder(system.app)
    accepted, stale = [], []
    barrier = threading.Barrier(8)

    def write() -> None:
        barrier.wait()
        try:
            accepted.append(system.app.handle(ctx(), RecordVisit(
                folder_id=folder_id, expected_version=version, visit=visit())))
        except StaleVersionError:
            stale.append(1)

    threads = [threading.Thread(target=write) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(accepted) == 1 and len(stale) == 7
    folder = system.app.repository.get(folder_id)
    assert folder.version == version + 1
    assert len(folder.visits) == 1


def test_passwords_are_stored_only_as_argon2_hashes(system):
    password = "bardzo-tajne-haslo-42"
    system.app.handle(ctx(role="admin", unit="IT"), RegisterUser(
        username="ola.nowak", display_name="Ola Nowak", role="social_worker", unit=TEAM,
        password=password))
    raw = b"".join(n.state for n in system.app.recorder.select_notifications(start=1, limit=50))
    assert password.encode() not in raw
    assert b"$argon2id$" in raw
    assert system.app.authenticate("ola.nowak", password).display_name == "Ola Nowak"
    with pytest.raises(InvalidCredentialsError):
        system.app.authenticate("ola.nowak", "zle-haslo-1234")
    with pytest.raises(InvalidCredentialsError):
        system.app.authenticate("nikt.taki", password)
