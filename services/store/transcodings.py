"""JSON transcodings for the value types that domain events carry.

The in-memory store never serialises, so a missing transcoding only shows on SQLite or
PostgreSQL: every test of the services layer runs on those two.
"""

from __future__ import annotations

import dataclasses
from datetime import date, time
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.access import AccessSubject
from domain.benefit_terms import DaysTerms, DpsFee, FamilyPayer
from domain.care import CareTerms, CashTerms
from domain.care_visits import ScheduleSlot
from domain.catalogue import CatalogueEntry, PackageItem, Standard
from domain.fees import FeeBracket, FeeShareTable, IncomeCriterion
from domain.handoff import Handoff
from domain.household import Address, Member
from domain.identifiers import IdentityDocument
from domain.social_work import AssetDeclaration, PersonStatement, Visit

EVENT_VALUE_TYPES: tuple[type, ...] = (
    Address, Member, IdentityDocument, Visit, CareTerms, CashTerms, Handoff, ScheduleSlot,
    IncomeCriterion, FeeBracket, FeeShareTable, AccessSubject, PersonStatement, AssetDeclaration,
    DaysTerms, DpsFee, FamilyPayer, CatalogueEntry, PackageItem, Standard,
)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class TimeAsISO(Transcoding):
    type = time
    name = "time_iso"

    def encode(self, obj: time) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> time:
        return time.fromisoformat(data)


class DataclassAsDict(Transcoding):
    """A frozen value object as a dict of its fields (nested values transcode on their own)."""

    def __init__(self, cls: type) -> None:
        self.type = cls
        self.name = cls.__name__

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


def register_value_types(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    transcoder.register(TimeAsISO())
    for cls in EVENT_VALUE_TYPES:
        transcoder.register(DataclassAsDict(cls))
