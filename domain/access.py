"""The access log: every read of a person's data is itself a fact (art. 100, GDPR art. 15)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidValueError


class AccessRecordError(InvalidValueError):
    code = "access.invalid"


class ViewKind(StrEnum):
    CLIENT_VIEW = "client_view"
    SEARCH = "search"
    EXPORT = "export"
    SERVICE_ORDER = "service_order"
    CARE_VISIT = "care_visit"
    ACCESS_REPORT = "access_report"


class AccessRecord(Aggregate):
    """One read of one folder's personal data by one person, for one purpose."""

    @event("PersonalDataViewed")
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
        if view not in ViewKind.__members__.values():
            raise AccessRecordError(field="view", value=view)
        if not purpose.strip() or len(purpose) > 200:
            raise AccessRecordError(field="purpose")
        if folder_id is None and person_id is None:
            raise AccessRecordError(field="subject")
        return cls(
            viewer_id=viewer_id, viewer_role=viewer_role, viewer_unit=viewer_unit,
            folder_id=folder_id, person_id=person_id, view=view, purpose=purpose.strip(),
            viewed_at=viewed_at,
        )
