"""One person, one open folder under concurrency: a command whose claim on a PESEL was taken
by another between its read and its save runs again and is refused with the folder named;
the claim's id is a keyed hash, so the PESEL is nowhere in the claim's events."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.household import Address, Member
from domain.person_claim import PersonClaim, PersonHasOpenFolderError
from services.application import _RunAgain
from services.casework.commands import OpenFolder
from services.commands import CommandContext
from services.work import Work
from tests.support.builders import valid_pesel


def _worker(unit: str) -> CommandContext:
    return CommandContext(command_id=uuid.uuid4(), actor_id=uuid.uuid4(),
                          role="social_worker", unit=unit)


def _opening(unit: str, pesel: str) -> OpenFolder:
    return OpenFolder(
        folder_id=uuid.uuid4(), team_id=unit, opened_on=date(2026, 1, 5),
        address=Address.create(street="Legnicka", building="12", flat=None,
                               postal_code="54-203", city="Wrocław", teryt="0264029"),
        head=Member.create(member_id=uuid.uuid4(), first_name="Halina", last_name="Kowalczyk",
                           pesel=pesel, relation="head"))


def test_a_claim_taken_between_read_and_save_runs_the_command_again_and_refuses_it(system):
    app = system.app
    pesel = valid_pesel()
    late, late_ctx = _opening("ZTPS-1", pesel), _worker("ZTPS-1")
    # The late command has read the PESEL unclaimed and staked its claim, not yet saved...
    work = Work(app, late_ctx)
    app._act(app.handler_for(OpenFolder), app, late, work)
    # ...when another team's command claims the same PESEL and is saved first.
    first = _opening("ZTPS-2", pesel)
    app.handle(_worker("ZTPS-2"), first)

    with pytest.raises(_RunAgain):
        app._save_work(late_ctx, late, work, may_rerun=True)
    with pytest.raises(PersonHasOpenFolderError) as refused:
        app.handle(late_ctx, late)
    assert refused.value.params == {"team_id": "ZTPS-2", "folder_id": str(first.folder_id)}


def test_the_claims_events_hold_no_pesel(system):
    app = system.app
    pesel = valid_pesel()
    opening = _opening("ZTPS-1", pesel)
    app.handle(_worker("ZTPS-1"), opening)
    claim_id = app.pesel_claims.claim_id(pesel)
    claim = app.repository.get(claim_id)
    assert isinstance(claim, PersonClaim) and claim.folder_id == opening.folder_id
    stored = list(app.recorder.select_events(claim_id))
    assert stored and all(pesel.encode() not in s.state for s in stored)


def test_a_folder_opened_before_claims_existed_still_holds_its_people(system):
    from domain.case_folder import CaseFolder

    app = system.app
    pesel = valid_pesel()
    old = _opening("ZTPS-2", pesel)
    # Saved as a folder of before this rule was: its events, no claim.
    app.save(CaseFolder.open(folder_id=old.folder_id, team_id=old.team_id, address=old.address,
                             head=old.head, opened_on=old.opened_on))
    system.catch_up()

    with pytest.raises(PersonHasOpenFolderError) as refused:
        app.handle(_worker("ZTPS-1"), _opening("ZTPS-1", pesel))
    assert refused.value.params == {"team_id": "ZTPS-2", "folder_id": str(old.folder_id)}
