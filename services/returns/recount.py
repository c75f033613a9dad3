"""The independent recount of a return: straight from the event log, without the projection.

It reads the notification log up to the position a return was computed at, keeps only the
events recorded by the return's as-of time, folds them in memory with its own bookkeeping
(nothing shared with projections/returns.py, which sums its tables in SQL), and compiles
the figures by the counting rules of domain/mrpips03.py. It reads the sealed fields only as
their kept, non-personal parts (services/store/sealing.py KeptFieldsMapper): a recount
never decrypts a name. Equal figures prove the projection counted what the log says; a
difference names the figures that disagree.

Issue #19 (≤ 10 s for a city's ~444,000 counted events): PostgreSQL streams the log in one
query, in binary (services/store/recorders.py); the events a log has most of (visits,
caregivers' visits, payments, settlements, members joining, applications: 94 % of a city's)
are folded from the few fields counted, read straight from their stored JSON (`_HOT`), the
others decoded by the mapper.

Every fact it folds belongs to one aggregate (a proceeding's decision, a folder's members, a
list's payments, an order's visits), so a recount can be split by aggregate across processes
(`workers`): each reads the log, decodes only its share and folds it; the folds are joined
(disjoint, but for a member's relation and leaving day, which the last write by log position
wins, as in one fold). Each process reads the whole log, and on two cores shared with other
work two processes took 1.5–2.5× as long as one (docs/benchmarks.md): one is the default.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

import orjson
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.care_visits import VisitFlag
from domain.case_folder import CaseFolder
from domain.errors import DomainError
from domain.identifiers import Teryt
from domain.mrpips03 import (
    CareMonth,
    Family,
    GrantedDecision,
    Payment,
    ReturnFacts,
    ReturnPeriod,
    SocialContract,
    TermsSegment,
    compile_figures,
    counted_form,
)
from domain.mrpips03_rows import Membership, persons_in
from domain.payments import PaymentList
from domain.proceeding import Proceeding
from domain.service_order import ServiceOrder
from domain.social_contract import SocialContract as SocialContractAggregate
from services.store.sealing import KeptFieldsMapper
from services.store.transcoder import uuid_from_hex

BATCH = 2_000
EVENTS = (
    Proceeding.ApplicationFiled, Proceeding.ProceedingOpenedExOfficio,
    Proceeding.DecisionIssued, Proceeding.DecisionAmended, Proceeding.DecisionRevoked,
    Proceeding.AppealResolved, Proceeding.DecisionChangedOnAppeal,
    CaseFolder.CaseFolderOpened, CaseFolder.HouseholdMemberAdded,
    CaseFolder.MemberJoined, CaseFolder.MemberLeft, CaseFolder.MemberDied,
    CaseFolder.MembershipCorrected, CaseFolder.MemberDetailsCorrected,
    CaseFolder.AddressChanged, CaseFolder.VisitRecorded,
    SocialContractAggregate.SocialContractSigned, SocialContractAggregate.SocialContractClosed,
    PaymentList.BenefitPaid, PaymentList.PaymentReversed,
    ServiceOrder.ServiceOrderPlaced, ServiceOrder.CareVisitStarted,
    ServiceOrder.CareVisitCompleted, ServiceOrder.MonthlySettlementClosed,
)
V = TypeVar("V")

def _stamp(event: Any, key: str) -> datetime | None:
    value = (getattr(event, "meta", None) or {}).get(key)
    return datetime.fromisoformat(value) if value else None


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class _Log:
    """The facts folded from the log, as plain dictionaries."""

    proceedings: dict[UUID, tuple[UUID, UUID, str]] = field(default_factory=dict)
    decisions: dict[UUID, GrantedDecision] = field(default_factory=dict)
    members: dict[UUID, list[date]] = field(default_factory=dict)
    member_ids: dict[UUID, list[UUID]] = field(default_factory=dict)  # beside `members`
    # member → (log position, the day left or died) and (log position, relation to the
    # head): a member's id is not bound to one folder, so folds of shares join them by the
    # later position.
    left: dict[UUID, tuple[int, date]] = field(default_factory=dict)
    relation: dict[UUID, tuple[int, str]] = field(default_factory=dict)
    rural: dict[UUID, bool] = field(default_factory=dict)
    visits: dict[UUID, set[date]] = field(default_factory=dict)
    contracts: dict[UUID, SocialContract] = field(default_factory=dict)
    # (list, instalment) → (decision, paid on, amount); a reversal removes it.
    paid: dict[tuple[UUID, UUID], tuple[UUID, Payment]] = field(default_factory=dict)
    order_decision: dict[UUID, UUID] = field(default_factory=dict)
    visit_day: dict[tuple[UUID, str], date] = field(default_factory=dict)
    # (decision, order, year, month) → billable minutes, and the month's settlement.
    care_minutes: dict[tuple[UUID, UUID, int, int], int] = field(default_factory=dict)
    settled: dict[tuple[UUID, UUID, int, int], tuple[Any, Any]] = field(default_factory=dict)

    def apply(self, e: Any, at: int = 0) -> None:
        """Fold one event, read at log position ``at``."""
        kind = type(e).__name__
        if kind in ("ApplicationFiled", "ProceedingOpenedExOfficio"):
            self.filed(e.originator_id, e.person_id, e.folder_id, e.form)
        elif kind == "DecisionIssued" and e.outcome == "grant":
            person, folder, form = self.proceedings[e.originator_id]
            # The DPS fee is sealed; its municipality part is kept readable (sealing.py).
            dps = e.dps_fee.municipality if e.dps_fee is not None else None
            self.decisions[e.decision_id] = GrantedDecision(
                e.decision_id, person, folder, counted_form(form, e.legal_basis),
                tuple(e.reasons), e.issued_on,
                (TermsSegment(e.issued_on, e.care, e.cash, e.days, dps),),
                legal_basis=e.legal_basis or "")
        elif kind in ("DecisionAmended", "DecisionChangedOnAppeal") and (
                e.decision_id in self.decisions):
            # The SKO's change (KPA art. 138 § 1 pkt 2) counts as an amendment from its day.
            on = e.amended_on if kind == "DecisionAmended" else e.resolved_on
            decision = self.decisions[e.decision_id]
            last = decision.segments[-1]
            segment = TermsSegment(on, e.care or last.care, e.cash or last.cash, last.days,
                                   last.dps_monthly)
            self.decisions[e.decision_id] = replace(
                decision, segments=(*decision.segments, segment))
        elif kind == "DecisionRevoked" and e.decision_id in self.decisions:
            self.decisions[e.decision_id] = replace(
                self.decisions[e.decision_id], ends_before=e.revoked_on)
        elif kind == "AppealResolved" and e.decision_id in self.decisions:
            if not e.decision_upheld:
                self.decisions[e.decision_id] = replace(self.decisions[e.decision_id], void=True)
        elif kind == "CaseFolderOpened":
            self.members[e.originator_id] = [e.opened_on]
            self.member_ids[e.originator_id] = [e.head.member_id]
            self.relation[e.head.member_id] = (at, e.head.relation)
            self.rural[e.originator_id] = _is_rural(e.address.teryt)
        elif kind == "HouseholdMemberAdded":
            added = _stamp(e, "occurred_at") or _stamp(e, "recorded_at") or e.timestamp
            self.members.setdefault(e.originator_id, []).append(added.date())
            self.member_ids.setdefault(e.originator_id, []).append(e.member.member_id)
            self.relation[e.member.member_id] = (at, e.member.relation)
        elif kind == "MemberJoined":
            self.joined(e.originator_id, e.member.member_id, e.member.relation, e.joined_on,
                        at)
        elif kind == "MemberDetailsCorrected":
            if e.relation is not None:
                self.relation[e.member_id] = (at, e.relation)
        elif kind == "MemberLeft":
            self.left[e.member_id] = (at, e.left_on)
        elif kind == "MemberDied":
            self.left[e.member_id] = (at, e.died_on)
        elif kind == "MembershipCorrected":
            if e.ended_on is not None:
                self.left[e.member_id] = (at, e.ended_on)
            if e.joined_on is not None:
                ids = self.member_ids[e.originator_id]
                self.members[e.originator_id][ids.index(e.member_id)] = e.joined_on
        elif kind == "AddressChanged":
            self.rural[e.originator_id] = _is_rural(e.address.teryt)
        elif kind == "VisitRecorded":
            self.visited(e.originator_id, e.visit.visited_on)
        elif kind == "SocialContractSigned":
            self.contracts[e.originator_id] = SocialContract(
                e.originator_id, e.folder_id, e.member_id, e.signed_on, e.ends_on)
        elif kind == "SocialContractClosed":
            self.contracts[e.originator_id] = replace(
                self.contracts[e.originator_id], closed_on=e.closed_on)
        else:
            self._provided(kind, e)

    def _provided(self, kind: str, e: Any) -> None:
        """Payments and care delivered: what the return counts as provided."""
        if kind == "BenefitPaid":
            self.benefit_paid(e.originator_id, e.instalment_id, e.decision_id, e.paid_on,
                              e.amount)
        elif kind == "PaymentReversed":
            self.paid.pop((e.originator_id, e.instalment_id), None)
        elif kind == "ServiceOrderPlaced":
            self.order_decision[e.originator_id] = e.decision_id
        elif kind == "CareVisitStarted":
            self.care_started(e.originator_id, e.visit_id.hex, e.started_at.date())
        elif kind == "CareVisitCompleted":
            self.care_completed(e.originator_id, e.visit_id.hex, e.minutes, e.flags)
        elif kind == "MonthlySettlementClosed":
            self.settlement(e.originator_id, e.year, e.month, e.hours, e.total)

    # The folds of the events a log has most of (visits of social workers and caregivers,
    # payments, members, applications), shared by `apply` and the decoding of only their
    # counted fields (`_HOT`). A caregiver's visit is known by its id's hex digits.

    def filed(self, proceeding: UUID, person: UUID, folder: UUID, form: str) -> None:
        self.proceedings[proceeding] = (person, folder, form)

    def joined(self, folder: UUID, member: UUID, relation: str, day: date, at: int) -> None:
        self.members.setdefault(folder, []).append(day)
        self.member_ids.setdefault(folder, []).append(member)
        self.relation[member] = (at, relation)

    def visited(self, folder: UUID, day: date) -> None:
        self.visits.setdefault(folder, set()).add(day)

    def benefit_paid(self, payment_list: UUID, instalment: UUID, decision: UUID,
                     paid_on: date, amount: Decimal) -> None:
        self.paid[(payment_list, instalment)] = (decision, Payment(paid_on, amount))

    def settlement(self, order: UUID, year: int, month: int, hours: Decimal,
                   total: Decimal) -> None:
        self.settled[(self.order_decision[order], order, year, month)] = (hours, total)

    def care_started(self, order: UUID, visit: str, day: date) -> None:
        self.visit_day[(order, visit)] = day

    def care_completed(self, order: UUID, visit: str, minutes: int,
                       flags: Iterable[str]) -> None:
        if VisitFlag.OUTSIDE_PERIOD.value in flags:
            return  # not billable, never settled
        day = self.visit_day[(order, visit)]
        key = (self.order_decision[order], order, day.year, day.month)
        self.care_minutes[key] = self.care_minutes.get(key, 0) + minutes

    def facts(self, period: ReturnPeriod) -> ReturnFacts:
        families = {}
        for folder, rural in self.rural.items():
            members = self._memberships(folder)
            families[folder] = Family(folder, persons_in(members, period.first, period.last),
                                      rural, members)
        social_work = {folder for folder, days in self.visits.items()
                       if any(period.first <= day <= period.last for day in days)}
        payments: dict[UUID, list[Payment]] = {}
        for decision_id, payment in self.paid.values():
            payments.setdefault(decision_id, []).append(payment)
        care: dict[UUID, list[CareMonth]] = {}
        for key in self.care_minutes.keys() | self.settled.keys():
            hours, total = self.settled.get(key, (None, None))
            care.setdefault(key[0], []).append(CareMonth(
                key[2], key[3], self.care_minutes.get(key, 0), hours, total))
        decisions = [replace(d, payments=tuple(payments.get(d.decision_id, ())),
                             care_months=tuple(care.get(d.decision_id, ())))
                     for d in self.decisions.values()]
        return ReturnFacts(decisions, families, social_work, list(self.contracts.values()))


    def _memberships(self, folder: UUID) -> tuple[Membership, ...]:
        """The folder's members by their effective dates and relations."""
        joined = zip(self.members.get(folder, []), self.member_ids.get(folder, []), strict=True)
        return tuple(Membership(added, self.left[member][1] if member in self.left else None,
                                self.relation[member][1] if member in self.relation
                                else "other_relative")
                     for added, member in joined)

    def join(self, other: _Log) -> None:
        """Add the fold of another share of the aggregates."""
        for name in ("proceedings", "decisions", "members", "member_ids", "rural", "visits",
                     "contracts", "paid", "order_decision", "visit_day", "care_minutes",
                     "settled"):
            getattr(self, name).update(getattr(other, name))
        _join_latest(self.left, other.left)
        _join_latest(self.relation, other.relation)


