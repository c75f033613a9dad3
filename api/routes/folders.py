"""Commands on case folders: schema in, one use case, command result out."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Request, Response

from api.commanding import answer, command, context
from api.deps import FolderStaff, Manager, SocialWorker, SystemDep
from api.schemas.commands import (
    AddMemberIn,
    AssignIn,
    ChangeAddressIn,
    CloseFolderIn,
    ConductInterviewIn,
    CorrectMemberIn,
    OpenFolderIn,
    RecordVisitIn,
    ScheduleInterviewIn,
    TransferIn,
    UpdateInterviewIn,
)

router = APIRouter(prefix="/api/folders", tags=["case folders"])


@command(router, "")
def open_folder(
    body: OpenFolderIn, user: SocialWorker, system: SystemDep, request: Request
) -> Response:
    """Open a case folder for a household."""
    result = system.app.open_folder(
        context(user, body, request),
        folder_id=body.folder_id,
        team_id=body.team_id,
        address=body.address.to_domain(),
        head=body.head.to_domain(),
        opened_on=body.opened_on or date.today(),
    )
    return answer(result)


@command(router, "/{folder_id}/members")
def add_member(
    folder_id: UUID, body: AddMemberIn, user: SocialWorker, system: SystemDep,
    request: Request,
) -> Response:
    """Add a member to the household."""
    result = system.app.add_member(
        context(user, body, request), folder_id, body.expected_version, body.member.to_domain()
    )
    return answer(result)


@command(router, "/{folder_id}/members/{member_id}/corrections")
def correct_member(
    folder_id: UUID, member_id: UUID, body: CorrectMemberIn, user: SocialWorker,
    system: SystemDep, request: Request,
) -> Response:
    """Correct a member's personal details."""
    result = system.app.correct_member_details(
        context(user, body, request), folder_id, body.expected_version, member_id,
        body.corrections(),
    )
    return answer(result)


@command(router, "/{folder_id}/address")
def change_address(
    folder_id: UUID, body: ChangeAddressIn, user: SocialWorker, system: SystemDep,
    request: Request,
) -> Response:
    """Record the household's new address."""
    result = system.app.change_address(
        context(user, body, request), folder_id, body.expected_version,
        body.address.to_domain(), body.changed_on,
    )
    return answer(result)


@command(router, "/{folder_id}/assignment")
def assign_folder(
    folder_id: UUID, body: AssignIn, user: FolderStaff, system: SystemDep,
    request: Request,
) -> Response:
    """Assign the folder to a social worker of the team."""
    result = system.app.assign_folder(
        context(user, body, request), folder_id, body.expected_version, body.worker_id
    )
    return answer(result)


@command(router, "/{folder_id}/transfer")
def transfer_folder(
    folder_id: UUID, body: TransferIn, user: Manager, system: SystemDep,
    request: Request,
) -> Response:
    """Transfer the folder to another team."""
    result = system.app.transfer_folder(
        context(user, body, request), folder_id, body.expected_version, body.team_id
    )
    return answer(result)


@command(router, "/{folder_id}/visits")
def record_visit(
    folder_id: UUID, body: RecordVisitIn, user: SocialWorker, system: SystemDep,
    request: Request,
) -> Response:
    """Record a visit or other social-work contact."""
    result = system.app.record_visit(
        context(user, body, request), folder_id, body.expected_version, body.visit.to_domain()
    )
    return answer(result)


@command(router, "/{folder_id}/interviews")
def schedule_interview(
    folder_id: UUID, body: ScheduleInterviewIn, user: SocialWorker, system: SystemDep,
    request: Request,
) -> Response:
    """Schedule an environmental interview (due in 14 working days, 2 if urgent)."""
    result = system.app.schedule_interview(
        context(user, body, request), folder_id, body.expected_version,
        body.interview_id, body.trigger_date, body.urgent,
    )
    return answer(result)


@command(router, "/{folder_id}/interviews/{interview_id}/conducted")
def conduct_interview(
    folder_id: UUID, interview_id: UUID, body: ConductInterviewIn, user: SocialWorker,
    system: SystemDep, request: Request,
) -> Response:
    """Record an environmental interview conducted at the person's home (sections A–J)."""
    result = system.app.conduct_interview(
        context(user, body, request), folder_id, body.expected_version,
        interview_id, body.conducted_on, body.sections,
    )
    return answer(result)


@command(router, "/{folder_id}/interviews/{interview_id}/updates")
def update_interview(
    folder_id: UUID, interview_id: UUID, body: UpdateInterviewIn, user: SocialWorker,
    system: SystemDep, request: Request,
) -> Response:
    """Record an update of the environmental interview (part IV)."""
    result = system.app.update_interview(
        context(user, body, request), folder_id, body.expected_version,
        interview_id, body.updated_on, body.sections,
    )
    return answer(result)


@command(router, "/{folder_id}/closure")
def close_folder(
    folder_id: UUID, body: CloseFolderIn, user: FolderStaff, system: SystemDep,
    request: Request,
) -> Response:
    """Close the case folder."""
    result = system.app.close_folder(
        context(user, body, request), folder_id, body.expected_version,
        body.closed_on, body.reason,
    )
    return answer(result)
