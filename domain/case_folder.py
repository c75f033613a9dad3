"""The case folder (teczka): one household, its members and the social work done with it."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.bank_account import check_iban
from domain.benefits import check_income
from domain.bounds import check_date, check_past_date
from domain.calendar import interview_update_due_on
from domain.errors import (
    DomainConflictError,
    DomainError,
    InvalidValueError,
    NotFoundInAggregateError,
)
from domain.handoff import MAX_NOTES_LENGTH as MAX_HANDOFF_NOTES_LENGTH
from domain.handoff import HandoffFieldRequiredError, HandoffTextTooLongError
from domain.household import (
    MAX_LEAVE_REASON_LENGTH,
    Address,
    InvalidRelationError,
    Member,
    Membership,
    MembershipEnd,
    Relation,
)
from domain.identifiers import IdentityDocument
from domain.proposals import ChoiceBeforeInterviewError
from domain.social_work import (
    AssetDeclaration,
    DuplicateInterviewError,
    DuplicateVisitError,
    InterviewAlreadyConductedError,
    InterviewNotConductedError,
    InterviewNotFoundError,
    InterviewPartError,
    InterviewRecord,
    InvalidDueDateError,
    PersonStatement,
    UpdateBeforeConductError,
    Visit,
    VisitBeforeFolderOpenedError,
    filled_sections,
    validate_sections,
)
from domain.text import within
from domain.user import MAX_UNIT_LENGTH

# Stands where personal data stood once its key was destroyed (end of retention).
ERASED = "[dane usunięte]"
MAX_CLOSE_REASON_LENGTH = 2_000


class CaseFolderError(DomainError):
    code = "case_folder.error"


class FolderClosedError(CaseFolderError, DomainConflictError):
    code = "case_folder.closed"


class HeadRequiredError(CaseFolderError, InvalidValueError):
    code = "case_folder.head_required"


class SecondHeadError(CaseFolderError, DomainConflictError):
    code = "case_folder.head_already_present"


class DuplicateMemberError(CaseFolderError, DomainConflictError):
    code = "case_folder.duplicate_member"


class MemberNotFoundError(CaseFolderError, NotFoundInAggregateError):
    code = "case_folder.member_not_found"


class NothingToCorrectError(CaseFolderError, DomainConflictError):
    code = "case_folder.nothing_to_correct"


class AddressUnchangedError(CaseFolderError, DomainConflictError):
    code = "case_folder.address_unchanged"


class AlreadyAssignedError(CaseFolderError, DomainConflictError):
    code = "case_folder.already_assigned"


class InvalidTeamError(CaseFolderError, InvalidValueError):
    code = "case_folder.invalid_team"


class SameTeamError(CaseFolderError, DomainConflictError):
    code = "case_folder.same_team"


class DateBeforeOpenedError(CaseFolderError, InvalidValueError):
    code = "case_folder.date_before_opened"


class InvalidCloseDateError(CaseFolderError, InvalidValueError):
    code = "case_folder.invalid_close_date"


class CloseReasonRequiredError(CaseFolderError, InvalidValueError):
    code = "case_folder.close_reason_required"


class FolderNotClosedError(CaseFolderError, DomainConflictError):
    code = "case_folder.not_closed"


class AlreadyErasedError(CaseFolderError, DomainConflictError):
    code = "case_folder.already_erased"


class PermanentHelpUnchangedError(CaseFolderError, DomainConflictError):
    code = "case_folder.permanent_help_unchanged"


class MemberNotInHouseholdError(CaseFolderError, DomainConflictError):
    """The member already left the household or died."""

    code = "case_folder.member_not_in_household"


class MemberDateBeforeJoinedError(CaseFolderError, InvalidValueError):
    """A member cannot leave, die or become the head before joining the household."""

    code = "case_folder.member_date_before_joined"


class HeadMustBeReplacedError(CaseFolderError, DomainConflictError):
    """The head leaves or dies only with a new head named from the remaining members."""

    code = "case_folder.head_must_be_replaced"


class InvalidNewHeadError(CaseFolderError, InvalidValueError):
    """A new head is another current member of the household."""

    code = "case_folder.invalid_new_head"


class MemberStillInHouseholdError(CaseFolderError, DomainConflictError):
    """Only the leaving or death day of a member who left or died can be corrected."""

    code = "case_folder.member_still_in_household"


class LeaveReasonRequiredError(CaseFolderError, InvalidValueError):
    code = "case_folder.leave_reason_required"


class JoinedBeforeBirthError(CaseFolderError, InvalidValueError):
    code = "case_folder.joined_before_birth"


class CaseFolder(Aggregate):
    """A household's case folder, opened with its head and an address."""

    @classmethod
    def open(
        cls, *, folder_id: UUID, team_id: str, address: Address, head: Member, opened_on: date,
        worker_id: UUID | None = None, registered_by: UUID | None = None,
    ) -> "CaseFolder":
        """Open a folder for a household, with its head as the first member.

        `worker_id`: the social worker who opens it is its worker from the start (it is in
        her caseload at once); `registered_by`: first contact registered it for the team
        (it waits for the team's manager to assign a worker)."""
        check_date(opened_on, "opened_on")
        if head.relation != Relation.HEAD:
            raise HeadRequiredError(member_id=head.member_id)
        _check_team(team_id)
        return cls._create(
            cls.CaseFolderOpened,
            id=folder_id,
            team_id=team_id,
            address=address,
            head=head,
            opened_on=opened_on,
            worker_id=worker_id,
            registered_by=registered_by,
        )

    class CaseFolderOpened(Aggregate.Created):
        # Version 2 (2026-12) names the folder's first worker and who registered it at first
        # contact; a version 1 folder had neither (its worker came by FolderAssignedToWorker).
        class_version = 2
        team_id: str
        address: Address
        head: Member
        opened_on: date
        worker_id: UUID | None
        registered_by: UUID | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["worker_id"] = None
            state["registered_by"] = None

    @event(CaseFolderOpened)
    def __init__(self, *, team_id: str, address: Address, head: Member, opened_on: date,
                 worker_id: UUID | None = None, registered_by: UUID | None = None) -> None:
        self.team_id = team_id
        self.worker_id: UUID | None = worker_id
        # The first-contact worker who registered the folder, who may file its applications.
        self.registered_by: UUID | None = registered_by
        self.address = address
        self.members: dict[UUID, Member] = {head.member_id: head}
        # When each member belonged to the household (effective dates); `members` keeps
        # everyone ever recorded, so history and personal-data erasure still find them.
        self.memberships: dict[UUID, Membership] = {head.member_id: Membership(opened_on)}
        self.opened_on = opened_on
        self.closed_on: date | None = None
        self.close_reason: str | None = None
        self.visits: dict[UUID, Visit] = {}
        self.interviews: dict[UUID, InterviewRecord] = {}
        self.permanent_help = False
        # The permanent forms granted (decision → its last day, None: no end set); the
        # permanent help ends when the last of them ends (art. 107 ust. 4).
        self.permanent_forms: dict[UUID, date | None] = {}
        self.erased_on: date | None = None

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def last_interview_on(self) -> date | None:
        """The latest day an interview was conducted or updated."""
        days = [r.last_done_on for r in self.interviews.values() if r.last_done_on]
        return max(days, default=None)

    @property
    def permanent_help_until(self) -> date | None:
        """The last day of permanent help: None while a form runs without an end (or help
        was noted before forms were recorded one by one)."""
        if not self.permanent_forms or None in self.permanent_forms.values():
            return None
        return max(day for day in self.permanent_forms.values() if day is not None)

    @property
    def interview_update_due_on(self) -> date | None:
        """When the next update is due for a household on permanent help (none once the
        help has ended before it falls due)."""
        last = self.last_interview_on
        if not self.permanent_help or last is None:
            return None
        due = interview_update_due_on(last)
        until = self.permanent_help_until
        return None if until is not None and due > until else due

    def is_interview_update_overdue(self, today: date) -> bool:
        """Whether a household on permanent help waits for an overdue interview update."""
        due = self.interview_update_due_on
        return due is not None and today > due

    def add_member(self, member: Member) -> None:
        """Add a person to the household."""
        self._refuse_if_closed()
        if member.relation == Relation.HEAD:
            raise SecondHeadError(member_id=member.member_id)
        self._refuse_duplicate(member)
        self._household_member_added(member=member)

    class HouseholdMemberAdded(Aggregate.Event):
        member: Member

    @event(HouseholdMemberAdded)
    def _household_member_added(self, member: Member) -> None:
        # Recorded before membership was dated: its effective date is unknown here.
        self.members[member.member_id] = member
        self.memberships[member.member_id] = Membership(joined_on=None)

    # -- the household as dated facts --------------------------------------------------

    @property
    def current_members(self) -> dict[UUID, Member]:
        """The members who have neither left nor died."""
        return {member_id: member for member_id, member in self.members.items()
                if self._membership(member_id).is_current}

    def members_on(self, day: date) -> dict[UUID, Member]:
        """The members of the household on `day`, by the effective dates."""
        return {member_id: member for member_id, member in self.members.items()
                if self._membership(member_id).member_on(day)}

    @property
    def head(self) -> Member | None:
        return next((m for m in self.current_members.values() if m.is_head), None)

    def _membership(self, member_id: UUID) -> Membership:
        return self.memberships.get(member_id) or Membership(joined_on=None)

    def _joined_on(self, member_id: UUID) -> date:
        """The earliest day a member's change may be dated: the day they joined (the
        folder's opening day when that is unknown)."""
        return self._membership(member_id).joined_on or self.opened_on

    def join_member(self, member: Member, joined_on: date, today: date) -> None:
        """A person joins the household on the day the worker states (may be in the past,
        before the folder was opened: the household was there before its folder)."""
        self._refuse_if_closed()
        check_past_date(joined_on, today, "joined_on")
        if member.relation == Relation.HEAD:
            raise SecondHeadError(member_id=member.member_id)
        if member.birth_date is not None and joined_on < member.birth_date:
            raise JoinedBeforeBirthError(member_id=member.member_id,
                                         birth_date=member.birth_date.isoformat())
        self._refuse_duplicate(member)
        self._member_joined(member=member, joined_on=joined_on)

    class MemberJoined(Aggregate.Event):
        member: Member
        joined_on: date

    @event(MemberJoined)
    def _member_joined(self, member: Member, joined_on: date) -> None:
        self.members[member.member_id] = member
        self.memberships[member.member_id] = Membership(joined_on=joined_on)

    def member_leaves(self, member_id: UUID, left_on: date, reason: str, today: date,
                      new_head_id: UUID | None = None,
                      previous_head_relation: str = Relation.OTHER_RELATIVE) -> None:
        """A member leaves the household on the day stated, for the reason given; the head
        leaves only with a new head named from the members who stay."""
        if not isinstance(reason, str) or not reason.strip():
            raise LeaveReasonRequiredError(member_id=member_id)
        within(reason, "reason", MAX_LEAVE_REASON_LENGTH)
        self._end_membership(member_id, left_on, today, new_head_id, previous_head_relation,
                             MembershipEnd.LEFT, reason.strip())

    class MemberLeft(Aggregate.Event):
        member_id: UUID
        left_on: date
        reason: str

    @event(MemberLeft)
    def _member_left(self, member_id: UUID, left_on: date, reason: str) -> None:
        self.memberships[member_id] = replace(
            self._membership(member_id), ended_on=left_on, end=MembershipEnd.LEFT.value,
            reason=reason)

    def member_died(self, member_id: UUID, died_on: date, today: date,
                    new_head_id: UUID | None = None,
                    previous_head_relation: str = Relation.OTHER_RELATIVE) -> None:
        """Record a member's death on the day stated; the head's death names a new head."""
        self._end_membership(member_id, died_on, today, new_head_id, previous_head_relation,
                             MembershipEnd.DIED, None)

    class MemberDied(Aggregate.Event):
        member_id: UUID
        died_on: date

    @event(MemberDied)
    def _member_died(self, member_id: UUID, died_on: date) -> None:
        self.memberships[member_id] = replace(
            self._membership(member_id), ended_on=died_on, end=MembershipEnd.DIED.value)

    def change_head(self, new_head_id: UUID, changed_on: date, today: date,
                    previous_head_relation: str) -> None:
        """Another current member becomes the head of the household from the day stated;
        the previous head stays, with the relation the worker gives."""
        self._refuse_if_closed()
        check_past_date(changed_on, today, "changed_on")
        head = self.head
        self._check_new_head(new_head_id, leaving=head.member_id if head else None,
                             on=changed_on)
        relation = _relation(previous_head_relation)
        if relation == Relation.HEAD:
            raise InvalidNewHeadError(member_id=new_head_id)
        self._head_of_household_changed(
            new_head_id=new_head_id, previous_head_id=head.member_id if head else None,
            previous_head_relation=relation, changed_on=changed_on)

    class HeadOfHouseholdChanged(Aggregate.Event):
        new_head_id: UUID
        previous_head_id: UUID | None
        previous_head_relation: str
        changed_on: date

    @event(HeadOfHouseholdChanged)
    def _head_of_household_changed(self, new_head_id: UUID, previous_head_id: UUID | None,
                                   previous_head_relation: str, changed_on: date) -> None:
        if previous_head_id is not None:
            self.members[previous_head_id] = replace(self.members[previous_head_id],
                                                     relation=previous_head_relation)
        self.members[new_head_id] = replace(self.members[new_head_id],
                                            relation=Relation.HEAD.value)

    def correct_membership(self, member_id: UUID, today: date, *,
                           joined_on: date | None = None, ended_on: date | None = None) -> None:
        """Correct the day a member joined, or left or died (a date typed wrongly); only
        what really changes is recorded."""
        self._refuse_if_closed()
        member = self.members.get(member_id)
        if member is None:
            raise MemberNotFoundError(member_id=member_id)
        membership = self._membership(member_id)
        if ended_on is not None and membership.is_current:
            raise MemberStillInHouseholdError(member_id=member_id)
        if joined_on is not None:
            check_past_date(joined_on, today, "joined_on")
            if member.birth_date is not None and joined_on < member.birth_date:
                raise JoinedBeforeBirthError(member_id=member_id,
                                             birth_date=member.birth_date.isoformat())
        if ended_on is not None:
            check_past_date(ended_on, today, "ended_on")
        joined = joined_on or membership.joined_on or self.opened_on
        ended = ended_on or membership.ended_on
        if ended is not None and ended < joined:
            raise MemberDateBeforeJoinedError(member_id=member_id, on=ended.isoformat(),
                                              joined_on=joined.isoformat())
        joined_on = joined_on if joined_on != membership.joined_on else None
        ended_on = ended_on if ended_on != membership.ended_on else None
        if joined_on is None and ended_on is None:
            raise NothingToCorrectError(member_id=member_id)
        self._membership_corrected(member_id=member_id, joined_on=joined_on, ended_on=ended_on)

    class MembershipCorrected(Aggregate.Event):
        member_id: UUID
        joined_on: date | None
        ended_on: date | None

    @event(MembershipCorrected)
    def _membership_corrected(self, member_id: UUID, joined_on: date | None,
                              ended_on: date | None) -> None:
        membership = self._membership(member_id)
        self.memberships[member_id] = replace(
            membership, joined_on=joined_on or membership.joined_on,
            ended_on=ended_on or membership.ended_on)

    def _end_membership(self, member_id: UUID, on: date, today: date,
                        new_head_id: UUID | None, previous_head_relation: str,
                        end: MembershipEnd, reason: str | None) -> None:
        self._refuse_if_closed()
        field = "left_on" if end == MembershipEnd.LEFT else "died_on"
        check_past_date(on, today, field)
        member = self.members.get(member_id)
        if member is None:
            raise MemberNotFoundError(member_id=member_id)
        if not self._membership(member_id).is_current:
            raise MemberNotInHouseholdError(member_id=member_id)
        joined = self._joined_on(member_id)
        if on < joined:
            raise MemberDateBeforeJoinedError(member_id=member_id, on=on.isoformat(),
                                              joined_on=joined.isoformat())
        if member.is_head:
            if new_head_id is None:
                raise HeadMustBeReplacedError(member_id=member_id)
            self._check_new_head(new_head_id, leaving=member_id, on=on)
            self._head_of_household_changed(
                new_head_id=new_head_id, previous_head_id=member_id,
                previous_head_relation=_relation(previous_head_relation), changed_on=on)
        elif new_head_id is not None:
            raise InvalidNewHeadError(member_id=new_head_id)
        if end == MembershipEnd.LEFT:
            self._member_left(member_id=member_id, left_on=on, reason=reason or "")
        else:
            self._member_died(member_id=member_id, died_on=on)

    def _check_new_head(self, new_head_id: UUID, *, leaving: UUID | None, on: date) -> None:
        if new_head_id == leaving or new_head_id not in self.current_members:
            raise InvalidNewHeadError(member_id=new_head_id)
        joined = self._joined_on(new_head_id)
        if on < joined:
            raise MemberDateBeforeJoinedError(member_id=new_head_id, on=on.isoformat(),
                                              joined_on=joined.isoformat())

    def correct_member_details(
        self,
        member_id: UUID,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        pesel: str | None = None,
        document: IdentityDocument | None = None,
        birth_date: date | None = None,
        relation: str | None = None,
    ) -> None:
        """Correct a member's details; only what really changes is recorded."""
        self._refuse_if_closed()
        member = self.members.get(member_id)
        if member is None:
            raise MemberNotFoundError(member_id=member_id)
        changes = member.corrections(
            first_name=first_name,
            last_name=last_name,
            pesel=pesel,
            document=document,
            birth_date=birth_date,
            relation=relation,
        )
        if not changes:
            raise NothingToCorrectError(member_id=member_id)
        corrected = replace(member, **changes)
        if member.is_head and not corrected.is_head:
            raise HeadRequiredError(member_id=member_id)
        if corrected.is_head and not member.is_head:
            raise SecondHeadError(member_id=member_id)
        self._refuse_duplicate(corrected, ignoring=member_id)
        self._member_details_corrected(
            member_id=member_id,
            first_name=changes.get("first_name"),
            last_name=changes.get("last_name"),
            pesel=changes.get("pesel"),
            document=changes.get("document"),
            birth_date=changes.get("birth_date"),
            relation=changes.get("relation"),
        )

    class MemberDetailsCorrected(Aggregate.Event):
        member_id: UUID
        first_name: str | None
        last_name: str | None
        pesel: str | None
        document: IdentityDocument | None
        birth_date: date | None
        relation: str | None

    @event(MemberDetailsCorrected)
    def _member_details_corrected(
        self,
        member_id: UUID,
        first_name: str | None,
        last_name: str | None,
        pesel: str | None,
        document: IdentityDocument | None,
        birth_date: date | None,
        relation: str | None,
    ) -> None:
        given: dict[str, Any] = {
            "first_name": first_name,
            "last_name": last_name,
            "pesel": pesel,
            "document": document,
            "birth_date": birth_date,
            "relation": relation,
        }
        changes = {name: value for name, value in given.items() if value is not None}
        self.members[member_id] = replace(self.members[member_id], **changes)

    def change_address(self, address: Address, changed_on: date) -> None:
        """Record that the household moved or its address was corrected."""
        self._refuse_if_closed()
        check_date(changed_on, "changed_on")
        if address == self.address:
            raise AddressUnchangedError()
        if changed_on < self.opened_on:
            raise DateBeforeOpenedError(on=changed_on, opened_on=self.opened_on)
        self._address_changed(address=address, changed_on=changed_on)

    class AddressChanged(Aggregate.Event):
        address: Address
        changed_on: date

    @event(AddressChanged)
    def _address_changed(self, address: Address, changed_on: date) -> None:
        self.address = address

    def update_care_notes(self, health_notes: str, access_notes: str) -> None:
        """What the care provider's carers should know now: the client's health (new notes
        after a hospital stay, a diagnosis) and how to get in. Only for the provider: the
        orders of the folder show them at once (projections/handoff_queue.py)."""
        self._refuse_if_closed()
        for field, value in (("health_notes", health_notes), ("access_notes", access_notes)):
            if not isinstance(value, str):
                raise HandoffFieldRequiredError(field=field)
            if len(value) > MAX_HANDOFF_NOTES_LENGTH:
                raise HandoffTextTooLongError(field=field, maximum=MAX_HANDOFF_NOTES_LENGTH)
        self._care_notes_updated(health_notes=health_notes.strip(),
                                 access_notes=access_notes.strip())

    class CareNotesUpdated(Aggregate.Event):
        health_notes: str
        access_notes: str

    @event(CareNotesUpdated)
    def _care_notes_updated(self, health_notes: str, access_notes: str) -> None:
        pass  # kept in the event (sealed), read by the provider's orders only

    def assign_to_worker(self, worker_id: UUID) -> None:
        """Make a social worker responsible for the folder."""
        self._refuse_if_closed()
        if worker_id == self.worker_id:
            raise AlreadyAssignedError(worker_id=worker_id)
        self._folder_assigned_to_worker(worker_id=worker_id)

    class FolderAssignedToWorker(Aggregate.Event):
        worker_id: UUID

    @event(FolderAssignedToWorker)
    def _folder_assigned_to_worker(self, worker_id: UUID) -> None:
        self.worker_id = worker_id

    def transfer_to_team(self, team_id: str) -> None:
        """Hand the folder over to another team; its worker there is yet to be assigned."""
        self._refuse_if_closed()
        _check_team(team_id)
        if team_id == self.team_id:
            raise SameTeamError(team_id=team_id)
        self._folder_transferred_to_team(team_id=team_id)

    class FolderTransferredToTeam(Aggregate.Event):
        team_id: str

    @event(FolderTransferredToTeam)
    def _folder_transferred_to_team(self, team_id: str) -> None:
        self.team_id = team_id
        self.worker_id = None

    def record_visit(self, visit: Visit, today: date | None = None) -> None:
        """Record a visit or another contact with the household (one that happened: not
        after `today`, the server's date, when given)."""
        self._refuse_if_closed()
        check_date(visit.visited_on, "visited_on")
        if today is not None:
            check_past_date(visit.visited_on, today, "visited_on")
        if visit.visited_on < self.opened_on:
            raise VisitBeforeFolderOpenedError(visit_id=visit.visit_id, opened_on=self.opened_on)
        if visit.visit_id in self.visits:
            raise DuplicateVisitError(visit_id=visit.visit_id)
        self._visit_recorded(visit=visit)

    class VisitRecorded(Aggregate.Event):
        visit: Visit

    @event(VisitRecorded)
    def _visit_recorded(self, visit: Visit) -> None:
        self.visits[visit.visit_id] = visit

    def schedule_interview(
        self, interview_id: UUID, trigger_date: date, urgent: bool, due_on: date
    ) -> None:
        """Plan an environmental interview due on a day computed by ``interview_due_on``."""
        self._refuse_if_closed()
        check_date(trigger_date, "trigger_date")
        check_date(due_on, "due_on")
        if interview_id in self.interviews:
            raise DuplicateInterviewError(interview_id=interview_id)
        if due_on < trigger_date:
            raise InvalidDueDateError(interview_id=interview_id)
        self._interview_scheduled(
            interview_id=interview_id, trigger_date=trigger_date, urgent=urgent, due_on=due_on
        )

    class InterviewScheduled(Aggregate.Event):
        interview_id: UUID
        trigger_date: date
        urgent: bool
        due_on: date

    @event(InterviewScheduled)
    def _interview_scheduled(
        self, interview_id: UUID, trigger_date: date, urgent: bool, due_on: date
    ) -> None:
        self.interviews[interview_id] = InterviewRecord(
            interview_id=interview_id, trigger_date=trigger_date, urgent=urgent, due_on=due_on
        )

    def conduct_interview(
        self, interview_id: UUID, conducted_on: date, sections: dict[str, str],
        today: date | None = None, *, statement: PersonStatement | None = None,
        assets: AssetDeclaration | None = None,
    ) -> None:
        """Record Part I of an interview, scheduled before or not (conducted: not after
        `today`, when given), with the person's statement and the asset declaration when
        made (signed on or after the interview's day)."""
        self._refuse_if_closed()
        check_date(conducted_on, "conducted_on")
        if today is not None:
            check_past_date(conducted_on, today, "conducted_on")
        parts = ((statement.signed_on if statement else None, "statement.signed_on"),
                 (assets.declared_on if assets else None, "assets.declared_on"))
        for day, field in parts:
            if day is not None and (day < conducted_on or (today is not None and day > today)):
                raise InterviewPartError(field=field, conducted_on=conducted_on.isoformat())
        record = self.interviews.get(interview_id)
        if record is not None and record.is_conducted:
            raise InterviewAlreadyConductedError(interview_id=interview_id)
        validate_sections(sections, conducting=True)
        self._interview_conducted(
            interview_id=interview_id,
            conducted_on=conducted_on,
            sections=filled_sections(sections),
            statement=statement,
            assets=assets,
        )

    class InterviewConducted(Aggregate.Event):
        interview_id: UUID
        conducted_on: date
        sections: dict[str, str]
        # Added 2026-12 (issue #17): interviews recorded before have neither part.
        statement: PersonStatement | None = None
        assets: AssetDeclaration | None = None

    @event(InterviewConducted)
    def _interview_conducted(
        self, interview_id: UUID, conducted_on: date, sections: dict[str, str],
        statement: PersonStatement | None = None, assets: AssetDeclaration | None = None,
    ) -> None:
        record = self.interviews.get(interview_id) or InterviewRecord(interview_id=interview_id)
        self.interviews[interview_id] = replace(
            record, conducted_on=conducted_on, sections=dict(sections)
        )

    def update_interview(
        self, interview_id: UUID, updated_on: date, sections: dict[str, str],
        today: date | None = None,
    ) -> None:
        """Record an update of a conducted interview (Part IV; not after `today`)."""
        self._refuse_if_closed()
        check_date(updated_on, "updated_on")
        if today is not None:
            check_past_date(updated_on, today, "updated_on")
        record = self.interviews.get(interview_id)
        if record is None:
            raise InterviewNotFoundError(interview_id=interview_id)
        if record.conducted_on is None:
            raise InterviewNotConductedError(interview_id=interview_id)
        if updated_on < record.conducted_on:
            raise UpdateBeforeConductError(interview_id=interview_id)
        validate_sections(sections, conducting=False)
        self._interview_updated(
            interview_id=interview_id, updated_on=updated_on, sections=filled_sections(sections)
        )

    class InterviewUpdated(Aggregate.Event):
        interview_id: UUID
        updated_on: date
        sections: dict[str, str]

    @event(InterviewUpdated)
    def _interview_updated(
        self, interview_id: UUID, updated_on: date, sections: dict[str, str]
    ) -> None:
        # Part IV stands beside Part I; the update's text stays in the event.
        record = self.interviews[interview_id]
        self.interviews[interview_id] = replace(record, updates=(*record.updates, updated_on))

    def record_services_proposed(
        self, *, person_id: UUID, interview_id: UUID, proposed_on: date,
        catalogue_version: int, matched: tuple[str, ...], near_misses: tuple[str, ...],
        chosen: tuple[str, ...], justifications: dict[str, str], facts: dict[str, Any],
    ) -> None:
        """Record what the catalogue proposed for a member after an interview, at which
        catalogue version, on which facts, and what the worker chose (issue #20); the
        choice's checks are `domain/proposals.py`'s."""
        self._refuse_if_closed()
        if person_id not in self.members:
            raise MemberNotFoundError(member_id=person_id)
        record = self.interviews.get(interview_id)
        if record is None:
            raise InterviewNotFoundError(interview_id=interview_id)
        if record.conducted_on is None:
            raise InterviewNotConductedError(interview_id=interview_id)
        check_date(proposed_on, "on")
        if record.last_done_on is not None and proposed_on < record.last_done_on:
            raise ChoiceBeforeInterviewError(interview_on=record.last_done_on.isoformat())
        self._services_proposed(
            person_id=person_id, interview_id=interview_id, proposed_on=proposed_on,
            catalogue_version=catalogue_version, matched=list(matched),
            near_misses=list(near_misses), chosen=list(chosen),
            justifications=dict(justifications), facts=dict(facts))

    class ServicesProposed(Aggregate.Event):
        person_id: UUID
        interview_id: UUID
        proposed_on: date
        catalogue_version: int
        matched: list[str]
        near_misses: list[str]
        chosen: list[str]
        # Personal: sealed with the folder's key (services/store/sealing.py).
        justifications: dict[str, str]
        facts: dict[str, Any]

    @event(ServicesProposed)
    def _services_proposed(
        self, person_id: UUID, interview_id: UUID, proposed_on: date, catalogue_version: int,
        matched: list[str], near_misses: list[str], chosen: list[str],
        justifications: dict[str, str], facts: dict[str, Any],
    ) -> None:
        # The proposal is history to read (the client view, a manager's audit); the folder's
        # own state does not change.
        pass

    def note_permanent_help(self, on: bool) -> None:
        """Note that the household now receives (or no longer receives) a permanent form of help."""
        self._refuse_if_closed()
        if on == self.permanent_help:
            raise PermanentHelpUnchangedError(permanent_help=on)
        self._permanent_help_noted(on=on)

    class PermanentHelpNoted(Aggregate.Event):
        on: bool

    @event(PermanentHelpNoted)
    def _permanent_help_noted(self, on: bool) -> None:
        self.permanent_help = on

    def grant_permanent_form(self, decision_id: UUID, granted_on: date,
                             until: date | None) -> None:
        """A decision grants a permanent form of help until a day (None: no end set); an
        amendment records it again with its new last day."""
        self._refuse_if_closed()
        check_date(granted_on, "granted_on")
        if until is not None:
            check_date(until, "until")
        self._permanent_form_granted(decision_id=decision_id, granted_on=granted_on,
                                     until=until)

    class PermanentFormGranted(Aggregate.Event):
        decision_id: UUID
        granted_on: date
        until: date | None

    @event(PermanentFormGranted)
    def _permanent_form_granted(self, decision_id: UUID, granted_on: date,
                                until: date | None) -> None:
        self.permanent_forms[decision_id] = until
        self.permanent_help = True

    def end_permanent_form(self, decision_id: UUID, ended_on: date) -> None:
        """A permanent form ends early (its decision revoked or set aside on appeal)."""
        self._refuse_if_closed()
        if decision_id not in self.permanent_forms:
            return
        current = self.permanent_forms[decision_id]
        last_day = ended_on - timedelta(days=1)
        if current is not None and current <= last_day:
            return
        self._permanent_form_ended(decision_id=decision_id, ended_on=ended_on)

    class PermanentFormEnded(Aggregate.Event):
        decision_id: UUID
        ended_on: date

    @event(PermanentFormEnded)
    def _permanent_form_ended(self, decision_id: UUID, ended_on: date) -> None:
        # Its last day is the day before it ended.
        self.permanent_forms[decision_id] = ended_on - timedelta(days=1)

    def close(self, closed_on: date, reason: str) -> None:
        """Close the folder; nothing more can be recorded in it."""
        self._refuse_if_closed()
        check_date(closed_on, "closed_on")
        if closed_on < self.opened_on:
            raise InvalidCloseDateError(closed_on=closed_on, opened_on=self.opened_on)
        if not isinstance(reason, str) or not reason.strip():
            raise CloseReasonRequiredError()
        within(reason, "reason", MAX_CLOSE_REASON_LENGTH)
        self._case_folder_closed(closed_on=closed_on, reason=reason.strip())

    class CaseFolderClosed(Aggregate.Event):
        closed_on: date
        reason: str

    @event(CaseFolderClosed)
    def _case_folder_closed(self, closed_on: date, reason: str) -> None:
        self.closed_on = closed_on
        self.close_reason = reason

    @property
    def data_subjects(self) -> tuple[UUID, ...]:
        """Whose personal data this folder holds: the household and each member."""
        return (self.id, *sorted(self.members))

    def erase_personal_data(self, erased_on: date, also: tuple[UUID, ...] = ()) -> None:
        """Record that the personal data became unreadable at the end of retention.

        `also`: the other subjects whose keys went with the folder's (its proceedings and
        care orders).
        """
        if self.closed_on is None:
            raise FolderNotClosedError(folder_id=self.id)
        if self.erased_on is not None:
            raise AlreadyErasedError(folder_id=self.id)
        if erased_on < self.closed_on:
            raise InvalidCloseDateError(closed_on=erased_on, opened_on=self.closed_on)
        self._personal_data_erased(erased_on=erased_on, subjects=(*self.data_subjects, *also))

    class PersonalDataErased(Aggregate.Event):
        erased_on: date
        subjects: tuple[UUID, ...]

    @event(PersonalDataErased)
    def _personal_data_erased(self, erased_on: date, subjects: tuple[UUID, ...]) -> None:
        self.erased_on = erased_on

    def declare_income(self, member_id: UUID, month: date, net_income: Decimal) -> None:
        """Record a member's net income for a month (art. 8 ust. 3: after taxes and
        contributions, without the incomes art. 8 ust. 4 excludes), as stated during the
        interview; a second declaration for the same month corrects the first."""
        self._refuse_if_closed()
        if member_id not in self.members:
            raise MemberNotFoundError(member_id=member_id)
        check_date(month, "month")
        self._income_declared(member_id=member_id, month=month.replace(day=1),
                              net_income=check_income(net_income))

    class IncomeDeclared(Aggregate.Event):
        member_id: UUID
        month: date
        net_income: Decimal

    @event(IncomeDeclared)
    def _income_declared(self, member_id: UUID, month: date, net_income: Decimal) -> None:
        self.declared_incomes = {**self.declared_incomes, (member_id, month): net_income}

    @property
    def declared_incomes(self) -> dict[tuple[UUID, date], Decimal]:
        """Each member's declared net income by month (the month's first day)."""
        incomes: dict[tuple[UUID, date], Decimal] = self.__dict__.get("_declared_incomes", {})
        return incomes

    @declared_incomes.setter
    def declared_incomes(self, value: dict[tuple[UUID, date], Decimal]) -> None:
        self.__dict__["_declared_incomes"] = value

    def record_bank_account(self, member_id: UUID, iban: str | None) -> None:
        """Record the account a member's cash benefits are paid to (IBAN, checked by its
        mod-97 checksum), or None: paid in cash. Sealed personal data (services/store)."""
        self._refuse_if_closed()
        if member_id not in self.members:
            raise MemberNotFoundError(member_id=member_id)
        checked = check_iban(iban) if iban is not None and iban.strip() else None
        self._bank_account_recorded(member_id=member_id, iban=checked)

    class BankAccountRecorded(Aggregate.Event):
        # Added 2026-12 (issue #18): the account benefits are paid to; None for cash.
        member_id: UUID
        iban: str | None

    @event(BankAccountRecorded)
    def _bank_account_recorded(self, member_id: UUID, iban: str | None) -> None:
        self.bank_accounts = {**self.bank_accounts, member_id: iban}

    @property
    def bank_accounts(self) -> dict[UUID, str | None]:
        """Each member's account for payments (None: cash); members never recorded are
        paid in cash."""
        accounts: dict[UUID, str | None] = self.__dict__.get("_bank_accounts", {})
        return accounts

    @bank_accounts.setter
    def bank_accounts(self, value: dict[UUID, str | None]) -> None:
        self.__dict__["_bank_accounts"] = value

    def _refuse_if_closed(self) -> None:
        if self.closed_on is not None:
            raise FolderClosedError(folder_id=self.id)

    def _refuse_duplicate(self, member: Member, *, ignoring: UUID | None = None) -> None:
        # A person who left or died is history: the same person may join again (with a new
        # member id), but an id is never used twice.
        for known in self.members.values():
            if known.member_id == ignoring:
                continue
            if not self._membership(known.member_id).is_current:
                if known.member_id == member.member_id:
                    raise DuplicateMemberError(member_id=member.member_id,
                                               existing_member_id=known.member_id)
                continue
            if _same_person(known, member):
                raise DuplicateMemberError(
                    member_id=member.member_id, existing_member_id=known.member_id
                )


def _same_person(known: Member, other: Member) -> bool:
    # The same id, PESEL or document means the person is already in the folder.
    return any(
        (
            known.member_id == other.member_id,
            known.pesel is not None and known.pesel == other.pesel,
            known.document is not None and known.document == other.document,
        )
    )


def _relation(typed: str) -> str:
    try:
        return Relation(typed).value
    except ValueError:
        raise InvalidRelationError(relation=typed) from None


def _check_team(team_id: str) -> None:
    if not isinstance(team_id, str) or not team_id.strip() or len(team_id) > MAX_UNIT_LENGTH:
        raise InvalidTeamError(team_id=team_id)
