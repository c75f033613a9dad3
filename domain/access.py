"""The access log: every read of a person's data is itself a fact (art. 100, GDPR art. 15)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidValueError
from domain.user import Role


class AccessRecordError(InvalidValueError):
    code = "access.invalid"


class ViewKind(StrEnum):
    CLIENT_VIEW = "client_view"
    SEARCH = "search"
    EXPORT = "export"
    SERVICE_ORDER = "service_order"
    CARE_VISIT = "care_visit"
    ACCESS_REPORT = "access_report"
    # Lists and streams: one entry per read, naming every subject shown (PersonalDataListed).
    CASELOAD = "caseload"
    TEAM_FOLDERS = "team_folders"
    PENDING_PROCEEDINGS = "pending_proceedings"
    DECIDED_PROCEEDINGS = "decided_proceedings"
    PROCEEDING = "proceeding"
    DOCUMENT = "document"  # a decision or notice downloaded as its PDF
    HANDOFF_QUEUE = "handoff_queue"
    HANDOFF_STREAM = "handoff_stream"
    CARE_MONTH = "care_month"
    ACCESS_LOG = "access_log"
    ACCESS_LOG_EXPORT = "access_log_export"  # the access log downloaded as CSV (issue #21)
    DEADLINES = "deadlines"  # a team manager's deadlines and follow-ups (issue #21)
    WORKER_FOLDERS = "worker_folders"  # a manager's drill-down to a worker's folders (#21)
    # First contact's own registrations; a team manager's folders waiting for a worker.
    INTAKE_REGISTRATIONS = "intake_registrations"
    NEW_ARRIVALS = "new_arrivals"
    # The city-wide person search, and the 409 of a PESEL another open household holds: for
    # another team's folder only its team and reference are shown (issue #17).
    CITY_SEARCH = "city_search"
    # A payment list's lines, and its bank file (names and accounts) downloaded (issue #18).
    PAYMENT_LIST = "payment_list"
    PAYMENT_FILE = "payment_file"
    DUPLICATE_CHECK = "duplicate_check"
    # Undue benefits owed (a folder's or the manager's list) and the month's health
    # contributions of permanent-allowance recipients (issue #18).
    RECEIVABLES = "receivables"
    HEALTH_CONTRIBUTIONS = "health_contributions"
    # The folders that make a statistical return's consistency rule fail (issue #19).
    RETURN_CHECK = "return_check"
    # What the service catalogue proposes for a household, from its facts (issue #20).
    SERVICES_PROPOSAL = "services_proposal"


# Why a person of each role reads a client's data, when the view does not say otherwise.
PURPOSE_OF_ROLE: dict[str, str] = {
    Role.SOCIAL_WORKER: "case_work",
    Role.MANAGER: "supervision",
    Role.DECISION_MAKER: "administrative_proceedings",
    Role.MCUS_COORDINATOR: "care_coordination",
    Role.CAREGIVER: "care_delivery",
    Role.FIRST_CONTACT: "intake",
}


def purpose_of(role: str) -> str:
    """The purpose a read by this role is logged with (GDPR art. 5(1)(b): purpose limitation)."""
    return PURPOSE_OF_ROLE.get(role, "case_work")


# At most this many subjects in one event; a longer list is recorded as several events,
# saved together (the handoff queue of a whole provider can run to a few thousand orders).
MAX_SUBJECTS_PER_RECORD = 500


@dataclass(frozen=True)
class AccessSubject:
    """Whose data a read showed: a household (its folder), a person, or a person in it."""

    folder_id: UUID | None
    person_id: UUID | None = None


def _check_entry(view: str, purpose: str) -> str:
    if view not in ViewKind.__members__.values():
        raise AccessRecordError(field="view", value=view)
    if not purpose.strip() or len(purpose) > 200:
        raise AccessRecordError(field="purpose")
    return purpose.strip()


class AccessRecord(Aggregate):
    """One read of one folder's personal data by one person, for one purpose."""

    class PersonalDataViewed(Aggregate.Created):
        viewer_id: UUID
        viewer_role: str
        viewer_unit: str
        folder_id: UUID | None
        person_id: UUID | None
        view: str
        purpose: str
        viewed_at: datetime

    @event(PersonalDataViewed)
    def __init__(
        self,
        *,
        viewer_id: UUID,
        viewer_role: str,
        viewer_unit: str,
        folder_id: UUID | None,
        person_id: UUID | None,
        view: str,
        purpose: str,
        viewed_at: datetime,
    ) -> None:
        self.viewer_id = viewer_id
        self.viewer_role = viewer_role
        self.viewer_unit = viewer_unit
        self.folder_id = folder_id
        self.person_id = person_id
        self.view = view
        self.purpose = purpose
        self.viewed_at = viewed_at

    @classmethod
    def record(
        cls,
        *,
        viewer_id: UUID,
        viewer_role: str,
        viewer_unit: str,
        folder_id: UUID | None,
        person_id: UUID | None,
        view: str,
        purpose: str,
        viewed_at: datetime,
    ) -> AccessRecord:
        """Record that someone viewed a person's data."""
        purpose = _check_entry(view, purpose)
        if folder_id is None and person_id is None:
            raise AccessRecordError(field="subject")
        return cls(
            viewer_id=viewer_id, viewer_role=viewer_role, viewer_unit=viewer_unit,
            folder_id=folder_id, person_id=person_id, view=view, purpose=purpose,
            viewed_at=viewed_at,
        )


class ListAccessRecord(Aggregate):
    """One read that showed several people's data at once (a list, a stream's messages), by
    one person, for one purpose: one fact naming every subject shown, so a list of sixty
    folders costs the log one event, not sixty."""

    class PersonalDataListed(Aggregate.Created):
        viewer_id: UUID
        viewer_role: str
        viewer_unit: str
        subjects: tuple[AccessSubject, ...]
        view: str
        purpose: str
        viewed_at: datetime

    @event(PersonalDataListed)
    def __init__(
        self,
        *,
        viewer_id: UUID,
        viewer_role: str,
        viewer_unit: str,
        subjects: tuple[AccessSubject, ...],
        view: str,
        purpose: str,
        viewed_at: datetime,
    ) -> None:
        self.viewer_id = viewer_id
        self.viewer_role = viewer_role
        self.viewer_unit = viewer_unit
        self.subjects = tuple(subjects)
        self.view = view
        self.purpose = purpose
        self.viewed_at = viewed_at

    @classmethod
    def record(
        cls,
        *,
        viewer_id: UUID,
        viewer_role: str,
        viewer_unit: str,
        subjects: Iterable[AccessSubject],
        view: str,
        purpose: str,
        viewed_at: datetime,
    ) -> list[ListAccessRecord]:
        """Record that someone was shown these people's data: one record per
        MAX_SUBJECTS_PER_RECORD distinct subjects, none for an empty list."""
        purpose = _check_entry(view, purpose)
        distinct = list(dict.fromkeys(subjects))
        for subject in distinct:
            if not isinstance(subject, AccessSubject) or (
                    subject.folder_id is None and subject.person_id is None):
                raise AccessRecordError(field="subject")
        return [
            cls(viewer_id=viewer_id, viewer_role=viewer_role, viewer_unit=viewer_unit,
                subjects=tuple(distinct[i:i + MAX_SUBJECTS_PER_RECORD]), view=view,
                purpose=purpose, viewed_at=viewed_at)
            for i in range(0, len(distinct), MAX_SUBJECTS_PER_RECORD)
        ]