def _join_latest(mine: dict[UUID, tuple[int, V]], theirs: dict[UUID, tuple[int, V]]) -> None:
    """Each member's value written at the later log position of the two."""
    for member, written in theirs.items():
        if member not in mine or mine[member][0] < written[0]:
            mine[member] = written


def _is_rural(teryt: str) -> bool:
    try:
        return Teryt(teryt).is_rural
    except DomainError:
        return False


Stored = tuple[int, UUID, int, str, bytes]  # id, originator id, version, topic, state


def _stored(app: Any, position: int, topics: list[str]) -> Iterator[Stored]:
    """The counted stored events up to ``position``, in order: by one streamed query on
    PostgreSQL (services/store/recorders.py), else page by page."""
    stream = getattr(app.recorder, "stream_notifications", None)
    if stream is not None:
        yield from stream(position, topics)
        return
    start = 1
    while start <= position:
        notifications = app.recorder.select_notifications(
            start=start, limit=BATCH, stop=position, topics=topics)
        if not notifications:
            return
        for n in notifications:
            yield n.id, n.originator_id, n.originator_version, n.topic, n.state
        start = notifications[-1].id + 1


def _events(app: Any, position: int,
            progress: Callable[[int, int], None] | None = None,
            share: int = 0, shares: int = 1) -> Iterator[Stored]:
    """The stored counted events up to ``position``; of the aggregates whose id modulo
    ``shares`` is ``share`` only (the others are not even decoded)."""
    topics = [get_topic(cls) for cls in EVENTS]
    for read, stored in enumerate(_stored(app, position, topics), 1):
        if shares == 1 or stored[1].int % shares == share:
            yield stored
        if progress is not None and read % BATCH == 0:
            progress(stored[0], position)
    if progress is not None:
        progress(position, position)


