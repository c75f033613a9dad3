"""Shapes of the service catalogue and its proposals (issue #20)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from api.schemas.bounds import RecordDate
from api.schemas.commands import CommandIn, FolderCommandIn, Strict
from api.schemas.limits import longest
from domain.catalogue import (
    ENTRY_FORMS,
    MAX_CONDITION_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_ENTRY_CODE_LENGTH,
    MAX_ENTRY_NAME_LENGTH,
    MAX_LEGAL_BASIS_LENGTH,
    MAX_PACKAGE_ITEMS,
    MAX_PLACES,
    MAX_QUALIFICATIONS,
    MAX_STANDARD_TEXT_LENGTH,
    CatalogueEntry,
    EntryKind,
    PackageItem,
    Standard,
)
from domain.catalogue_facts import REASON_CODES, Disability, Finding, StatedFindings
from domain.help import FORMS
from domain.proposals import MAX_CHOSEN, MAX_JUSTIFICATION_LENGTH, Check, Proposed
from domain.user import MAX_UNIT_LENGTH
from services.catalogue.commands import ChooseServices, Justification

EntryCode = Annotated[str, StringConstraints(max_length=MAX_ENTRY_CODE_LENGTH)]
StandardText = Annotated[str, StringConstraints(max_length=MAX_STANDARD_TEXT_LENGTH)]


class StandardIn(Strict):
    delivered: StandardText
    frequency: StandardText
    hours: StandardText = ""
    qualifications: list[StandardText] = Field(default_factory=list,
                                               max_length=MAX_QUALIFICATIONS)

    def to_value(self) -> Standard:
        return Standard(delivered=self.delivered, frequency=self.frequency, hours=self.hours,
                        qualifications=tuple(self.qualifications))


class PackageItemIn(Strict):
    service: EntryCode
    standard: StandardIn


class EntryFields(Strict):
    kind: EntryKind
    name_pl: Annotated[str, StringConstraints(max_length=MAX_ENTRY_NAME_LENGTH)]
    name_en: Annotated[str, StringConstraints(max_length=MAX_ENTRY_NAME_LENGTH)]
    form: Annotated[str, StringConstraints(max_length=longest(ENTRY_FORMS))] = Field(
        description="An art. 36 form (domain/help.py), a local kind, or `package`")
    legal_basis: Annotated[str, StringConstraints(max_length=MAX_LEGAL_BASIS_LENGTH)]
    basis_to_confirm: bool = False
    condition: Annotated[str, StringConstraints(max_length=MAX_CONDITION_LENGTH)] = Field(
        description="A CEL expression over the facts (GET /api/catalogue `facts`)")
    description_pl: Annotated[str, StringConstraints(max_length=MAX_DESCRIPTION_LENGTH)]
    valid_from: RecordDate
    valid_to: RecordDate | None = None
    standard: StandardIn | None = None
    items: list[PackageItemIn] = Field(default_factory=list, max_length=MAX_PACKAGE_ITEMS)
    places: list[Annotated[str, StringConstraints(max_length=MAX_UNIT_LENGTH)]] = Field(
        default_factory=list, max_length=MAX_PLACES, description="Provider directory codes")

    def to_entry(self, code: str) -> CatalogueEntry:
        return CatalogueEntry(
            code=code, kind=self.kind.value, name_pl=self.name_pl, name_en=self.name_en,
            form=self.form, legal_basis=self.legal_basis, condition=self.condition,
            description_pl=self.description_pl, valid_from=self.valid_from,
            valid_to=self.valid_to,
            standard=self.standard.to_value() if self.standard else None,
            items=tuple(PackageItem(service=i.service, standard=i.standard.to_value())
                        for i in self.items),
            places=tuple(self.places), basis_to_confirm=self.basis_to_confirm)


class PublishEntryIn(CommandIn, EntryFields):
    code: EntryCode


class AmendEntryIn(CommandIn, EntryFields):
    pass


class WithdrawEntryIn(CommandIn):
    valid_to: RecordDate = Field(description="The entry's last day")


class PublishSeedIn(CommandIn):
    pass


class StandardOut(BaseModel):
    delivered: str
    frequency: str
    hours: str
    qualifications: list[str]


class PackageItemOut(BaseModel):
    service: str
    standard: StandardOut


class EntryOut(BaseModel):
    code: str
    version: int
    kind: str
    name_pl: str
    name_en: str
    form: str
    legal_basis: str
    basis_to_confirm: bool
    condition: str
    description_pl: str
    valid_from: date
    valid_to: date | None
    standard: StandardOut | None
    items: list[PackageItemOut]
    places: list[str]
    needs_decision: bool = Field(
        description="An art. 36 form granted by decision: a pick becomes an application")

    @classmethod
    def of(cls, e: CatalogueEntry) -> EntryOut:
        def standard(s: Standard) -> StandardOut:
            return StandardOut(delivered=s.delivered, frequency=s.frequency, hours=s.hours,
                               qualifications=list(s.qualifications))
        return cls(code=e.code, version=e.version, kind=e.kind, name_pl=e.name_pl,
                   name_en=e.name_en, form=e.form, legal_basis=e.legal_basis,
                   basis_to_confirm=e.basis_to_confirm, condition=e.condition,
                   description_pl=e.description_pl, valid_from=e.valid_from,
                   valid_to=e.valid_to,
                   standard=standard(e.standard) if e.standard else None,
                   items=[PackageItemOut(service=i.service, standard=standard(i.standard))
                          for i in e.items],
                   places=list(e.places),
                   needs_decision=e.form in FORMS and FORMS[e.form].needs_decision)


class FactOut(BaseModel):
    name: str
    type: str
    nullable: bool
    meaning: str


class CatalogueOut(BaseModel):
    version: int = Field(description="The catalogue's version: a proposal records it")
    facts: list[FactOut]
    reasons: list[str]
    disabilities: list[str]
    findings: list[str]
    entries: list[EntryOut] = Field(description="Every version of every entry, with validity")


class StatedIn(Strict):
    reasons: list[Annotated[str, StringConstraints(max_length=longest(REASON_CODES))]] = Field(
        default_factory=list, max_length=len(REASON_CODES),
        description="art. 7 reasons found (domain/help.py codes)")
    disability: Disability = Disability.NONE
    findings: list[Finding] = Field(default_factory=list, max_length=len(Finding))

    def to_value(self) -> StatedFindings:
        return StatedFindings(reasons=tuple(self.reasons), disability=self.disability.value,
                              findings=tuple(f.value for f in self.findings))


class ProposalIn(Strict):
    person_id: UUID
    interview_id: UUID
    stated: StatedIn = Field(default_factory=StatedIn)


class CheckOut(BaseModel):
    condition: str
    held: bool | None = Field(description="null: the condition erred (a fact not known)")
    values: dict[str, Any]
    left: str | None
    op: str | None
    right: str | None

    @classmethod
    def of(cls, c: Check) -> CheckOut:
        return cls(condition=c.condition, held=c.held, values=dict(c.values), left=c.left,
                   op=c.op, right=c.right)


class ProposedOut(BaseModel):
    code: str
    kind: str
    version: int
    checks: list[CheckOut]

    @classmethod
    def of(cls, p: Proposed) -> ProposedOut:
        return cls(code=p.code, kind=p.kind, version=p.version,
                   checks=[CheckOut.of(c) for c in p.checks])


class ProposalOut(BaseModel):
    folder_id: UUID
    person_id: UUID
    interview_id: UUID
    day: date = Field(description="The interview's day: the catalogue valid then is used")
    catalogue_version: int
    facts: dict[str, Any]
    matches: list[ProposedOut]
    near_misses: list[ProposedOut]


class JustificationIn(Strict):
    code: EntryCode
    text: Annotated[str, StringConstraints(max_length=MAX_JUSTIFICATION_LENGTH)]


class ChooseServicesIn(FolderCommandIn, ProposalIn):
    catalogue_version: int = Field(ge=1, le=1_000_000)
    chosen: list[EntryCode] = Field(max_length=MAX_CHOSEN)
    justifications: list[JustificationIn] = Field(default_factory=list,
                                                  max_length=MAX_CHOSEN)
    on: RecordDate = Field(description="The day the worker chose")

    def to_command(self, folder_id: UUID) -> ChooseServices:
        return ChooseServices(
            folder_id=folder_id, expected_version=self.expected_version,
            person_id=self.person_id, interview_id=self.interview_id,
            catalogue_version=self.catalogue_version, stated=self.stated.to_value(),
            chosen=tuple(self.chosen),
            justifications=tuple(Justification(code=j.code, text=j.text)
                                 for j in self.justifications),
            proposed_on=self.on)
