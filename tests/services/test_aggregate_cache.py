"""Each process keeps aggregates cached between commands: it must still act on the latest
state, keep nothing a failed command changed, and let go of personal data once it is erased —
also when another process (another API worker or instance) did the erasing."""

from __future__ import annotations

import time
import uuid
from datetime import date

import pytest

from domain.case_folder import ERASED, CaseFolder
from domain.household import Address, Member
from domain.service_order import ServiceOrder
from domain.social_work import Visit
from services.casework.commands import OpenFolder, RecordVisit, TransferFolder
from services.commands import FolderNotFoundError, StaleVersionError
from services.privacy.commands import ErasePersonalData
from services.privacy.retention import erase_expired
from services.store import personal_data
from services.system import TeczkaSystem
from tests.services.test_erasure import (
    NOTES,
    STREET,
    SURNAME,
    _closed_folder,
    _wait_for_head,
    ctx,
)
from tests.support.builders import valid_pesel


def _visit(on: date = date(2026, 11, 2), notes: str = "rozmowa") -> Visit:
    return Visit(visit_id=uuid.uuid4(), visited_on=on, minutes=30, activity="home_visit",
                 place="mieszkanie", notes=notes)


def _text_of(aggregate) -> str:
    """Everything the aggregate holds, as text (dataclass values show their fields)."""
    return repr(vars(aggregate))


@pytest.fixture
def other(settings) -> TeczkaSystem:
    """A second process's application on the same store (another worker or instance)."""
    with TeczkaSystem(settings, run_projectors=False) as second:
        yield second


def _cached_folder(system: TeczkaSystem) -> tuple[uuid.UUID, int]:
    """A folder of team ZTPS-1 that this process has just changed, so holds cached."""
    app = system.app
    folder_id = uuid.uuid4()
    head = Member.create(member_id=uuid.uuid4(), first_name="Jan", last_name="Kot",
                         relation="head", pesel=valid_pesel())
    address = Address.create(street="Długa", building="1", flat=None, postal_code="53-000",
                             city="Wrocław", teryt="0264049")
    v = app.handle(ctx(), OpenFolder(
        folder_id=folder_id, team_id="ZTPS-1", address=address, head=head,
        opened_on=date(2026, 1, 1))).version
    return folder_id, app.handle(ctx(), RecordVisit(
        folder_id=folder_id, expected_version=v, visit=_visit())).version


def test_a_command_acts_on_what_another_process_saved_since_it_cached_the_folder(
        system, other):
    app = system.app
    new_id, v = _cached_folder(system)
    moved = other.app.handle(ctx(), RecordVisit(
        folder_id=new_id, expected_version=v, visit=_visit(notes="druga"))).version
    # This process's cached copy is one version behind; the command still sees the new one.
    with pytest.raises(StaleVersionError) as refused:
        app.handle(ctx(), RecordVisit(
            folder_id=new_id, expected_version=v, visit=_visit(notes="trzecia")))
    assert refused.value.params["current_version"] == moved
    done = app.handle(ctx(), RecordVisit(
        folder_id=new_id, expected_version=moved, visit=_visit(notes="trzecia")))
    assert done.version == moved + 1
    assert len(app.repository.get(new_id).visits) == 3


def test_a_retry_of_a_command_another_process_saved_answers_its_first_result(system, other):
    folder_id, v = _cached_folder(system)
    retried, visit = ctx(), _visit(notes="raz")
    first = other.app.handle(retried, RecordVisit(
        folder_id=folder_id, expected_version=v, visit=visit))
    # This process's cached folder is still at the version the retry expects.
    again = system.app.handle(retried, RecordVisit(
        folder_id=folder_id, expected_version=v, visit=visit))
    assert again.duplicate and again.version == first.version
    assert len(system.app.repository.get(folder_id).visits) == 2


def test_a_folder_moved_to_another_team_by_another_process_is_not_found_by_the_old_team(
        system, other):
    folder_id, v = _cached_folder(system)
    other.app.handle(ctx("manager"), TransferFolder(
        folder_id=folder_id, expected_version=v, team_id="ZTPS-2"))
    # The cached copy still says ZTPS-1; the worker must learn nothing of the folder now,
    # not even its version (which a 409 would tell).
    with pytest.raises(FolderNotFoundError):
        system.app.handle(ctx(), RecordVisit(
            folder_id=folder_id, expected_version=v, visit=_visit()))
    assert len(other.app.repository.get(folder_id).visits) == 1


