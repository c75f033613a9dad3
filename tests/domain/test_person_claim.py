"""A person's claim: held by one open folder at a time, free again once that folder lets go."""

from __future__ import annotations

import uuid

import pytest

from domain.person_claim import PersonClaim, PersonHasOpenFolderError


def test_a_claim_held_by_one_folder_refuses_another_naming_the_holder():
    first, second = uuid.uuid4(), uuid.uuid4()
    claim = PersonClaim.stake(claim_id=uuid.uuid4(), folder_id=first)

    with pytest.raises(PersonHasOpenFolderError) as refused:
        claim.claim(second)

    assert refused.value.params == {"folder_id": str(first)}
    assert claim.folder_id == first


def test_a_released_claim_may_be_taken_by_another_folder():
    first, second = uuid.uuid4(), uuid.uuid4()
    claim = PersonClaim.stake(claim_id=uuid.uuid4(), folder_id=first)

    claim.release(first)
    claim.claim(second)

    assert claim.folder_id == second
    assert [type(e).__name__ for e in claim.collect_events()] == [
        "PersonClaimed", "ClaimReleased", "ClaimTaken"]


def test_only_the_holder_releases_and_claiming_again_records_nothing():
    holder = uuid.uuid4()
    claim = PersonClaim.stake(claim_id=uuid.uuid4(), folder_id=holder)

    claim.release(uuid.uuid4())
    claim.claim(holder)

    assert claim.folder_id == holder
    assert len(claim.collect_events()) == 1
