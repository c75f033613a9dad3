"""After erasure no byte of the person is left in the database's files: not in SQLite's
file or its write-ahead log, not in PostgreSQL's dead tuples, indexes or TOAST, not in a
projection generation retired by a rebuild."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from domain.care import CareTerms
from domain.household import Address, Member
from domain.identifiers import IdentityDocument
from domain.social_work import Visit
from projections import tracking
from services.care.commands import AcceptOrder, AssignCaregiver, RaiseObservation
from services.casework.commands import (
    AddMember,
    CloseFolder,
    ConductInterview,
    OpenFolder,
    RecordVisit,
)
from services.commands import CommandContext
from services.privacy.retention import erase_expired
from services.proceedings.commands import CareNotes, FileApplication, IssueDecision
from services.system import TeczkaSystem
from services.users.commands import RegisterUser
from tests.support.providers import register_providers

# One distinct marker per personal field that a read model copies in plaintext; ASCII, as
# JSON columns store other letters escaped.
FIRST, SURNAME, STREET = "Zenobiaqx", "Przybyszewskaqx", "Zakrzewskaqx"
PESEL = "44051401458"
CHILD_FIRST, CHILD_SURNAME, DOCUMENT = "Bogumilqx", "Wierzbickiqx", "QXZ987654"
PLACE, VISIT_NOTES = "Klatkaschodowaqx", "Choruje na cukrzyce qxvisit"
INTERVIEW_A, INTERVIEW_I = "Samotna wdowa qxintA", "Potrzebuje pomocy qxintI"
CLOSE_REASON = "Zgon klientki qxclose"
HEALTH, ACCESS = "Niewydolnosc serca qxhealth", "Klucz u sasiadki qxaccess"
OBSERVATION = "Upadek w lazience qxobs"
MARKERS = (FIRST, SURNAME, STREET, PESEL, CHILD_FIRST, CHILD_SURNAME, DOCUMENT, PLACE,
           VISIT_NOTES, INTERVIEW_A, INTERVIEW_I, CLOSE_REASON, HEALTH, ACCESS, OBSERVATION)


def ctx(role: str = "social_worker", unit: str = "ZTPS-1",
        actor: uuid.UUID | None = None) -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=actor or uuid.uuid4(), role=role,
                          unit=unit)


def _marked_folder(system: TeczkaSystem) -> uuid.UUID:
    """A household with every marker in it, its care order observed, closed in 2013."""
    app = system.app
    register_providers(app)
    folder_id = uuid.uuid4()
    head = Member.create(member_id=uuid.uuid4(), first_name=FIRST, last_name=SURNAME,
                         relation="head", pesel=PESEL)
    address = Address.create(street=STREET, building="7", flat="2", postal_code="51-111",
                             city="Wrocław", teryt="0264049")
    v = app.handle(ctx(), OpenFolder(
        folder_id=folder_id, team_id="ZTPS-1", address=address, head=head,
        opened_on=date(2012, 3, 1))).version
    child = Member.create(member_id=uuid.uuid4(), first_name=CHILD_FIRST,
                          last_name=CHILD_SURNAME, relation="grandchild",
                          document=IdentityDocument.parse("passport", DOCUMENT),
                          birth_date=date(2001, 5, 5))
    v = app.handle(ctx(), AddMember(folder_id=folder_id, expected_version=v, member=child)).version
    v = app.handle(ctx(), RecordVisit(
        folder_id=folder_id, expected_version=v,
        visit=Visit(
        visit_id=uuid.uuid4(), visited_on=date(2012, 3, 5), minutes=60,
        activity="home_visit", place=PLACE, notes=VISIT_NOTES))).version
    app.handle(ctx(), ConductInterview(
        folder_id=folder_id, expected_version=v, interview_id=uuid.uuid4(),
        conducted_on=date(2012, 3, 7),
        sections={
        "A": INTERVIEW_A, "H": "pomoc w domu", "I": INTERVIEW_I, "J": "usługi"}))
    proceeding_id = uuid.uuid4()
    filed = app.handle(ctx(), FileApplication(
        proceeding_id=proceeding_id, folder_id=folder_id, person_id=head.member_id,
        form="care_services", applicant="person", filed_on=date(2012, 3, 7),
        case_reference="ZTPS1.8210.7.2012"))
    app.handle(ctx("decision_maker", "MOPS"), IssueDecision(
        proceeding_id=proceeding_id, expected_version=filed.version, decision_id=uuid.uuid4(),
        outcome="grant", reasons=("6",), legal_basis="art. 50", signatory="z up. Prezydenta",
        issued_on=date(2012, 3, 9),
        care=CareTerms(tasks=("meals",), hours_per_day=Decimal(2), hours_per_week=Decimal(10),
                       weekdays=(1, 2, 3, 4, 5), period_from=date(2012, 3, 12),
                       period_to=date(2012, 12, 31), place="dom", provider_id="MCUS",
                       hourly_cost=Decimal("20.00"), fee_share_percent=Decimal(0)),
        notes=CareNotes(health_notes=HEALTH, access_notes=ACCESS)))
    _observe(system, folder_id)
    v = app.repository.get(folder_id).version
    app.handle(ctx(), CloseFolder(
        folder_id=folder_id, expected_version=v, closed_on=date(2013, 1, 10), reason=CLOSE_REASON))
    return folder_id


def _observe(system: TeczkaSystem, folder_id: uuid.UUID) -> None:
    """The MCUS order is accepted, a caregiver assigned, and she raises an observation."""
    app = system.app
    caregiver = app.handle(ctx("admin", "IT"), RegisterUser(
        username="opiekunka.qx", display_name="Opiekunka", role="caregiver", unit="MCUS",
        password="opiekunka-haslo-2026")).aggregate_id
    system.catch_up()
    (order,) = [o for o in system.read_models.handoff_queue("MCUS")
                if o["folder_id"] == folder_id]
    order_id = order["order_id"]
    v = app.handle(ctx("mcus_coordinator", "MCUS"), AcceptOrder(
        order_id=order_id, expected_version=app.repository.get(order_id).version,
        accepted_on=date(2012, 3, 10))).version
    v = app.handle(ctx("mcus_coordinator", "MCUS"), AssignCaregiver(
        order_id=order_id, expected_version=v, caregiver_id=caregiver)).version
    app.handle(ctx("caregiver", "MCUS", caregiver), RaiseObservation(
        order_id=order_id, expected_version=v, observation_id=uuid.uuid4(), kind="fall",
        note=OBSERVATION, raised_at=datetime(2012, 4, 2, 10, tzinfo=UTC)))


# -- what is on disk -------------------------------------------------------------------------

def _sqlite_files(system: TeczkaSystem) -> bytes:
    path = system.settings.sqlite_path
    wal = Path(f"{path}-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _postgres_pages(system: TeczkaSystem) -> bytes:
    """Every page of every table, index and TOAST table of ours, as PostgreSQL stores it
    (pageinspect reads the page through the buffer cache: what the files hold)."""
    with psycopg.connect(system.settings.libpq_url(), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        conn.execute("CHECKPOINT")
        relations = [row[0] for row in conn.execute(
            "SELECT c.oid::regclass::text FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'i', 't') AND c.relpersistence = 'p' "
            "AND n.nspname IN ('public', 'pg_toast') "
            "AND (n.nspname = 'public' OR c.relname LIKE 'pg_toast_%') "
            "AND c.oid >= 16384")]
        pages = []
        for relation in relations:
            blocks = conn.execute("SELECT pg_relation_size(%s::regclass) / 8192",
                                  (relation,)).fetchone()[0]
            for block in range(blocks):
                pages.append(conn.execute("SELECT get_raw_page(%s, %s)",
                                          (relation, block)).fetchone()[0])
    return b"".join(pages)


def _on_disk(system: TeczkaSystem) -> bytes:
    return _postgres_pages(system) if system.settings.is_postgres else _sqlite_files(system)


# The person index keeps names and streets folded to lower case (and SQLite's FTS5 index its
# words), so those are looked for as well.
FOLDED = tuple(m.lower() for m in (FIRST, SURNAME, STREET, CHILD_FIRST, CHILD_SURNAME))


def _found(content: bytes, markers: tuple[str, ...] = MARKERS) -> list[str]:
    return [m for m in markers if m.encode() in content]


def _filenodes(system: TeczkaSystem, tables: list[str]) -> dict[str, int]:
    with psycopg.connect(system.settings.libpq_url()) as conn:
        return {t: conn.execute("SELECT pg_relation_filenode(%s::regclass)", (t,)).fetchone()[0]
                for t in tables}


def _rebuilt(system: TeczkaSystem, name: str) -> None:
    generation = system.rebuild(name)
    deadline = time.monotonic() + 30
    while True:
        with system.engine.connect() as conn:
            if tracking.active_generation(conn, name).generation == generation:
                return
        assert time.monotonic() < deadline, f"{name} did not switch"
        time.sleep(0.05)


def test_after_erasure_no_marker_is_left_in_the_database_files(system):
    _marked_folder(system)
    # A rebuild retires the old generation of a read model: it still holds the person.
    _rebuilt(system, "person_search")
    _rebuilt(system, "person_index")
    before = _found(_on_disk(system))
    assert set(before) == set(MARKERS), "the scan must see the markers before erasure"
    assert set(_found(_on_disk(system), FOLDED)) == set(FOLDED)
    keys_node = (_filenodes(system, ["personal_data_keys"])
                 if system.settings.is_postgres else None)

    erased = erase_expired(system, ctx("admin", "IT"), date(2026, 11, 25))

    assert len(erased) == 1
    assert _found(_on_disk(system)) == []
    assert _found(_on_disk(system), FOLDED) == []
    if system.settings.is_postgres:
        # VACUUM FULL wrote the keys table (and every read-model table) into a new file.
        assert _filenodes(system, ["personal_data_keys"]) != keys_node
    else:
        wal = Path(f"{system.settings.sqlite_path}-wal")
        assert not wal.exists() or wal.stat().st_size == 0



def test_a_transaction_older_than_the_erasure_is_waited_for_not_left_seeing_the_rows(
        system):
    if not system.settings.is_postgres:
        pytest.skip("PostgreSQL's VACUUM FULL keeps rows a running transaction may see")
    _marked_folder(system)
    system.catch_up()
    # A report (or a pg_dump) that began before the erasure and ends a moment after it.
    report = psycopg.connect(system.settings.libpq_url())
    report.execute("SELECT txid_current()")
    ending = threading.Timer(1.5, report.commit)
    ending.start()
    try:
        erase_expired(system, ctx("admin", "IT"), date(2026, 11, 25))
    finally:
        ending.join()
        report.close()
    assert _found(_on_disk(system)) == []
