"""Crypto-shredding: the log never holds personal data in plaintext; destroying a folder's
keys at the end of retention leaves history intact, projections rebuildable and no trace of
the person in a database dump."""

from __future__ import annotations

import subprocess
import time
import uuid
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from domain.care import CareTerms
from domain.case_folder import ERASED, CaseFolder, FolderNotClosedError
from domain.household import Address, Member
from domain.social_work import Visit
from projections import tracking
from services.casework.commands import (
    CloseFolder,
    ConductInterview,
    OpenFolder,
    RecordBankAccount,
    RecordVisit,
)
from services.commands import CommandContext
from services.privacy.commands import ErasePersonalData
from services.privacy.retention import erase_expired
from services.proceedings.commands import CareNotes, FileApplication, IssueDecision
from services.projecting.runner import decode
from services.system import TeczkaSystem
from tests.support.providers import register_providers

SURNAME = "Przybyszewska"
STREET = "Zakrzewska"
NOTES = "Choruje na cukrzycę, mieszka sama"
# The account her benefits were paid to (sealed; the payments read model's copy goes too).
IBAN = "PL61109010140000071219812874"


def ctx(role: str = "social_worker") -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=uuid.uuid4(), role=role, unit="ZTPS-1")


def _closed_folder(system: TeczkaSystem, closed_on: date) -> tuple[uuid.UUID, str]:
    app = system.app
    register_providers(app)
    folder_id = uuid.uuid4()
    head = Member.create(member_id=uuid.uuid4(), first_name="Bożena", last_name=SURNAME,
                         relation="head", pesel="44051401458")
    address = Address.create(street=STREET, building="7", flat="2", postal_code="51-111",
                             city="Wrocław", teryt="0264049")
    v = app.handle(ctx(), OpenFolder(
        folder_id=folder_id, team_id="ZTPS-1", address=address, head=head,
        opened_on=date(2012, 3, 1))).version
    v = app.handle(ctx(), RecordVisit(
        folder_id=folder_id, expected_version=v,
        visit=Visit(
        visit_id=uuid.uuid4(), visited_on=date(2012, 3, 5), minutes=60,
        activity="home_visit", place="mieszkanie", notes=NOTES))).version
    v = app.handle(ctx(), ConductInterview(
        folder_id=folder_id, expected_version=v, interview_id=uuid.uuid4(),
        conducted_on=date(2012, 3, 7),
        sections={
        "A": f"{SURNAME}, samotna", "H": "pomoc w domu", "I": NOTES, "J": "usługi"})).version
    # Care services were granted: the provider's copy of her data must go with the rest.
    proceeding_id = uuid.uuid4()
    filed = app.handle(ctx(), FileApplication(
        proceeding_id=proceeding_id, folder_id=folder_id, person_id=head.member_id,
        form="care_services", applicant="person", filed_on=date(2012, 3, 7),
        case_reference="ZTPS1.8210.7.2012"))
    app.handle(ctx("decision_maker"), IssueDecision(
        proceeding_id=proceeding_id, expected_version=filed.version, decision_id=uuid.uuid4(),
        outcome="grant", reasons=("6",), legal_basis="art. 50", signatory="z up. Prezydenta",
        issued_on=date(2012, 3, 9),
        care=CareTerms(tasks=("meals",), hours_per_day=Decimal(2), hours_per_week=Decimal(10),
                       weekdays=(1, 2, 3, 4, 5), period_from=date(2012, 3, 12),
                       period_to=date(2012, 12, 31), place="dom", provider_id="MCUS",
                       hourly_cost=Decimal("20.00"), fee_share_percent=Decimal(0)),
        notes=CareNotes(health_notes=NOTES, access_notes=f"Klucz u sąsiadki, {STREET} 9")))
    v = app.repository.get(folder_id).version
    v = app.handle(ctx(), RecordBankAccount(
        folder_id=folder_id, expected_version=v, member_id=head.member_id, iban=IBAN)).version
    app.handle(ctx(), CloseFolder(
        folder_id=folder_id, expected_version=v, closed_on=closed_on, reason="Zgon klienta"))
    return folder_id, head.pesel


def _wait_for_head(system: TeczkaSystem) -> None:
    head = system.app.head_position()
    deadline = time.monotonic() + 30
    while any(p is None or p < head for p in system.read_models.positions().values()):
        assert time.monotonic() < deadline
        time.sleep(0.02)


def _stored_states(system: TeczkaSystem) -> bytes:
    notifications = system.app.recorder.select_notifications(start=1, limit=10_000)
    return b"".join(n.state for n in notifications)


def _dump(system: TeczkaSystem) -> str:
    """Every row of the database as text: pg_dump on PostgreSQL, iterdump on SQLite."""
    settings = system.settings
    if settings.is_postgres:
        return subprocess.run(["pg_dump", "--no-owner", settings.database_url],
                              capture_output=True, text=True, check=True).stdout
    raw = system.engine.raw_connection()
    try:
        return "\n".join(raw.driver_connection.iterdump())
    finally:
        raw.close()


