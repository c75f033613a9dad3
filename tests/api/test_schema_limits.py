"""The OpenAPI document states exactly the limits the domain applies: every string and number
field of every request body is listed here with the domain's constant for it, or with the
reason it is not a domain value. A new field, or a limit that drifts, fails this test."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from api.app import create_app
from domain.bank_account import MAX_IBAN_INPUT_LENGTH
from domain.benefit_terms import (
    MAX_HOME_COST,
    MAX_PAYER_NAME,
    MAX_RELATIONSHIP,
    MAX_UNIT_COST,
    MAX_UNITS,
)
from domain.benefits import MAX_JUSTIFICATION_LENGTH, MAX_MONTHLY_INCOME
from domain.care import (
    CARE_TASKS,
    CARE_TERMS_MAX_LENGTHS,
    MAX_HOURS_PER_DAY,
    MAX_INSTALLMENTS,
)
from domain.care_visits import MAX_NOTE_LENGTH, MAX_VISIT_MINUTES, ObservationKind
from domain.case_folder import MAX_CLOSE_REASON_LENGTH
from domain.catalogue import (
    ENTRY_FORMS,
    MAX_CONDITION_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_ENTRY_CODE_LENGTH,
    MAX_ENTRY_NAME_LENGTH,
    MAX_STANDARD_TEXT_LENGTH,
)
from domain.catalogue import MAX_LEGAL_BASIS_LENGTH as MAX_ENTRY_BASIS_LENGTH
from domain.catalogue_facts import REASON_CODES
from domain.decision import (
    MAX_CHANGE_REASON_LENGTH,
    MAX_LEGAL_BASIS_LENGTH,
    MAX_SIGNATORY_LENGTH,
)
from domain.federation import MAX_SIGNATURE_LENGTH
from domain.fees import MAX_HOUSEHOLD_SIZE
from domain.handoff import MAX_NOTES_LENGTH as MAX_HANDOFF_NOTES_LENGTH
from domain.handoff import MAX_PHONE_LENGTH
from domain.help import CASE_REFERENCE_TYPED_MAX_LENGTH, FormOfHelp, Reason
from domain.household import (
    ADDRESS_MAX_LENGTHS,
    MAX_LEAVE_REASON_LENGTH,
    MAX_MEETING_PLACE_LENGTH,
    MAX_NAME_LENGTH,
    Relation,
)
from domain.identifiers import (
    DOCUMENT_NUMBER_TYPED_MAX_LENGTH,
    PESEL_TYPED_MAX_LENGTH,
    POSTAL_CODE_TYPED_MAX_LENGTH,
    TERYT_TYPED_MAX_LENGTH,
    DocumentKind,
)
from domain.mrpips03 import MAX_YEAR, MIN_YEAR
from domain.payments import MAX_REVERSAL_REASON_LENGTH
from domain.projection_skip import MAX_REASON_LENGTH as MAX_SKIP_REASON_LENGTH
from domain.proposals import MAX_JUSTIFICATION_LENGTH as MAX_PICK_JUSTIFICATION_LENGTH
from domain.provider import (
    MAX_CAPACITY,
    MAX_PROVIDER_ADDRESS_LENGTH,
    MAX_PROVIDER_NAME_LENGTH,
    OFFERABLE_FORMS,
)
from domain.reclaim import MAX_AMOUNT as RECLAIM_MAX_AMOUNT
from domain.reclaim import MAX_REASON_LENGTH as RECLAIM_MAX_REASON
from domain.reclaim import MAX_SIGNATORY as RECLAIM_MAX_SIGNATORY
from domain.reclaim import (
    MAX_SUMMONS_PLACE,
    MAX_SUMMONS_TEXT,
    ReclaimBasis,
    RepaymentMethod,
    SummonsPurpose,
    WriteOffKind,
)
from domain.service_order import MAX_REASON_LENGTH
from domain.signature import MAX_SIGNATURE_TEXT
from domain.social_contract import MAX_GOALS_LENGTH
from domain.social_work import (
    MAX_NOTES_LENGTH,
    MAX_PART_LENGTH,
    MAX_PLACE_LENGTH,
    MAX_SECTION_LENGTH,
    ActivityKind,
)
from domain.user import (
    MAX_DISPLAY_NAME_LENGTH,
    MAX_UNIT_LENGTH,
    MAX_USERNAME_LENGTH,
    MIN_USERNAME_LENGTH,
)
from tests.support.stores import sqlite_settings


def longest(values) -> int:
    return max(len(str(v)) for v in values)


def up_to(n: int) -> dict[str, Any]:
    return {"maxLength": n}


def between(low, high) -> dict[str, Any]:
    return {"minimum": low, "maximum": high}


def above(low, high=None) -> dict[str, Any]:
    return {"exclusiveMinimum": low} | ({"maximum": high} if high is not None else {})


PERCENT = between(0, 100)
VERSION = {"minimum": 1}

# Request field → the limits the domain applies to it (its own constants).
DOMAIN_LIMITS: dict[str, dict[str, Any]] = {
    "AddressIn.street": up_to(ADDRESS_MAX_LENGTHS["street"]),
    "AddressIn.building": up_to(ADDRESS_MAX_LENGTHS["building"]),
    "AddressIn.flat": up_to(ADDRESS_MAX_LENGTHS["flat"]),
    "AddressIn.city": up_to(ADDRESS_MAX_LENGTHS["city"]),
    "AddressIn.postal_code": up_to(POSTAL_CODE_TYPED_MAX_LENGTH),
    "AddressIn.teryt": up_to(TERYT_TYPED_MAX_LENGTH),
    "AddressIn.meeting_place": up_to(MAX_MEETING_PLACE_LENGTH),
    "MemberLeavesIn.reason": up_to(MAX_LEAVE_REASON_LENGTH),
    "StatementIn.text": up_to(MAX_PART_LENGTH),
    **{f"AssetDeclarationIn.{name}": up_to(MAX_PART_LENGTH)
       for name in ("real_estate", "movable_property", "savings", "other")},
    **{f"{schema}.previous_head_relation": up_to(longest(Relation))
       for schema in ("MemberLeavesIn", "MemberDiedIn", "ChangeHeadIn")},
    "DocumentIn.kind": up_to(longest(DocumentKind)),
    "DocumentIn.number": up_to(DOCUMENT_NUMBER_TYPED_MAX_LENGTH),
    **{f"{schema}.{name}": up_to(MAX_NAME_LENGTH)
       for schema in ("MemberIn", "CorrectMemberIn") for name in ("first_name", "last_name")},
    "MemberIn.pesel": up_to(PESEL_TYPED_MAX_LENGTH),
    "CorrectMemberIn.pesel": up_to(PESEL_TYPED_MAX_LENGTH),
    "MemberIn.relation": up_to(longest(Relation)),
    "CorrectMemberIn.relation": up_to(longest(Relation)),
    "OpenFolderIn.team_id": up_to(MAX_UNIT_LENGTH),
    "TransferIn.team_id": up_to(MAX_UNIT_LENGTH),
    "VisitIn.minutes": between(1, MAX_VISIT_MINUTES),
    "VisitIn.activity": up_to(longest(ActivityKind)),
    "VisitIn.place": up_to(MAX_PLACE_LENGTH),
    "VisitIn.notes": up_to(MAX_NOTES_LENGTH),
    "ConductInterviewIn.sections.values": up_to(MAX_SECTION_LENGTH),
    "UpdateInterviewIn.sections.values": up_to(MAX_SECTION_LENGTH),
    "CloseFolderIn.reason": up_to(MAX_CLOSE_REASON_LENGTH),
    "RecordBankAccountIn.iban": up_to(MAX_IBAN_INPUT_LENGTH),
    "ReverseIn.reason": up_to(MAX_REVERSAL_REASON_LENGTH),
    "FileApplicationIn.form": up_to(longest(FormOfHelp)),
    "FileApplicationIn.case_reference": up_to(CASE_REFERENCE_TYPED_MAX_LENGTH),
    # base64 of at most MAX_SIGNATURE_BYTES, with room for a data URL's prefix
    "FileApplicationIn.signature": up_to(MAX_SIGNATURE_TEXT),
    "IssueDecisionIn.reasons.items": up_to(longest(Reason)),
    "IssueDecisionIn.legal_basis": up_to(MAX_LEGAL_BASIS_LENGTH),
    "IssueDecisionIn.signatory": up_to(MAX_SIGNATORY_LENGTH),
    "IssueDecisionIn.amount_justification": up_to(MAX_JUSTIFICATION_LENGTH),
    "DeclareIncomeIn.net_income": between(0, MAX_MONTHLY_INCOME),
    "AmendDecisionIn.reason": up_to(MAX_CHANGE_REASON_LENGTH),
    "RevokeDecisionIn.reason": up_to(MAX_CHANGE_REASON_LENGTH),
    # the KPA procedure's reasons (domain/proceeding.py `_reason`)
    "ReasonedIn.reason": up_to(MAX_CHANGE_REASON_LENGTH),
    "DelayNoticeIn.reason": up_to(MAX_CHANGE_REASON_LENGTH),
    "AppealChangeIn.reason": up_to(MAX_CHANGE_REASON_LENGTH),
    "CareTermsIn.tasks.items": up_to(longest(CARE_TASKS)),
    "CareTermsIn.hours_per_day": above(0, MAX_HOURS_PER_DAY),
    "CareTermsIn.hours_per_week": above(0, MAX_HOURS_PER_DAY * 7),
    "CareTermsIn.weekdays.items": between(1, 7),
    "CareTermsIn.place": up_to(CARE_TERMS_MAX_LENGTHS["place"]),
    "CareTermsIn.provider_id": up_to(CARE_TERMS_MAX_LENGTHS["provider_id"]),
    "CareTermsIn.hourly_cost": above(0),
    "CareTermsIn.fee_share_percent": PERCENT,
    "CareTermsIn.income_per_person": {"minimum": 0},
    "CareTermsIn.household_size": between(1, MAX_HOUSEHOLD_SIZE),
    "CashTermsIn.amount": above(0),
    "CashTermsIn.installments": between(1, MAX_INSTALLMENTS),
    "ReclaimIn.amount": above(0, RECLAIM_MAX_AMOUNT),
    "ReclaimIn.basis": up_to(longest(ReclaimBasis)),
    "ReclaimIn.reason": up_to(RECLAIM_MAX_REASON),
    "ReclaimIn.signatory": up_to(RECLAIM_MAX_SIGNATORY),
    "TermIn.amount": above(0, RECLAIM_MAX_AMOUNT),
    "RepaymentIn.amount": above(0, RECLAIM_MAX_AMOUNT),
    "RepaymentIn.method": up_to(longest(RepaymentMethod)),
    "WriteOffIn.kind": up_to(longest(WriteOffKind)),
    "WriteOffIn.reason": up_to(RECLAIM_MAX_REASON),
    "SummonsIn.purpose": up_to(longest(SummonsPurpose)),
    "SummonsIn.subject": up_to(MAX_SUMMONS_TEXT),
    "SummonsIn.place": up_to(MAX_SUMMONS_PLACE),
    "DaysTermsIn.days": between(1, MAX_UNITS),
    "DaysTermsIn.unit_cost": above(0, MAX_UNIT_COST),
    "DaysTermsIn.amount": above(0),
    "DpsFeeIn.resident_income": between(0, MAX_MONTHLY_INCOME),
    "DpsFeeIn.home_cost": above(0, MAX_HOME_COST),
    "DpsFeeIn.resident": {"minimum": 0},
    "DpsFeeIn.municipality": {"minimum": 0},
    "FamilyPayerIn.name": up_to(MAX_PAYER_NAME),
    "FamilyPayerIn.relationship": up_to(MAX_RELATIONSHIP),
    "FamilyPayerIn.amount": above(0, MAX_HOME_COST),
    **{f"CareNotesIn.{name}": up_to(MAX_HANDOFF_NOTES_LENGTH)
       for name in ("access_notes", "health_notes", "family_notes")},
    "CareNotesIn.contact_phone": up_to(MAX_PHONE_LENGTH),
    "CareNotesUpdateIn.health_notes": up_to(MAX_HANDOFF_NOTES_LENGTH),
    "CareNotesUpdateIn.access_notes": up_to(MAX_HANDOFF_NOTES_LENGTH),
    "CareNotesIn.social_worker_phone": up_to(MAX_PHONE_LENGTH),
    "SlotIn.weekday": between(1, 7),
    "SlotIn.minutes": between(1, MAX_VISIT_MINUTES),
    "SuspendIn.reason": up_to(MAX_REASON_LENGTH),
    "CloseMonthIn.year": between(MIN_YEAR, MAX_YEAR),
    "CloseMonthIn.month": between(1, 12),
    "CheckOutIn.tasks_done.items": up_to(longest(CARE_TASKS)),
    "ObservationIn.kind": up_to(longest(ObservationKind)),
    "ObservationIn.note": up_to(MAX_NOTE_LENGTH),
    "SignContractIn.goals": up_to(MAX_GOALS_LENGTH),
    "NewUserIn.username": {"minLength": MIN_USERNAME_LENGTH, "maxLength": MAX_USERNAME_LENGTH},
    "NewUserIn.display_name": up_to(MAX_DISPLAY_NAME_LENGTH),
    "NewUserIn.unit": up_to(MAX_UNIT_LENGTH),
    "RoleIn.unit": up_to(MAX_UNIT_LENGTH),
    # The provider directory (domain/provider.py).
    **{f"{schema}.{field}": limits for schema in ("RegisterProviderIn", "AmendProviderIn")
       for field, limits in {
           "name": up_to(MAX_PROVIDER_NAME_LENGTH),
           "address": up_to(MAX_PROVIDER_ADDRESS_LENGTH),
           "capacity": between(1, MAX_CAPACITY),
           "services.items": up_to(longest(OFFERABLE_FORMS)),
       }.items()},
    "RegisterProviderIn.provider_id": up_to(MAX_UNIT_LENGTH),
    # The service catalogue (domain/catalogue.py, domain/proposals.py; issue #20).
    **{f"{schema}.{field}": limits for schema in ("PublishEntryIn", "AmendEntryIn")
       for field, limits in {
           "name_pl": up_to(MAX_ENTRY_NAME_LENGTH),
           "name_en": up_to(MAX_ENTRY_NAME_LENGTH),
           "form": up_to(longest(ENTRY_FORMS)),
           "legal_basis": up_to(MAX_ENTRY_BASIS_LENGTH),
           "condition": up_to(MAX_CONDITION_LENGTH),
           "description_pl": up_to(MAX_DESCRIPTION_LENGTH),
           "places.items": up_to(MAX_UNIT_LENGTH),
       }.items()},
    "PublishEntryIn.code": up_to(MAX_ENTRY_CODE_LENGTH),
    "PackageItemIn.service": up_to(MAX_ENTRY_CODE_LENGTH),
    **{f"StandardIn.{field}": up_to(MAX_STANDARD_TEXT_LENGTH)
       for field in ("delivered", "frequency", "hours", "qualifications.items")},
    "StatedIn.reasons.items": up_to(longest(REASON_CODES)),
    "ChooseServicesIn.catalogue_version": between(1, 1_000_000),
    "ChooseServicesIn.chosen.items": up_to(MAX_ENTRY_CODE_LENGTH),
    "JustificationIn.code": up_to(MAX_ENTRY_CODE_LENGTH),
    "JustificationIn.text": up_to(MAX_PICK_JUSTIFICATION_LENGTH),
    # Places per service: zero is "none for now"; below zero is refused (issue #20).
    "CapacityIn.form": up_to(longest(OFFERABLE_FORMS)),
    "CapacityIn.places": between(0, MAX_CAPACITY),
    # A log position (up to what PostgreSQL's bigint and SQLite's integer hold, with room).
    "FolderChangesSeenIn.up_to": between(1, 2**62),
    "AddCriterionIn.single": above(0),
    "AddCriterionIn.per_person_in_family": above(0),
    "BracketIO-Input.up_to_percent": above(0),
    "BracketIO-Input.single_percent": PERCENT,
    "BracketIO-Input.family_percent": PERCENT,
    "PeriodIn.year": between(MIN_YEAR, MAX_YEAR),
    "EnvelopeIn.signature": up_to(MAX_SIGNATURE_LENGTH),
    "SkipIn.reason": up_to(MAX_SKIP_REASON_LENGTH),
}

# Request fields that are not values the domain keeps, and why.
NOT_DOMAIN_VALUES: dict[str, str] = {
    "LoginIn.username": "a sign-in attempt: any text is looked up, none is stored",
    "LoginIn.password": "checked against the stored hash; never stored",
    "NewUserIn.password": "hashed by services/users/accounts.py before the domain sees it",
    "PasswordChangeIn.current_password": "checked against the stored hash",
    "PasswordChangeIn.new_password":
        "hashed by services/users/accounts.py before the domain sees it",
    "RefreshIn.refresh_token": "a session secret, compared with its stored hash",
    "EnvelopeIn.key_id": "names a trusted key; an unknown one is refused by lookup",
    "SubmitIn.content_hash": "the hash of the figures shown, compared with the recount",
    "QueuedCommandIn.path": "the address of a queued command, routed like any request",
    "SkipIn.event_position": "a log position, looked up among the stalled read models",
    "SkipIn.generation": "a read model's generation, looked up in the registry",
}


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value.split("/")[-1]
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


LIMIT_KEYS = ("maxLength", "minLength", "maximum", "minimum", "exclusiveMinimum",
              "exclusiveMaximum")


def _scalar_limits(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The limits of a string or number field (None if it is neither, or an enumeration)."""
    found: dict[str, Any] | None = None
    for variant in (schema, *schema.get("anyOf", ())):
        if variant.get("type") in ("string", "integer", "number") and not (
                {"format", "enum", "const"} & variant.keys()):
            found = found or {}
        for key in LIMIT_KEYS:
            if key in variant:
                found = (found or {}) | {key: variant[key]}
    return found


