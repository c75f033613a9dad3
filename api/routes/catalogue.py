"""The service catalogue (issue #20): the admin publishes, amends and withdraws entries and
publishes the city's seed; those who propose, decide or deliver services read it; a social
worker asks what it proposes for a household after the interview and records her choice."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query

from api.commanding import command
from api.deps import AccessLogDep, Admin, FolderStaff, SystemDep, allow
from api.errors import ApiError
from api.routes.views import may_read_folder
from api.schemas.catalogue import (
    AmendEntryIn,
    CatalogueOut,
    ChooseServicesIn,
    EntryOut,
    FactOut,
    ProposalIn,
    ProposalOut,
    ProposedOut,
    PublishEntryIn,
    PublishSeedIn,
    WithdrawEntryIn,
)
from api.security import Principal
from domain.access import AccessSubject, ViewKind
from domain.case_folder import CaseFolder
from domain.catalogue import MAX_ENTRY_CODE_LENGTH
from domain.catalogue_facts import FACTS, REASON_CODES, Disability, Finding
from domain.user import Role
from services.catalogue.commands import (
    AmendCatalogueEntry,
    ChooseServices,
    PublishCatalogueEntries,
    PublishCatalogueEntry,
    WithdrawCatalogueEntry,
)
from services.catalogue.seed import seed_entries
from services.commands import FolderNotFoundError

router = APIRouter(prefix="/api", tags=["service catalogue"])

# Who proposes (the social worker), decides (the decision maker), oversees (the manager),
# delivers (the coordinator), and keeps it (the admin).
CatalogueReader = Annotated[Principal, Depends(allow(
    Role.ADMIN, Role.SOCIAL_WORKER, Role.DECISION_MAKER, Role.MANAGER, Role.MCUS_COORDINATOR))]
Code = Annotated[str, Path(max_length=MAX_ENTRY_CODE_LENGTH)]


@router.get("/catalogue", responses={404: {
    "description": "No catalogue version of that number",
    "x-error-codes": ["catalogue.version_not_found"]}})
def service_catalogue(user: CatalogueReader, system: SystemDep,
                      version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
                      ) -> CatalogueOut:
    """The catalogue now (or at `version`, as a recorded proposal saw it): every version of
    every entry with its validity, and the facts its conditions may read. The tablet caches
    it and proposes offline."""
    catalogue = system.app.service_catalogue(version)
    return CatalogueOut(
        version=catalogue.version,
        facts=[FactOut(name=f.name, type=f.type.value, nullable=f.nullable, meaning=f.meaning)
               for f in FACTS],
        reasons=list(REASON_CODES), disabilities=[d.value for d in Disability],
        findings=[f.value for f in Finding],
        entries=[EntryOut.of(e) for e in catalogue.all_versions()])


@command(router, "/admin/catalogue/entries")
def publish_catalogue_entry(body: PublishEntryIn, user: Admin) -> PublishCatalogueEntry:
    """Publish a service or a package from its `valid_from` (its condition checked as CEL
    over the facts: 422 with the line and column of an error)."""
    return PublishCatalogueEntry(entry=body.to_entry(body.code))


@command(router, "/admin/catalogue/entries/{code}/amendment")
def amend_catalogue_entry(code: Code, body: AmendEntryIn, user: Admin) -> AmendCatalogueEntry:
    """A new version of the entry from `valid_from`; the version before ends the day before."""
    return AmendCatalogueEntry(entry=body.to_entry(code))


@command(router, "/admin/catalogue/entries/{code}/withdrawal")
def withdraw_catalogue_entry(code: Code, body: WithdrawEntryIn,
                             user: Admin) -> WithdrawCatalogueEntry:
    """Withdraw the entry after `valid_to`, its last day."""
    return WithdrawCatalogueEntry(code=code, valid_to=body.valid_to)


@command(router, "/admin/catalogue/seed")
def publish_catalogue_seed(body: PublishSeedIn, user: Admin) -> PublishCatalogueEntries:
    """Publish Wrocław's starting catalogue (services/catalogue/seed/wroclaw.toml), all or
    none."""
    return PublishCatalogueEntries(entries=seed_entries())


@router.post("/folders/{folder_id}/services-proposal")
def propose_services(folder_id: UUID, body: ProposalIn, user: FolderStaff, system: SystemDep,
                     access: AccessLogDep) -> ProposalOut:
    """What the catalogue valid on the interview's day proposes for the member: the entries
    whose conditions the household's facts meet, with why, and the nearest misses;
    recorded in the access log (it reads the household's income, ages, findings)."""
    # The folder's team from the folder itself: a folder opened a moment ago is found though
    # the read models have not caught up.
    folder = system.app.load(CaseFolder, folder_id, FolderNotFoundError, read_only=True)
    if not may_read_folder(user, system, folder_id, team_id=folder.team_id):
        raise ApiError(404, "case_folder.not_found", id=str(folder_id))
    made = system.app.propose_services(folder_id, body.person_id, body.interview_id,
                                       body.stated.to_value())
    access.shown(ViewKind.SERVICES_PROPOSAL, [AccessSubject(folder_id, body.person_id)])
    return ProposalOut(
        folder_id=folder_id, person_id=body.person_id, interview_id=body.interview_id,
        day=made.day, catalogue_version=made.proposal.catalogue_version, facts=made.facts,
        matches=[ProposedOut.of(m) for m in made.proposal.matches],
        near_misses=[ProposedOut.of(m) for m in made.proposal.near_misses])


@command(router, "/folders/{folder_id}/services-choice")
def choose_services(folder_id: UUID, body: ChooseServicesIn,
                    user: FolderStaff) -> ChooseServices:
    """Record the proposal at the catalogue version the worker saw, with her picks; a pick
    whose conditions the facts do not meet needs a justification (422)."""
    return body.to_command(folder_id)

