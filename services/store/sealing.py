"""Which event fields are personal, whose they are, and the mapper that seals them.

Every personal field is sealed on its own with its subject's key: a household member's
details with that person's key, the household's address, notes and interview text with the
folder's key (the household is the subject of the case). Ids and the few plain facts that
statistics and audit need (a visit's date, minutes and kind; an address's TERYT code; a
member's relation) stay readable in a `keep` part beside the ciphertext.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent, Transcoder

from domain.benefit_terms import DpsFee
from domain.case_folder import ERASED, CaseFolder
from domain.handoff import Handoff
from domain.household import Address, Member
from domain.proceeding import Proceeding
from domain.service_order import ServiceOrder
from domain.social_work import Visit
from services.store.personal_data import KeyStore, seal, unseal

SEALED = "_sealed"


def _bypass(cls: type, **values: Any) -> Any:
    """A value object built without its validation: only for redacted, erased data."""
    obj: Any = object.__new__(cls)
    for f in dataclasses.fields(cls):
        object.__setattr__(obj, f.name, values.get(f.name))
    return obj


def redact_member(keep: dict[str, Any]) -> Member:
    return _bypass(Member, member_id=keep["member_id"], relation=keep["relation"],
                   first_name=ERASED, last_name="")


def redact_address(keep: dict[str, Any]) -> Address:
    return _bypass(Address, street=ERASED, building="", flat=None, postal_code="", city="",
                   teryt=keep["teryt"])


def redact_visit(keep: dict[str, Any]) -> Visit:
    return _bypass(Visit, place="", notes="", **keep)


def redact_handoff(keep: dict[str, Any]) -> Handoff:
    return _bypass(Handoff, client_name=ERASED, address_line=ERASED, contact_phone=None,
                   access_notes="", household_summary="", health_notes="", family_notes="",
                   social_worker_id=keep["social_worker_id"],
                   social_worker_name=keep["social_worker_name"], social_worker_phone=None)


def redact_dps_fee(keep: dict[str, Any]) -> DpsFee | None:
    """A DPS fee erased (or read for statistics): the municipality's monthly part only, which
    the return counts (kept since issue #19; a fee sealed before kept nothing: none)."""
    if keep.get("municipality") is None:
        return None
    return _bypass(DpsFee, family=(), municipality=keep["municipality"])


@dataclass(frozen=True)
class Seal:
    field: str
    # "folder": the event's own aggregate (folder, proceeding or order); "value": the value's
    # member_id; "member_id": the event's member_id field.
    subject: str
    keep: tuple[str, ...] = ()
    redacted: Callable[[dict[str, Any]], Any] = lambda keep: ERASED


OWN, VALUE, MEMBER_FIELD = "own", "value", "member_id"

_MEMBER: dict[str, Any] = {"keep": ("member_id", "relation"), "redacted": redact_member}
_ADDRESS: dict[str, Any] = {"keep": ("teryt",), "redacted": redact_address}

SEALED_FIELDS: dict[type, tuple[Seal, ...]] = {
    CaseFolder.CaseFolderOpened: (Seal("address", OWN, **_ADDRESS),
                                  Seal("head", VALUE, **_MEMBER)),
    CaseFolder.HouseholdMemberAdded: (Seal("member", VALUE, **_MEMBER),),
    CaseFolder.MemberJoined: (Seal("member", VALUE, **_MEMBER),),
    CaseFolder.MemberLeft: (Seal("reason", OWN),),
    CaseFolder.MemberDetailsCorrected: (
        Seal("first_name", MEMBER_FIELD), Seal("last_name", MEMBER_FIELD),
        Seal("pesel", MEMBER_FIELD, redacted=lambda keep: None),
        Seal("document", MEMBER_FIELD, redacted=lambda keep: None),
        Seal("birth_date", MEMBER_FIELD, redacted=lambda keep: None),
    ),
    CaseFolder.AddressChanged: (Seal("address", OWN, **_ADDRESS),),
    # Health is a special category (GDPR art. 9): for the provider, sealed with the folder.
    CaseFolder.CareNotesUpdated: (Seal("health_notes", OWN, redacted=lambda keep: ""),
                                  Seal("access_notes", OWN, redacted=lambda keep: "")),
    CaseFolder.VisitRecorded: (
        Seal("visit", OWN, keep=("visit_id", "visited_on", "minutes", "activity"),
             redacted=redact_visit),
    ),
    CaseFolder.InterviewConducted: (Seal("sections", OWN, redacted=lambda keep: {}),
                                    Seal("statement", OWN, redacted=lambda keep: None),
                                    Seal("assets", OWN, redacted=lambda keep: None)),
    CaseFolder.InterviewUpdated: (Seal("sections", OWN, redacted=lambda keep: {}),),
    CaseFolder.CaseFolderClosed: (Seal("reason", OWN),),
    # What the catalogue was asked with (income, age, findings) and why a pick was made
    # against its conditions; the codes proposed and chosen stay readable for audit.
    CaseFolder.ServicesProposed: (Seal("facts", OWN, redacted=lambda keep: {}),
                                  Seal("justifications", OWN, redacted=lambda keep: {})),
    # The account a member's benefits are paid to, under that member's key (issue #18).
    CaseFolder.BankAccountRecorded: (Seal("iban", MEMBER_FIELD, redacted=lambda keep: None),),
    # Proceedings and service orders: the aggregate itself is the subject; erasing a folder
    # also destroys the keys of its proceedings and orders.
    # The applicant's signature: the image of the person's hand, under the person's key.
    Proceeding.ApplicationSigned: (Seal("image", MEMBER_FIELD, redacted=lambda keep: None),),
    # The DPS fee names the family's payers: erased with the proceeding's key, only the
    # municipality's part is left (a benefit's amount, as a cash decision's is: the return
    # counts it).
    Proceeding.DecisionIssued: (Seal("amount_justification", OWN),
                                Seal("dps_fee", OWN, keep=("municipality",),
                                     redacted=redact_dps_fee)),
    Proceeding.DecisionAmended: (Seal("reason", OWN),),
    Proceeding.DecisionRevoked: (Seal("reason", OWN),),
    ServiceOrder.ServiceOrderPlaced: (
        Seal("handoff", OWN, keep=("social_worker_id", "social_worker_name"),
             redacted=redact_handoff),
    ),
    ServiceOrder.CaregiverObservationRaised: (Seal("note", OWN),),
    ServiceOrder.ServiceOrderSuspended: (Seal("reason", OWN),),
    ServiceOrder.ServiceOrderEnded: (Seal("reason", OWN),),
}


def register_sealed(event_class: type, *seals: Seal) -> None:
    """Declare the personal fields of another aggregate's event."""
    SEALED_FIELDS[event_class] = seals


def subjects_of_value(seal_spec: Seal, value: Any, state: dict[str, Any], own: UUID) -> UUID:
    if seal_spec.subject == VALUE:
        return value.member_id
    if seal_spec.subject == MEMBER_FIELD:
        return state["member_id"]
    return own


class SealingMapper(Mapper):
    """Seals personal fields on the way into the store and unseals them on the way out."""

    def __init__(self, transcoder: Transcoder, keys: KeyStore) -> None:
        super().__init__(transcoder=transcoder)
        self.keys = keys

    def subjects_to_seal(self, domain_events: Iterable[Any]) -> list[UUID]:
        """Whose keys sealing these events will take (so they can be made all at once)."""
        subjects = []
        for domain_event in domain_events:
            state = vars(domain_event)
            for spec in SEALED_FIELDS.get(type(domain_event), ()):
                value = state.get(spec.field)
                if value is not None:
                    subjects.append(subjects_of_value(spec, value, state,
                                                      domain_event.originator_id))
        return subjects

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        seals = SEALED_FIELDS.get(type(domain_event))
        if not seals:
            return super().to_stored_event(domain_event)
        state = dict(vars(domain_event))
        for spec in seals:
            value = state.get(spec.field)
            if value is None:
                continue
            subject = subjects_of_value(spec, value, state, domain_event.originator_id)
            plaintext = self.transcoder.encode({"v": value})
            state[spec.field] = {
                SEALED: seal(self.keys.key_for_writing(subject), plaintext,
                             _binding(subject, spec.field)),
                "subject": subject,
                "keep": {name: getattr(value, name) for name in spec.keep},
            }
        sealed_event = object.__new__(type(domain_event))
        object.__setattr__(sealed_event, "__dict__", state)
        return super().to_stored_event(sealed_event)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        return self._unsealed(self._decoded(stored_event))

    def to_domain_events(self, stored_events: Iterable[StoredEvent]) -> list[Any]:
        """Decode many events (a batch of the log), reading the keys they need in one query
        rather than one each."""
        decoded = [self._decoded(stored_event) for stored_event in stored_events]
        # Most events of a batch have no personal field: only the others are looked at again.
        sealed = [(domain_event, list(_envelopes(domain_event))) for domain_event in decoded
                  if type(domain_event) in SEALED_FIELDS]
        if self.keys is not None:
            self.keys.preload_for_reading(
                envelope["subject"] for _domain_event, envelopes in sealed
                for _spec, envelope in envelopes)
        for domain_event, envelopes in sealed:
            self._unseal(domain_event, envelopes)
        return decoded

    def _decoded(self, stored_event: StoredEvent) -> Any:
        """The event with its personal fields still sealed."""
        domain_event = super().to_domain_event(stored_event)
        if isinstance(domain_event, CaseFolder.PersonalDataErased) and self.keys is not None:
            # Recorded after the keys were destroyed, maybe by another process: from now on
            # this process's cached keys (and aggregates) of these people must not be used.
            self.keys.learn_erased(domain_event.subjects)
        return domain_event

    def _unsealed(self, domain_event: Any) -> Any:
        self._unseal(domain_event, _envelopes(domain_event))
        return domain_event

    def _unseal(self, domain_event: Any, envelopes: Iterable[tuple[Seal, dict[str, Any]]],
                ) -> None:
        for spec, envelope in envelopes:
            subject = envelope["subject"]
            key = self.keys.key_for_reading(subject) if self.keys is not None else None
            plaintext = None
            if key is not None:
                plaintext = unseal(key, envelope[SEALED], _binding(subject, spec.field))
            value = (self.transcoder.decode(plaintext)["v"] if plaintext is not None
                     else spec.redacted(envelope["keep"]))
            domain_event.__dict__[spec.field] = value


def _envelopes(domain_event: Any) -> Iterator[tuple[Seal, dict[str, Any]]]:
    """The sealed fields of a decoded event, with their envelopes."""
    for spec in SEALED_FIELDS.get(type(domain_event), ()):
        envelope = getattr(domain_event, spec.field, None)
        if isinstance(envelope, dict) and SEALED in envelope:
            yield spec, envelope


class KeptFieldsMapper(SealingMapper):
    """Reads events with every sealed field replaced by its kept, non-personal parts (ids,
    dates, TERYT codes), as if erased: for statistics, which must never see a name. Touches
    no key, so it is also much faster. It cannot write."""

    def __init__(self, transcoder: Transcoder) -> None:
        Mapper.__init__(self, transcoder=transcoder)
        self.keys = None  # type: ignore[assignment]

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        raise TypeError("KeptFieldsMapper only reads")


def _binding(subject: UUID, field: str) -> bytes:
    # Ties a ciphertext to its subject and field, so it cannot be moved to another.
    return subject.bytes + field.encode()