def _date(value: Any) -> date:
    """A stored date (`{"_type_": "date_iso", "_data_": "2026-02-20"}`)."""
    if value["_type_"] != "date_iso":
        raise ValueError(value)
    return date.fromisoformat(value["_data_"])


def _uuid(value: Any) -> UUID:
    if value["_type_"] != "uuid_hex":
        raise ValueError(value)
    return uuid_from_hex(value["_data_"])


_UUID_HEX = re.compile(r"[0-9a-f]{32}")


def _hex(value: Any) -> str:
    """A stored UUID's 32 hex digits, as `UUID.hex` gives them (parsed only if they are
    written otherwise)."""
    if value["_type_"] != "uuid_hex":
        raise ValueError(value)
    digits = value["_data_"]
    return digits if _UUID_HEX.fullmatch(digits) else uuid_from_hex(digits).hex


def _recorded(state: dict[str, Any]) -> datetime:
    """When the server recorded a stored event (as `_stamp(event, "recorded_at")`, else its
    timestamp)."""
    stamp = (state.get("meta") or {}).get("recorded_at")
    if stamp:
        return datetime.fromisoformat(stamp)
    timestamp = state["timestamp"]
    if timestamp["_type_"] != "datetime_iso":
        raise ValueError(timestamp)
    return datetime.fromisoformat(timestamp["_data_"])


