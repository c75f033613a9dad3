"""A service order at a provider (MCUS is one): the care a decision ordered, as delivered."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.bounds import check_date, check_field_time, check_time
from domain.care import CENT, CareTerms
from domain.care_visits import (
    CareVisit,
    CareVisitNotFoundError,
    DuplicateCareVisitError,
    DuplicateObservationError,
    MonthClosedError,
    NaiveObservationTimeError,
    NaiveVisitTimeError,
    NotAssignedCaregiverError,
    Observation,
    ObservationByOtherCaregiverError,
    ScheduleSlot,
    VisitAlreadyCompletedError,
    VisitAlreadyOpenError,
    checked_note,
    checked_observation_kind,
    checked_schedule,
    completed_visit,
    is_aware,
)
from domain.care_visits import overlaps as visits_overlap
from domain.errors import DomainConflictError, DomainError, InvalidValueError
from domain.fees import (
    MonthBeforeOrderError,
    MonthNotOverError,
    Settlement,
    SettlementAlreadyClosedError,
    VisitStillOpenError,
    last_day_of_month,
    settle_month,
)
from domain.handoff import Handoff
from domain.help import CaseReference, form_info
from domain.text import within


class ServiceOrderError(DomainError):
    code = "order.error"


class NotACareFormError(ServiceOrderError, InvalidValueError):
    code = "order.not_a_care_form"


class ProviderMismatchError(ServiceOrderError, InvalidValueError):
    code = "order.provider_mismatch"


class OrderDateBeforePlacedError(ServiceOrderError, InvalidValueError):
    code = "order.date_before_placed"


class ResumeBeforeSuspensionError(ServiceOrderError, InvalidValueError):
    code = "order.resume_before_suspension"


class OrderReasonRequiredError(ServiceOrderError, InvalidValueError):
    code = "order.reason_required"


class ChangeBeforePreviousError(ServiceOrderError, InvalidValueError):
    code = "order.change_before_previous"


class OrderEndedError(ServiceOrderError, DomainConflictError):
    code = "order.ended"


class OrderAlreadyAcceptedError(ServiceOrderError, DomainConflictError):
    code = "order.already_accepted"


class OrderNotAcceptedError(ServiceOrderError, DomainConflictError):
    code = "order.not_accepted"


class CaregiverAlreadyAssignedError(ServiceOrderError, DomainConflictError):
    code = "order.caregiver_already_assigned"


class NoCaregiverError(ServiceOrderError, DomainConflictError):
    code = "order.no_caregiver"


class OrderNotScheduledError(ServiceOrderError, DomainConflictError):
    code = "order.not_scheduled"


class TermsUnchangedError(ServiceOrderError, DomainConflictError):
    code = "order.terms_unchanged"


class NoChangeToAcknowledgeError(ServiceOrderError, DomainConflictError):
    code = "order.no_change_to_acknowledge"


class NothingNewSeenError(ServiceOrderError, DomainConflictError):
    """The coordinator acknowledged the folder's changes up to a point already seen."""

    code = "order.folder_changes_already_seen"


class InvalidSeenPositionError(ServiceOrderError, InvalidValueError):
    code = "order.invalid_seen_position"


class OrderSuspendedError(ServiceOrderError, DomainConflictError):
    code = "order.suspended"


class OrderNotSuspendedError(ServiceOrderError, DomainConflictError):
    code = "order.not_suspended"


class OrderVisitOpenError(ServiceOrderError, DomainConflictError):
    code = "order.visit_open"


class CoverOutsideOrderError(ServiceOrderError, DomainConflictError):
    """A cover for an order with no caregiver of its own (nobody to cover)."""

    code = "order.nothing_to_cover"


@dataclass(frozen=True)
class Cover:
    """Another caregiver visits the client instead of the assigned one on these days."""

    absence_id: UUID
    caregiver_id: UUID
    date_from: date
    date_to: date

    def covers(self, day: date) -> bool:
        return self.date_from <= day <= self.date_to


