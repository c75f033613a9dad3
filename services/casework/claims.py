"""One person, one open folder (shared/DOMAIN.md): a folder's command claims its members'
PESELs, and a PESEL another open household holds answers 409 `person.has_open_folder` naming
only that folder's team and reference — logged as an access (purpose: duplicate check).

A claim's id is uuid5 of HMAC-SHA256(key, PESEL), the key derived by HKDF from the master key
under a label of its own: the log keeps the claim's events for ever, and a PESEL's 11 digits
(a birth date and four digits more) would be found again from an unkeyed hash by trying them
all. Two commands claiming one PESEL at once collide on the claim's primary key; the second
is run again and then meets the first's claim (`Work.rerun_if_refused`).
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from domain.access import AccessRecord, ViewKind
from domain.case_folder import CaseFolder
from domain.household import Member
from domain.person_claim import PersonClaim, PersonHasOpenFolderError
from services.commands import AggregateNotFoundError, FolderNotFoundError
from services.work import Work

CLAIM_NAMESPACE = UUID("4b0f3c52-8e7d-4f0e-9a55-6c1d2e3f7a10")
_LABEL = b"teczka/person-claim/v1"
# What the access log says a duplicate check was for (GDPR art. 5(1)(b)).
DUPLICATE_CHECK = "duplicate_check"


class OpenFoldersHolding(Protocol):
    """The port for folders opened before claims existed: the open folders whose members
    have this PESEL, as the person index has them (services/system.py)."""

    def __call__(self, pesel: str, /) -> Iterable[UUID]: ...


class PeselClaims:
    """Turns a PESEL into its claim's id with a key the log never holds."""

    def __init__(self, master_key: bytes) -> None:
        self._key = HKDF(algorithm=SHA256(), length=32, salt=None, info=_LABEL).derive(master_key)

    def claim_id(self, pesel: str) -> UUID:
        mac = hmac.new(self._key, pesel.encode("ascii"), hashlib.sha256).hexdigest()
        return uuid.uuid5(CLAIM_NAMESPACE, mac)


def claim_members(work: Work, claims: PeselClaims, folder_id: UUID, *members: Member,
                  holding: OpenFoldersHolding | None = None) -> None:
    """The folder claims each member's PESEL; refused (409, logged) if another open folder
    holds one."""
    for member in members:
        if member.pesel is not None:
            claim_pesel(work, claims, folder_id, member.pesel, holding=holding)


def claim_pesel(work: Work, claims: PeselClaims, folder_id: UUID, pesel: str, *,
                holding: OpenFoldersHolding | None = None) -> None:
    claim_id = claims.claim_id(pesel)
    # Should another command claim it between our read and our save, the store refuses our
    # save and the command runs again, meeting that claim.
    work.rerun_if_refused = True
    try:
        claim = work.read(PersonClaim, claim_id)
    except AggregateNotFoundError:
        # Never claimed: a folder opened before claims existed may still hold the person.
        earlier = next((f for f in (holding(pesel) if holding else ()) if f != folder_id), None)
        if earlier is not None:
            raise refusal(work, earlier) from None
        work.add(PersonClaim.stake(claim_id=claim_id, folder_id=folder_id))
        return
    holder = claim.holder_other_than(folder_id)
    if holder is not None:
        raise refusal(work, holder)
    claim.claim(folder_id)
    work.add(claim)


def release_pesel(work: Work, claims: PeselClaims, folder_id: UUID, pesel: str | None) -> None:
    """The folder lets a person's PESEL go (closed; the PESEL corrected; the member left)."""
    if pesel is None:
        return
    try:
        claim = work.read(PersonClaim, claims.claim_id(pesel))
    except AggregateNotFoundError:
        return  # claimed before claims existed, or never
    claim.release(folder_id)
    work.add(claim)


def refusal(work: Work, holder_id: UUID) -> PersonHasOpenFolderError:
    """The 409 naming the holding folder's team and reference, its disclosure logged first."""
    holder = work.read(CaseFolder, holder_id, FolderNotFoundError)
    ctx = work.ctx
    entry = AccessRecord.record(
        viewer_id=ctx.actor_id, viewer_role=ctx.role, viewer_unit=ctx.unit,
        folder_id=holder_id, person_id=None, view=ViewKind.DUPLICATE_CHECK,
        purpose=DUPLICATE_CHECK, viewed_at=datetime.now(UTC))
    # Saved on its own: the command is refused, the disclosure still happened.
    work.app.save_stamped(replace(ctx, command_id=uuid.uuid4(), causation_id=ctx.command_id),
                          entry)
    return PersonHasOpenFolderError(team_id=holder.team_id, folder_id=str(holder_id))