def _decimal(value: Any) -> Decimal:
    if value["_type_"] != "decimal_str":
        raise ValueError(value)
    return Decimal(value["_data_"])


def _int(value: Any) -> int:
    if type(value) is not int:
        raise ValueError(value)
    return value


def _kept(value: Any, dataclass_name: str) -> dict[str, Any]:
    """A value's fields a statistic may read: a sealed one's kept part (as
    `KeptFieldsMapper` reads it), or an unsealed value object's own."""
    if "_sealed" in value:
        return value["keep"]
    if value["_type_"] != dataclass_name:
        raise ValueError(value)
    return value["_data_"]


def _application_filed(log: _Log, proceeding: UUID, state: dict[str, Any], at: int) -> None:
    form = state["form"]
    if type(form) is not str:
        raise ValueError(form)
    log.filed(proceeding, _uuid(state["person_id"]), _uuid(state["folder_id"]), form)


def _member_joined(log: _Log, folder: UUID, state: dict[str, Any], at: int) -> None:
    member = _kept(state["member"], "Member")
    relation = member["relation"]
    if type(relation) is not str:
        raise ValueError(relation)
    log.joined(folder, _uuid(member["member_id"]), relation, _date(state["joined_on"]), at)


def _benefit_paid(log: _Log, payment_list: UUID, state: dict[str, Any], at: int) -> None:
    log.benefit_paid(payment_list, _uuid(state["instalment_id"]), _uuid(state["decision_id"]),
                     _date(state["paid_on"]), _decimal(state["amount"]))