class ServiceOrder(Aggregate):
    """What a provider was ordered to deliver for one client, and what it delivered."""

    @classmethod
    def place(
        cls,
        *,
        order_id: UUID,
        provider_id: str,
        proceeding_id: UUID,
        decision_id: UUID,
        folder_id: UUID,
        person_id: UUID,
        case_reference: str,
        form: str,
        terms: CareTerms,
        handoff: Handoff,
        placed_on: date,
    ) -> "ServiceOrder":
        """Place an order with the provider a granting care decision names."""
        if not form_info(form).places_service_order:
            raise NotACareFormError(form=form)
        if provider_id != terms.provider_id:
            raise ProviderMismatchError(provider_id=provider_id)
        return cls._create(
            cls.ServiceOrderPlaced,
            id=order_id,
            provider_id=provider_id,
            proceeding_id=proceeding_id,
            decision_id=decision_id,
            folder_id=folder_id,
            person_id=person_id,
            case_reference=CaseReference.parse(case_reference).text,
            form=str(form),
            terms=terms,
            handoff=handoff,
            placed_on=placed_on,
        )

    class ServiceOrderPlaced(Aggregate.Created):
        provider_id: str
        proceeding_id: UUID
        decision_id: UUID
        folder_id: UUID
        person_id: UUID
        case_reference: str
        form: str
        terms: CareTerms
        handoff: Handoff
        placed_on: date

    @event(ServiceOrderPlaced)
    def __init__(
        self,
        *,
        provider_id: str,
        proceeding_id: UUID,
        decision_id: UUID,
        folder_id: UUID,
        person_id: UUID,
        case_reference: str,
        form: str,
        terms: CareTerms,
        handoff: Handoff,
        placed_on: date,
    ) -> None:
        self.provider_id = provider_id
        self.proceeding_id = proceeding_id
        self.decision_id = decision_id
        self.folder_id = folder_id
        self.person_id = person_id
        self.case_reference = case_reference
        self.form = form
        self.terms = terms
        self.terms_since: list[tuple[date, CareTerms]] = [(placed_on, terms)]
        self.handoff = handoff
        self.placed_on = placed_on
        self.accepted_on: date | None = None
        self.coordinator_id: UUID | None = None
        self.caregiver_id: UUID | None = None
        self.schedule: tuple[ScheduleSlot, ...] = ()
        self.changed = False
        self.suspended_on: date | None = None
        self.ended_on: date | None = None
        self.end_reason: str | None = None
        self.visits: dict[UUID, CareVisit] = {}
        self.open_visit_id: UUID | None = None
        self.observations: dict[UUID, Observation] = {}
        self.settlements: dict[tuple[int, int], Settlement] = {}
        # The log position up to which the coordinator has seen the folder's changes.
        self.folder_seen_up_to = 0
        # Caregivers covering the assigned one's absences (domain/caregiver_absence.py).
        self.covers: list[Cover] = []

    @property
    def status(self) -> str:
        """awaiting_acceptance → accepted → caregiver_assigned → scheduled → running → ended,
        with suspended ↔ (what it was) in between."""
        if self.ended_on is not None:
            return "ended"
        if self.suspended_on is not None:
            return "suspended"
        if self.visits:
            return "running"
        if self.schedule:
            return "scheduled"
        if self.caregiver_id is not None:
            return "caregiver_assigned"
        return "accepted" if self.accepted_on is not None else "awaiting_acceptance"

    @property
    def open_visit(self) -> CareVisit | None:
        return self.visits[self.open_visit_id] if self.open_visit_id is not None else None

    def terms_on(self, day: date) -> CareTerms:
        """The terms in force on a day: the latest change made on or before it."""
        in_force = self.terms_since[0][1]
        for since, terms in self.terms_since:
            if since <= day:
                in_force = terms
        return in_force

    def delivered_hours(self, year: int, month: int) -> Decimal:
        """Hours of completed visits in a month, flagged or not."""
        return _hours(v for v in self.visits.values() if not v.is_open and v.month == (year, month))

    def billable_hours(self, year: int, month: int) -> Decimal:
        """Delivered hours that are settled: visits outside the decision's period are not."""
        return _hours(v for v in self.visits.values() if v.is_billable and v.month == (year, month))

    @staticmethod
    def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
        """Whether two visits overlap; the services layer checks a caregiver's other orders."""
        return visits_overlap(a_start, a_end, b_start, b_end)

    def accept(self, accepted_on: date, coordinator_id: UUID) -> None:
        """The provider's coordinator takes the order on."""
        check_date(accepted_on, "on")
        self._refuse_if_ended()
        if self.accepted_on is not None:
            raise OrderAlreadyAcceptedError(order_id=self.id)
        self._refuse_before_placed(accepted_on)
        self._service_order_accepted(accepted_on=accepted_on, coordinator_id=coordinator_id)

    class ServiceOrderAccepted(Aggregate.Event):
        accepted_on: date
        coordinator_id: UUID

    @event(ServiceOrderAccepted)
    def _service_order_accepted(self, accepted_on: date, coordinator_id: UUID) -> None:
        self.accepted_on = accepted_on
        self.coordinator_id = coordinator_id

    def assign_caregiver(self, caregiver_id: UUID) -> None:
        """Make a caregiver responsible for the client's visits (also a replacement)."""
        self._refuse_if_ended()
        if self.accepted_on is None:
            raise OrderNotAcceptedError(order_id=self.id)
        if caregiver_id == self.caregiver_id:
            raise CaregiverAlreadyAssignedError(caregiver_id=caregiver_id)
        self._caregiver_assigned(caregiver_id=caregiver_id)

    class CaregiverAssigned(Aggregate.Event):
        caregiver_id: UUID

    @event(CaregiverAssigned)
    def _caregiver_assigned(self, caregiver_id: UUID) -> None:
        self.caregiver_id = caregiver_id

    def set_schedule(self, slots: Iterable[ScheduleSlot]) -> None:
        """Plan the weekly visits within the ordered weekdays and hours."""
        self._refuse_if_ended()
        if self.caregiver_id is None:
            raise NoCaregiverError(order_id=self.id)
        self._weekly_schedule_set(slots=checked_schedule(slots, self.terms))

    class WeeklyScheduleSet(Aggregate.Event):
        slots: tuple[ScheduleSlot, ...]

    @event(WeeklyScheduleSet)
    def _weekly_schedule_set(self, slots: tuple[ScheduleSlot, ...]) -> None:
        self.schedule = tuple(slots)

    def change_terms(self, terms: CareTerms, amended_on: date) -> None:
        """Apply an amended decision; the coordinator is asked to acknowledge the change."""
        self._refuse_if_ended()
        if terms.provider_id != self.provider_id:
            raise ProviderMismatchError(provider_id=terms.provider_id)
        if terms == self.terms:
            raise TermsUnchangedError(order_id=self.id)
        self._refuse_before_placed(amended_on)
        if amended_on < self.terms_since[-1][0]:
            raise ChangeBeforePreviousError(amended_on=amended_on)
        self._service_order_changed(terms=terms, amended_on=amended_on)

    class ServiceOrderChanged(Aggregate.Event):
        terms: CareTerms
        amended_on: date

    @event(ServiceOrderChanged)
    def _service_order_changed(self, terms: CareTerms, amended_on: date) -> None:
        self.terms = terms
        self.terms_since.append((amended_on, terms))
        self.changed = True

    def acknowledge_change(self) -> None:
        """The coordinator has seen the changed terms (and re-planned if needed)."""
        self._refuse_if_ended()
        if not self.changed:
            raise NoChangeToAcknowledgeError(order_id=self.id)
        self._order_change_acknowledged()

    class OrderChangeAcknowledged(Aggregate.Event):
        pass

    @event(OrderChangeAcknowledged)
    def _order_change_acknowledged(self) -> None:
        self.changed = False

    def assign_cover(self, *, absence_id: UUID, caregiver_id: UUID, date_from: date,
                     date_to: date) -> None:
        """Another caregiver visits the client on these days (the assigned one is absent)."""
        self._refuse_if_ended()
        if self.caregiver_id is None:
            raise CoverOutsideOrderError(order_id=self.id)
        self._cover_assigned(absence_id=absence_id, caregiver_id=caregiver_id,
                             date_from=date_from, date_to=date_to)

    class CoverAssigned(Aggregate.Event):
        absence_id: UUID
        caregiver_id: UUID
        date_from: date
        date_to: date

    @event(CoverAssigned)
    def _cover_assigned(self, absence_id: UUID, caregiver_id: UUID, date_from: date,
                        date_to: date) -> None:
        self.covers.append(Cover(absence_id, caregiver_id, date_from, date_to))

    def caregiver_on(self, day: date) -> UUID | None:
        """Who visits the client on a day: the latest cover of that day, else the assigned."""
        for cover in reversed(self.covers):
            if cover.covers(day):
                return cover.caregiver_id
        return self.caregiver_id

    def may_be_visited_by(self, caregiver_id: UUID) -> bool:
        """The assigned caregiver or one covering her on some day (the day is checked at
        the check-in): the scope of a caregiver's commands on the order."""
        return caregiver_id == self.caregiver_id or any(
            cover.caregiver_id == caregiver_id for cover in self.covers)

    def acknowledge_folder_changes(self, up_to: int) -> None:
        """The coordinator has seen what changed in the client's folder (the address, the
        household, an interview update, the decision) up to a log position."""
        if isinstance(up_to, bool) or not isinstance(up_to, int) or up_to < 1:
            raise InvalidSeenPositionError(up_to=up_to)
        if up_to <= self.folder_seen_up_to:
            raise NothingNewSeenError(up_to=up_to, seen_up_to=self.folder_seen_up_to)
        self._folder_changes_seen(up_to=up_to)

    class FolderChangesSeen(Aggregate.Event):
        up_to: int

    @event(FolderChangesSeen)
    def _folder_changes_seen(self, up_to: int) -> None:
        self.folder_seen_up_to = up_to

    def suspend(self, on: date, reason: str) -> None:
        """Pause care, e.g. while the client is in hospital."""
        check_date(on, "on")
        self._refuse_if_ended()
        if self.accepted_on is None:
            raise OrderNotAcceptedError(order_id=self.id)
        if self.suspended_on is not None:
            raise OrderSuspendedError(order_id=self.id)
        self._refuse_before_placed(on)
        self._service_order_suspended(on=on, reason=_reason(reason))

    class ServiceOrderSuspended(Aggregate.Event):
        on: date
        reason: str

    @event(ServiceOrderSuspended)
    def _service_order_suspended(self, on: date, reason: str) -> None:
        self.suspended_on = on

    def resume(self, on: date) -> None:
        """Continue care after a suspension."""
        check_date(on, "on")
        self._refuse_if_ended()
        if self.suspended_on is None:
            raise OrderNotSuspendedError(order_id=self.id)
        if on < self.suspended_on:
            raise ResumeBeforeSuspensionError(on=on, suspended_on=self.suspended_on)
        self._service_order_resumed(on=on)

    class ServiceOrderResumed(Aggregate.Event):
        on: date

    @event(ServiceOrderResumed)
    def _service_order_resumed(self, on: date) -> None:
        self.suspended_on = None

    def end(self, on: date, reason: str) -> None:
        """End the order (the decision revoked, its period over...); only settling remains."""
        self._refuse_if_ended()
        if self.open_visit_id is not None:
            raise OrderVisitOpenError(visit_id=self.open_visit_id)
        self._refuse_before_placed(on)
        self._service_order_ended(on=on, reason=_reason(reason))

    class ServiceOrderEnded(Aggregate.Event):
        on: date
        reason: str

    @event(ServiceOrderEnded)
    def _service_order_ended(self, on: date, reason: str) -> None:
        self.ended_on = on
        self.end_reason = reason

    def start_visit(self, *, visit_id: UUID, caregiver_id: UUID, started_at: datetime,
                    now: datetime | None = None) -> None:
        """The assigned caregiver checks in at the client's home (`now`: the server's
        clock; a check-in later than it allows is refused, domain/bounds.py)."""
        self._check_field_time(started_at, now, "started_at")
        self._refuse_if_ended()
        if self.suspended_on is not None:
            raise OrderSuspendedError(order_id=self.id)
        if not self.schedule:
            raise OrderNotScheduledError(order_id=self.id)
        # On a day another caregiver covers, she visits, not the absent one.
        if caregiver_id != self.caregiver_on(started_at.date()):
            raise NotAssignedCaregiverError(caregiver_id=caregiver_id)
        if visit_id in self.visits:
            raise DuplicateCareVisitError(visit_id=visit_id)
        if self.open_visit_id is not None:
            raise VisitAlreadyOpenError(visit_id=self.open_visit_id)
        if not is_aware(started_at):
            raise NaiveVisitTimeError(visit_id=visit_id)
        # Within the order's life: not before the decision placed it.
        self._refuse_before_placed(started_at.date())
        self._refuse_if_month_closed(started_at.date())
        self._care_visit_started(
            visit_id=visit_id, caregiver_id=caregiver_id, started_at=started_at
        )

    class CareVisitStarted(Aggregate.Event):
        visit_id: UUID
        caregiver_id: UUID
        started_at: datetime

    @event(CareVisitStarted)
    def _care_visit_started(self, visit_id: UUID, caregiver_id: UUID, started_at: datetime) -> None:
        self.visits[visit_id] = CareVisit(visit_id, caregiver_id, started_at)
        self.open_visit_id = visit_id

    def complete_visit(
        self, *, visit_id: UUID, ended_at: datetime, tasks_done: Iterable[str],
        now: datetime | None = None,
    ) -> None:
        """The caregiver checks out with the tasks done; a visit that strays from the terms
        (outside the period, on an unordered day, above the month's hours) is flagged."""
        self._check_field_time(ended_at, now, "ended_at")
        self._refuse_if_ended()
        visit = self.visits.get(visit_id)
        if visit is None:
            raise CareVisitNotFoundError(visit_id=visit_id)
        if not visit.is_open:
            raise VisitAlreadyCompletedError(visit_id=visit_id)
        self._refuse_if_month_closed(visit.day)
        done = completed_visit(
            visit,
            ended_at,
            tasks_done,
            self.terms_on(visit.day),
            billable_minutes=sum(
                v.minutes for v in self.visits.values() if v.is_billable and v.month == visit.month
            ),
        )
        self._care_visit_completed(
            visit_id=visit_id,
            ended_at=ended_at,
            tasks_done=done.tasks_done,
            minutes=done.minutes,
            flags=done.flags,
        )

    class CareVisitCompleted(Aggregate.Event):
        visit_id: UUID
        ended_at: datetime
        tasks_done: tuple[str, ...]
        minutes: int
        flags: tuple[str, ...]

    @event(CareVisitCompleted)
    def _care_visit_completed(
        self,
        visit_id: UUID,
        ended_at: datetime,
        tasks_done: tuple[str, ...],
        minutes: int,
        flags: tuple[str, ...],
    ) -> None:
        visit = self.visits[visit_id]
        self.visits[visit_id] = CareVisit(
            visit.visit_id,
            visit.caregiver_id,
            visit.started_at,
            ended_at,
            tuple(tasks_done),
            minutes,
            tuple(flags),
        )
        self.open_visit_id = None

    def raise_observation(
        self, *, observation_id: UUID, caregiver_id: UUID, kind: str, note: str,
        raised_at: datetime, now: datetime | None = None,
    ) -> None:
        """A caregiver tells the social worker what they noticed (a fall, no food...)."""
        self._check_field_time(raised_at, now, "raised_at")
        self._refuse_if_ended()
        if caregiver_id != self.caregiver_id and caregiver_id != self.caregiver_on(
                raised_at.date()):
            raise ObservationByOtherCaregiverError(caregiver_id=caregiver_id)
        if observation_id in self.observations:
            raise DuplicateObservationError(observation_id=observation_id)
        if not is_aware(raised_at):
            raise NaiveObservationTimeError(observation_id=observation_id)
        self._caregiver_observation_raised(
            observation_id=observation_id,
            caregiver_id=caregiver_id,
            kind=checked_observation_kind(kind),
            note=checked_note(note),
            raised_at=raised_at,
        )

    class CaregiverObservationRaised(Aggregate.Event):
        observation_id: UUID
        caregiver_id: UUID
        kind: str
        note: str
        raised_at: datetime

    @event(CaregiverObservationRaised)
    def _caregiver_observation_raised(
        self, observation_id: UUID, caregiver_id: UUID, kind: str, note: str, raised_at: datetime
    ) -> None:
        self.observations[observation_id] = Observation(
            observation_id, caregiver_id, kind, note, raised_at
        )

    def close_month(self, *, year: int, month: int, closed_on: date) -> None:
        """Settle a month that is over: billable hours at the hourly cost and fee share of
        the terms in force on its last day. An ended order can still settle its months."""
        check_date(closed_on, "closed_on")
        last_day = last_day_of_month(year, month)
        if (year, month) in self.settlements:
            raise SettlementAlreadyClosedError(year=year, month=month)
        if closed_on <= last_day:
            raise MonthNotOverError(year=year, month=month, closed_on=closed_on)
        if last_day < self.placed_on:
            raise MonthBeforeOrderError(year=year, month=month)
        visit = self.open_visit
        if visit is not None and visit.month == (year, month):
            raise VisitStillOpenError(visit_id=visit.visit_id)
        terms = self.terms_on(last_day)
        settled = settle_month(
            self.billable_hours(year, month), terms.hourly_cost, terms.fee_share_percent
        )
        self._monthly_settlement_closed(
            year=year,
            month=month,
            closed_on=closed_on,
            hours=settled.hours,
            hourly_cost=settled.hourly_cost,
            fee_share_percent=settled.fee_share_percent,
            total=settled.total,
            client_pays=settled.client_pays,
            municipality_pays=settled.municipality_pays,
        )

    class MonthlySettlementClosed(Aggregate.Event):
        year: int
        month: int
        closed_on: date
        hours: Decimal
        hourly_cost: Decimal
        fee_share_percent: Decimal
        total: Decimal
        client_pays: Decimal
        municipality_pays: Decimal

    @event(MonthlySettlementClosed)
    def _monthly_settlement_closed(
        self,
        year: int,
        month: int,
        closed_on: date,
        hours: Decimal,
        hourly_cost: Decimal,
        fee_share_percent: Decimal,
        total: Decimal,
        client_pays: Decimal,
        municipality_pays: Decimal,
    ) -> None:
        self.settlements[(year, month)] = Settlement(
            hours, hourly_cost, fee_share_percent, total, client_pays, municipality_pays
        )

    @staticmethod
    def _check_field_time(moment: datetime, now: datetime | None, field: str) -> None:
        """A time from the caregiver's tablet: within the bounds, and not later than the
        server's clock allows (when the caller gives it; replays and imports do not)."""
        if now is None:
            check_time(moment, field)
        else:
            check_field_time(moment, now, field)

    def _refuse_if_ended(self) -> None:
        if self.ended_on is not None:
            raise OrderEndedError(order_id=self.id)

    def _refuse_before_placed(self, on: date) -> None:
        if on < self.placed_on:
            raise OrderDateBeforePlacedError(on=on, placed_on=self.placed_on)

    def _refuse_if_month_closed(self, day: date) -> None:
        if (day.year, day.month) in self.settlements:
            raise MonthClosedError(year=day.year, month=day.month)


def _hours(visits: Iterable[CareVisit]) -> Decimal:
    # Visits are measured in whole minutes; the month's hours are rounded once, to 0.01 h.
    minutes = sum(visit.minutes for visit in visits)
    return (Decimal(minutes) / 60).quantize(CENT, rounding=ROUND_HALF_UP)


MAX_REASON_LENGTH = 2_000


def _reason(reason: str) -> str:
    within(reason, "reason", MAX_REASON_LENGTH)
    if not isinstance(reason, str) or not reason.strip():
        raise OrderReasonRequiredError()
    return reason.strip()
