"""Proposals for a household: its facts (from the folder and what the worker states), the
catalogue valid on the interview's day, the pure `propose` of domain/proposals.py with the
CEL evaluator of services/catalogue/rules.py; and the worker's choice, recorded with the
proposal on the folder (`ServicesProposed`) so a manager can see later what was proposed,
from which catalogue version, and what was chosen and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.benefits import IncomeMissingError, household_income, month_before
from domain.case_folder import CaseFolder, MemberNotFoundError
from domain.catalogue import CatalogueEntry, ServiceCatalogue
from domain.catalogue_facts import StatedFindings, household_facts
from domain.fees import criterion_on
from domain.identifiers import Pesel
from domain.proposals import Proposal, check_choice, propose
from domain.social_work import InterviewNotConductedError, InterviewNotFoundError
from services.application import CommandApplication
from services.catalogue.catalogue import CatalogueUseCases
from services.catalogue.commands import ChooseServices
from services.catalogue.rules import bind
from services.commands import FolderNotFoundError
from services.proceedings.benefits import fee_parameters
from services.scope import may_change_folder
from services.work import Work, handles


@dataclass(frozen=True)
class HouseholdProposal:
    """A proposal with what it was made from: the day, the facts, the entries valid then."""

    day: date
    facts: dict[str, Any]
    entries: tuple[CatalogueEntry, ...]
    proposal: Proposal


def _birth_date(folder: CaseFolder, member_id: UUID) -> date | None:
    member = folder.members[member_id]
    if member.birth_date is not None:
        return member.birth_date
    return Pesel.parse(member.pesel).birth_date if member.pesel else None


def interview_day(folder: CaseFolder, interview_id: UUID) -> date:
    """The day the interview was last conducted or updated: the catalogue valid then is
    used, and the household as it was then."""
    record = folder.interviews.get(interview_id)
    if record is None:
        raise InterviewNotFoundError(interview_id=interview_id)
    if record.last_done_on is None:
        raise InterviewNotConductedError(interview_id=interview_id)
    return record.last_done_on


def facts_of(app: CommandApplication, folder: CaseFolder, person_id: UUID,
             interview_id: UUID, stated: StatedFindings) -> tuple[date, dict[str, Any]]:
    """The household's facts on the interview's day (domain/catalogue_facts.py)."""
    if person_id not in folder.members:
        raise MemberNotFoundError(member_id=person_id)
    day = interview_day(folder, interview_id)
    members = folder.members_on(day) or folder.current_members
    total: Decimal | None
    try:
        total = household_income(members, person_id, month_before(day),
                                 folder.declared_incomes).total
    except IncomeMissingError:
        total = None
    criterion = criterion_on(day, fee_parameters(app).criteria)
    facts = household_facts(
        day=day, person_birth_date=_birth_date(folder, person_id),
        member_birth_dates=[_birth_date(folder, m) for m in members],
        income_total=total, criterion_single=criterion.single,
        criterion_family=criterion.per_person_in_family,
        homeless=bool(folder.address.no_fixed_address),
        interview_sections=folder.interviews[interview_id].sections, stated=stated)
    return day, facts


def proposal_for(app: CommandApplication, catalogue: ServiceCatalogue, folder: CaseFolder,
                 person_id: UUID, interview_id: UUID,
                 stated: StatedFindings) -> HouseholdProposal:
    day, facts = facts_of(app, folder, person_id, interview_id, stated)
    entries = tuple(catalogue.entries_on(day))
    return HouseholdProposal(day=day, facts=facts, entries=entries,
                             proposal=propose(facts, entries, catalogue.version, bind))


class ProposalUseCases(CatalogueUseCases):
    def propose_services(self, folder_id: UUID, person_id: UUID, interview_id: UUID,
                         stated: StatedFindings) -> HouseholdProposal:
        """What the catalogue in force proposes for the member after the interview."""
        folder = self.load(CaseFolder, folder_id, FolderNotFoundError, read_only=True)
        return proposal_for(self, self.service_catalogue(), folder, person_id, interview_id,
                            stated)

    @handles
    def choose_services(self, command: ChooseServices, work: Work) -> None:
        """Record the proposal, its catalogue version and the worker's picks; a pick the
        facts do not meet needs its justification (422)."""
        folder = work.change(CaseFolder, command.folder_id, command.expected_version,
                             in_scope=may_change_folder, not_found=FolderNotFoundError)
        catalogue = self.service_catalogue(command.catalogue_version)
        made = proposal_for(self, catalogue, folder, command.person_id,
                            command.interview_id, command.stated)
        # A tablet's cached version whose entries for the interview's day have changed since
        # is not used (409: the worker proposes again with the current catalogue).
        self.service_catalogue().check_still_valid(catalogue, made.day)
        justifications = {j.code: j.text.strip() for j in command.justifications}
        check_choice(made.proposal, [e.code for e in made.entries], command.chosen,
                     justifications)
        folder.record_services_proposed(
            person_id=command.person_id, interview_id=command.interview_id,
            proposed_on=command.proposed_on, catalogue_version=catalogue.version,
            matched=made.proposal.matched_codes,
            near_misses=tuple(m.code for m in made.proposal.near_misses),
            chosen=command.chosen,
            justifications={c: t for c, t in justifications.items() if c in command.chosen},
            facts=made.facts)