def test_the_event_log_never_holds_personal_data_in_plaintext(system):
    _folder_id, pesel = _closed_folder(system, date(2013, 1, 10))
    stored = _stored_states(system)
    for secret in (SURNAME, STREET, pesel, "cukrzyc", IBAN[4:]):
        assert secret.encode() not in stored
    # …while the people allowed to read it still can.
    _wait_for_head(system)
    assert system.read_models.search_persons(SURNAME)


def test_after_erasure_no_dump_of_the_database_holds_the_person(system):
    folder_id, pesel = _closed_folder(system, date(2013, 1, 10))
    _wait_for_head(system)
    before = _dump(system)
    assert SURNAME in before and IBAN in before  # the read models held them until now
    erased = erase_expired(system, ctx("admin"), date(2026, 11, 25))
    assert erased == [folder_id]
    _wait_for_head(system)
    dump = _dump(system)
    for secret in (SURNAME, STREET, pesel, NOTES, IBAN):
        assert secret not in dump
    view = system.read_models.client_view(folder_id)
    assert view["status"] == "erased"
    assert view["members"][0]["first_name"] == ERASED and view["members"][0]["pesel"] is None
    assert next(e["kind"] for e in view["timeline"]) == "personal_data_erased"
    assert system.read_models.search_persons(SURNAME) == []
    (order,) = system.read_models.handoff_queue("MCUS")
    assert order["client_name"] == ERASED and order["health_notes"] == ""


def test_history_stays_whole_and_every_projection_rebuilds_after_erasure(system):
    folder_id, _ = _closed_folder(system, date(2013, 1, 10))
    versions_before = len(list(system.app.events.get(folder_id)))
    _wait_for_head(system)
    erase_expired(system, ctx("admin"), date(2026, 11, 25))
    events = list(system.app.events.get(folder_id))
    assert len(events) == versions_before + 1  # nothing rewritten, one fact added
    assert events[0].head.first_name == ERASED and events[0].address.teryt == "0264049"
    assert events[1].visit.minutes == 60 and events[1].visit.notes == ""
    _wait_for_head(system)
    for projection in system.read_models.projections:
        generation = system.rebuild(projection.name)
        deadline = time.monotonic() + 30
        while True:
            with system.engine.connect() as conn:
                active = tracking.active_generation(conn, projection.name)
            if active.generation == generation:
                break
            assert time.monotonic() < deadline, f"{projection.name} did not rebuild"
            time.sleep(0.05)
    assert SURNAME not in _dump(system)
    assert system.read_models.client_view(folder_id)["status"] == "erased"


def test_a_runner_that_read_the_keys_before_an_erasure_decodes_nothing_personal_after_it(
        system, settings):
    folder_id, pesel = _closed_folder(system, date(2013, 1, 10))
    _wait_for_head(system)
    # Another process reading the log in batches, as the projection runner does: it read
    # (and cached) the keys of the whole batch a moment before the erasure.
    with TeczkaSystem(settings, run_projectors=False) as runner:
        before = decode(runner.app, runner.app.recorder.select_notifications(start=1, limit=500))
        assert any(getattr(e, "head", None) and e.head.last_name == SURNAME for e in before)
        erase_expired(system, ctx("admin"), date(2026, 11, 25))
        after = decode(runner.app, runner.app.recorder.select_notifications(start=1, limit=500))
    mine = [e for e in after if e.originator_id == folder_id]
    assert isinstance(mine[-1], CaseFolder.PersonalDataErased)
    decoded = repr([vars(e) for e in after])
    for secret in (SURNAME, STREET, pesel, NOTES):
        assert secret not in decoded


def test_folders_still_within_retention_or_open_are_left_alone(system):
    recent, _ = _closed_folder(system, date(2020, 6, 1))
    _wait_for_head(system)
    assert erase_expired(system, ctx("admin"), date(2026, 11, 25)) == []
    with pytest.raises(FolderNotClosedError):
        folder_id = uuid.uuid4()
        system.app.handle(ctx(), OpenFolder(
            folder_id=folder_id, team_id="ZTPS-1",
            address=Address.create(street="Długa", building="1", flat=None,
                                                      postal_code="53-000", city="Wrocław",
                                                      teryt="0264049"),
            head=Member.create(member_id=uuid.uuid4(), first_name="Jan",
                                                  last_name="Kot", relation="head",
                                                  pesel="04231115629"),
            opened_on=date(2026, 1, 1)))
        system.app.handle(ctx("admin"), ErasePersonalData(folder_id=folder_id,
                                                             erased_on=date(2026, 11, 25)))
    assert system.read_models.client_view(recent)["members"][0]["last_name"] == SURNAME
    with system.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM personal_data_keys "
                                 "WHERE wrapped_key IS NULL")).scalar() == 0