def test_a_command_that_fails_after_changing_its_folder_leaves_the_cached_folder_as_it_was(
        system, monkeypatch):
    app = system.app
    folder_id, _ = _closed_folder(system, date(2013, 1, 10))
    before = app.repository.get(folder_id)
    erase = CaseFolder.erase_personal_data

    def changes_then_fails(folder: CaseFolder, *args, **kwargs) -> None:
        erase(folder, *args, **kwargs)  # changes the folder…
        raise RuntimeError("…and then something breaks before the save")

    monkeypatch.setattr(CaseFolder, "erase_personal_data", changes_then_fails)
    with pytest.raises(RuntimeError):
        app.handle(ctx("admin"), ErasePersonalData(folder_id=folder_id,
                                                   erased_on=date(2026, 11, 25)))
    after = app.repository.get(folder_id)
    assert after.version == before.version and after.erased_on is None
    assert list(app.events.get(folder_id, gt=before.version)) == []


def test_a_folder_cached_in_another_process_shows_nothing_personal_once_erased(system, other):
    folder_id, pesel = _closed_folder(system, date(2013, 1, 10))
    order_id = _care_order_of(system, folder_id)
    # The other process has read (and cached) the folder and the care order in the clear.
    assert SURNAME in _text_of(other.app.repository.get(folder_id))
    assert NOTES in _text_of(other.app.repository.get(order_id))
    erase_expired(system, ctx("admin"), date(2026, 11, 25))
    # Its next read of the folder finds the erasure in the log: nothing personal is left, in
    # the folder nor in the order whose keys went with it.
    folder = other.app.repository.get(folder_id)
    assert folder.erased_on == date(2026, 11, 25)
    text = _text_of(folder)
    for secret in (SURNAME, STREET, pesel, NOTES):
        assert secret not in text
    assert folder.members[next(iter(folder.members))].first_name == ERASED
    order = other.app.repository.get(order_id)
    for secret in (SURNAME, STREET, NOTES):
        assert secret not in _text_of(order)
    # And it stays so on later reads (nothing decoded before the erasure comes back).
    assert SURNAME not in _text_of(other.app.repository.get(folder_id))


def test_a_care_order_cached_in_another_process_is_redacted_once_its_key_is_known_gone(
        system, other, monkeypatch):
    # Here the other process never reads the folder (so never sees the erasure event): it
    # learns the order's key is gone when it next asks the key table, after the key cache's
    # lifetime — shortened here instead of waiting 30 s.
    monkeypatch.setattr(personal_data, "KEY_CACHE_TTL_S", 0.2)
    folder_id, _ = _closed_folder(system, date(2013, 1, 10))
    order_id = _care_order_of(system, folder_id)
    assert NOTES in _text_of(other.app.repository.get(order_id))
    erase_expired(system, ctx("admin"), date(2026, 11, 25))
    time.sleep(0.3)
    order = other.app.repository.get(order_id)
    for secret in (SURNAME, STREET, NOTES):
        assert secret not in _text_of(order)


def _care_order_of(system: TeczkaSystem, folder_id: uuid.UUID) -> uuid.UUID:
    _wait_for_head(system)
    return next(record for record in system.read_models.records_of_folder(folder_id)
                if isinstance(system.app.repository.get(record), ServiceOrder))


def test_a_batch_refuses_at_once_only_the_command_on_a_folder_another_process_moved_on(
        system, other):
    moved_on, v = _cached_folder(system)
    untouched, w = _cached_folder(system)
    other.app.handle(ctx(), RecordVisit(
        folder_id=moved_on, expected_version=v, visit=_visit(notes="druga")))
    with system.app.batched():
        # This process's copy is at the version the command expects, but the batch reads
        # the store: the command is refused now, not the whole batch at its save.
        with pytest.raises(StaleVersionError):
            system.app.handle(ctx(), RecordVisit(
                folder_id=moved_on, expected_version=v, visit=_visit()))
        system.app.handle(ctx(), RecordVisit(
            folder_id=untouched, expected_version=w, visit=_visit()))
    assert system.app.version_of(untouched) == w + 1