def _settlement_closed(log: _Log, order: UUID, state: dict[str, Any], at: int) -> None:
    log.settlement(order, _int(state["year"]), _int(state["month"]),
                   _decimal(state["hours"]), _decimal(state["total"]))


def _visit_recorded(log: _Log, folder: UUID, state: dict[str, Any], at: int) -> None:
    # Sealed: its day is kept readable beside the ciphertext (services/store/sealing.py).
    log.visited(folder, _date(_kept(state["visit"], "Visit")["visited_on"]))


def _care_visit_started(log: _Log, order: UUID, state: dict[str, Any], at: int) -> None:
    started = state["started_at"]
    if started["_type_"] != "datetime_iso":
        raise ValueError(started)
    # The day at the caregiver's offset, as `started_at.date()`: the ISO text's date part.
    log.care_started(order, _hex(state["visit_id"]), date.fromisoformat(
        started["_data_"][:10]))


def _care_visit_completed(log: _Log, order: UUID, state: dict[str, Any], at: int) -> None:
    flags = state["flags"]
    if type(flags) is not list:
        raise ValueError(flags)
    log.care_completed(order, _hex(state["visit_id"]), _int(state["minutes"]), flags)


# Most of a log's counted events (visits: ~80 % of a city's) are folded from the few fields
# the return counts, read straight from the stored JSON: no typed value restored, no value
# object validated, no event built. Only at the class's current version (an older one is
# upcast by the mapper); anything unexpected in them goes through the mapper too.
_HOT: dict[str, tuple[int, Callable[[_Log, UUID, dict[str, Any], int], None]]] = {
    get_topic(cls): (getattr(cls, "class_version", 1), fold)
    for cls, fold in ((CaseFolder.VisitRecorded, _visit_recorded),
                      (ServiceOrder.CareVisitStarted, _care_visit_started),
                      (ServiceOrder.CareVisitCompleted, _care_visit_completed),
                      (PaymentList.BenefitPaid, _benefit_paid),
                      (ServiceOrder.MonthlySettlementClosed, _settlement_closed),
                      (CaseFolder.MemberJoined, _member_joined),
                      (Proceeding.ApplicationFiled, _application_filed))
}


