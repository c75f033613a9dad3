"""An independent recount of what the client view must show, straight from the event log.

Deliberately naive: it folds every stored event by name, sharing no code with the projection.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from services.teczka import Teczka

TIMELINE_EVENTS = {
    "CaseFolderOpened", "HouseholdMemberAdded", "MemberDetailsCorrected", "AddressChanged",
    "FolderAssignedToWorker", "FolderTransferredToTeam", "VisitRecorded", "InterviewScheduled",
    "InterviewConducted", "InterviewUpdated", "CaseFolderClosed", "PersonalDataErased",
    "MemberJoined", "MemberLeft", "MemberDied", "HeadOfHouseholdChanged", "MembershipCorrected",
}


# Events of a folder's proceedings, care orders and social contracts, shown in its timeline
# too; the first names the folder.
OPENED_ELSEWHERE = {"ApplicationFiled", "ProceedingOpenedExOfficio", "ServiceOrderPlaced",
                    "SocialContractSigned"}
ELSEWHERE_EVENTS = OPENED_ELSEWHERE | {
    "DecisionIssued", "DecisionAmended", "DecisionRevoked", "DecisionDelivered", "AppealFiled",
    "AppealResolved", "DecisionFinal", "ServiceOrderAccepted", "CaregiverAssigned",
    "ServiceOrderChanged", "ServiceOrderSuspended", "ServiceOrderResumed", "ServiceOrderEnded",
    "CaregiverObservationRaised", "SocialContractClosed",
    # The signature, the documents and the course of the procedure (KPA, issues #17/#18).
    "ApplicationSigned", "DocumentIssued", "ProceedingMarkedComplicated", "DelayNoticeIssued",
    "ProceedingSuspended", "ProceedingResumed", "ProceedingDiscontinued", "ProceedingWithdrawn",
    "AppealWaived", "DecisionChangedOnAppeal",
}
ELSEWHERE_TOPICS = ("domain.proceeding:", "domain.service_order:", "domain.social_contract:")


def recount_folders(app: Teczka) -> dict[str, dict[str, Any]]:
    """folder id → {version, members, timeline, visits} from every event in the log."""
    folders: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"version": 0, "members": 0, "timeline": 0, "visits": 0}
    )
    position = 0
    folder_of: dict[str, str] = {}
    while True:
        batch = app.recorder.select_notifications(start=position + 1, limit=1000)
        if not batch:
            return dict(folders)
        for notification in batch:
            position = notification.id
            name = notification.topic.rsplit(".", 1)[-1]
            if notification.topic.startswith(ELSEWHERE_TOPICS):
                source = str(notification.originator_id)
                if name in OPENED_ELSEWHERE:
                    event = app.mapper.to_domain_event(notification)
                    folder_of[source] = str(event.folder_id)
                if name in ELSEWHERE_EVENTS and source in folder_of:
                    folders[folder_of[source]]["timeline"] += 1
                continue
            if not notification.topic.startswith("domain.case_folder:"):
                continue
            folder = folders[str(notification.originator_id)]
            folder["version"] = max(folder["version"], notification.originator_version)
            folder["timeline"] += name in TIMELINE_EVENTS
            folder["members"] += name in ("CaseFolderOpened", "HouseholdMemberAdded",
                                          "MemberJoined")
            folder["visits"] += name == "VisitRecorded"