def request_fields(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """`Schema.field[.items|.values]` → its limits, for every schema a request body uses."""
    components = spec["components"]["schemas"]
    todo = [name for ops in spec["paths"].values() for op in ops.values()
            for name in _refs(op.get("requestBody", {}))]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += _refs(components[name])
    fields: dict[str, dict[str, Any]] = {}
    for name in seen:
        for field, schema in components[name].get("properties", {}).items():
            variants = (schema, *schema.get("anyOf", ()))
            parts = [("", schema)]
            parts += [(".items", v["items"]) for v in variants if v.get("type") == "array"]
            parts += [(".values", v["additionalProperties"]) for v in variants
                      if isinstance(v.get("additionalProperties"), dict)]
            for suffix, part in parts:
                limits = _scalar_limits(part)
                if limits is not None and field != "expected_version":
                    fields[f"{name}.{field}{suffix}"] = limits
    return fields


@pytest.fixture(scope="module")
def fields(tmp_path_factory) -> dict[str, dict[str, Any]]:
    app = create_app(sqlite_settings(tmp_path_factory.mktemp("openapi")))
    return request_fields(app.openapi())


def _as_numbers(limits: dict[str, Any]) -> dict[str, float]:
    return {key: float(Decimal(str(value))) for key, value in limits.items()}


def test_the_walk_finds_the_request_fields(fields):
    # Guards the walk: were it to find nothing, the tests below would pass vacuously.
    assert {"MemberIn.first_name", "VisitIn.minutes", "CareTermsIn.tasks.items"} <= set(fields)


def test_every_request_field_is_accounted_for(fields):
    unlisted = set(fields) - set(DOMAIN_LIMITS) - set(NOT_DOMAIN_VALUES)
    stale = (set(DOMAIN_LIMITS) | set(NOT_DOMAIN_VALUES)) - set(fields)
    assert not unlisted, f"say what the domain accepts for: {sorted(unlisted)}"
    assert not stale, f"no longer request fields: {sorted(stale)}"


@pytest.mark.parametrize("field", sorted(DOMAIN_LIMITS))
def test_the_openapi_limits_of_a_field_are_the_domains(fields, field):
    assert _as_numbers(fields[field]) == _as_numbers(DOMAIN_LIMITS[field])