def _fold_hot(log: _Log, stored: Stored, cut_off: datetime) -> bool | None:
    """Fold a hot event from its stored JSON: whether it was counted (recorded by the
    cut-off), or None when the mapper must decode it."""
    hot = _HOT.get(stored[3])
    if hot is None:
        return None
    version, fold = hot
    try:
        state = orjson.loads(stored[4])
        if state.get("class_version", 1) != version:
            return None
        if _utc(_recorded(state)) > cut_off:
            return False
        fold(log, stored[1], state, stored[0])
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    return True


@dataclass(frozen=True)
class Recount:
    figures: dict[str, Any]
    events: int


def _fold(app: Any, position: int, cut_off: datetime,
          progress: Callable[[int, int], None] | None = None,
          share: int = 0, shares: int = 1) -> tuple[_Log, int]:
    """The share's facts folded from the events up to ``position`` recorded by ``cut_off``,
    and how many events were counted."""
    # Statistics read only ids, dates and codes: never unseal a person's data for them.
    mapper = KeptFieldsMapper(app.mapper.transcoder)
    log, counted = _Log(), 0
    for stored in _events(app, position, progress, share, shares):
        hot = _fold_hot(log, stored, cut_off)
        if hot is None:
            at, originator_id, version, topic, state = stored
            event = mapper.to_domain_event(StoredEvent(originator_id, version, topic, state))
            recorded = _stamp(event, "recorded_at") or event.timestamp
            if _utc(recorded) > cut_off:
                continue
            log.apply(event, at)
        elif not hot:
            continue
        counted += 1
    return log, counted


def _fold_share(app_class: type, settings: Any, position: int, cut_off: datetime,
                share: int, shares: int) -> tuple[_Log, int]:
    """One process's share: its own application over the same log (no keys: it unseals
    nothing)."""
    app = app_class(settings, None)
    try:
        return _fold(app, position, cut_off, None, share, shares)
    finally:
        app.close()


def recount(app: Any, period: ReturnPeriod, position: int, as_of: datetime,
            progress: Callable[[int, int], None] | None = None,
            workers: int = 1) -> Recount:
    """The figures of ``period`` from the events up to ``position`` recorded by ``as_of``
    (`progress` told the log position read of ``position``). ``workers`` processes,
    this one and others, share the work."""
    cut_off = _utc(as_of)
    if workers <= 1:
        log, counted = _fold(app, position, cut_off, progress)
        return Recount(compile_figures(period, log.facts(period)), counted)
    # "spawn": the caller's threads (projectors, the server) must not be forked.
    # This process folds the first share itself (telling `progress`) while the others run.
    with ProcessPoolExecutor(workers - 1,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        others = [pool.submit(_fold_share, type(app), app.settings, position, cut_off,
                              share, workers) for share in range(1, workers)]
        log, counted = _fold(app, position, cut_off, progress, 0, workers)
        for done in others:
            part, part_counted = done.result()
            log.join(part)
            counted += part_counted
    return Recount(compile_figures(period, log.facts(period)), counted)
